//! NEST's `inhomogeneous_poisson_generator`.

use core::hash::Hasher;

use neurodim_state::{Stateful, Visit, VisitMut};
use neurodim_units::validate::{finite, non_negative};
use neurodim_units::{DisplayField, Frequency, Time};

use super::activity_window::{ActivityWindow, WindowSteps};
use super::grid_time::grid_steps;
use super::spike_device::{Emission, SpikeDevice, check_poisson_mean};
use super::waveform::hash_debug;
use crate::DynError;
use crate::kernel::nest_resolution_ms;

/// NEST's `inhomogeneous_poisson_generator`: Poisson counts at a piecewise-constant rate,
/// `rate_values[i]` (Hz) from `rate_times[i]` (ms) on, 0 before the first time; each target
/// receives an independent count `n ~ Poisson(rate · h)` per active step.
///
/// NEST's rules: `rate_times` and `rate_values` of one length ("Rate times and values have to
/// be the same size."), each time strictly in the future (> 0: "Time points must lie strictly
/// in the future."), on the grid of `dt` ("… is not representable in current resolution.")
/// unless `allow_offgrid_times` (default false), which rounds a time **up** to the grid, and
/// the times on the grid strictly increasing ("Rate times must be strictly increasing.").
/// Unlike NEST (which lets a negative rate mean no spikes), a rate must be ≥ 0; a time that
/// lies on step 0 once on the grid is refused as not in the future (NEST silently skips it).
///
/// Timing: the rate of `rate_times[i]` governs the emissions stamped `rate_times[i]` on, so
/// the update step `s` draws at the rate of the last time `≤ (s + 1)·h`; active window as
/// [`PoissonGenerator`](super::PoissonGenerator)'s: update steps `t_min < s ≤ t_max`
/// (`benches/peers/nest/zoo_semantics.md` §3, §8).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let cells = net.add_population("cells", IafPscDelta::new(10, IafPscDeltaParams::default())?)?;
/// // silent, then 5 kHz from 10 ms on, then silent again from 20 ms on
/// let bursts = InhomogeneousPoissonGenerator::new(
///     vec![10.0 * ms, 20.0 * ms],
///     vec![5000.0 * Hz, 0.0 * Hz],
/// )?;
/// net.spike_device("bursts", bursts, cells).weight(0.01 * mV).delay(0.1 * ms).add()?;
/// net.init(1)?;
/// net.run_for(10.0 * ms)?;
/// assert!(net.neurons(cells)?.v().iter().all(|&v| v == -70.0 * mV)); // nothing yet
/// net.run_for(10.0 * ms)?;
/// assert!(net.neurons(cells)?.v().iter().all(|&v| v > -70.0 * mV)); // ~50 jumps each
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InhomogeneousPoissonGenerator {
    rate_times: Vec<Time>,
    rate_values: Vec<Frequency>,
    allow_offgrid_times: bool,
    window: ActivityWindow,
    /// From [`prepare`](SpikeDevice::prepare).
    prepared: Option<RateSchedule>,
}

/// The rates in steps: `means[i] = rate_values[i] · h` from the stamp `steps[i]` on.
#[derive(Debug, Clone, PartialEq)]
struct RateSchedule {
    window: WindowSteps,
    steps: Vec<u64>,
    means: Vec<f64>,
}

impl InhomogeneousPoissonGenerator {
    /// At `rate_values[i]` (finite, ≥ 0) from `rate_times[i]` (finite) on; the times are
    /// checked against the resolution when the generator is added to a network.
    ///
    /// See [`InhomogeneousPoissonGenerator`] for an example.
    pub fn new(rate_times: Vec<Time>, rate_values: Vec<Frequency>) -> Result<Self, DynError> {
        if rate_times.len() != rate_values.len() {
            return Err(DynError::SizeMismatch {
                what: "rate_values (one per rate time: Rate times and values have to be the \
                       same size.)"
                    .into(),
                expected: rate_times.len(),
                found: rate_values.len(),
            });
        }
        for &t in &rate_times {
            finite("rate_times", t)?;
        }
        for &rate in &rate_values {
            non_negative("rate_values", rate)?;
        }
        Ok(InhomogeneousPoissonGenerator {
            rate_times,
            rate_values,
            allow_offgrid_times: false,
            window: ActivityWindow::default(),
            prepared: None,
        })
    }

    /// NEST's `allow_offgrid_times`: a rate time off the grid is rounded up to it (`true`)
    /// rather than refused (`false`, the default).
    pub fn with_allow_offgrid_times(self, allow: bool) -> Self {
        InhomogeneousPoissonGenerator { allow_offgrid_times: allow, prepared: None, ..self }
    }

    /// The same generator, active in `window`.
    pub fn with_window(self, window: ActivityWindow) -> Self {
        InhomogeneousPoissonGenerator { window, prepared: None, ..self }
    }
}

