//! The network engine: populations, projections, inputs and monitors, stepped together.
//!
//! A [`Network`] owns neuron populations (any [`Neuron`]), their
//! external currents (constant, per neuron, or a [waveform](crate::input::CurrentWaveform),
//! plus any [noise currents](crate::input::NoiseCurrent)),
//! [`AlignPost`](crate::projection::AlignPost), [`Delta`](crate::projection::Delta) and
//! [`CurrentProj`](crate::projection::CurrentProj) projections between them, [Poisson inputs](crate::input::PoissonInput) into a population's
//! V or a synapse's g, NEST's [spike generators](crate::input::SpikeDevice) into a population's
//! V or spike-weight ports, [spike sources](SpikeSource) that projections read from, and monitors. One [`step`](Network::step) of `dt` runs, in this order:
//!
//! 1. inputs: the currents of the step (noise currents drawn when due and summed with the
//!    external current); Poisson counts, added where spikes arrive (into g with the step's
//!    arrivals, into V with the step's voltage jumps); what spike generators sent NEST's delay
//!    ago (into the voltage jumps or the ports), and what they send now;
//! 2. every projection sends the spikes of the previous step into its delay ring and takes the
//!    summed weights due now;
//! 3. synapses update: `g ← g·e^{−dt/τ} + Δg` (one shared state per merged group);
//! 4. outputs fill each population's synaptic drive at the post-reset V, including those of
//!    [current projections](crate::projection::CurrentProj), bound to `W·g` of the `g` updated in
//!    step 3 (or to `W·(k·V)` of a population's V at the start of the step);
//! 5. neurons integrate (plus voltage jumps from delta projections) and emit spikes; spike
//!    sources emit theirs;
//! 6. monitors record.
//!
//! A spike emitted in step `n` thus reaches a synapse of delay `d` at the start of step
//! `n + 1 + round(d / dt)`; with `d = 0` it acts on V in step `n + 1`, as in brainstate's
//! COBA/CUBA examples. All buffers are allocated when the network is built; a step allocates
//! nothing (monitors grow geometrically, or not at all after
//! [`reserve_monitors`](Network::reserve_monitors)).
//!
//! The network is [`Stateful`](neurodim_state::Stateful): its states have paths like
//! `"E.V"`, `"E.spike"`, `"E2I.syn.g"` and `"ext.rng"` (the position of a random stream), so
//! [`init_all`](neurodim_state::init_all), [`reset_all`](neurodim_state::reset_all) and
//! [`Checkpoint`](neurodim_state::Checkpoint) work on it; [`Network::init`] initialises
//! everything from one seed, bit-reproducibly, and [`Network::resume_at`] continues a restored
//! checkpoint bit for bit, spikes in flight on delayed projections and random streams included.
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_state::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! // brainstate's COBA network, 10× smaller
//! let params = LifRefParams {
//!     tau: 20.0 * ms, tau_ref: 5.0 * ms,
//!     v_rest: -60.0 * mV, v_th: -50.0 * mV, v_reset: -60.0 * mV,
//!     ..LifRefParams::default()
//! };
//! let neurons = LifRef::new(400, params)?.with_v_initializer(Normal::new(-55.0 * mV, 2.0 * mV)?);
//! let mut net = Network::new(0.1 * ms)?;
//! let pop = net.add_population("N", neurons)?;
//! net.set_current(pop, 20.0 * mA)?;
//! for (name, range, w, tau, e) in [
//!     ("E", 0..320, 0.6 * mS, 5.0 * ms, 0.0 * mV),
//!     ("I", 320..400, 6.7 * mS, 10.0 * ms, -80.0 * mV),
//! ] {
//!     net.connect(name, pop.neurons(range), pop)
//!         .rule(FixedOutDegree::new(80))
//!         .weight(w)
//!         .synapse(ExponParams { tau })
//!         .output(Coba::new(e)?)
//!         .add()?;
//! }
//! let spikes = net.monitor_spikes(pop)?;
//! net.init(0)?;
//! net.run_for(100.0 * ms)?;
//! let rate = net.spike_monitor(spikes)?.mean_rate(0.0 * ms..100.0 * ms)?;
//! assert!(rate > 30.0 * Hz && rate < 70.0 * Hz, "{rate:?}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use neurodim_state::{Environment, StateValue};
use neurodim_units::Time;

use crate::DynError;
use crate::monitor::SpikeMonitor;
use crate::network::monitors::Trace;
use crate::network::poisson::PoissonFeed;
use crate::network::population::Population;
use crate::network::port_pathway::PortPathway;
use crate::network::spike_device_feed::SpikeDeviceFeed;
use crate::neuron::Neuron;
use crate::projection::align_pre::PreReceptors;
use crate::projection::current::{CurrentPathway, PathwayOrigin};
use crate::projection::group::SynapseGroup;
use crate::projection::pathway::Pathway;

