use core::ops::Range;

use neurodim_state::StepContext;
use neurodim_units::{Frequency, Time, validate};

use super::RecordingWindow;
use super::clock::RecordingClock;
use super::selection::{check_len, extend_fired, neuron_indices, population_size};
use crate::DynError;

/// Records the spikes of a population: for each spike, the neuron's index (`u32`) and the step
/// it was emitted in, whose time is `t = step · dt`; and a spike count per recorded neuron.
///
/// Call [`record`](Self::record) once per step, after the neurons have updated, with the
/// population's spike vector. Storage grows geometrically (amortised O(1) per spike, no
/// allocation in a step once [`reserve`](Self::reserve)d capacity suffices). Spikes are kept in
/// step order and, within a step, in the order of [`neurons`](Self::neurons).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let env = Environment::new(1.0 * ms)?;
/// let mut mon = SpikeMonitor::new(2)?;
/// for i in 0..10 {
///     // neuron 0 fires every 2 ms, neuron 1 once, at 3 ms
///     mon.record(&env.step(i), &[i % 2 == 0, i == 3])?;
/// }
/// assert_eq!(mon.spike_indices(), [0, 0, 1, 0, 0, 0]);
/// assert_eq!(mon.spike_steps(), [0, 2, 3, 4, 6, 8]);
/// assert_eq!(mon.spike_times().nth(2), Some(3.0 * ms));
/// assert_eq!(mon.counts(), [5, 1]);
/// // 6 spikes / (2 neurons · 10 ms) = 300 Hz
/// assert!((mon.mean_rate(mon.recorded_span())?.value_in(Hz) - 300.0).abs() < 1e-9);
/// // 4 spikes in the first 5 ms, 2 in the last: 400 Hz, then 200 Hz
/// let bins = mon.binned_rates(5.0 * ms)?;
/// assert_eq!(bins[1].0, 5.0 * ms..10.0 * ms);
/// assert!((bins[0].1.value_in(Hz) - 400.0).abs() < 1e-9);
/// assert!((bins[1].1.value_in(Hz) - 200.0).abs() < 1e-9);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SpikeMonitor {
    population: usize,
    neurons: Vec<u32>,
    /// Whether `neurons` is `0..population` in order, so that a step can scan the spike vector
    /// for the few that fired instead of testing each recorded neuron.
    records_all: bool,
    clock: RecordingClock,
    steps: Vec<u64>,
    indices: Vec<u32>,
    counts: Vec<u64>,
    /// Whether each spike is kept (its step and neuron), or only the count per neuron.
    keeps_spikes: bool,
    /// The steps whose spikes are recorded.
    window: RecordingWindow,
}

impl SpikeMonitor {
    /// A monitor of every neuron of a population of `n` (`0 < n ≤ 2³²`).
    pub fn new(n: usize) -> Result<Self, DynError> {
        let n = population_size(n)?;
        // `population_size` guarantees that every index below `n` fits in u32.
        Ok(Self::with_neurons(n, (0..n as u64).map(|i| i as u32).collect()))
    }

    /// A monitor of the neurons `indices` of a population of `n`: each index in `0..n`, none
    /// repeated. Spikes of other neurons are ignored.
    pub fn subset(n: usize, indices: &[usize]) -> Result<Self, DynError> {
        Ok(Self::with_neurons(n, neuron_indices(n, indices)?))
    }

    /// A monitor of every neuron of a population of `n` that keeps only how many times each
    /// neuron spiked ([`counts`](Self::counts), [`num_spikes`](Self::num_spikes)), not the
    /// spikes: 8 bytes per neuron, whatever the length of the run (a full monitor keeps 12
    /// bytes per spike: 240 MB for the 2·10⁷ spikes of a second of a 400 000-neuron network
    /// at 50 Hz). Its spike lists are empty, and the rates in windows, which need the spikes'
    /// steps, are refused.
    pub fn counting(n: usize) -> Result<Self, DynError> {
        Ok(SpikeMonitor { keeps_spikes: false, ..Self::new(n)? })
    }

