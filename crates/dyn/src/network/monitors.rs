use core::convert::Infallible;
use core::mem;

use neurodim_state::{
    AnyState, Precision, Stateful, StepContext, ValueType, Visit, for_each_state,
};
use neurodim_units::{Conductance, Voltage};

use crate::DynError;
use crate::monitor::{RecordingWindow, SampleSchedule, SpikeMonitor, StateMonitor, StateTrace};
use crate::network::population::Population;
use crate::network::{
    Network, NetworkPrecision, PopulationId, SpikeMonitorId, TimingConventions, TraceId,
};

/// A state of the network that [`Network::monitor_state`] accepts: one of real or boolean
/// values (a random stream's position is not a value per element).
struct Recordable {
    path: String,
    value_type: ValueType,
    /// The number of values, `[batch, ..shape]`.
    len: usize,
}

/// A state of the network sampled every `k` steps by its path.
pub(crate) struct Trace {
    /// The number of values the recorded indices were checked against.
    len: usize,
    /// The buffer of the walk to the state, kept between samples so that a sample allocates
    /// nothing.
    paths: String,
    recording: StateTrace,
}

impl Trace {
    /// The recording's sampling, in SI values.
    pub(crate) fn monitor(&self) -> &StateMonitor<f64> {
        self.recording.si()
    }

    /// Grows the path buffer to what the walk to the state needs, by walking once, so that
    /// the samples of a run allocate nothing.
    fn size_buffer<F: NetworkPrecision>(&mut self, network: &Network<F>) {
        let mut ignore = |_: &str, _: &dyn AnyState| {};
        let paths = mem::take(&mut self.paths);
        let mut walk = Visit::towards(self.recording.path(), paths, &mut ignore);
        network.visit_states(&mut walk);
        self.paths = walk.into_buffer();
    }

    /// Offers step `ctx` to the recording; on a sample step, walks `network` to the recorded
    /// state — entering only the children on the way, such as the one population that holds
    /// it — and copies the chosen values.
    fn record<F: NetworkPrecision>(
        &mut self,
        ctx: &StepContext,
        network: &Network<F>,
    ) -> Result<(), DynError> {
        if !self.recording.monitor_mut().offer(ctx)? {
            return Ok(());
        }
        let Trace { len, paths, recording } = self;
        let (path, monitor) = recording.path_and_monitor_mut();
        let mut sampled = None;
        let mut sample = |path: &str, state: &dyn AnyState| {
            sampled = Some(push_sample(path, monitor, state, *len));
        };
        let mut walk = Visit::towards(path, mem::take(paths), &mut sample);
        network.visit_states(&mut walk);
        *paths = walk.into_buffer();
        sampled.unwrap_or_else(|| {
            Err(DynError::invalid(
                "recorded state",
                format!("{path:?}"),
                "must exist at every sample",
            ))
        })
    }
}

/// Appends the chosen values of `state`, at `path`, to `monitor`, if the state still has the
/// `len` values its indices were checked against.
fn push_sample(
    path: &str,
    monitor: &mut StateMonitor<f64>,
    state: &dyn AnyState,
    len: usize,
) -> Result<(), DynError> {
    let has_len = len > 0 && state.si_at(len - 1).is_some() && state.si_at(len).is_none();
    if !has_len {
        return Err(DynError::SizeMismatch {
            what: format!("recorded state {path:?}"),
            expected: len,
            found: state.to_si().len(),
        });
    }
    // Every recorded index is below `len`, so each value exists.
    monitor.push_sample(|i| state.si_at(i).unwrap_or(f64::NAN));
    Ok(())
}

impl<F: NetworkPrecision> Network<F> {
    /// Records the spikes of every neuron of `population` from the next step on.
    pub fn monitor_spikes(&mut self, population: PopulationId) -> Result<SpikeMonitorId, DynError> {
        let monitor = SpikeMonitor::new(self.population(population)?.len())?;
        self.spike_monitors.push((population, monitor));
        Ok(SpikeMonitorId(self.spike_monitors.len() - 1, self.tag))
    }

