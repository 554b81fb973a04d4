use neurodim_state::{StepContext, StreamRng};

use crate::DynError;
use crate::input::{EncodedRates, PoissonSpike, SpikeTime};

/// A spike generator that can be the source of a projection in a
/// [`Network`](crate::network::Network): each step, with the neurons, it writes its spikes
/// (`size()` flags), drawing any randomness from the stream it is given.
///
/// Implemented by [`PoissonSpike`], [`SpikeTime`] and [`EncodedRates`]; implement it for your own generator.
///
/// ```
/// use neurodim_dyn::input::SpikeTime;
/// use neurodim_dyn::network::SpikeSource;
/// use neurodim_state::{Environment, StreamKey};
/// use neurodim_units::*;
/// let mut source = SpikeTime::new(3, vec![1], vec![0.2 * ms])?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut out = [false; 3];
/// source.emit(&env.step(2), &mut StreamKey::new(0, "s").rng(), &mut out)?;
/// assert_eq!(out, [false, true, false]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait SpikeSource: Send {
    /// The number of spike flags it writes.
    fn size(&self) -> usize;

    /// Writes the spikes of the step of `ctx` into `out` (`size()` flags).
    fn emit(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError>;
}

impl SpikeSource for PoissonSpike {
    fn size(&self) -> usize {
        PoissonSpike::size(self)
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        self.update(ctx, rng, out)
    }
}

impl SpikeSource for SpikeTime {
    fn size(&self) -> usize {
        SpikeTime::size(self)
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        _rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        self.update(ctx, out)
    }
}

impl SpikeSource for EncodedRates {
    fn size(&self) -> usize {
        EncodedRates::size(self)
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        self.update(ctx, rng, out)
    }
}
