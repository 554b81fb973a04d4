//! A current switched on and off.

use neurodim_state::StepContext;
use neurodim_units::{Time, validate};

use super::timing::{end_after, steps_between};
use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;

/// A current pulse: `amplitude` from `start` until `end`, zero before and after.
///
/// ```text
/// I(t) = amplitude   if start ≤ t < end
///        0           otherwise
/// ```
///
/// read at `t = i · dt`, with switching times compared in steps (see [`CurrentWaveform`]):
/// the current is on in steps `⌈start / dt⌉ ≤ i < ⌈end / dt⌉`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", Lif::new(1, LifParams::default())?)?;
/// // 0.5 mA from 10 ms to 20 ms: V rises towards R·I = 0.5 mV (τ = 5 ms), then decays
/// net.set_current_waveform(cell, StepCurrent::new(0.5 * mA, 10.0 * ms, 20.0 * ms)?)?;
/// let v = net.monitor_state("cell.V", &[0], 1)?;
/// net.init(0)?;
/// net.run_for(30.0 * ms)?;
/// let v: Vec<Voltage> = net.voltage_trace(v)?.trace(0).collect();
/// assert_eq!(v[99], 0.0 * mV); // before 10 ms
/// assert!(v[199] > 0.4 * mV); // after 2τ: 0.5 mV · (1 − e⁻²) ≈ 0.43 mV
/// assert!(v[299] < 0.1 * mV); // 2τ after the end
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepCurrent<Q> {
    amplitude: Q,
    start: Time,
    end: Time,
}

impl<Q: Amplitude> StepCurrent<Q> {
    /// `amplitude` (finite) from `start` (finite, ≥ 0) until `end` (after `start`; may be
    /// `+∞` for a current that stays on).
    pub fn new(amplitude: Q, start: Time, end: Time) -> Result<Self, DynError> {
        let amplitude = validate::finite("StepCurrent amplitude", amplitude)?;
        let start = validate::non_negative("StepCurrent start", start)?;
        let end = end_after("StepCurrent end", end, start)?;
        Ok(StepCurrent { amplitude, start, end })
    }

    /// The amplitude while on.
    pub fn amplitude(&self) -> Q {
        self.amplitude
    }

    /// The times it switches on and off, `(start, end)`.
    pub fn window(&self) -> (Time, Time) {
        (self.start, self.end)
    }
}

impl<Q: Amplitude + core::fmt::Debug> CurrentWaveform<Q> for StepCurrent<Q> {
    fn hash_parameters(&self, hasher: &mut dyn core::hash::Hasher) {
        crate::input::waveform::hash_debug(self, hasher);
    }

    fn value(&self, ctx: &StepContext) -> Q {
        if steps_between(self.start, self.end, ctx.dt).contains(&ctx.i) {
            self.amplitude
        } else {
            Q::zero()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{CurrentWaveform, StepCurrent};
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_an_empty_or_negative_window() {
        assert!(StepCurrent::new(1.0 * nA, 5.0 * ms, f64::INFINITY * ms).is_ok());
        let err = StepCurrent::new(1.0 * nA, 5.0 * ms, 5.0 * ms).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid StepCurrent end: 5 ms (start 5 ms) (must be after the start)"
        );
        let err = StepCurrent::new(1.0 * nA, -1.0 * ms, 5.0 * ms).unwrap_err();
        assert_eq!(err.to_string(), "invalid StepCurrent start: -1 ms (must be >= 0)");
    }

    #[test]
    fn amplitude_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StepCurrent::new(2.0 * pA, 0.0 * ms, 1.0 * ms)?.amplitude(), 2.0 * pA);
        Ok(())
    }

    #[test]
    fn window_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StepCurrent::new(2.0 * pA, 1.0 * ms, 3.0 * ms)?.window(), (1.0 * ms, 3.0 * ms));
        Ok(())
    }

    #[test]
    fn on_for_exactly_the_steps_of_the_window() -> Result<(), Box<dyn std::error::Error>> {
        let pulse = StepCurrent::new(1.0 * nA, 10.0 * ms, 20.0 * ms)?;
        let env = Environment::new(0.1 * ms)?;
        let on: Vec<u64> = (0..300).filter(|&i| pulse.value(&env.step(i)) != 0.0 * nA).collect();
        assert_eq!(on, (100..200).collect::<Vec<u64>>()); // exactly 100 steps
        Ok(())
    }
}