    /// Records the spikes of every neuron of `population` in the steps of `window` only (NEST's
    /// `spike_recorder` with `start`, `stop`, `origin`: [`RecordingWindow::nest`]; NEST's
    /// stamp of a spike is its step + 1).
    ///
    /// ```
    /// use neurodim_dyn::monitor::RecordingWindow;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let params = IafPscDeltaParams { i_e: 1000.0 * pA, ..IafPscDeltaParams::default() };
    /// let cell = net.add_population("cell", IafPscDelta::new(1, params)?)?;
    /// let window = RecordingWindow::nest(&ActivityWindow::new(50.0 * ms, 100.0 * ms)?, net.dt())?;
    /// let spikes = net.monitor_spikes_in(cell, window)?;
    /// net.init(0)?;
    /// net.run_for(200.0 * ms)?;
    /// let steps = net.spike_monitor(spikes)?.spike_steps().to_vec();
    /// assert!(!steps.is_empty() && steps.iter().all(|&s| (500..1000).contains(&s)));
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn monitor_spikes_in(
        &mut self,
        population: PopulationId,
        window: RecordingWindow,
    ) -> Result<SpikeMonitorId, DynError> {
        let monitor = SpikeMonitor::new(self.population(population)?.len())?.within(window);
        self.spike_monitors.push((population, monitor));
        Ok(SpikeMonitorId(self.spike_monitors.len() - 1, self.tag))
    }

    /// Counts the spikes of every neuron of `population` from the next step on, keeping no
    /// spike ([`SpikeMonitor::counting`]: 8 bytes per neuron for any length of run).
    pub fn monitor_spike_counts(
        &mut self,
        population: PopulationId,
    ) -> Result<SpikeMonitorId, DynError> {
        let monitor = SpikeMonitor::counting(self.population(population)?.len())?;
        self.spike_monitors.push((population, monitor));
        Ok(SpikeMonitorId(self.spike_monitors.len() - 1, self.tag))
    }

    /// Every state that [`monitor_state`](Self::monitor_state) can record, in the order the
    /// network's [`Stateful`] walk visits them: each of its states, less random streams.
    fn recordable(&self) -> Vec<Recordable> {
        let mut found = Vec::new();
        for_each_state(self, |path, state| {
            if matches!(state.value_type(), ValueType::Real(_) | ValueType::Bool) {
                found.push(Recordable {
                    path: path.to_string(),
                    value_type: state.value_type(),
                    len: state.full_shape().iter().product(),
                });
            }
        });
        found
    }

    /// The paths of every state that [`monitor_state`](Self::monitor_state) can record: each
    /// state of real or boolean values that the network's [`Stateful`] walk shows — of the
    /// populations (`"E.V"`, `"E.w"`, `"E.spike"`, …), of the synapse states (`"EE.syn.g"`,
    /// `"EE.syn.h"`, …), of the projections (short-term plasticity's `"EE.stp.u"`, …) — in
    /// the order of [`list_states`](neurodim_state::list_states). Random streams are not
    /// recordable.
    pub fn recordable_states(&self) -> Vec<String> {
        self.recordable().into_iter().map(|state| state.path).collect()
    }

