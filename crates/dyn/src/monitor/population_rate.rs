use core::ops::Range;

use neurodim_state::StepContext;
use neurodim_units::{Frequency, Time, validate};

use super::clock::RecordingClock;
use super::selection::{check_len, count_fired, population_size};
use crate::DynError;

/// Records the instantaneous rate of a population at every step:
/// `r_i = (number of neurons that spiked in step i) / (n · dt)`, in Hz.
///
/// Call [`record`](Self::record) once per step with the population's spike vector;
/// [`smoothed`](Self::smoothed) gives the rate averaged over a sliding window.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let env = Environment::new(1.0 * ms)?;
/// let mut mon = PopulationRateMonitor::new(4)?;
/// for i in 0..5 {
///     mon.record(&env.step(i), &[i == 2, false, false, false])?;
/// }
/// // one spike / (4 neurons · 1 ms) = 250 Hz at step 2, else 0
/// let rates: Vec<f64> = mon.rates().iter().map(|r| r.value_in(Hz)).collect();
/// assert_eq!(rates, [0.0, 0.0, 250.0, 0.0, 0.0]);
/// // over a window of 3 steps (2 ms): the spike spread over steps 1, 2 and 3
/// let smooth: Vec<f64> = mon.smoothed(2.0 * ms)?.iter().map(|r| r.value_in(Hz)).collect();
/// let third = 250.0 / 3.0;
/// assert_eq!(smooth, [0.0, third, third, third, 0.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationRateMonitor {
    population: usize,
    clock: RecordingClock,
    rates: Vec<Frequency>,
}

impl PopulationRateMonitor {
    /// A monitor of a population of `n` neurons (`0 < n ≤ 2³²`).
    pub fn new(n: usize) -> Result<Self, DynError> {
        Ok(PopulationRateMonitor {
            population: population_size(n)?,
            clock: RecordingClock::default(),
            rates: Vec::new(),
        })
    }

    /// Makes room for `steps` more steps, so that recording them allocates nothing.
    pub fn reserve(&mut self, steps: usize) {
        self.rates.reserve(steps);
    }

    /// How many steps fit before the storage grows.
    pub fn capacity(&self) -> usize {
        self.rates.capacity()
    }

    /// Records the rate of step `ctx.i`, `r = count(spikes) / (n · dt)`. Steps must be recorded
    /// consecutively with one `dt`; `spikes` must have the population's length.
    pub fn record(&mut self, ctx: &StepContext, spikes: &[bool]) -> Result<(), DynError> {
        check_len("spike vector", self.population, spikes.len())?;
        self.clock.advance(ctx)?;
        let count = count_fired(spikes);
        self.rates.push(count as f64 / (self.population as f64 * ctx.dt));
        Ok(())
    }

    /// Forgets every recording (keeping the capacity), ready for a new run.
    pub fn clear(&mut self) {
        self.clock = RecordingClock::default();
        self.rates.clear();
    }

    /// The size of the monitored population.
    pub fn population(&self) -> usize {
        self.population
    }

    /// The time step of the recording (`None` before the first step).
    pub fn dt(&self) -> Option<Time> {
        self.clock.dt()
    }

    /// The step indices recorded, one rate each.
    pub fn recorded_steps(&self) -> Range<u64> {
        self.clock.steps()
    }