    /// Whether the monitor keeps each spike (its step and neuron), or only the counts
    /// ([`counting`](Self::counting)).
    pub fn keeps_spikes(&self) -> bool {
        self.keeps_spikes
    }

    fn with_neurons(population: usize, neurons: Vec<u32>) -> Self {
        let counts = vec![0; neurons.len()];
        let records_all = neurons.len() == population
            && neurons.iter().enumerate().all(|(k, &j)| k == j as usize);
        SpikeMonitor {
            population,
            neurons,
            records_all,
            clock: RecordingClock::default(),
            steps: Vec::new(),
            indices: Vec::new(),
            counts,
            keeps_spikes: true,
            window: RecordingWindow::all(),
        }
    }

    /// The same monitor, recording only the spikes of the steps of `window` (NEST's
    /// `spike_recorder` with `start`, `stop` and `origin`: [`RecordingWindow::nest`]). The
    /// rates count only those spikes.
    ///
    /// ```
    /// use neurodim_dyn::monitor::RecordingWindow;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_state::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let env = Environment::new(0.1 * ms)?;
    /// // NEST's stamps (2, 3] ms: the steps 20 … 29
    /// let window = RecordingWindow::nest(&ActivityWindow::new(2.0 * ms, 3.0 * ms)?, env.dt())?;
    /// let mut mon = SpikeMonitor::new(1)?.within(window);
    /// for i in 0..40 {
    ///     mon.record(&env.step(i), &[i % 10 == 0])?;
    /// }
    /// assert_eq!(mon.spike_steps(), [20]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn within(self, window: RecordingWindow) -> Self {
        SpikeMonitor { window, ..self }
    }

    /// The steps whose spikes it records.
    pub fn window(&self) -> &RecordingWindow {
        &self.window
    }

    /// Makes room for `additional` more spikes, so that recording them allocates nothing.
    pub fn reserve(&mut self, additional: usize) {
        if self.keeps_spikes {
            self.steps.reserve(additional);
            self.indices.reserve(additional);
        }
    }

    /// How many spikes fit before the storage grows.
    pub fn capacity(&self) -> usize {
        self.steps.capacity().min(self.indices.capacity())
    }

    /// Records the spikes of step `ctx.i`: `spikes[j]` is whether neuron `j` of the population
    /// fired. Steps must be recorded consecutively with one `dt`; `spikes` must have the
    /// population's length.
    pub fn record(&mut self, ctx: &StepContext, spikes: &[bool]) -> Result<(), DynError> {
        if !self.keeps_spikes {
            check_len("spike vector", self.population, spikes.len())?;
            self.clock.advance(ctx)?;
            if !self.window.contains(ctx.i) {
                return Ok(());
            }
            for (count, &spiked) in self.counts.iter_mut().zip(spikes) {
                *count += u64::from(spiked);
            }
            return Ok(());
        }
        // `population_size` guarantees that every index below the population fits a `u32`.
        self.record_with(ctx, spikes, |indices| extend_fired(spikes, indices))
    }

    /// [`record`](Self::record) when the sorted indices of the neurons that spiked are known
    /// already (the network lists them once per step for its projections).
    pub(crate) fn record_fired(
        &mut self,
        ctx: &StepContext,
        spikes: &[bool],
        fired: &[u32],
    ) -> Result<(), DynError> {
        if !self.keeps_spikes {
            check_len("spike vector", self.population, spikes.len())?;
            self.clock.advance(ctx)?;
            if !self.window.contains(ctx.i) {
                return Ok(());
            }
            for &neuron in fired {
                self.counts[neuron as usize] += 1;
            }
            return Ok(());
        }
        self.record_with(ctx, spikes, |indices| indices.extend_from_slice(fired))
    }

    /// Records step `ctx.i`; `append_fired` appends the sorted indices of the neurons that
    /// spiked (used when the whole population is recorded).
    fn record_with(
        &mut self,
        ctx: &StepContext,
        spikes: &[bool],
        append_fired: impl FnOnce(&mut Vec<u32>),
    ) -> Result<(), DynError> {
        check_len("spike vector", self.population, spikes.len())?;
        self.clock.advance(ctx)?;
        if !self.window.contains(ctx.i) {
            return Ok(());
        }
        if self.records_all {
            let first = self.indices.len();
            append_fired(&mut self.indices);
            for &neuron in &self.indices[first..] {
                self.steps.push(ctx.i);
                self.counts[neuron as usize] += 1;
            }
        } else {
            for (count, &neuron) in self.counts.iter_mut().zip(&self.neurons) {
                if spikes[neuron as usize] {
                    self.steps.push(ctx.i);
                    self.indices.push(neuron);
                    *count += 1;
                }
            }
        }
        Ok(())
    }

    /// Forgets every recording (keeping the capacity), ready for a new run.
    pub fn clear(&mut self) {
        self.clock = RecordingClock::default();
        self.steps.clear();
        self.indices.clear();
        self.counts.fill(0);
    }

    /// The size of the monitored population.
    pub fn population(&self) -> usize {
        self.population
    }

    /// The recorded neurons' population indices (all of `0..n` for [`new`](Self::new)).
    pub fn neurons(&self) -> &[u32] {
        &self.neurons
    }

    /// The time step of the recording (`None` before the first step).
    pub fn dt(&self) -> Option<Time> {
        self.clock.dt()
    }

    /// The step indices recorded so far, `first .. last + 1`.
    pub fn recorded_steps(&self) -> Range<u64> {
        self.clock.steps()
    }

    /// The time the recording covers: `first · dt .. (last + 1) · dt`.
    pub fn recorded_span(&self) -> Range<Time> {
        self.clock.span()
    }

    /// The number of spikes recorded.
    pub fn num_spikes(&self) -> usize {
        if self.keeps_spikes {
            self.indices.len()
        } else {
            self.counts.iter().map(|&count| count as usize).sum()
        }
    }

    /// The population index of each spike's neuron, in recording order.
    pub fn spike_indices(&self) -> &[u32] {
        &self.indices
    }

    /// The step index of each spike, in recording order.
    pub fn spike_steps(&self) -> &[u64] {
        &self.steps
    }

    /// The time of each spike, `t = step · dt`, in recording order.
    pub fn spike_times(&self) -> impl ExactSizeIterator<Item = Time> + '_ {
        self.steps.iter().map(|&step| self.clock.time_of(step))
    }

    /// The number of spikes of each recorded neuron, aligned with [`neurons`](Self::neurons).
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// The mean firing rate of the recorded neurons over `window`:
    /// `ν = (spikes in the window) / (recorded neurons · window length)`.
    ///
    /// The window's ends are rounded to whole steps; it must lie within
    /// [`recorded_span`](Self::recorded_span) and cover at least one step. A spike at step `i`
    /// falls in `a .. b` if `a ≤ i < b`.
    pub fn mean_rate(&self, window: Range<Time>) -> Result<Frequency, DynError> {
        self.check_keeps_spikes()?;
        Ok(self.rate_in(self.clock.window_steps(&window)?))
    }

    /// The mean firing rate of the recorded neurons in consecutive bins of `bin` (> 0, rounded
    /// to whole steps, at least one) from the first recorded step; the last bin may be shorter.
    /// Each bin is `(its time range, spikes in it / (recorded neurons · its duration))`, as in
    /// [`mean_rate`](Self::mean_rate). Empty before the first step.
    pub fn binned_rates(&self, bin: Time) -> Result<Vec<(Range<Time>, Frequency)>, DynError> {
        self.check_keeps_spikes()?;
        let bin = validate::positive("bin", bin)?;
        let Some(dt) = self.clock.dt() else { return Ok(Vec::new()) };
        let bin_steps = ((bin.value / dt.value).round() as u64).max(1);
        let recorded = self.clock.steps();
        Ok(recorded
            .clone()
            .step_by(usize::try_from(bin_steps).unwrap_or(usize::MAX))
            .map(|start| {
                let steps = start..(start + bin_steps).min(recorded.end);
                let times = self.clock.time_of(steps.start)..self.clock.time_of(steps.end);
                (times, self.rate_in(steps))
            })
            .collect())
    }

    /// The coefficient of variation of each recorded neuron's interspike intervals,
    /// `CV = σ/μ` of its intervals (σ the population standard deviation, as numpy's
    /// `std`), aligned with [`neurons`](Self::neurons): `None` for a neuron with fewer than
    /// three spikes (one interval has no spread to measure). 1 for a Poisson process, 0 for a
    /// regular one.
    ///
    /// ```
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_state::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let env = Environment::new(1.0 * ms)?;
    /// let mut mon = SpikeMonitor::new(2)?;
    /// for i in 0..12 {
    ///     // neuron 0: intervals 2, 2, 2, 2, 2 (regular); neuron 1: intervals 1 and 3
    ///     mon.record(&env.step(i), &[i % 2 == 0, [0, 1, 4].contains(&i)])?;
    /// }
    /// let cv = mon.isi_cv()?;
    /// assert_eq!(cv[0], Some(0.0));
    /// assert!((cv[1].unwrap() - 0.5).abs() < 1e-12); // σ = 1, μ = 2
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn isi_cv(&self) -> Result<Vec<Option<f64>>, DynError> {
        self.check_keeps_spikes()?;
        let mut position = vec![usize::MAX; self.population];
        for (k, &neuron) in self.neurons.iter().enumerate() {
            position[neuron as usize] = k;
        }
        // per recorded neuron: (last step, intervals, Σ interval, Σ interval²), in steps
        let mut sums = vec![(None::<u64>, 0u64, 0.0f64, 0.0f64); self.neurons.len()];
        for (&step, &neuron) in self.steps.iter().zip(&self.indices) {
            let (last, n, sum, squares) = &mut sums[position[neuron as usize]];
            if let Some(last) = *last {
                let interval = (step - last) as f64;
                (*n, *sum, *squares) = (*n + 1, *sum + interval, *squares + interval * interval);
            }
            *last = Some(step);
        }
        Ok(sums
            .into_iter()
            .map(|(_, n, sum, squares)| {
                (n >= 2).then(|| {
                    let mean = sum / n as f64;
                    (squares / n as f64 - mean * mean).max(0.0).sqrt() / mean
                })
            })
            .collect())
    }

    /// Spikes in `steps` (a non-empty run of recorded steps) per recorded neuron and second.
    /// Rates in windows need the steps of the spikes, which a counting monitor does not keep.
    fn check_keeps_spikes(&self) -> Result<(), DynError> {
        if self.keeps_spikes {
            return Ok(());
        }
        Err(DynError::invalid(
            "spike monitor",
            "counting",
            "keeps no spike steps for rates in windows (use SpikeMonitor::new)",
        ))
    }

    fn rate_in(&self, steps: Range<u64>) -> Frequency {
        let first = self.steps.partition_point(|&step| step < steps.start);
        let last = self.steps.partition_point(|&step| step < steps.end);
        let duration = self.clock.duration(steps.end - steps.start);
        (last - first) as f64 / (self.neurons.len() as f64 * duration)
    }
}

