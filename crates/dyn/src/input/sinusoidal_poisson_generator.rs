//! NEST's `sinusoidal_poisson_generator`.

use core::f64::consts::PI;
use core::hash::Hasher;

use neurodim_state::init::{Constant, Zero};
use neurodim_state::{Shape, State, StateValue, Stateful, StreamKey, Visit, VisitMut};
use neurodim_units::validate::{finite, finite_number};
use neurodim_units::{DisplayField, Frequency, Time};

use super::activity_window::{ActivityWindow, WindowSteps};
use super::spike_device::{Emission, SpikeDevice, check_poisson_mean};
use super::waveform::hash_debug;
use crate::DynError;
use crate::kernel::nest_resolution_ms;

/// NEST's `sinusoidal_poisson_generator`: Poisson counts at the rate
/// `λ(t) = max(rate + amplitude · sin(ω t + φ), 0)`, `ω = 2π · frequency`, `φ = phase` (in
/// degrees, as NEST), with `t = (s + 1)·h` in step `s` (the end of the step). Each target
/// receives `n ~ Poisson(λ · h)` per step, independently
/// (`individual_spike_trains`, NEST's default), or one count drawn per step and sent to every
/// target (`individual_spike_trains` False). NEST's defaults are 0 for `rate` (Hz), `amplitude`
/// (Hz), `frequency` (Hz) and `phase`; NEST accepts any finite value of each (a negative
/// `rate` gives a half-wave-rectified sinusoid).
///
/// As NEST, it computes the sinusoid by rotating `(y₀, y₁) = amplitude · (cos, sin)(ω t + φ)`
/// by `ω h` every step (active or not), in NEST's units (spikes/ms, ms), so its recordable
/// `rate` — the state `"<name>.rate"` of a network (Hz), the rate of the last step's draws,
/// which [`Network::monitor_state`](crate::network::Network::monitor_state) records as NEST's
/// multimeter does — is NEST's value to the last bit. The oscillator `(y₀, y₁)` is the pair
/// of short-term states `"<name>.y0"`, `"<name>.y1"` (spikes/ms), which checkpoints keep.
///
/// Active window: NEST types it as a current generator, so the update step `s` is active for
/// `t_min < s + 2 ≤ t_max` and its emissions are stamped `[start, stop)`
/// (`benches/peers/nest/zoo_semantics.md` §3).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let cells = net.add_population("cells", IafPscDelta::new(10, IafPscDeltaParams::default())?)?;
/// let theta = SinusoidalPoissonGenerator::new(30.0 * Hz, 20.0 * Hz, 10.0 * Hz, 0.0)?;
/// net.spike_device("theta", theta, cells).weight(1.0 * mV).add()?;
/// let rate = net.monitor_state("theta.rate", &[0], 1)?;
/// net.init(1)?;
/// net.run(250)?; // the rate of step 249, at its end t = 25 ms: a quarter of the period
/// let last = *net.state_trace(rate)?.si().values().last().unwrap();
/// assert!((last - 50.0).abs() < 1e-9, "{last}"); // Hz
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct SinusoidalPoissonGenerator {
    rate: Frequency,
    amplitude: Frequency,
    frequency: Frequency,
    phase: f64,
    individual_spike_trains: bool,
    window: ActivityWindow,
    /// NEST's `y_0_`, `y_1_` (spikes/ms).
    y0: State<f64>,
    y1: State<f64>,
    /// NEST's recordable `rate`: the rate of the last step's draws.
    rate_now: State<Frequency>,
    /// From [`prepare`](SpikeDevice::prepare).
    prepared: Option<Rotation>,
}

/// What [`prepare`](SpikeDevice::prepare) fixes: the window in steps, the step's rotation
/// `(sin ωh, cos ωh)` and `h` in ms, as NEST's `pre_run_hook`.
#[derive(Debug, Clone, Copy)]
struct Rotation {
    window: WindowSteps,
    sin: f64,
    cos: f64,
    h: f64,
}

impl SinusoidalPoissonGenerator {
    /// At `rate + amplitude · sin(2π · frequency · t + phase)` (`phase` in degrees; all
    /// finite), individual trains, always active.
    ///
    /// See [`SinusoidalPoissonGenerator`] for an example.
    pub fn new(
        rate: Frequency,
        amplitude: Frequency,
        frequency: Frequency,
        phase: f64,
    ) -> Result<Self, DynError> {
        finite("rate", rate)?;
        finite("amplitude", amplitude)?;
        finite("frequency", frequency)?;
        finite_number("phase", phase)?;
        // NEST's set_status: rate and amplitude in spikes/ms, ω in rad/ms, φ in rad
        let amplitude_ms = amplitude.value / 1000.0;
        let phi = phase * (PI / 180.0);
        let one = || Shape::vector(1).expect("one element");
        Ok(SinusoidalPoissonGenerator {
            rate,
            amplitude,
            frequency,
            phase,
            individual_spike_trains: true,
            window: ActivityWindow::default(),
            // NEST's pre_run_hook at t = 0 (`om·0 + phi` is `phi`)
            y0: State::short_term(one(), Constant(amplitude_ms * phi.cos())),
            y1: State::short_term(one(), Constant(amplitude_ms * phi.sin())),
            rate_now: State::short_term(one(), Zero),
            prepared: None,
        })
    }

    /// NEST's `individual_spike_trains`: one count per target (`true`, the default) or one
    /// count for all targets (`false`).
    pub fn with_individual_spike_trains(self, individual: bool) -> Self {
        SinusoidalPoissonGenerator { individual_spike_trains: individual, ..self }
    }