    /// The time of each rate, `t = step · dt`.
    pub fn times(&self) -> impl ExactSizeIterator<Item = Time> + '_ {
        let first = self.clock.steps().start;
        (0..self.rates.len()).map(move |k| self.clock.time_of(first + k as u64))
    }

    /// The instantaneous rate of each recorded step.
    pub fn rates(&self) -> &[Frequency] {
        &self.rates
    }

    /// The rate averaged over a centred sliding window of about `width`:
    /// `m = 2·round(width / (2·dt)) + 1` steps (ties to even), each weighted `1/m`, the rates
    /// beyond the recording counted as zero (so the first and last `m/2` values are biased low).
    /// This is Brian2's `PopulationRateMonitor.smooth_rate(window='flat', width)`, i.e. NumPy's
    /// `convolve(rate, ones(m)/m, mode='same')`, except that the result always has one value
    /// per recorded step (NumPy returns `m` values when `m` exceeds the recording). `width`
    /// must be > 0.
    pub fn smoothed(&self, width: Time) -> Result<Vec<Frequency>, DynError> {
        let width = validate::positive("width", width)?;
        let Some(dt) = self.clock.dt() else { return Ok(Vec::new()) };
        let half = (width.value / (2.0 * dt.value)).round_ties_even() as usize;
        let m = (2 * half + 1) as f64;
        let last = self.rates.len().saturating_sub(1);
        Ok((0..self.rates.len())
            .map(|i| {
                let window = &self.rates[i.saturating_sub(half)..=(i + half).min(last)];
                window.iter().copied().sum::<Frequency>() / m
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::monitor::PopulationRateMonitor;
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_an_empty_population() {
        assert!(PopulationRateMonitor::new(4000).is_ok());
        assert_eq!(
            PopulationRateMonitor::new(0).unwrap_err().to_string(),
            "invalid population size: 0 (must be > 0)"
        );
    }

    #[test]
    fn reserve_makes_room() -> Result<(), Box<dyn std::error::Error>> {
        let mut mon = PopulationRateMonitor::new(10)?;
        mon.reserve(10_000);
        assert!(mon.capacity() >= 10_000);
        Ok(())
    }

    #[test]
    fn a_new_monitor_has_no_capacity() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PopulationRateMonitor::new(10)?.capacity(), 0);
        Ok(())
    }

    #[test]
    fn record_rates_and_checks_the_length() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(1.0 * ms)?;
        let mut mon = PopulationRateMonitor::new(2)?;
        mon.record(&env.step(0), &[true, true])?;
        assert!((mon.rates()[0].value_in(Hz) - 1000.0).abs() < 1e-9);
        assert!(mon.record(&env.step(1), &[true]).is_err());
        Ok(())
    }

    #[test]
    fn clear_forgets_the_rates() -> Result<(), Box<dyn std::error::Error>> {
        let mut mon = PopulationRateMonitor::new(1)?;
        mon.record(&Environment::new(0.1 * ms)?.step(0), &[true])?;
        mon.clear();
        assert!(mon.rates().is_empty());
        Ok(())
    }

    #[test]
    fn population_size() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PopulationRateMonitor::new(10)?.population(), 10);
        Ok(())
    }

    #[test]
    fn no_dt_before_the_first_step() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PopulationRateMonitor::new(10)?.dt(), None);
        Ok(())
    }

    #[test]
    fn recorded_steps_one_rate_each() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = PopulationRateMonitor::new(1)?;
        mon.record(&env.step(7), &[true])?;
        assert_eq!(mon.recorded_steps(), 7..8);
        Ok(())
    }

    #[test]
    fn times_are_step_times_dt() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.5 * ms)?;
        let mut mon = PopulationRateMonitor::new(1)?;
        mon.record(&env.step(2), &[true])?;
        mon.record(&env.step(3), &[true])?;
        assert_eq!(mon.times().collect::<Vec<_>>(), vec![1.0 * ms, 1.5 * ms]);
        Ok(())
    }

    #[test]
    fn a_new_monitor_has_no_rates() -> Result<(), Box<dyn std::error::Error>> {
        assert!(PopulationRateMonitor::new(1)?.rates().is_empty());
        Ok(())
    }

    #[test]
    fn smoothed_spreads_a_spike_over_the_window() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(1.0 * ms)?;
        let mut mon = PopulationRateMonitor::new(1)?;
        for i in 0..5 {
            mon.record(&env.step(i), &[i == 2])?; // 1000 Hz at step 2, else 0
        }
        // width 2 ms → m = 2·round(1) + 1 = 3: the spike is spread over steps 1, 2, 3.
        let smooth: Vec<f64> = mon.smoothed(2.0 * ms)?.iter().map(|r| r.value_in(Hz)).collect();
        let third = 1000.0 / 3.0;
        assert_eq!(smooth, vec![0.0, third, third, third, 0.0]);
        assert!(mon.smoothed(0.0 * ms).is_err());
        Ok(())
    }

    #[test]
    fn records_spikes_per_neuron_and_dt() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = PopulationRateMonitor::new(4)?;
        mon.record(&env.step(0), &[true, false, false, false])?;
        mon.record(&env.step(1), &[false, false, false, false])?;
        // 1 spike / (4 neurons · 0.1 ms) = 2500 Hz
        assert!((mon.rates()[0].value_in(Hz) - 2500.0).abs() < 1e-9);
        assert_eq!(mon.rates()[1].value_in(Hz), 0.0);
        Ok(())
    }
}
