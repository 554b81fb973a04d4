use core::ops::{AddAssign, Mul};

use neurodim_state::{StepContext, StreamKey, StreamRng};
use neurodim_units::DisplayField;

use crate::DynError;
use crate::input::PoissonInput;

/// A [`PoissonInput`] inside a network, with its own random stream, `StreamKey::new(seed, name)`.
pub(crate) struct PoissonSource<W> {
    pub(crate) name: String,
    input: PoissonInput<W>,
    rng: StreamRng,
}

impl<W> PoissonSource<W>
where
    W: DisplayField + AddAssign + Mul<f64, Output = W>,
{
    pub(crate) fn new(name: String, input: PoissonInput<W>) -> Self {
        let rng = StreamKey::new(0, &name).rng();
        PoissonSource { name, input, rng }
    }

    /// Restarts the stream from `seed`.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng = StreamKey::new(seed, &self.name).rng();
    }

    /// Adds this step's `count · weight` into every target.
    pub(crate) fn add_into(&mut self, ctx: &StepContext, target: &mut [W]) -> Result<(), DynError> {
        self.input.update(ctx, &mut self.rng, target, None)
    }
}
