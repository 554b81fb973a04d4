use core::ops::{AddAssign, Mul};

use neurodim_state::{StateValue, Stateful, StepContext, StreamArray, StreamKey, Visit, VisitMut};

use crate::DynError;
use crate::input::{PoissonInput, block_count, draw_par};
use crate::kernel::Par;

/// A [`PoissonInput`] inside a network, with its own random streams: one per block of
/// [`POISSON_BLOCK`](crate::input::POISSON_BLOCK) targets, stream `b` at
/// [`StreamArray::key_of`]`(StreamKey::new(seed, name), b)`, so that the counts are the same
/// whichever threads draw the blocks. Their positions are the short-term state `"rng"`
/// (`"<name>.rng"` in the network).
pub(crate) struct PoissonFeed<W> {
    pub(crate) name: String,
    input: PoissonInput<W>,
    rng: StreamArray,
}

impl<W> PoissonFeed<W>
where
    W: AddAssign + Mul<f64, Output = W> + StateValue + Send + Sync,
{
    pub(crate) fn new(name: String, input: PoissonInput<W>) -> Self {
        let rng = StreamArray::new(StreamKey::new(0, &name), block_count(&input));
        PoissonFeed { name, input, rng }
    }

    /// Restarts the streams from `seed`.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng.restart(StreamKey::new(seed, &self.name));
    }

    /// The threads the draws are shared between, of those of `par`.
    pub(crate) fn draw_par(&self, par: Par) -> Par {
        draw_par(&self.input, par)
    }

    /// Adds this step's `count · weight` into every target, the blocks drawn on the threads
    /// of [`draw_par(par)`](Self::draw_par).
    pub(crate) fn add_into(
        &mut self,
        ctx: &StepContext,
        target: &mut [W],
        par: Par,
    ) -> Result<(), DynError> {
        self.input.update_blocks(ctx, &mut self.rng, target, par)
    }
}

impl<W> Stateful for PoissonFeed<W> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("rng", &self.rng);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("rng", &mut self.rng);
    }
}