    /// Samples the state at `path` every `every` steps at the elements `indices` (flat
    /// positions in the state's `[batch, ..shape]`; a neuron's index for a population's or a
    /// synapse's state): the steps `0, every, 2·every, …`, or under NEST's
    /// [`TimingConventions`] those NEST's multimeter of that interval samples
    /// (`every − 1, 2·every − 1, …`, stamped `every·dt, 2·every·dt, …`). `path` names any state of real or boolean values of the network: of a
    /// population, `"<population>.<state>"` (`"E.V"`, ALIF's `"E.a"`, AdEx's `"E.w"`, a user
    /// model's own), of a synapse state, `"<projection>.syn.<state>"` (`"EE.syn.g"`, Alpha's
    /// `"EE.syn.h"`; the projection that created the state), or of a projection
    /// (`"EE.stp.u"`); the accepted paths are those of
    /// [`recordable_states`](Self::recordable_states). The path is checked here, once. A step
    /// that samples walks the network towards it — a name comparison per part of the network,
    /// then the few states of the part that holds it — and copies the chosen values; other
    /// steps only count.
    ///
    /// Errors: a path that names no such state is a [`DynError::UnknownState`] listing the
    /// recordable ones; an index out of range, a repeated index, no index, or `every = 0` is
    /// refused as by [`StateMonitor::new`].
    ///
    /// ```
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let e = net.add_population("E", Lif::new(4, LifParams::default())?)?;
    /// net.set_current(e, 0.5 * mA)?;
    /// let v = net.monitor_state("E.V", &[0, 3], 10)?; // neurons 0 and 3, every 1 ms
    /// net.init(0)?;
    /// net.run_for(10.0 * ms)?;
    /// let v = net.voltage_trace(v)?;
    /// assert_eq!(v.num_samples(), 10);
    /// let v0: Vec<Voltage> = v.trace(0).collect(); // neuron 0, rising towards R·I = 0.5 mV
    /// assert!(v0.windows(2).all(|w| w[0] < w[1]));
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn monitor_state(
        &mut self,
        path: &str,
        indices: &[usize],
        every: u64,
    ) -> Result<TraceId, DynError> {
        let schedule = match self.conventions {
            TimingConventions::Brainstate => SampleSchedule::every(every)?,
            TimingConventions::Nest => {
                let interval = every as f64 * self.dt();
                SampleSchedule::nest_multimeter(interval, 0.0 * self.dt(), self.dt())?
            }
        };
        self.monitor_state_on(path, indices, schedule)
    }

    /// Records the state at `path` of the neurons `indices` at the steps of `schedule`, as
    /// [`monitor_state`](Self::monitor_state) does every `k` steps: e.g. as NEST's `multimeter`
    /// samples ([`SampleSchedule::nest_multimeter`], within a [`RecordingWindow::nest`]).
    ///
    /// ```
    /// use neurodim_dyn::monitor::SampleSchedule;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = net.add_population("cell", IafPscDelta::new(1, IafPscDeltaParams::default())?)?;
    /// // NEST's multimeter with interval 1 ms: the stamps 1, 2, 3 … ms, no sample at 0
    /// let schedule = SampleSchedule::nest_multimeter(1.0 * ms, 0.0 * ms, net.dt())?;
    /// let v = net.monitor_state_on("cell.V", &[0], schedule)?;
    /// net.init(0)?;
    /// net.run_for(5.0 * ms)?;
    /// let steps: Vec<u64> = net.state_trace(v)?.si().sample_steps().collect();
    /// assert_eq!(steps, [9, 19, 29, 39, 49]); // NEST's stamps: steps + 1
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn monitor_state_on(
        &mut self,
        path: &str,
        indices: &[usize],
        schedule: SampleSchedule,
    ) -> Result<TraceId, DynError> {
        let mut recordable = self.recordable();
        let Some(at) = recordable.iter().position(|state| state.path == path) else {
            return Err(DynError::UnknownState {
                what: "monitored state".into(),
                path: path.into(),
                known: recordable.into_iter().map(|state| state.path).collect(),
            });
        };
        let state = recordable.swap_remove(at);
        let monitor = StateMonitor::scheduled(state.len, indices, schedule)?;
        let mut trace = Trace {
            len: state.len,
            paths: String::new(),
            recording: StateTrace::new(state.path, state.value_type, monitor),
        };
        trace.size_buffer(self);
        self.traces.push(trace);
        Ok(TraceId(self.traces.len() - 1, self.tag))
    }

    /// A spike monitor's recording; [`DynError::ForeignId`] for an id of another network.
    pub fn spike_monitor(&self, id: SpikeMonitorId) -> Result<&SpikeMonitor, DynError> {
        let foreign = || DynError::ForeignId { what: "spike monitor", id: format!("{}", id.0) };
        let found = self.spike_monitors.get(id.0).filter(|_| id.1 == self.tag);
        found.map(|(_, monitor)| monitor).ok_or_else(foreign)
    }

