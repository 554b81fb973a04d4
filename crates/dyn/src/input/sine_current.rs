//! A sinusoidal current: NEST's `ac_generator`.

use core::f64::consts::TAU;

use neurodim_state::StepContext;
use neurodim_units::{Frequency, Hz, validate};

use super::activity_window::ActivityWindow;
use super::timing::steps_between;
use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;

/// Parameters of [`SineCurrent`], with the names and defaults of NEST's `ac_generator` (NEST
/// 3.10), whose `amplitude` and `offset` are in pA here in any unit of the amplitude `Q` (a
/// [`Current`](neurodim_units::Current), or a current density).
///
/// ```
/// use neurodim_dyn::input::{ActivityWindow, SineCurrentParams};
/// use neurodim_units::prelude::*;
/// let params =
///     SineCurrentParams { amplitude: 50.0 * pA, frequency: 40.0 * Hz, ..Default::default() };
/// assert_eq!((params.offset, params.phase), (0.0 * pA, 0.0));
/// assert_eq!(params.window, ActivityWindow::default()); // always on
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
    /// When it is on, NEST's `origin`, `start` and `stop` (default: always): from
    /// `origin + start` until `origin + stop`.
    pub window: ActivityWindow,
}

impl<Q: Amplitude> Default for SineCurrentParams<Q> {
    fn default() -> Self {
        SineCurrentParams {
            amplitude: Q::zero(),
            offset: Q::zero(),
            frequency: 0.0 * Hz,
            phase: 0.0,
            window: ActivityWindow::default(),
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
/// read at `t = i · dt`, with the window's times compared in steps as
/// [`StepCurrent`](super::StepCurrent) compares its times (see [`CurrentWaveform`]): a time off
/// the grid of `dt` counts from the next step (NEST would refuse it). Read at step `n` it is
/// the current NEST's `ac_generator` records (its `I`) at stamp `n·dt`: wrap it in
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
///     window: ActivityWindow::new(5.0 * ms, 40.0 * ms)?,
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
    /// A sine current of `params`, refused (naming the parameter) unless `amplitude`,
    /// `offset`, `frequency` and `phase` are finite (its window was checked when it was made).
    pub fn new(params: SineCurrentParams<Q>) -> Result<Self, DynError> {
        validate::finite("SineCurrent amplitude", params.amplitude)?;
        validate::finite("SineCurrent offset", params.offset)?;
        validate::finite("SineCurrent frequency", params.frequency)?;
        validate::finite_number("SineCurrent phase", params.phase)?;
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
        let (origin, window) = (p.window.origin(), p.window);
        let on = steps_between(origin + window.start(), origin + window.stop(), ctx.dt);
        if !on.contains(&ctx.i) {
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
    use crate::input::{ActivityWindow, CurrentWaveform, SineCurrent, SineCurrentParams};
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn the_window_is_origin_plus_start_until_origin_plus_stop()
    -> Result<(), Box<dyn std::error::Error>> {
        let ac = SineCurrent::new(SineCurrentParams {
            offset: 1.0 * pA,
            window: ActivityWindow::new(1.0 * ms, 2.0 * ms)?.with_origin(1.0 * ms)?,
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
    fn new_refuses_a_stop_before_the_start_and_non_finite_values() -> Result<(), crate::DynError> {
        let refused =
            |params: SineCurrentParams<Current>| SineCurrent::new(params).unwrap_err().to_string();
        let window = ActivityWindow::new(2.0 * ms, 1.0 * ms).unwrap_err();
        assert_eq!(window.to_string(), "invalid stop: 1 ms (start 2 ms) (stop >= start required)");
        // an empty window is NEST's "stop >= start"
        let window = ActivityWindow::new(2.0 * ms, 2.0 * ms)?;
        assert!(
            SineCurrent::new(SineCurrentParams::<Current> { window, ..Default::default() }).is_ok()
        );
        let phase = SineCurrentParams { phase: f64::NAN, ..Default::default() };
        assert_eq!(refused(phase), "invalid SineCurrent phase: NaN (must be finite)");
        let frequency = SineCurrentParams { frequency: f64::INFINITY * Hz, ..Default::default() };
        assert_eq!(refused(frequency), "invalid SineCurrent frequency: inf Hz (must be finite)");
        let start = ActivityWindow::new(-1.0 * ms, 1.0 * ms).unwrap_err();
        assert_eq!(start.to_string(), "invalid start: -1 ms (must be >= 0)");
        Ok(())
    }
}
