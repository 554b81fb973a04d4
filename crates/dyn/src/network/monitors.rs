use neurodim_state::StepContext;
use neurodim_units::{Conductance, Voltage};

use crate::DynError;
use crate::monitor::{SpikeMonitor, StateMonitor};
use crate::network::population::Population;
use crate::network::{Network, PopulationId, SpikeMonitorId, TraceId};
use crate::projection::group::SynapseGroup;

/// A sampled state of a network: a population's V or a synapse group's g.
pub(crate) enum Trace {
    Voltage(PopulationId, StateMonitor<Voltage>),
    Conductance(usize, StateMonitor<Conductance>),
}

impl Network {
    /// Records the spikes of every neuron of `population` from the next step on.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let params = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    /// let e = net.add_population("E", Lif::new(Shape::vector(1)?, params)?)?;
    /// net.set_current(e, 1.5 * mA)?;
    /// let spikes = net.monitor_spikes(e)?;
    /// net.init(0)?;
    /// net.run(220, |_| {})?;
    /// assert_eq!(net.spike_monitor(spikes).unwrap().spike_steps(), &[109, 219]); // brainstate's LIF test cell
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn monitor_spikes(&mut self, population: PopulationId) -> Result<SpikeMonitorId, DynError> {
        let monitor = SpikeMonitor::new(self.population(population)?.len())?;
        self.spike_monitors.push((population, monitor));
        Ok(SpikeMonitorId(self.spike_monitors.len() - 1, self.tag))
    }