mod build;
mod checkpoint;
mod connect;
mod fingerprint;
mod ids;
mod inputs;
mod limits;
pub(crate) mod linear_drive;
mod memory;
mod monitors;
mod noise;
mod plan;
pub(crate) mod poisson;
mod poisson_drive;
mod population;
mod port_pathway;
mod precision;
mod run;
mod source;
mod spike_device_builder;
mod spike_device_feed;
mod stage_plan;
mod stateful;
mod threads;
mod time_scales;
mod timing_conventions;
mod weights;

pub use connect::{ProjectionBuilder, ProjectionWeight};
pub use ids::{PopulationId, SpikeMonitorId, TraceId, WeightRecorderId};
pub use memory::{available_memory, check_memory};
pub use plan::{NetworkPlan, PopulationPlan, StepPlan};
pub use poisson_drive::PoissonDriveBuilder;
pub use precision::NetworkPrecision;
pub use run::FINITE_CHECK_STEPS;
pub use source::SpikeSource;
pub use spike_device_builder::{DeviceWeight, SpikeDeviceBuilder};
pub use stage_plan::SharedStage;
pub use timing_conventions::TimingConventions;

/// Populations, projections, inputs and monitors stepped together; see the
/// [module documentation](self) for the schedule.
pub struct Network<F: NetworkPrecision = f64> {
    env: Environment,
    /// What unstated delays, current timings and sampling mean.
    conventions: TimingConventions,
    populations: Vec<Population<F>>,
    groups: Vec<SynapseGroup<F>>,
    deltas: Vec<(PopulationId, Pathway<neurodim_units::Voltage>)>,
    /// Current projections, run after the synapse groups (their `g` of the step is read).
    currents: Vec<CurrentPathway>,
    /// The receptors of align-pre projections, read by their current pathways.
    receptors: Vec<PreReceptors>,
    /// Per population, the summed voltage jumps of the step (empty without delta projections).
    delta_inputs: Vec<Vec<neurodim_units::Voltage>>,
    /// Static projections onto the spike-weight ports of their post populations.
    statics: Vec<PortPathway>,
    /// Per population, the summed spike weights of the step on its two ports, in SI units
    /// (empty without static projections).
    port_inputs: Vec<[Vec<f64>; 2]>,
    /// Poisson inputs into the V of a population, as voltage jumps.
    v_inputs: Vec<(PopulationId, PoissonFeed<neurodim_units::Voltage>)>,
    /// Noise currents into the populations, summed with their external currents.
    noise_currents: Vec<(PopulationId, noise::NoiseFeed)>,
    /// NEST's spike generators, each onto the voltage jumps or the ports of a population.
    spike_devices: Vec<SpikeDeviceFeed>,
    spike_monitors: Vec<(PopulationId, SpikeMonitor)>,
    traces: Vec<Trace>,
    weight_recorders: Vec<crate::monitor::WeightChanges>,
    next_step: u64,
    /// Steps run since the states were last checked to be finite.
    steps_unchecked: u64,
    /// The step plan, made at `init` (or before the first step) and dropped by any change of
    /// structure or threads.
    plan: Option<NetworkPlan>,
    /// The seed of the last [`init`](Network::init), for the streams of the Poisson inputs.
    seed: u64,
    /// The identity its ids carry.
    tag: ids::NetworkTag,
    /// The hash of everything added so far, for the fingerprint of its checkpoints.
    fingerprint: fingerprint::StructureHash,
    /// The projections stated by [`connect`](Network::connect), drawn at `init`.
    wirings: Vec<connect::Wiring>,
    /// The hash of the synapses drawn for `wirings` at the last `init` (`None` without any).
    wired_fingerprint: Option<u64>,
    /// The worker threads of [`set_threads`](Network::set_threads), `None` for one thread.
    #[cfg(feature = "parallel")]
    pool: Option<rayon::ThreadPool>,
}

/// The time step, the step index, and the names of the populations and projections.
impl<F: NetworkPrecision> core::fmt::Debug for Network<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let populations: Vec<&str> = self.populations.iter().map(|p| p.name.as_str()).collect();
        let align_post = self.groups.iter().flat_map(|g| &g.members).map(|m| m.name.as_str());
        let delta = self.deltas.iter().map(|(_, d)| d.name.as_str());
        let statics = self.statics.iter().map(PortPathway::name);
        let current = self.currents.iter().map(|c| c.name.as_str());
        let projections: Vec<&str> =
            align_post.chain(delta).chain(statics).chain(current).collect();
        f.debug_struct("Network")
            .field("dt", &self.env.dt())
            .field("step", &self.next_step)
            .field("populations", &populations)
            .field("projections", &projections)
            .finish_non_exhaustive()
    }
}

impl<F: NetworkPrecision> Network<F> {
    /// The time step.
    pub fn dt(&self) -> Time {
        self.env.dt()
    }

    /// The index of the next step (the number of steps run since the last restart).
    pub fn step_index(&self) -> u64 {
        self.next_step
    }

    /// The time at the start of the next step, `step_index · dt`.
    pub fn time(&self) -> Time {
        self.env.step(self.next_step).t
    }

    /// The total number of neurons.
    pub fn num_neurons(&self) -> usize {
        self.populations.iter().map(Population::len).sum()
    }