impl SpikeDevice for InhomogeneousPoissonGenerator {
    fn model(&self) -> &'static str {
        "inhomogeneous_poisson_generator"
    }

    fn prepare(&mut self, dt: Time) -> Result<(), DynError> {
        let window = self.window.steps(dt)?;
        let h = nest_resolution_ms(dt);
        let mut steps: Vec<u64> = Vec::with_capacity(self.rate_times.len());
        for (i, &t) in self.rate_times.iter().enumerate() {
            let which = format_args!("rate time {i}");
            let rule = "is not representable in current resolution (NEST's rule; \
                        allow_offgrid_times rounds it up)";
            let step = grid_steps("rate_times", (t, which), dt, self.allow_offgrid_times, rule);
            match step? {
                0 => {
                    let shown = format!("{} (rate time {i})", t.display());
                    let rule = "Time points must lie strictly in the future.";
                    return Err(DynError::invalid("rate_times", shown, rule));
                }
                step if steps.last().is_some_and(|&last| last >= step) => {
                    let shown = format!("{} (rate time {i}, on the grid)", t.display());
                    let rule = "Rate times must be strictly increasing.";
                    return Err(DynError::invalid("rate_times", shown, rule));
                }
                step => steps.push(step),
            }
        }
        let means = self
            .rate_values
            .iter()
            .map(|rate| check_poisson_mean("rate_values", rate.display(), h * rate.value * 1e-3))
            .collect::<Result<_, _>>()?;
        self.prepared = Some(RateSchedule { window, steps, means });
        Ok(())
    }

    fn emission(&mut self, step: u64) -> Emission<'_> {
        let Some(schedule) = &self.prepared else {
            return Emission::Nothing;
        };
        // NEST's update: the value of the time whose stamp is `step + 1` is taken before the
        // step's draws, so the rate is that of the last time with a stamp ≤ step + 1
        let count = schedule.steps.partition_point(|&stamp| stamp <= step + 1);
        match count.checked_sub(1).map(|i| schedule.means[i]) {
            Some(mean) if mean > 0.0 && schedule.window.contains(step) => {
                Emission::Poisson { mean, individual: true }
            }
            _ => Emission::Nothing,
        }
    }

    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        let Self { rate_times, rate_values, allow_offgrid_times, window, .. } = self;
        hash_debug(&(rate_times, rate_values, allow_offgrid_times, window), hasher);
    }
}

/// No state: what it sends depends on the step alone.
impl Stateful for InhomogeneousPoissonGenerator {
    fn visit_states(&self, _: &mut Visit<'_>) {}

    fn visit_states_mut(&mut self, _: &mut VisitMut<'_>) {}
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    fn prepared(times: &[f64], allow: bool) -> Result<InhomogeneousPoissonGenerator, DynError> {
        // 1 kHz, 2 kHz, … from the given times on
        let rates = (1..=times.len()).map(|k| k as f64 * 1000.0 * Hz).collect();
        let times = times.iter().map(|&t| t * ms).collect();
        let mut generator =
            InhomogeneousPoissonGenerator::new(times, rates)?.with_allow_offgrid_times(allow);
        generator.prepare(0.1 * ms)?;
        Ok(generator)
    }

    fn mean(generator: &mut InhomogeneousPoissonGenerator, step: u64) -> f64 {
        match generator.emission(step) {
            Emission::Poisson { mean, .. } => mean,
            _ => 0.0,
        }
    }

    #[test]
    fn each_rate_governs_the_stamps_from_its_time_on() -> Result<(), DynError> {
        let mut generator = prepared(&[1.0, 2.0], false)?;
        assert_eq!(mean(&mut generator, 8), 0.0); // stamp 0.9 ms
        assert!((mean(&mut generator, 9) - 0.1).abs() < 1e-15); // stamp 1.0 ms: 1 kHz · 0.1 ms
        assert!((mean(&mut generator, 19) - 0.2).abs() < 1e-15);
        Ok(())
    }

    /// NEST's `test_inhomogeneous_poisson_generator.py`: 1.23 ms at h = 0.1 ms is stored as
    /// 1.3 ms with `allow_offgrid_times`, refused without.
    #[test]
    fn off_grid_times_round_up_or_are_refused() -> Result<(), DynError> {
        let mut generator = prepared(&[1.23], true)?;
        assert_eq!(mean(&mut generator, 11), 0.0);
        assert!(mean(&mut generator, 12) > 0.0); // stamp 1.3 ms
        let e = prepared(&[1.23], false).unwrap_err();
        assert_eq!(e.param(), Some("rate_times"));
        assert!(e.to_string().contains("not representable in current resolution"), "{e}");
        Ok(())
    }

    #[test]
    fn times_in_the_past_or_not_increasing_are_refused() -> Result<(), DynError> {
        let e = prepared(&[0.0], false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid rate_times: 0 ms (rate time 0) (Time points must lie strictly in the future.)"
        );
        let e = prepared(&[2.0, 2.0], false).unwrap_err();
        assert!(e.to_string().contains("strictly increasing"), "{e}");
        // 1.21 and 1.25 both round up to 1.3 ms: not increasing on the grid
        assert!(prepared(&[1.21, 1.25], true).is_err());
        let e = InhomogeneousPoissonGenerator::new(vec![1.0 * ms], vec![]).unwrap_err();
        assert!(e.to_string().contains("same size"), "{e}");
        let e = InhomogeneousPoissonGenerator::new(vec![1.0 * ms], vec![-1.0 * Hz]).unwrap_err();
        assert_eq!(e.param(), Some("rate_values"));
        Ok(())
    }
}