    /// The recording of the state monitored as `id`, with its path and unit; [`DynError::ForeignId`] for an
    /// id of another network.
    pub fn state_trace(&self, id: TraceId) -> Result<&StateTrace, DynError> {
        let foreign = || DynError::ForeignId { what: "trace", id: format!("{}", id.0) };
        let found = self.traces.get(id.0).filter(|_| id.1 == self.tag);
        found.map(|trace| &trace.recording).ok_or_else(foreign)
    }

    /// The trace `id` as potentials; an error if it is not a trace of this network, or not of
    /// a voltage (see [`state_trace`](Self::state_trace) for any state).
    pub fn voltage_trace(&self, id: TraceId) -> Result<StateMonitor<Voltage>, DynError> {
        self.state_trace(id)?.to_monitor()
    }

    /// The trace `id` as conductances; an error if it is not a trace of this network, or not
    /// of a conductance (see [`state_trace`](Self::state_trace) for any state).
    pub fn conductance_trace(&self, id: TraceId) -> Result<StateMonitor<Conductance>, DynError> {
        self.state_trace(id)?.to_monitor()
    }

    /// Reserves room for `steps` more steps of recording in every monitor (spike monitors:
    /// `expected_spikes` more spikes), so that a run allocates nothing. Refused before
    /// anything is allocated if that would not fit in the available memory (the error says how
    /// much it needs).
    pub fn reserve_monitors(&mut self, steps: u64, expected_spikes: usize) -> Result<(), DynError> {
        self.check_monitor_reservation(steps, expected_spikes)?;
        for (_, monitor) in &mut self.spike_monitors {
            monitor.reserve(expected_spikes);
        }
        // The walk to a state may have grown since its monitor was made (a population gains
        // a spike history when a delayed projection reads it), so its buffer is sized anew.
        let Ok(()) = self.for_each_trace(|trace, network| {
            trace.recording.monitor_mut().reserve_steps(steps);
            trace.size_buffer(network);
            Ok::<(), Infallible>(())
        });
        Ok(())
    }

    /// Records step `ctx` into every state trace.
    pub(crate) fn record_traces(&mut self, ctx: &StepContext) -> Result<(), DynError> {
        self.for_each_trace(|trace, network| trace.record(ctx, network))
    }

