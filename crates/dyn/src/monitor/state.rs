use core::ops::Range;

use neurodim_state::{StateValue, StepContext};
use neurodim_units::Time;

use super::SampleSchedule;
use super::clock::RecordingClock;
use super::selection::{check_len, neuron_indices};
use crate::DynError;

/// Samples a state of a population (`&[Voltage]`, `&[Conductance]`, …) for chosen neurons every
/// `k` steps: at each step `i` with `i mod k = 0`, the values of the chosen neurons, in the order
/// given, at time `t = i · dt` — or on another [`SampleSchedule`] ([`scheduled`](Self::scheduled):
/// a first step, a window, NEST's multimeter).
///
/// Call [`record`](Self::record) once per step with the whole state vector; the monitor keeps
/// one sample in `k`. Samples are stored flat (sample-major), so a step allocates nothing once
/// capacity suffices ([`reserve_steps`](Self::reserve_steps)).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let env = Environment::new(0.1 * ms)?;
/// let mut mon = StateMonitor::<Voltage>::new(3, &[2, 0], 2)?;
/// for i in 0..4 {
///     let v = [-70.0 * mV, -60.0 * mV, -50.0 * mV + i as f64 * mV];
///     mon.record(&env.step(i), &v)?;
/// }
/// assert_eq!(mon.sample_steps().collect::<Vec<_>>(), vec![0, 2]);
/// assert_eq!(mon.sample(1), Some(&[-48.0 * mV, -70.0 * mV][..]));
/// assert_eq!(mon.trace(0).collect::<Vec<_>>(), vec![-50.0 * mV, -48.0 * mV]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StateMonitor<Q> {
    population: usize,
    neurons: Vec<u32>,
    schedule: SampleSchedule,
    clock: RecordingClock,
    values: Vec<Q>,
}

impl<Q: StateValue> StateMonitor<Q> {
    /// A monitor of the neurons `indices` (each in `0..n`, none repeated) of a population of
    /// `n`, sampling every `every` steps (`every ≥ 1`).
    pub fn new(n: usize, indices: &[usize], every: u64) -> Result<Self, DynError> {
        Self::scheduled(n, indices, SampleSchedule::every(every)?)
    }

    /// A monitor of the neurons `indices` of a population of `n` (as [`new`](Self::new)) that
    /// samples the steps of `schedule`.
    pub fn scheduled(
        n: usize,
        indices: &[usize],
        schedule: SampleSchedule,
    ) -> Result<Self, DynError> {
        Ok(StateMonitor {
            population: n,
            neurons: neuron_indices(n, indices)?,
            schedule,
            clock: RecordingClock::default(),
            values: Vec::new(),
        })
    }

    /// Makes room for the samples of `steps` more steps, so that recording them allocates
    /// nothing.
    pub fn reserve_steps(&mut self, steps: u64) {
        let samples = steps.div_ceil(self.schedule.every_steps());
        self.values.reserve(
            usize::try_from(samples).unwrap_or(usize::MAX).saturating_mul(self.neurons.len()),
        );
    }

    /// How many values (samples × neurons) fit before the storage grows.
    pub fn capacity(&self) -> usize {
        self.values.capacity()
    }

    /// Offers the state of step `ctx.i`; it is sampled if the schedule samples it
    /// (`ctx.i mod every = 0` for [`new`](Self::new)). Steps must be
    /// recorded consecutively with one `dt`; `values` must have the population's length.
    pub fn record(&mut self, ctx: &StepContext, values: &[Q]) -> Result<(), DynError> {
        check_len("state vector", self.population, values.len())?;
        if self.offer(ctx)? {
            self.push_sample(|neuron| values[neuron]);
        }
        Ok(())
    }

    /// Offers step `ctx.i` without its values: whether it is sampled, in which case the
    /// caller reads the values and hands them to [`push_sample`](Self::push_sample). A caller
    /// whose values are costly to reach thus reaches them only on sample steps.
    pub(crate) fn offer(&mut self, ctx: &StepContext) -> Result<bool, DynError> {
        self.clock.advance(ctx)?;
        Ok(self.schedule.samples(ctx.i))
    }

    /// Appends one sample: `value_at(i)` for each recorded index `i` (each below the
    /// population size given at construction), in the order of [`neurons`](Self::neurons).
    pub(crate) fn push_sample(&mut self, value_at: impl Fn(usize) -> Q) {
        self.values.extend(self.neurons.iter().map(|&neuron| value_at(neuron as usize)));
    }

