//! A linearly ramping current.

use neurodim_state::StepContext;
use neurodim_units::{Time, validate};

use super::timing::{end_after, steps_between};
use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;

/// A current ramping linearly from `from` at `start` towards `to` at `end`, zero outside:
///
/// ```text
/// I(t) = from + (to − from) · (t − start) / (end − start)   if start ≤ t < end
///        0                                                  otherwise
/// ```
///
/// read at `t = i · dt`, with `start` and `end` compared in steps (see [`CurrentWaveform`]):
/// the ramp covers steps `⌈start / dt⌉ ≤ i < ⌈end / dt⌉`, and its last step falls one step's
/// increment short of `to`. brainpy's `ramp_input` covers the same steps with
/// `linspace(from, to, steps)`, which reaches `to` in its last step.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let ramp = RampCurrent::new(0.0 * pA, 100.0 * pA, 1.0 * ms, 2.0 * ms)?;
/// let env = Environment::new(0.1 * ms)?;
/// assert_eq!(ramp.value(&env.step(9)), 0.0 * pA);
/// assert!((ramp.value(&env.step(15)).value_in(pA) - 50.0).abs() < 1e-9);
/// assert!((ramp.value(&env.step(19)).value_in(pA) - 90.0).abs() < 1e-9);
/// assert_eq!(ramp.value(&env.step(20)), 0.0 * pA);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RampCurrent<Q> {
    from: Q,
    to: Q,
    start: Time,
    end: Time,
}

impl<Q: Amplitude> RampCurrent<Q> {
    /// A ramp from `from` to `to` (both finite) between `start` (finite, ≥ 0) and `end`
    /// (finite, after `start`).
    pub fn new(from: Q, to: Q, start: Time, end: Time) -> Result<Self, DynError> {
        let from = validate::finite("RampCurrent from", from)?;
        let to = validate::finite("RampCurrent to", to)?;
        let start = validate::non_negative("RampCurrent start", start)?;
        let end = end_after("RampCurrent end", validate::finite("RampCurrent end", end)?, start)?;
        Ok(RampCurrent { from, to, start, end })
    }

    /// The values at the two ends, `(from, to)`.
    pub fn values(&self) -> (Q, Q) {
        (self.from, self.to)
    }

    /// The times the ramp starts and ends, `(start, end)`.
    pub fn window(&self) -> (Time, Time) {
        (self.start, self.end)
    }
}

impl<Q: Amplitude + core::fmt::Debug> CurrentWaveform<Q> for RampCurrent<Q> {
    fn hash_parameters(&self, hasher: &mut dyn core::hash::Hasher) {
        crate::input::waveform::hash_debug(self, hasher);
    }

    fn value(&self, ctx: &StepContext) -> Q {
        if !steps_between(self.start, self.end, ctx.dt).contains(&ctx.i) {
            return Q::zero();
        }
        // Clamped: a start a hair after the step boundary would give a fraction of −10⁻¹⁶.
        let fraction = ((ctx.t - self.start) / (self.end - self.start)).value.clamp(0.0, 1.0);
        self.from + (self.to - self.from) * fraction
    }
}

#[cfg(test)]
mod tests {
    use crate::input::RampCurrent;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_a_reversed_or_infinite_window() {
        let err = RampCurrent::new(0.0 * pA, 1.0 * pA, 2.0 * ms, 1.0 * ms).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid RampCurrent end: 1 ms (start 2 ms) (must be after the start)"
        );
        let err = RampCurrent::new(0.0 * pA, 1.0 * pA, 0.0 * ms, f64::INFINITY * ms).unwrap_err();
        assert_eq!(err.to_string(), "invalid RampCurrent end: inf ms (must be finite)");
    }

    #[test]
    fn values_as_given() -> Result<(), Box<dyn std::error::Error>> {
        let ramp = RampCurrent::new(1.0 * pA, 3.0 * pA, 0.0 * ms, 1.0 * ms)?;
        assert_eq!(ramp.values(), (1.0 * pA, 3.0 * pA));
        Ok(())
    }

    #[test]
    fn window_as_given() -> Result<(), Box<dyn std::error::Error>> {
        let ramp = RampCurrent::new(1.0 * pA, 3.0 * pA, 2.0 * ms, 5.0 * ms)?;
        assert_eq!(ramp.window(), (2.0 * ms, 5.0 * ms));
        Ok(())
    }
}