    /// Calls `f` on each trace with the network it belongs to. The traces are moved out
    /// meanwhile (moving a `Vec` allocates nothing), so that a trace can read the network's
    /// states while it records them.
    fn for_each_trace<E>(
        &mut self,
        mut f: impl FnMut(&mut Trace, &Network<F>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut traces = mem::take(&mut self.traces);
        let result = traces.iter_mut().try_for_each(|trace| f(trace, self));
        self.traces = traces;
        result
    }

    pub(crate) fn clear_monitors(&mut self) {
        self.spike_monitors.iter_mut().for_each(|(_, monitor)| monitor.clear());
        for trace in &mut self.traces {
            trace.recording.monitor_mut().clear();
        }
        self.clear_weight_changes();
    }
}

/// Records the spikes of one step into every spike monitor.
pub(crate) fn record_spikes<F: Precision>(
    ctx: &StepContext,
    populations: &[Population<F>],
    spike_monitors: &mut [(PopulationId, SpikeMonitor)],
) -> Result<(), DynError> {
    for (population, monitor) in spike_monitors {
        let population = &populations[population.0];
        monitor.record_fired(ctx, population.spikes.values(), &population.fired)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::connect::OneToOne;
    use crate::network::Network;
    use crate::neuron::{Alif, AlifParams, Lif, LifParams};
    use crate::output::Cuba;
    use crate::projection::{AlignPost, OutputKind};
    use crate::synapse::ExponParams;

    use crate::network::test_cells::lif_test_cell;

    #[test]
    fn spike_monitors_of_the_lif_test_cell() {
        let (mut net, pop) = lif_test_cell();
        let spikes = net.monitor_spikes(pop).unwrap();
        let counts = net.monitor_spike_counts(pop).unwrap();
        net.init(0).unwrap();
        net.run(200).unwrap();
        assert_eq!(net.spike_monitor(spikes).unwrap().num_spikes(), 1);
        net.run(20).unwrap();
        assert_eq!(net.spike_monitor(spikes).unwrap().spike_steps(), &[109, 219]);
        assert_eq!(net.spike_monitor(counts).unwrap().counts(), &[2]); // steps 109 and 219
    }

    #[test]
    fn recordable_states_of_an_alif_population() {
        let mut net = Network::new(0.1 * ms).unwrap();
        net.add_population("E", Alif::new(4, AlifParams::default()).unwrap()).unwrap();
        assert_eq!(net.recordable_states(), ["E.V", "E.a", "E.spike"]);
    }

    #[test]
    fn monitor_state_refuses_unknown_paths_and_indices() {
        let mut net = Network::new(0.1 * ms).unwrap();
        net.add_population("E", Lif::new(4, LifParams::default()).unwrap()).unwrap();
        let v = net.monitor_state("E.V", &[0, 3], 10).unwrap();
        assert_eq!(
            net.monitor_state("E.W", &[0], 1).unwrap_err().to_string(),
            r#"monitored state: no state "E.W" (known: ["E.V", "E.spike"])"#
        );
        assert!(net.monitor_state("E.V", &[4], 1).is_err());
        net.init(0).unwrap();
        net.run(100).unwrap();
        assert_eq!(net.voltage_trace(v).unwrap().num_samples(), 10);
    }

    #[test]
    fn a_trace_of_a_dimensionless_state() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let e = net.add_population("E", Alif::new(2, AlifParams::default()).unwrap()).unwrap();
        net.set_current(e, 2.0 * mA).unwrap();
        let a = net.monitor_state("E.a", &[0], 1).unwrap();
        net.init(0).unwrap();
        net.run(50).unwrap();
        let trace = net.state_trace(a).unwrap();
        assert_eq!(trace.path(), "E.a");
        let a_values = trace.to_monitor::<f64>().unwrap(); // ALIF's adaptation is dimensionless
        assert_eq!(a_values.num_samples(), 50);
    }

    #[test]
    fn a_voltage_trace_is_no_conductance_trace() {
        let (mut net, _) = lif_test_cell();
        let v = net.monitor_state("cell.V", &[0], 1).unwrap();
        net.init(0).unwrap();
        net.run(2).unwrap();
        let trace = net.voltage_trace(v).unwrap();
        // brainstate: 0.0149252 mV after one step
        assert!((trace.sample(0).unwrap()[0].value_in(mV) - 0.0149252).abs() < 1e-7);
        assert!(net.conductance_trace(v).is_err());
    }

    #[test]
    fn a_conductance_trace_shows_the_arriving_spike() {
        let (mut net, pop) = lif_test_cell();
        let conn = OneToOne.topology(1).unwrap().with_weight(1.0 * nS).unwrap();
        let syn = ExponParams::default();
        let out = OutputKind::Cuba(Cuba::default());
        net.add_align_post("rec", AlignPost::new(pop, pop, conn, syn, out)).unwrap();
        let g = net.monitor_state("rec.syn.g", &[0], 1).unwrap();
        net.init(0).unwrap();
        net.run(111).unwrap();
        let trace: Vec<Conductance> = net.conductance_trace(g).unwrap().trace(0).collect();
        assert_eq!((trace[109], trace[110]), (0.0 * nS, 1.0 * nS));
    }

    #[test]
    fn reserve_monitors_refuses_what_no_memory_holds() {
        let (mut net, pop) = lif_test_cell();
        let spikes = net.monitor_spikes(pop).unwrap();
        net.reserve_monitors(10_000, 100).unwrap();
        assert!(net.reserve_monitors(u64::MAX, usize::MAX).is_err()); // beyond any memory
        assert!(net.spike_monitor(spikes).unwrap().capacity() >= 100);
    }
}
