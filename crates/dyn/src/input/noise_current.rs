//! A Gaussian noise current, redrawn at fixed intervals: NEST's `noise_generator`.

use core::f64::consts::TAU;
use core::ops::Range;

use neurodim_state::StreamRng;
use neurodim_units::{Current, DisplayField, Frequency, Hz, Time, ms, pA, validate};
use rand_distr::{Distribution, StandardNormal};

use super::activity_window::ActivityWindow;
use super::delayed_current::{nest_current_delay, nest_stamp};
use super::grid_time::grid_steps;
use crate::DynError;

/// Parameters of [`NoiseCurrent`], with the names and defaults of NEST's `noise_generator`
/// (NEST 3.10).
///
/// ```
/// use neurodim_dyn::input::NoiseCurrentParams;
/// use neurodim_units::prelude::*;
/// let params = NoiseCurrentParams { mean: 10.0 * pA, std: 50.0 * pA, ..Default::default() };
/// assert_eq!(params.dt, 1.0 * ms); // NEST's default at its default resolution
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoiseCurrentParams {
    /// Mean of the current, `mean` (default 0 pA; finite).
    pub mean: Current,
    /// Standard deviation of the current, `std` (default 0 pA; finite, ≥ 0): of the current
    /// itself, held for `dt`, not a noise density.
    pub std: Current,
    /// Amplitude of the sinusoidal modulation of the variance, `std_mod` (default 0 pA;
    /// finite, `0 ≤ std_mod ≤ std`, NEST's rules).
    pub std_mod: Current,
    /// Frequency `f` of the modulation, `frequency` (default 0 Hz; finite).
    pub frequency: Frequency,
    /// Phase `φ` of the modulation at `t = 0`, `phase`, in **degrees** as NEST's (default 0;
    /// finite).
    pub phase: f64,
    /// Interval between two draws, `dt` (default 1 ms, NEST's `10 · h` at its default
    /// resolution `h = 0.1 ms`; a multiple ≥ 1 of the time step in NEST's tics, as NEST
    /// requires).
    pub dt: Time,
    /// When it is on, NEST's `origin`, `start` and `stop` (default: always): from
    /// `origin + start` until `origin + stop`, each a multiple of the time step (but a `stop` of
    /// +∞), as NEST requires.
    pub window: ActivityWindow,
}

impl Default for NoiseCurrentParams {
    fn default() -> Self {
        NoiseCurrentParams {
            mean: 0.0 * pA,
            std: 0.0 * pA,
            std_mod: 0.0 * pA,
            frequency: 0.0 * Hz,
            phase: 0.0,
            dt: 1.0 * ms,
            window: ActivityWindow::default(),
        }
    }
}

