//! A sinusoidal current: NEST's `ac_generator`.

use core::f64::consts::TAU;

use neurodim_state::StepContext;
use neurodim_units::{Frequency, Hz, Time, ms, validate};

use super::timing::{check_device_window, steps_between};
use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;

/// Parameters of [`SineCurrent`], with the names and defaults of NEST's `ac_generator` (NEST
/// 3.10), whose `amplitude` and `offset` are in pA here in any unit of the amplitude `Q` (a
/// [`Current`](neurodim_units::Current), or a current density).
///
/// ```
/// use neurodim_dyn::input::SineCurrentParams;
/// use neurodim_units::prelude::*;
/// let params =
///     SineCurrentParams { amplitude: 50.0 * pA, frequency: 40.0 * Hz, ..Default::default() };
/// assert_eq!((params.offset, params.phase, params.stop), (0.0 * pA, 0.0, f64::INFINITY * ms));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SineCurrentParams<Q> {
    /// Amplitude of the sine, `amplitude` (default 0; finite).
    pub amplitude: Q,
    /// Constant added to the sine, `offset` (default 0; finite).
    pub offset: Q,
    /// Frequency `f`, `frequency` (default 0 Hz; finite).
    pub frequency: Frequency,
    /// Phase `φ` at `t = 0`, `phase`, in **degrees** as NEST's (default 0; finite).
    pub phase: f64,
    /// Time its window counts from, `origin` (default 0 ms; finite, ≥ 0).
    pub origin: Time,
    /// Start of its window after `origin`, `start` (default 0 ms; finite, ≥ 0).
    pub start: Time,
    /// End of its window after `origin`, `stop` (default +∞; ≥ `start`, as NEST's "stop >=
    /// start required.").
    pub stop: Time,
}

impl<Q: Amplitude> Default for SineCurrentParams<Q> {
    fn default() -> Self {
        SineCurrentParams {
            amplitude: Q::zero(),
            offset: Q::zero(),
            frequency: 0.0 * Hz,
            phase: 0.0,
            origin: 0.0 * ms,
            start: 0.0 * ms,
            stop: f64::INFINITY * ms,
        }
    }
}

/// A sine wave on an offset, on in a window: NEST's `ac_generator`.
///
/// ```text
/// I(t) = amplitude · sin(2π f t + φ) + offset   if origin + start ≤ t < origin + stop
///        0                                      otherwise,      φ = phase · 2π / 360
/// ```
///
/// read at `t = i · dt`, with the window compared in steps as [`StepCurrent`](super::StepCurrent)
/// compares its times (see [`CurrentWaveform`]). Read at step `n` it is the current NEST's
/// `ac_generator` records (its `I`) at stamp `n·dt`: wrap it in
/// [`DelayedCurrent::nest`](super::DelayedCurrent::nest) for the current its targets integrate.
///
/// NEST propagates the sine by a rotation of `(cos, sin)` each step rather than evaluating it;
/// this evaluates `sin` at each step, so the two differ by the recurrence's rounding, which
/// grows with the number of steps: within 1.6·10⁻¹⁴ of the amplitude over NEST's 400 steps at
/// `dt = 0.1 ms` (`tests/it/nest_current_devices.rs`). NEST restarts the recurrence at every
/// `Simulate` call from the sine itself, so its value is the sine's up to that rounding.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST: ac_generator {amplitude 50, offset 10, frequency 40, phase 30, start 5, stop 40}
/// let ac = SineCurrent::new(SineCurrentParams {
///     amplitude: 50.0 * pA, offset: 10.0 * pA, frequency: 40.0 * Hz, phase: 30.0,
///     start: 5.0 * ms, stop: 40.0 * ms,
///     ..Default::default()
/// })?;
/// let env = Environment::new(0.1 * ms)?;
/// assert_eq!(ac.value(&env.step(49)), 0.0 * pA); // before 5 ms
/// // at 5 ms: 50 pA · sin(2π · 40 Hz · 5 ms + 30°) + 10 pA = 50 pA · sin(102°) + 10 pA, which
/// // NEST 3.10 records as 58.907380036690306 pA
/// assert!((ac.value(&env.step(50)).value_in(pA) - 58.907380036690306).abs() < 1e-12);
/// assert_eq!(ac.value(&env.step(400)), 0.0 * pA); // from 40 ms on
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SineCurrent<Q> {
    params: SineCurrentParams<Q>,
    /// `φ` in radians, NEST's `phase · 2π / 360`.
    phase: f64,
}

