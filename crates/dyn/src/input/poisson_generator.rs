//! NEST's `poisson_generator`.

use core::hash::Hasher;

use neurodim_state::{Stateful, Visit, VisitMut};
use neurodim_units::validate::non_negative;
use neurodim_units::{DisplayField, Frequency, Time};

use super::activity_window::{ActivityWindow, WindowSteps};
use super::spike_device::{Emission, SpikeDevice, check_poisson_mean};
use super::waveform::hash_debug;
use crate::DynError;
use crate::kernel::nest_resolution_ms;

/// NEST's `poisson_generator`: each target receives, in each active step, an independent
/// count `n ~ Poisson(rate · h)` (NEST's `rate` in Hz, default 0; "The rate cannot be
/// negative."), delivered as one event of multiplicity `n`, so `rate · h` may exceed 1.
///
/// Active window (NEST's spike-generator rule with the update step `s`): the steps `s` with
/// `t_min < s ≤ t_max`, so the emissions are stamped `(start + h, stop + h]`; with `start = 0`
/// the first emission is stamped `2h` (`benches/peers/nest/zoo_semantics.md` §3, the
/// `activity_windows` case of `nest_zoo.json`).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // NEST: nest.Connect(nest.Create("poisson_generator", params={"rate": 8000.0}), cells,
/// //                    syn_spec={"weight": 0.1, "delay": 1.5})
/// let mut net = Network::new(0.1 * ms)?;
/// let cells = net.add_population("cells", IafPscDelta::new(100, IafPscDeltaParams::default())?)?;
/// net.spike_device("noise", PoissonGenerator::new(8000.0 * Hz)?, cells)
///     .weight(0.1 * mV)
///     .delay(1.5 * ms)
///     .add()?;
/// net.init(1)?;
/// net.run_for(20.0 * ms)?;
/// // 8 kHz of 0.1 mV jumps, τ_m = 10 ms: V heads for E_L + 8 mV
/// let v = net.neurons(cells)?.v();
/// let mean = v.iter().map(|v| v.value_in(mV)).sum::<f64>() / 100.0;
/// assert!(mean > -66.0 && mean < -60.0, "{mean}");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PoissonGenerator {
    rate: Frequency,
    window: ActivityWindow,
    /// From [`prepare`](SpikeDevice::prepare): the window in steps and `λ·h`.
    prepared: Option<(WindowSteps, f64)>,
}

impl PoissonGenerator {
    /// At `rate` (finite, ≥ 0), always active.
    ///
    /// See [`PoissonGenerator`] for an example.
    pub fn new(rate: Frequency) -> Result<Self, DynError> {
        non_negative("rate", rate)?;
        Ok(PoissonGenerator { rate, window: ActivityWindow::default(), prepared: None })
    }

    /// The same generator, active in `window`.
    pub fn with_window(self, window: ActivityWindow) -> Self {
        PoissonGenerator { window, prepared: None, ..self }
    }

    /// NEST's `rate`.
    pub fn rate(&self) -> Frequency {
        self.rate
    }
}

impl SpikeDevice for PoissonGenerator {
    fn model(&self) -> &'static str {
        "poisson_generator"
    }

    fn prepare(&mut self, dt: Time) -> Result<(), DynError> {
        let steps = self.window.steps(dt)?;
        // NEST's lambda: h in ms · rate in Hz · 1e-3
        let mean = nest_resolution_ms(dt) * self.rate.value * 1e-3;
        let mean = check_poisson_mean("rate", self.rate.display(), mean)?;
        self.prepared = Some((steps, mean));
        Ok(())
    }

    fn emission(&mut self, step: u64) -> Emission<'_> {
        match self.prepared {
            Some((window, mean)) if mean > 0.0 && window.contains(step) => {
                Emission::Poisson { mean, individual: true }
            }
            _ => Emission::Nothing,
        }
    }

    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        hash_debug(&(self.rate, self.window), hasher);
    }
}

/// No state: what it sends depends on the step alone.
impl Stateful for PoissonGenerator {
    fn visit_states(&self, _: &mut Visit<'_>) {}

    fn visit_states_mut(&mut self, _: &mut VisitMut<'_>) {}
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    #[test]
    fn a_negative_rate_is_refused() {
        let e = PoissonGenerator::new(-1.0 * Hz).unwrap_err();
        assert_eq!(e.to_string(), "invalid rate: -1 Hz (must be >= 0)");
        assert!(PoissonGenerator::new(f64::NAN * Hz).is_err());
    }

    #[test]
    fn a_rate_beyond_any_poisson_mean_is_refused_when_prepared() {
        let mut generator = PoissonGenerator::new(1e30 * Hz).unwrap();
        assert_eq!(generator.prepare(0.1 * ms).unwrap_err().param(), Some("rate"));
    }

    #[test]
    fn emits_in_its_window_only() -> Result<(), DynError> {
        let window = ActivityWindow::new(2.0 * ms, 3.0 * ms)?;
        let mut generator = PoissonGenerator::new(100.0 * Hz)?.with_window(window);
        assert_eq!(generator.emission(25), Emission::Nothing, "unprepared");
        generator.prepare(0.1 * ms)?;
        let active: Vec<u64> =
            (0..50).filter(|&s| generator.emission(s) != Emission::Nothing).collect();
        assert_eq!(active, (21..=30).collect::<Vec<_>>()); // stamps 22..31
        let mut silent = PoissonGenerator::new(0.0 * Hz)?;
        silent.prepare(0.1 * ms)?;
        assert_eq!(silent.emission(5), Emission::Nothing);
        Ok(())
    }
}