/// A noise current, independent for every neuron it drives: NEST's `noise_generator`. At the
/// start of its window and every `dt` after, each neuron `j` draws
///
/// ```text
/// I_j = mean + √(std² + sin(2π f t + φ) · std_mod²) · ξ_j,   ξ_j ~ N(0, 1) independent,
/// ```
///
/// with `t` the time of the draw and `φ = phase · 2π / 360`, and keeps `I_j` until the next
/// draw; outside the window its current is 0. So `std` is the standard deviation of the
/// current itself, whatever `dt` (NEST's convention, not a white-noise density).
///
/// **Its effect depends on `dt`** (as NEST's documentation warns): the longer a value is
/// held, the further it moves the membrane. A leaky membrane (`τ`, `C`) sampled at the draws
/// has the variance `Var V = (τ/C)² (1 − a)² std² / (1 − a²)`, `a = e^{−dt/τ}`, which for
/// `dt ≪ τ` is `(τ/C)² std² · dt / (2τ)`: at `τ = 1 ms` the standard deviation of V at
/// `dt = 1 ms` is three times that at `dt = 0.1 ms`. Choose `dt` with the model, not `h`.
///
/// Made for one time step `h` (the network's), in which the times must be whole steps, as
/// NEST requires of a device's times: the window covers the steps `(origin + start)/h ≤ i <
/// (origin + stop)/h`, and the draws happen at its first step and every `dt/h` steps after.
/// [`with_nest_delay`](Self::with_nest_delay) shifts the whole schedule by NEST's connection
/// delay, as [`DelayedCurrent`](super::DelayedCurrent) does a waveform; then its draws fall
/// where NEST's do, its window is NEST's, the modulation's `t` is NEST's stamp, and a window
/// from 0 starts at `d + h`, as NEST's.
///
/// A network adds it to a population with
/// [`Network::add_noise_current`](crate::network::Network::add_noise_current), which holds the
/// drawn values and their random streams as states.
///
/// NEST's `noise_generator` advances the modulation's phase only in the steps it is active,
/// so with `std_mod ≠ 0` and a window that does not start at 0 its phase lags by `2π f ·
/// start`; this uses the time of the draw, as NEST's documentation states. Its normal
/// numbers are not NEST's: the statistics agree (`tests/it/nest_current_devices.rs`), not the
/// values.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST: noise_generator {mean 10 pA, std 50 pA} onto 100 neurons with delay 1 ms
/// let mut net = Network::new(0.1 * ms)?;
/// let cells = net.add_population("cells", IafPscAlpha::new(100, IafPscAlphaParams::default())?)?;
/// let params = NoiseCurrentParams { mean: 10.0 * pA, std: 50.0 * pA, ..Default::default() };
/// let noise = NoiseCurrent::new(params, net.dt())?.with_nest_delay(1.0 * ms)?;
/// net.add_noise_current("noise", cells, noise)?;
/// let current = net.monitor_state("noise.I", &[0], 1)?; // the current into neuron 0
/// net.init(1)?;
/// net.run_for(5.0 * ms)?;
/// let i: Vec<f64> = net.state_trace(current)?.si().trace(0).collect();
/// // nothing until d + h = 1.1 ms, then one value per ms of NEST's stamps 0.1, 1.1, 2.1, …
/// assert!(i[..11].iter().all(|&i| i == 0.0));
/// assert!(i[11..21].iter().all(|&x| x == i[11]) && i[21] != i[11]);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NoiseCurrent {
    params: NoiseCurrentParams,
    time_step: Time,
    /// The steps between two draws, `dt / h ≥ 1`.
    every: u64,
    /// The steps of its window, as NEST stamps them: `[origin + start, origin + stop)` (at
    /// least from stamp 1 with NEST's delay).
    window: Range<u64>,
    /// NEST's delay in steps, if given: the current of stamp `n` acts in step `n + D`.
    delay: Option<u64>,
    /// `φ` in radians.
    phase: f64,
}

/// What a [`NoiseCurrent`] does in a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NoiseStep {
    /// Outside its window: no current.
    Off,
    /// A draw, with this standard deviation.
    Draw(Current),
    /// Keeps the values drawn last.
    Hold,
}

impl NoiseCurrent {
    /// A noise current of `params` at the time step `time_step` (the network's), refused
    /// (naming the parameter) by NEST's rules: finite values, `std ≥ 0`, `0 ≤ std_mod ≤ std`,
    /// `dt` and the window's `origin`, `start` and finite `stop` multiples of the time step
    /// (`dt` at least one step; NEST's tic-based rule, as [`ActivityWindow`]'s).
    pub fn new(params: NoiseCurrentParams, time_step: Time) -> Result<Self, DynError> {
        let h = validate::positive("time step", time_step)?;
        validate::finite("NoiseCurrent mean", params.mean)?;
        let std = validate::finite("NoiseCurrent std", params.std)?;
        validate::non_negative("NoiseCurrent std", std)?;
        let std_mod = validate::finite("NoiseCurrent std_mod", params.std_mod)?;
        validate::non_negative("NoiseCurrent std_mod", std_mod)?;
        if std_mod > std {
            return Err(DynError::invalid(
                "NoiseCurrent std_mod",
                format_args!("{} (std {})", std_mod.display(), std.display()),
                "must be <= std",
            ));
        }
        validate::finite("NoiseCurrent frequency", params.frequency)?;
        validate::finite_number("NoiseCurrent phase", params.phase)?;
        let dt = validate::positive("NoiseCurrent dt", params.dt)?;
        const RULE: &str = "must be a multiple of the simulation resolution";
        let every = grid_steps("NoiseCurrent dt", (dt, "dt"), h, false, RULE)?;
        if every == 0 {
            // below half a tic: NEST's tics make it 0
            let value = format_args!("{} (time step {})", dt.display(), h.display());
            return Err(DynError::invalid("NoiseCurrent dt", value, "must be at least one step"));
        }
        let window = params.window.steps(h)?.half_open();
        let phase = params.phase * TAU / 360.0;
        Ok(NoiseCurrent { params, time_step: h, every, window, delay: None, phase })
    }