impl<Q: Amplitude> SineCurrent<Q> {
    /// A sine current of `params`, refused (naming the parameter) unless every value is finite
    /// (but `stop`), `origin` and `start` are ≥ 0 and `stop ≥ start`.
    pub fn new(params: SineCurrentParams<Q>) -> Result<Self, DynError> {
        validate::finite("SineCurrent amplitude", params.amplitude)?;
        validate::finite("SineCurrent offset", params.offset)?;
        validate::finite("SineCurrent frequency", params.frequency)?;
        validate::finite_number("SineCurrent phase", params.phase)?;
        let names = ["SineCurrent origin", "SineCurrent start", "SineCurrent stop"];
        check_device_window(names, params.origin, params.start, params.stop)?;
        Ok(SineCurrent { params, phase: params.phase * TAU / 360.0 })
    }

    /// The parameters.
    pub fn params(&self) -> &SineCurrentParams<Q> {
        &self.params
    }
}

impl<Q: Amplitude + core::fmt::Debug> CurrentWaveform<Q> for SineCurrent<Q> {
    fn value(&self, ctx: &StepContext) -> Q {
        let p = &self.params;
        if !steps_between(p.origin + p.start, p.origin + p.stop, ctx.dt).contains(&ctx.i) {
            return Q::zero();
        }
        // f and t in SI units: 2π·f·t is dimensionless
        let angle = TAU * p.frequency.value * ctx.t.value + self.phase;
        p.amplitude * angle.sin() + p.offset
    }

    fn hash_parameters(&self, hasher: &mut dyn core::hash::Hasher) {
        crate::input::waveform::hash_debug(&self.params, hasher);
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{CurrentWaveform, SineCurrent, SineCurrentParams};
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn the_window_is_origin_plus_start_until_origin_plus_stop()
    -> Result<(), Box<dyn std::error::Error>> {
        let ac = SineCurrent::new(SineCurrentParams {
            offset: 1.0 * pA,
            origin: 1.0 * ms,
            start: 1.0 * ms,
            stop: 2.0 * ms,
            ..Default::default()
        })?;
        let env = Environment::new(0.1 * ms)?;
        let on: Vec<u64> = (0..50).filter(|&i| ac.value(&env.step(i)) != 0.0 * pA).collect();
        assert_eq!(on, (20..30).collect::<Vec<u64>>());
        Ok(())
    }

    #[test]
    fn a_quarter_period_later_the_sine_is_at_its_peak() -> Result<(), Box<dyn std::error::Error>> {
        let ac = SineCurrent::new(SineCurrentParams {
            amplitude: 2.0 * nA,
            frequency: 100.0 * Hz,
            ..Default::default()
        })?;
        let env = Environment::new(0.1 * ms)?;
        assert_eq!(ac.value(&env.step(0)), 0.0 * nA);
        assert!((ac.value(&env.step(25)).value_in(nA) - 2.0).abs() < 1e-15); // 2.5 ms = T/4
        Ok(())
    }

    #[test]
    fn new_refuses_a_stop_before_the_start_and_non_finite_values() {
        let refused =
            |params: SineCurrentParams<Current>| SineCurrent::new(params).unwrap_err().to_string();
        let window = SineCurrentParams { start: 2.0 * ms, stop: 1.0 * ms, ..Default::default() };
        assert_eq!(
            refused(window),
            "invalid SineCurrent stop: 1 ms (start 2 ms) (must be >= start)"
        );
        // an empty window is NEST's "stop >= start"
        let empty =
            SineCurrentParams::<Current> { start: 2.0 * ms, stop: 2.0 * ms, ..Default::default() };
        assert!(SineCurrent::new(empty).is_ok());
        let phase = SineCurrentParams { phase: f64::NAN, ..Default::default() };
        assert_eq!(refused(phase), "invalid SineCurrent phase: NaN (must be finite)");
        let frequency = SineCurrentParams { frequency: f64::INFINITY * Hz, ..Default::default() };
        assert_eq!(refused(frequency), "invalid SineCurrent frequency: inf Hz (must be finite)");
        let start = SineCurrentParams { start: -1.0 * ms, ..Default::default() };
        assert_eq!(refused(start), "invalid SineCurrent start: -1 ms (must be >= 0)");
    }
}