    /// Samples a state every `every` steps at the neurons `indices`. `path` names a population's
    /// potential, `"<population>.V"`, or a synapse state's conductance, `"<projection>.syn.g"`
    /// (the projection that created the state); any other path is an error.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// net.add_population("E", Lif::new(Shape::vector(4)?, LifParams::default())?)?;
    /// let v = net.monitor_state("E.V", &[0, 3], 10)?;
    /// assert!(net.monitor_state("E.W", &[0], 1).is_err());
    /// assert!(net.monitor_state("I.V", &[0], 1).is_err());
    /// net.init(0)?;
    /// net.run(100, |_| {})?;
    /// assert_eq!(net.voltage_trace(v).unwrap().num_samples(), 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn monitor_state(
        &mut self,
        path: &str,
        indices: &[usize],
        every: u64,
    ) -> Result<TraceId, DynError> {
        let missing = || {
            DynError::invalid(
                "monitored state",
                format!("{path:?}"),
                "must be `<population>.V` or `<projection>.syn.g` of this network",
            )
        };
        let trace = if let Some(population) = path.strip_suffix(".V") {
            let id = self
                .populations
                .iter()
                .position(|p| p.name == population && p.neurons().is_some())
                .ok_or_else(missing)?;
            let n = self.populations[id].len();
            Trace::Voltage(PopulationId(id, self.tag), StateMonitor::new(n, indices, every)?)
        } else if let Some(projection) = path.strip_suffix(".syn.g") {
            let id = self.groups.iter().position(|g| g.name == projection).ok_or_else(missing)?;
            let n = self.populations[self.groups[id].post.0].len();
            Trace::Conductance(id, StateMonitor::new(n, indices, every)?)
        } else {
            return Err(missing());
        };
        self.traces.push(trace);
        Ok(TraceId(self.traces.len() - 1, self.tag))
    }

    /// A spike monitor's recording, `None` for an id of another network.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// let spikes = net.monitor_spikes(pop)?;
    /// net.init(0)?;
    /// net.run(200, |_| {})?;
    /// assert_eq!(net.spike_monitor(spikes).unwrap().num_spikes(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn spike_monitor(&self, id: SpikeMonitorId) -> Option<&SpikeMonitor> {
        self.spike_monitors.get(id.0).filter(|_| id.1 == self.tag).map(|(_, monitor)| monitor)
    }

    /// A potential trace, `None` if `id` is not a `"<population>.V"` trace of this network.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// let v = net.monitor_state("cell.V", &[0], 1)?;
    /// net.init(0)?;
    /// net.run(2, |_| {})?;
    /// let trace = net.voltage_trace(v).unwrap();
    /// assert!((trace.sample(0).unwrap()[0].value_in(mV) - 0.0149252).abs() < 1e-7); // spec §2.1
    /// assert!(net.conductance_trace(v).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn voltage_trace(&self, id: TraceId) -> Option<&StateMonitor<Voltage>> {
        match self.traces.get(id.0).filter(|_| id.1 == self.tag)? {
            Trace::Voltage(_, monitor) => Some(monitor),
            Trace::Conductance(..) => None,
        }
    }

    /// A conductance trace, `None` if `id` is not a `"<projection>.syn.g"` trace of this
    /// network.
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// use neurodim_dyn::connect::OneToOne;
    /// use neurodim_dyn::output::Cuba;
    /// use neurodim_dyn::projection::{AlignPost, OutputKind};
    /// use neurodim_dyn::synapse::ExponParams;
    /// let conn = OneToOne::new(1)?.topology()?.with_weight(1.0 * nS)?;
    /// let syn = ExponParams::default();
    /// net.add_align_post("rec", AlignPost::new(pop, pop, conn, syn, OutputKind::Cuba(Cuba::default())))?;
    /// let g = net.monitor_state("rec.syn.g", &[0], 1)?;
    /// net.init(0)?;
    /// net.run(111, |_| {})?;
    /// let trace: Vec<Conductance> = net.conductance_trace(g).unwrap().trace(0).collect();
    /// assert_eq!((trace[109], trace[110]), (0.0 * nS, 1.0 * nS));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn conductance_trace(&self, id: TraceId) -> Option<&StateMonitor<Conductance>> {
        match self.traces.get(id.0).filter(|_| id.1 == self.tag)? {
            Trace::Conductance(_, monitor) => Some(monitor),
            Trace::Voltage(..) => None,
        }
    }

    /// Reserves room for `steps` more steps of recording in every monitor (spike monitors:
    /// `expected_spikes` more spikes), so that a run allocates nothing. Refused before
    /// anything is allocated if that would not fit in the available memory (the error says how
    /// much it needs).
    ///
    /// ```
    /// use neurodim_dyn::network::Network;
    /// use neurodim_dyn::neuron::{Lif, LifParams};
    /// use neurodim_state::Shape;
    /// use neurodim_units::*;
    /// // brainstate's LIF test cell: spikes at steps 109 and 219 (spec §2.1)
    /// let mut net = Network::new(0.1 * ms)?;
    /// let cell = Lif::new(Shape::vector(1)?, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
    /// let pop = net.add_population("cell", cell)?;
    /// net.set_current(pop, 1.5 * mA)?;
    /// let spikes = net.monitor_spikes(pop)?;
    /// net.reserve_monitors(10_000, 100)?;
    /// assert!(net.reserve_monitors(u64::MAX, usize::MAX).is_err()); // beyond any memory
    /// assert!(net.spike_monitor(spikes).unwrap().capacity() >= 100);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reserve_monitors(&mut self, steps: u64, expected_spikes: usize) -> Result<(), DynError> {
        self.check_monitor_reservation(steps, expected_spikes)?;
        for (_, monitor) in &mut self.spike_monitors {
            monitor.reserve(expected_spikes);
        }
        for trace in &mut self.traces {
            match trace {
                Trace::Voltage(_, monitor) => monitor.reserve_steps(steps),
                Trace::Conductance(_, monitor) => monitor.reserve_steps(steps),
            }
        }
        Ok(())
    }

    pub(crate) fn clear_monitors(&mut self) {
        self.spike_monitors.iter_mut().for_each(|(_, monitor)| monitor.clear());
        for trace in &mut self.traces {
            match trace {
                Trace::Voltage(_, monitor) => monitor.clear(),
                Trace::Conductance(_, monitor) => monitor.clear(),
            }
        }
    }
}

/// Records one step into every monitor.
pub(crate) fn record(
    ctx: &StepContext,
    populations: &[Population],
    groups: &[SynapseGroup],
    spike_monitors: &mut [(PopulationId, SpikeMonitor)],
    traces: &mut [Trace],
) -> Result<(), DynError> {
    for (population, monitor) in spike_monitors {
        let population = &populations[population.0];
        monitor.record_fired(ctx, population.spikes.values(), &population.fired)?;
    }
    for trace in traces {
        match trace {
            Trace::Voltage(population, monitor) => {
                monitor.record(ctx, populations[population.0].v())?
            }
            Trace::Conductance(group, monitor) => {
                monitor.record(ctx, groups[*group].synapse.as_dyn().g())?
            }
        }
    }
    Ok(())
}