    /// The total number of synapses of all projections.
    pub fn num_synapses(&self) -> usize {
        let align_post = self.groups.iter().flat_map(|g| &g.members);
        align_post.map(|m| m.connectivity().topology().n_synapses()).sum::<usize>()
            + self
                .deltas
                .iter()
                .map(|(_, d)| d.connectivity().topology().n_synapses())
                .sum::<usize>()
            + self.statics.iter().map(PortPathway::n_synapses).sum::<usize>()
    }

    /// A population's neurons (read-only); an error for a spike source or an id of another
    /// network.
    pub fn neurons(&self, id: PopulationId) -> Result<&dyn Neuron<F>, DynError> {
        let population = self.population(id)?;
        population.neurons().ok_or_else(|| build::not_a_target(&population.name))
    }

    /// The spikes a population emitted in the last step; [`DynError::ForeignId`] for an id of
    /// another network.
    pub fn spikes(&self, id: PopulationId) -> Result<&[bool], DynError> {
        Ok(self.population(id)?.spikes.values())
    }

    /// The conductance of the synapse state created by projection `name` (`"<name>.syn.g"`),
    /// if there is one.
    pub fn conductance(&self, name: &str) -> Option<Vec<neurodim_units::Conductance>> {
        let group = self.groups.iter().find(|g| g.name == name);
        if let Some(group) = group {
            return Some(quantities_of(group.synapse.as_dyn().g()));
        }
        // an align-pre projection's conductance is its pathway's `Σ w·r`
        let is_align_pre = |c: &&CurrentPathway| matches!(c.source, PathwayOrigin::Receptors(_));
        self.currents.iter().filter(is_align_pre).find(|c| c.name == name).map(|c| c.g.clone())
    }
}

/// Stored values (of any precision) as the quantity `Q` they hold.
fn quantities_of<S: StateValue, Q: StateValue>(stored: &[S]) -> Vec<Q> {
    stored.iter().map(|x| Q::from_si(x.to_si())).collect()
}

/// Networks the unit tests of the network's modules share.
#[cfg(test)]
pub(crate) mod test_cells {
    use neurodim_units::prelude::*;

    use crate::network::{Network, PopulationId};
    use crate::neuron::{Lif, LifParams};

    /// brainstate's LIF test cell (τ = 10 ms, 1.5 mA, dt = 0.1 ms): spikes at steps 109 and 219.
    pub(crate) fn lif_test_cell() -> (Network, PopulationId) {
        let mut net = Network::new(0.1 * ms).unwrap();
        let cell = Lif::new(1, LifParams { tau: 10.0 * ms, ..LifParams::default() }).unwrap();
        let pop = net.add_population("cell", cell).unwrap();
        net.set_current(pop, 1.5 * mA).unwrap();
        (net, pop)
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::connect::OneToOne;
    use crate::network::Network;
    use crate::output::Cuba;
    use crate::projection::{AlignPost, Delta, OutputKind};
    use crate::synapse::ExponParams;

    use crate::network::test_cells::lif_test_cell;

    #[test]
    fn debug_names_the_network() {
        let net = Network::new(0.1 * ms).unwrap();
        assert!(format!("{net:?}").starts_with("Network"));
    }

    #[test]
    fn dt_step_index_and_time_follow_the_run() {
        assert_eq!(Network::new(0.1 * ms).unwrap().dt(), 0.1 * ms);
        let (mut net, _) = lif_test_cell();
        net.init(0).unwrap();
        net.run(3).unwrap();
        assert_eq!(net.step_index(), 3);
        net.run(1).unwrap();
        assert_eq!(net.time(), 4.0 * (0.1 * ms));
    }

    #[test]
    fn counts_neurons_and_synapses() {
        let (mut net, pop) = lif_test_cell();
        assert_eq!(net.num_neurons(), 1);
        assert_eq!(net.neurons(pop).unwrap().shape().len(), 1);
        let conn = OneToOne.topology(1).unwrap().with_weight(0.1 * mV).unwrap();
        net.add_delta("self", Delta::new(pop, pop, conn)).unwrap();
        assert_eq!(net.num_synapses(), 1);
    }

    #[test]
    fn spikes_of_the_last_step() {
        let (mut net, pop) = lif_test_cell();
        net.init(0).unwrap();
        net.step().unwrap();
        assert_eq!(net.spikes(pop).unwrap(), &[false]);
    }

    #[test]
    fn conductance_of_a_projection_by_name() {
        let (mut net, pop) = lif_test_cell();
        let conn = OneToOne.topology(1).unwrap().with_weight(1.0 * nS).unwrap();
        let syn = ExponParams::default();
        let out = OutputKind::Cuba(Cuba::default());
        net.add_align_post("rec", AlignPost::new(pop, pop, conn, syn, out)).unwrap();
        net.init(0).unwrap();
        net.run(111).unwrap(); // the spike of step 109 arrives at step 110
        assert!(net.conductance("rec").unwrap()[0] > 0.0 * nS);
        assert!(net.conductance("nothing").is_none());
    }
}
