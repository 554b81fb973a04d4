use core::ops::{AddAssign, Mul};

use neurodim_state::{Stateful, StepContext, StreamKey, StreamState, Visit, VisitMut};
use neurodim_units::DisplayField;

use crate::DynError;
use crate::input::PoissonInput;

/// A [`PoissonInput`] inside a network, with its own random stream, `StreamKey::new(seed, name)`,
/// whose position is the short-term state `"rng"` (`"<name>.rng"` in the network).
pub(crate) struct PoissonSource<W> {
    pub(crate) name: String,
    input: PoissonInput<W>,
    rng: StreamState,
}

impl<W> PoissonSource<W>
where
    W: DisplayField + AddAssign + Mul<f64, Output = W>,
{
    pub(crate) fn new(name: String, input: PoissonInput<W>) -> Self {
        let rng = StreamState::new(StreamKey::new(0, &name));
        PoissonSource { name, input, rng }
    }

    /// Restarts the stream from `seed`.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng.restart(StreamKey::new(seed, &self.name));
    }

    /// Adds this step's `count · weight` into every target.
    pub(crate) fn add_into(&mut self, ctx: &StepContext, target: &mut [W]) -> Result<(), DynError> {
        self.input.update(ctx, &mut self.rng, target, None)
    }
}

impl<W> Stateful for PoissonSource<W> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("rng", &self.rng);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("rng", &mut self.rng);
    }
}