#[cfg(test)]
mod tests {
    use crate::DynError;
    use crate::monitor::SpikeMonitor;
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn new_monitors_every_neuron_and_refuses_an_empty_population()
    -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SpikeMonitor::new(4000)?.neurons().len(), 4000);
        assert!(SpikeMonitor::new(0).is_err());
        Ok(())
    }

    #[test]
    fn subset_refuses_indices_out_of_range_or_repeated() -> Result<(), Box<dyn std::error::Error>> {
        let mon = SpikeMonitor::subset(10, &[7, 2])?;
        assert_eq!(mon.neurons(), &[7, 2]);
        let err = SpikeMonitor::subset(10, &[10]).unwrap_err();
        assert_eq!(
            err,
            DynError::IndexOutOfRange { what: "recorded neuron".into(), index: 10, len: 10 }
        );
        assert!(SpikeMonitor::subset(10, &[3, 3]).is_err());
        Ok(())
    }

    #[test]
    fn a_counting_monitor_keeps_counts_only() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = SpikeMonitor::counting(3)?;
        mon.record(&env.step(0), &[true, false, true])?;
        mon.record(&env.step(1), &[true, false, false])?;
        assert_eq!((mon.counts(), mon.num_spikes()), (&[2, 0, 1][..], 3));
        assert!(mon.spike_indices().is_empty() && !mon.keeps_spikes());
        assert!(mon.mean_rate(0.0 * ms..0.2 * ms).is_err());
        Ok(())
    }

    #[test]
    fn a_full_monitor_keeps_spikes() -> Result<(), Box<dyn std::error::Error>> {
        assert!(SpikeMonitor::new(2)?.keeps_spikes());
        Ok(())
    }

    #[test]
    fn reserve_makes_room() -> Result<(), Box<dyn std::error::Error>> {
        let mut mon = SpikeMonitor::new(100)?;
        mon.reserve(10_000);
        assert!(mon.capacity() >= 10_000);
        Ok(())
    }

    #[test]
    fn a_new_monitor_has_no_capacity() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SpikeMonitor::new(1)?.capacity(), 0);
        Ok(())
    }

    #[test]
    fn record_refuses_a_skipped_step_and_a_wrong_length() -> Result<(), Box<dyn std::error::Error>>
    {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = SpikeMonitor::new(2)?;
        mon.record(&env.step(5), &[true, true])?;
        assert!(mon.record(&env.step(7), &[true, true]).is_err()); // step 6 was skipped
        assert!(mon.record(&env.step(6), &[true]).is_err()); // wrong length
        Ok(())
    }

    #[test]
    fn clear_forgets_the_recording() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = SpikeMonitor::new(1)?;
        mon.record(&env.step(9), &[true])?;
        mon.clear();
        mon.record(&env.step(0), &[false])?;
        assert_eq!(mon.num_spikes(), 0);
        Ok(())
    }

    #[test]
    fn population_of_a_subset() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SpikeMonitor::subset(10, &[1])?.population(), 10);
        Ok(())
    }

    #[test]
    fn neurons_of_a_full_monitor() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SpikeMonitor::new(3)?.neurons(), &[0, 1, 2]);
        Ok(())
    }

    #[test]
    fn dt_is_known_from_the_first_step() -> Result<(), Box<dyn std::error::Error>> {
        let mut mon = SpikeMonitor::new(1)?;
        assert_eq!(mon.dt(), None);
        mon.record(&Environment::new(0.1 * ms)?.step(0), &[false])?;
        assert_eq!(mon.dt(), Some(0.1 * ms));
        Ok(())
    }

    #[test]
    fn recorded_steps_from_first_to_last() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = SpikeMonitor::new(1)?;
        for i in 3..6 {
            mon.record(&env.step(i), &[false])?;
        }
        assert_eq!(mon.recorded_steps(), 3..6);
        Ok(())
    }

    #[test]
    fn recorded_span_in_time() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.5 * ms)?;
        let mut mon = SpikeMonitor::new(1)?;
        for i in 0..4 {
            mon.record(&env.step(i), &[false])?;
        }
        assert_eq!(mon.recorded_span(), 0.0 * ms..2.0 * ms);
        Ok(())
    }

    #[test]
    fn a_new_monitor_has_no_spikes() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SpikeMonitor::new(1)?.num_spikes(), 0);
        Ok(())
    }

    #[test]
    fn spike_indices_follow_the_order_of_the_subset() -> Result<(), Box<dyn std::error::Error>> {
        let mut mon = SpikeMonitor::subset(4, &[3, 1])?;
        mon.record(&Environment::new(0.1 * ms)?.step(0), &[true, true, true, true])?;
        assert_eq!(mon.spike_indices(), &[3, 1]);
        Ok(())
    }

    #[test]
    fn spike_steps_of_each_spike() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = SpikeMonitor::new(1)?;
        mon.record(&env.step(0), &[false])?;
        mon.record(&env.step(1), &[true])?;
        assert_eq!(mon.spike_steps(), &[1]);
        Ok(())
    }

    #[test]
    fn spike_times_are_step_times_dt() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.25 * ms)?;
        let mut mon = SpikeMonitor::new(1)?;
        mon.record(&env.step(4), &[true])?;
        assert_eq!(mon.spike_times().next(), Some(1.0 * ms));
        Ok(())
    }

    #[test]
    fn counts_align_with_the_subset() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.1 * ms)?;
        let mut mon = SpikeMonitor::subset(3, &[2, 0])?;
        mon.record(&env.step(0), &[true, true, true])?;
        mon.record(&env.step(1), &[false, false, true])?;
        assert_eq!(mon.counts(), &[2, 1]);
        Ok(())
    }

    #[test]
    fn mean_rate_over_windows() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(1.0 * ms)?;
        let mut mon = SpikeMonitor::new(2)?;
        for i in 0..10 {
            mon.record(&env.step(i), &[i % 2 == 0, false])?; // neuron 0 fires every 2 ms
        }
        // 5 spikes / (2 neurons · 10 ms) = 250 Hz
        assert!((mon.mean_rate(mon.recorded_span())?.value_in(Hz) - 250.0).abs() < 1e-9);
        // steps 0..4: spikes at 0 and 2 → 2 / (2 · 4 ms) = 250 Hz
        assert!((mon.mean_rate(0.0 * ms..4.0 * ms)?.value_in(Hz) - 250.0).abs() < 1e-9);
        assert!(mon.mean_rate(0.0 * ms..20.0 * ms).is_err()); // beyond the recording
        Ok(())
    }

    #[test]
    fn binned_rates_with_a_short_last_bin() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(1.0 * ms)?;
        let mut mon = SpikeMonitor::new(1)?;
        for i in 0..5 {
            mon.record(&env.step(i), &[i < 2])?;
        }
        let bins = mon.binned_rates(2.0 * ms)?;
        assert_eq!(bins.len(), 3);
        assert_eq!(bins[0].0, 0.0 * ms..2.0 * ms);
        assert!((bins[0].1.value_in(Hz) - 1000.0).abs() < 1e-9); // 2 spikes in 2 ms
        assert_eq!(bins[1].1.value_in(Hz), 0.0);
        assert_eq!(bins[2].0, 4.0 * ms..5.0 * ms); // the short last bin
        assert!(mon.binned_rates(0.0 * ms).is_err());
        Ok(())
    }

    #[test]
    fn records_indices_steps_times_and_counts() -> Result<(), Box<dyn std::error::Error>> {
        let env = Environment::new(0.5 * ms)?;
        let mut mon = SpikeMonitor::new(3)?;
        mon.record(&env.step(0), &[false, true, false])?;
        mon.record(&env.step(1), &[true, false, true])?;
        assert_eq!(mon.spike_indices(), &[1, 0, 2]);
        assert_eq!(mon.spike_steps(), &[0, 1, 1]);
        assert_eq!(mon.spike_times().collect::<Vec<_>>(), vec![0.0 * ms, 0.5 * ms, 0.5 * ms]);
        assert_eq!(mon.counts(), &[1, 1, 1]);
        Ok(())
    }
}