    /// The same generator, active in `window`.
    pub fn with_window(self, window: ActivityWindow) -> Self {
        SinusoidalPoissonGenerator { window, prepared: None, ..self }
    }
}

impl SpikeDevice for SinusoidalPoissonGenerator {
    fn model(&self) -> &'static str {
        "sinusoidal_poisson_generator"
    }

    fn prepare(&mut self, dt: Time) -> Result<(), DynError> {
        let window = self.window.steps(dt)?;
        let h = nest_resolution_ms(dt);
        let om = self.frequency.value * (2.0 * PI / 1000.0);
        let peak = (self.rate.value.abs() + self.amplitude.value.abs()) / 1000.0;
        check_poisson_mean("rate", self.rate.display(), peak * h)?;
        // standalone use starts at t = 0; a network initialises the states again
        for state in [&mut self.y0, &mut self.y1] {
            state.init(None, StreamKey::new(0, "oscillator"))?;
        }
        self.rate_now.init(None, StreamKey::new(0, "rate"))?;
        self.prepared = Some(Rotation { window, sin: (h * om).sin(), cos: (h * om).cos(), h });
        Ok(())
    }

    fn emission(&mut self, step: u64) -> Emission<'_> {
        let (Some(rotation), [y0], [y1], [rate_now]) =
            (self.prepared, self.y0.values_mut(), self.y1.values_mut(), self.rate_now.values_mut())
        else {
            return Emission::Nothing;
        };
        // NEST's update, every step: rotate, then rate = max(rate + y1, 0)
        let new_y0 = rotation.cos * *y0 - rotation.sin * *y1;
        *y1 = rotation.sin * *y0 + rotation.cos * *y1;
        *y0 = new_y0;
        let rate = (self.rate.value / 1000.0 + *y1).max(0.0);
        *rate_now = Frequency::from_si(1000.0 * rate);
        if rate > 0.0 && rotation.window.contains(step + 2) {
            Emission::Poisson { mean: rate * rotation.h, individual: self.individual_spike_trains }
        } else {
            Emission::Nothing
        }
    }

    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        let Self { rate, amplitude, frequency, phase, individual_spike_trains, window, .. } = self;
        hash_debug(&(rate, amplitude, frequency, phase, individual_spike_trains, window), hasher);
    }
}

/// The oscillator `"y0"`, `"y1"` (spikes/ms) and the recordable `"rate"` (Hz).
impl Stateful for SinusoidalPoissonGenerator {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("y0", &self.y0);
        visitor.state("y1", &self.y1);
        visitor.state("rate", &self.rate_now);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("y0", &mut self.y0);
        visitor.state("y1", &mut self.y1);
        visitor.state("rate", &mut self.rate_now);
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    /// NEST's `stimulating/test_sinusoidal_generators.py`: rate 1 Hz, amplitude 0.5 Hz,
    /// frequency 10 Hz, phase 2 rad: `rate(t) = sin(2π·10/1000·t + 2)·0.5 + 1` at the
    /// stamps t, within `rtol` 10⁻⁷ (the test's tolerance).
    #[test]
    fn the_recorded_rate_is_the_sinusoid_at_the_stamps() -> Result<(), DynError> {
        let phase = 2.0 * 180.0 / PI;
        let mut generator = SinusoidalPoissonGenerator::new(1.0 * Hz, 0.5 * Hz, 10.0 * Hz, phase)?;
        generator.prepare(0.1 * ms)?;
        for s in 0..1000u64 {
            generator.emission(s);
            let t = (s + 1) as f64 * 0.1;
            let expected = (2.0 * PI * 10.0 / 1000.0 * t + 2.0).sin() * 0.5 + 1.0;
            let rate = generator.rate_now.values()[0].value_in(Hz);
            assert!((rate - expected).abs() <= 1e-7 * expected, "step {s}: {rate} {expected}");
        }
        Ok(())
    }

    #[test]
    fn the_window_is_that_of_a_current_generator_and_the_rate_is_clipped() -> Result<(), DynError> {
        let window = ActivityWindow::new(2.0 * ms, 3.0 * ms)?;
        let mut generator =
            SinusoidalPoissonGenerator::new(-10.0 * Hz, 20.0 * Hz, 10.0 * Hz, 90.0)?
                .with_window(window)
                .with_individual_spike_trains(false);
        assert_eq!(generator.emission(20), Emission::Nothing, "unprepared");
        generator.prepare(0.1 * ms)?;
        let mut active = Vec::new();
        for s in 0..40 {
            if let Emission::Poisson { individual, .. } = generator.emission(s) {
                assert!(!individual);
                active.push(s);
            }
        }
        assert_eq!(active, (19..=28).collect::<Vec<_>>()); // stamps 20..29
        // at phase 90° the rate starts at −10 + 20 = 10 Hz, and is clipped at 0 half a period on
        generator.prepare(0.1 * ms)?;
        let rates: Vec<f64> = (0..1000)
            .map(|s| {
                generator.emission(s);
                generator.rate_now.values()[0].value_in(Hz)
            })
            .collect();
        assert!(rates.iter().all(|&r| r >= 0.0) && rates.contains(&0.0));
        assert!((rates[0] - 10.0).abs() < 0.01);
        Ok(())
    }

    #[test]
    fn non_finite_parameters_are_refused() {
        let e = SinusoidalPoissonGenerator::new(1.0 * Hz, f64::NAN * Hz, 1.0 * Hz, 0.0);
        assert_eq!(e.unwrap_err().param(), Some("amplitude"));
        let e = SinusoidalPoissonGenerator::new(1.0 * Hz, 1.0 * Hz, 1.0 * Hz, f64::INFINITY);
        assert_eq!(e.unwrap_err().param(), Some("phase"));
    }
}