    /// The same noise delivered as NEST delivers a `noise_generator`'s current over a
    /// connection of NEST's `delay` (at least one time step; `D = round(delay / h)` steps, NEST's
    /// rounding): what NEST stamps `n` (its update from `(n − 1)·h` to `n·h`) acts in step
    /// `n + D`, and NEST stamps nothing at 0, so a window from 0 starts at stamp 1 (see
    /// [`DelayedCurrent`](super::DelayedCurrent)).
    pub fn with_nest_delay(mut self, delay: Time) -> Result<Self, DynError> {
        self.delay = Some(nest_current_delay(delay, self.time_step)?);
        // NEST's first stamp is 1: a window from 0 draws first at stamp 1
        self.window.start = self.window.start.max(1);
        Ok(self)
    }

    /// The parameters.
    pub fn params(&self) -> &NoiseCurrentParams {
        &self.params
    }

    /// The time step it was made for.
    pub fn time_step(&self) -> Time {
        self.time_step
    }

    /// What it does in step `i`: off outside its window, a draw at its first step and every
    /// `dt / h` steps after, else it holds its values.
    pub(crate) fn step(&self, i: u64) -> NoiseStep {
        let stamp = match self.delay {
            Some(delay) => nest_stamp(i, delay),
            None => Some(i),
        };
        let Some(stamp) = stamp.filter(|stamp| self.window.contains(stamp)) else {
            return NoiseStep::Off;
        };
        if !(stamp - self.window.start).is_multiple_of(self.every) {
            return NoiseStep::Hold;
        }
        let (std, std_mod) = (self.params.std, self.params.std_mod);
        if std_mod == Current::default() {
            return NoiseStep::Draw(std);
        }
        // the time of the draw: the stamp, which NEST's sine is evaluated at
        let t = stamp as f64 * self.time_step.value;
        let modulation = (TAU * self.params.frequency.value * t + self.phase).sin();
        // √(std² + sin · std_mod²) = std · √(1 + sin · (std_mod/std)²), std ≥ std_mod > 0
        let ratio = std_mod.value / std.value;
        NoiseStep::Draw(std * (1.0 + modulation * ratio * ratio).sqrt())
    }