    /// The same recording with every value mapped by `convert` (a change of representation,
    /// such as SI `f64` to the quantity it measures).
    pub(crate) fn map_values<R>(&self, convert: impl Fn(Q) -> R) -> StateMonitor<R> {
        StateMonitor {
            population: self.population,
            neurons: self.neurons.clone(),
            schedule: self.schedule.clone(),
            clock: self.clock.clone(),
            values: self.values.iter().map(|&value| convert(value)).collect(),
        }
    }

    /// Forgets every sample (keeping the capacity), ready for a new run.
    pub fn clear(&mut self) {
        self.clock = RecordingClock::default();
        self.values.clear();
    }

    /// The size of the monitored population.
    pub fn population(&self) -> usize {
        self.population
    }

    /// The recorded neurons' population indices, in the order of each sample.
    pub fn neurons(&self) -> &[u32] {
        &self.neurons
    }

    /// The sampling interval in steps, `k`.
    pub fn every(&self) -> u64 {
        self.schedule.every_steps()
    }

    /// The steps it samples.
    pub fn schedule(&self) -> &SampleSchedule {
        &self.schedule
    }

    /// The time step of the recording (`None` before the first step).
    pub fn dt(&self) -> Option<Time> {
        self.clock.dt()
    }

    /// The step indices offered so far, sampled or not.
    pub fn recorded_steps(&self) -> Range<u64> {
        self.clock.steps()
    }

    /// The number of samples taken.
    pub fn num_samples(&self) -> usize {
        self.values.len() / self.neurons.len()
    }

    /// The step index of each sample: the steps of the schedule among the recorded steps
    /// (the multiples of `every` for [`new`](Self::new)).
    pub fn sample_steps(&self) -> impl ExactSizeIterator<Item = u64> + '_ {
        let first = self.schedule.next_sample(self.clock.steps().start).unwrap_or(0);
        let every = self.schedule.every_steps();
        (0..self.num_samples()).map(move |k| first + k as u64 * every)
    }

    /// The time of each sample, `t = step · dt`.
    pub fn sample_times(&self) -> impl ExactSizeIterator<Item = Time> + '_ {
        self.sample_steps().map(|step| self.clock.time_of(step))
    }

    /// Sample `k`: the recorded neurons' values, in the order of [`neurons`](Self::neurons).
    pub fn sample(&self, k: usize) -> Option<&[Q]> {
        self.samples().nth(k)
    }

    /// The samples in order, each a slice aligned with [`neurons`](Self::neurons).
    pub fn samples(&self) -> impl ExactSizeIterator<Item = &[Q]> + '_ {
        self.values.chunks_exact(self.neurons.len())
    }

    /// The trace of the `j`-th recorded neuron (position `j` in [`neurons`](Self::neurons)):
    /// its value at every sample. Empty if `j` is out of range.
    pub fn trace(&self, j: usize) -> impl Iterator<Item = Q> + '_ {
        self.samples().filter_map(move |sample| sample.get(j).copied())
    }

    /// All samples as one flat slice, sample-major: value `j` of sample `k` is at
    /// `k · neurons().len() + j`.
    pub fn values(&self) -> &[Q] {
        &self.values
    }
}

#[cfg(test)]
mod tests {
    use crate::monitor::StateMonitor;
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_indices_out_of_range_and_every_zero() {
        assert!(StateMonitor::<Voltage>::new(100, &[0, 50, 99], 10).is_ok());
        assert_eq!(
            StateMonitor::<Voltage>::new(100, &[100], 1).unwrap_err().to_string(),
            "recorded neuron: index 100 out of range 0..100"
        );
        assert_eq!(
            StateMonitor::<Voltage>::new(100, &[0], 0).unwrap_err().to_string(),
            "invalid every: 0 (must be >= 1)"
        );
    }

    #[test]
    fn reserve_steps_makes_room_for_the_samples() -> Result<(), Box<dyn std::error::Error>> {
        let mut mon = StateMonitor::<Voltage>::new(10, &[1, 2], 10)?;
        mon.reserve_steps(1000); // at most 100 samples of 2 values
        assert!(mon.capacity() >= 200);
        Ok(())
    }

