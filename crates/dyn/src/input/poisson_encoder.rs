//! Spikes from rates given at each step: brainstate's `PoissonEncoder`.

use neurodim_state::{StepContext, StreamRng};
use neurodim_units::Frequency;

use super::batch_items::batch_items;
use super::poisson_draw::{bernoulli, spike_probability};
use crate::DynError;

/// Encodes rates into spikes, step by step: given a rate for each neuron at each step, each
/// neuron spikes with probability `p = rate · dt` (Bernoulli: `u < p` with `u` uniform in
/// [0, 1)), independently. It has no state; the rates are an input of every
/// [`update`](Self::update), as for encoding an image or a time-varying stimulus.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let encoder = PoissonEncoder::new(3)?;
/// let env = Environment::new(1.0 * ms)?;
/// let mut rng = StreamKey::new(7, "encoder").rng();
/// let mut spikes = [false; 3];
/// // rate · dt = 0, 1 and 0.5: never, always, half the time
/// encoder.update(&env.step(0), &mut rng, &[0.0 * Hz, 1.0 * kHz, 500.0 * Hz], &mut spikes)?;
/// assert!(!spikes[0] && spikes[1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoissonEncoder {
    size: usize,
}

impl PoissonEncoder {
    /// An encoder for a population of `size` (> 0) neurons.
    pub fn new(size: usize) -> Result<Self, DynError> {
        if size == 0 {
            return Err(DynError::invalid("PoissonEncoder size", size, "must be > 0"));
        }
        Ok(PoissonEncoder { size })
    }

    /// The number of neurons.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Draws this step's spikes into `out` from `rng` (the model's own stream): `out[k]`
    /// spikes with probability `rates[k] · dt`. `out` and `rates` hold one item of `size`
    /// values per batch element (`batch × size`).
    ///
    /// Errors: `out.len()` is not a non-zero multiple of `size`; `rates` and `out` differ in
    /// length; `rates[k] · dt` is negative, NaN or above 1 (then `out` is left partly written).
    pub fn update(
        &self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        rates: &[Frequency],
        out: &mut [bool],
    ) -> Result<(), DynError> {
        batch_items("PoissonEncoder output", out.len(), self.size)?;
        if rates.len() != out.len() {
            return Err(DynError::SizeMismatch {
                what: "PoissonEncoder rates (one per output)".into(),
                expected: out.len(),
                found: rates.len(),
            });
        }
        for (spike, &rate) in out.iter_mut().zip(rates) {
            *spike = bernoulli(rng, spike_probability("PoissonEncoder rate · dt", rate, ctx.dt)?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::input::PoissonEncoder;
    use neurodim_state::{Environment, StreamKey};
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_size_zero() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonEncoder::new(784)?.size(), 784);
        assert_eq!(
            PoissonEncoder::new(0).unwrap_err().to_string(),
            "invalid PoissonEncoder size: 0 (must be > 0)"
        );
        Ok(())
    }

    #[test]
    fn size_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonEncoder::new(10)?.size(), 10);
        Ok(())
    }

    #[test]
    fn a_negative_rate_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let encoder = PoissonEncoder::new(1)?;
        let ctx = Environment::new(1.0 * ms)?.step(0);
        let mut rng = StreamKey::new(7, "encoder").rng();
        let err = encoder.update(&ctx, &mut rng, &[-1.0 * Hz], &mut [false]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid PoissonEncoder rate · dt: -1 Hz · 1 ms = -0.001 (must lie in [0, 1])"
        );
        Ok(())
    }
}