    /// Draws `mean + std · ξ` into each of `out`, one after the other from `rng`.
    pub(crate) fn draw(&self, std: Current, rng: &mut StreamRng, out: &mut [Current]) {
        let mean = self.params.mean;
        for current in out {
            let xi: f64 = StandardNormal.sample(rng);
            *current = mean + std * xi;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::noise_current::NoiseStep;
    use crate::input::{ActivityWindow, NoiseCurrent, NoiseCurrentParams};
    use neurodim_state::StreamKey;
    use neurodim_units::prelude::*;

    fn noise(params: NoiseCurrentParams) -> Result<NoiseCurrent, crate::DynError> {
        NoiseCurrent::new(params, 0.1 * ms)
    }

    /// The steps of `0..50` that draw.
    fn draws(noise: &NoiseCurrent) -> Vec<u64> {
        (0..50).filter(|&i| matches!(noise.step(i), NoiseStep::Draw(_))).collect()
    }

    #[test]
    fn draws_at_the_start_and_every_dt() -> Result<(), Box<dyn std::error::Error>> {
        let params = NoiseCurrentParams {
            std: 1.0 * pA,
            window: ActivityWindow::new(0.5 * ms, 3.0 * ms)?,
            ..Default::default()
        };
        let n = noise(params)?;
        assert_eq!(draws(&n), [5, 15, 25]);
        assert_eq!(
            (n.step(4), n.step(6), n.step(29), n.step(30)),
            (NoiseStep::Off, NoiseStep::Hold, NoiseStep::Hold, NoiseStep::Off)
        );
        Ok(())
    }

    /// NEST's schedule (zoo_semantics.md §3, §8; `generator_I_first_40_steps` of nest_zoo.json):
    /// from start 0 the first draw is stamped h, and with delay d it acts from d + h.
    #[test]
    fn with_nest_delay_the_schedule_is_nest_s() -> Result<(), Box<dyn std::error::Error>> {
        let params = NoiseCurrentParams { std: 1.0 * pA, ..Default::default() };
        assert_eq!(draws(&noise(params)?), [0, 10, 20, 30, 40]);
        assert_eq!(draws(&noise(params)?.with_nest_delay(1.0 * ms)?), [11, 21, 31, 41]);
        let later = NoiseCurrentParams {
            window: ActivityWindow::new(0.5 * ms, f64::INFINITY * ms)?,
            ..params
        };
        assert_eq!(draws(&noise(later)?.with_nest_delay(0.2 * ms)?), [7, 17, 27, 37, 47]);
        Ok(())
    }

    #[test]
    fn the_modulation_scales_the_variance() -> Result<(), Box<dyn std::error::Error>> {
        // at 2.5 ms a 100 Hz sine is at its peak: √(std² + std_mod²)
        let params = NoiseCurrentParams {
            std: 4.0 * pA,
            std_mod: 3.0 * pA,
            frequency: 100.0 * Hz,
            dt: 0.5 * ms,
            ..Default::default()
        };
        let NoiseStep::Draw(std) = noise(params)?.step(25) else { panic!("a draw at 2.5 ms") };
        assert!((std.value_in(pA) - 5.0).abs() < 1e-12);
        let NoiseStep::Draw(std) = noise(params)?.step(0) else { panic!("a draw at 0") };
        assert_eq!(std, 4.0 * pA);
        Ok(())
    }

    #[test]
    fn draws_from_the_stream_in_order() -> Result<(), Box<dyn std::error::Error>> {
        let n = noise(NoiseCurrentParams { mean: 1.0 * pA, std: 2.0 * pA, ..Default::default() })?;
        let (mut all, mut one) = (vec![0.0 * pA; 3], vec![0.0 * pA; 1]);
        n.draw(2.0 * pA, &mut StreamKey::new(1, "n").rng(), &mut all);
        n.draw(2.0 * pA, &mut StreamKey::new(1, "n").rng(), &mut one);
        assert_eq!(all[0], one[0]);
        assert_ne!(all[1], all[0]);
        Ok(())
    }

    #[test]
    fn nest_s_rules_are_enforced() -> Result<(), crate::DynError> {
        let refused = |params: NoiseCurrentParams| noise(params).unwrap_err().to_string();
        let std = NoiseCurrentParams { std: -1.0 * pA, ..Default::default() };
        assert_eq!(refused(std), "invalid NoiseCurrent std: -1 pA (must be >= 0)");
        let std_mod = NoiseCurrentParams { std: 1.0 * pA, std_mod: 2.0 * pA, ..Default::default() };
        assert_eq!(
            refused(std_mod),
            "invalid NoiseCurrent std_mod: 2 pA (std 1 pA) (must be <= std)"
        );
        // NEST's test_noise_generator.py: dt 0.25 at h 0.1 raises StepMultipleRequired
        let dt = NoiseCurrentParams { dt: 0.25 * ms, ..Default::default() };
        assert_eq!(
            refused(dt),
            "invalid NoiseCurrent dt: 0.25 ms (dt, resolution 0.1 ms) (must be a multiple of the \
             simulation resolution)"
        );
        // NEST's tics of 1 µs: within half a tic of the grid is on it, a tic off is not
        let near = NoiseCurrentParams { dt: 0.2004 * ms, ..Default::default() };
        assert_eq!(noise(near)?.every, 2);
        let off = NoiseCurrentParams { dt: 0.201 * ms, ..Default::default() };
        assert_eq!(noise(off).unwrap_err().param(), Some("NoiseCurrent dt"));
        let tiny = NoiseCurrentParams { dt: 1e-7 * ms, ..Default::default() };
        assert_eq!(
            refused(tiny),
            "invalid NoiseCurrent dt: 0.0000001 ms (time step 0.1 ms) (must be at least one step)"
        );
        let zero = NoiseCurrentParams { dt: 0.0 * ms, ..Default::default() };
        assert_eq!(refused(zero), "invalid NoiseCurrent dt: 0 ms (must be > 0)");
        let stop = ActivityWindow::new(2.0 * ms, 1.0 * ms).unwrap_err();
        assert_eq!(stop.to_string(), "invalid stop: 1 ms (start 2 ms) (stop >= start required)");
        let window = ActivityWindow::new(0.05 * ms, f64::INFINITY * ms)?;
        let start = NoiseCurrentParams { window, ..Default::default() };
        assert_eq!(
            refused(start),
            "invalid start: 0.05 ms (start, resolution 0.1 ms) (must be a multiple of the \
             simulation resolution)"
        );
        // the window in stamps is [origin + start, origin + stop)
        let window = ActivityWindow::new(0.5 * ms, 1.0 * ms)?.with_origin(1.0 * ms)?;
        let shifted = noise(NoiseCurrentParams { window, ..Default::default() })?;
        assert_eq!(shifted.window, 15..20);
        let mean = NoiseCurrentParams { mean: f64::NAN * pA, ..Default::default() };
        assert_eq!(refused(mean), "invalid NoiseCurrent mean: NaN pA (must be finite)");
        let phase = NoiseCurrentParams { phase: f64::INFINITY, ..Default::default() };
        assert_eq!(refused(phase), "invalid NoiseCurrent phase: inf (must be finite)");
        Ok(())
    }
}