    #[test]
    fn a_new_monitor_has_no_capacity() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StateMonitor::<Voltage>::new(1, &[0], 1)?.capacity(), 0);
        Ok(())
    }

    #[test]
    fn record_samples_every_k_steps_and_checks_the_length() -> Result<(), Box<dyn std::error::Error>>
    {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = StateMonitor::<Voltage>::new(2, &[1], 5)?;
        for i in 0..11 {
            mon.record(&env.step(i), &[0.0 * mV, i as f64 * mV])?;
        }
        assert_eq!(mon.trace(0).collect::<Vec<_>>(), vec![0.0 * mV, 5.0 * mV, 10.0 * mV]);
        assert!(mon.record(&env.step(11), &[0.0 * mV]).is_err()); // wrong length
        Ok(())
    }

    #[test]
    fn clear_forgets_the_recording() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = StateMonitor::<Voltage>::new(1, &[0], 1)?;
        mon.record(&env.step(3), &[1.0 * mV])?;
        mon.clear();
        assert_eq!(mon.num_samples(), 0);
        mon.record(&env.step(0), &[1.0 * mV])?;
        Ok(())
    }

    #[test]
    fn population_size() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StateMonitor::<f64>::new(7, &[0], 1)?.population(), 7);
        Ok(())
    }

    #[test]
    fn neurons_in_the_order_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StateMonitor::<f64>::new(7, &[5, 1], 1)?.neurons(), &[5, 1]);
        Ok(())
    }

    #[test]
    fn every_k_steps() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StateMonitor::<f64>::new(7, &[5], 4)?.every(), 4);
        Ok(())
    }

    #[test]
    fn dt_is_known_from_the_first_step() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StateMonitor::<f64>::new(1, &[0], 1)?.dt(), None);
        Ok(())
    }

    #[test]
    fn recorded_steps_from_first_to_last() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = StateMonitor::<f64>::new(1, &[0], 3)?;
        for i in 1..5 {
            mon.record(&env.step(i), &[0.0])?;
        }
        assert_eq!(mon.recorded_steps(), 1..5);
        Ok(())
    }

    #[test]
    fn num_samples_counts_one_step_in_k() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(StateMonitor::<f64>::new(1, &[0], 1)?.num_samples(), 0);
        Ok(())
    }

    #[test]
    fn sample_steps_are_multiples_of_every() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = StateMonitor::<f64>::new(1, &[0], 3)?;
        for i in 1..8 {
            mon.record(&env.step(i), &[0.0])?;
        }
        assert_eq!(mon.sample_steps().collect::<Vec<_>>(), vec![3, 6]);
        Ok(())
    }

    #[test]
    fn sample_times_are_step_times_dt() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.5 * ms)?;
        let mut mon = StateMonitor::<f64>::new(1, &[0], 2)?;
        for i in 0..4 {
            mon.record(&env.step(i), &[0.0])?;
        }
        assert_eq!(mon.sample_times().collect::<Vec<_>>(), vec![0.0 * ms, 1.0 * ms]);
        Ok(())
    }

    #[test]
    fn sample_k_holds_the_chosen_neurons() -> Result<(), Box<dyn std::error::Error>> {
        let mut mon = StateMonitor::<Voltage>::new(2, &[1, 0], 1)?;
        mon.record(&Environment::new(0.1 * ms)?.step(0), &[-65.0 * mV, -50.0 * mV])?;
        assert_eq!(mon.sample(0), Some(&[-50.0 * mV, -65.0 * mV][..]));
        assert_eq!(mon.sample(1), None);
        Ok(())
    }

    #[test]
    fn samples_in_order() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = StateMonitor::<f64>::new(2, &[0, 1], 1)?;
        mon.record(&env.step(0), &[1.0, 2.0])?;
        mon.record(&env.step(1), &[3.0, 4.0])?;
        assert_eq!(mon.samples().collect::<Vec<_>>(), vec![&[1.0, 2.0][..], &[3.0, 4.0][..]]);
        Ok(())
    }

    #[test]
    fn trace_of_one_neuron() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = StateMonitor::<f64>::new(2, &[0, 1], 1)?;
        mon.record(&env.step(0), &[1.0, 2.0])?;
        mon.record(&env.step(1), &[3.0, 4.0])?;
        assert_eq!(mon.trace(1).collect::<Vec<_>>(), vec![2.0, 4.0]);
        assert_eq!(mon.trace(2).count(), 0);
        Ok(())
    }

    #[test]
    fn values_are_sample_major() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = StateMonitor::<f64>::new(2, &[0, 1], 1)?;
        mon.record(&env.step(0), &[1.0, 2.0])?;
        mon.record(&env.step(1), &[3.0, 4.0])?;
        assert_eq!(mon.values(), &[1.0, 2.0, 3.0, 4.0]);
        Ok(())
    }
}
