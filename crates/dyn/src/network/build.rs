use neurodim_state::{Environment, Shape, StateValue, StreamKey, StreamState};
use neurodim_units::validate::finite;
use neurodim_units::{Time, Voltage, ms};

use crate::DynError;
use crate::connect::check_population;
use crate::connect::{Connectivity, SynapseDelays, Weights};
use crate::kernel::{NeuronModel, Neurons, SpikeWeight};
use crate::network::fingerprint::StructureHash;
use crate::network::ids::NetworkTag;
use crate::network::population::{Population, SynapticInput, Unit};
use crate::network::port_pathway::{PortPathway, PortRing};
use crate::network::time_scales;
use crate::network::timing_conventions::NEST_DEFAULT_DELAY_MS;
use crate::network::{Network, NetworkPrecision, PopulationId, SpikeSource, TimingConventions};
use crate::neuron::Neuron;
use crate::output::SynapticOutput;
use crate::projection::align_pre::PreReceptors;
use crate::projection::current::{CurrentOrigin, CurrentPathway, PathwayOrigin};
use crate::projection::group::{Arrival, SynapseGroup};
use crate::projection::pathway::Pathway;
use crate::projection::{
    AlignPost, AlignPre, CurrentProj, Delta, OutputKind, PortWeight, Presynaptic, StaticSynapses,
    SynapseKind,
};
use crate::synapse::Receptor;

impl Network {
    /// An empty network stepped with `dt` (> 0), its states stored in `f64` (see
    /// [`with_precision`](Network::with_precision) for `f32`).
    pub fn new(dt: Time) -> Result<Self, DynError> {
        Network::with_precision(dt)
    }
}

impl<F: NetworkPrecision> Network<F> {
    /// An empty network stepped with `dt` (> 0), its states stored in `F` (`f32` or `f64`):
    /// its populations are [`Neurons<M, F>`](Neurons) and its synapse states are built in `F`.
    ///
    /// See [`NetworkPrecision`] for an example.
    pub fn with_precision(dt: Time) -> Result<Self, DynError> {
        Ok(Network {
            env: Environment::new(dt)?,
            conventions: TimingConventions::Brainstate,
            populations: Vec::new(),
            groups: Vec::new(),
            deltas: Vec::new(),
            currents: Vec::new(),
            receptors: Vec::new(),
            v_inputs: Vec::new(),
            noise_currents: Vec::new(),
            spike_devices: Vec::new(),
            delta_inputs: Vec::new(),
            statics: Vec::new(),
            port_inputs: Vec::new(),
            spike_monitors: Vec::new(),
            traces: Vec::new(),
            weight_recorders: Vec::new(),
            next_step: 0,
            steps_unchecked: 0,
            plan: None,
            seed: 0,
            tag: NetworkTag::unique(),
            fingerprint: StructureHash::new(),
            wirings: Vec::new(),
            wired_fingerprint: None,
            #[cfg(feature = "parallel")]
            pool: None,
        })
    }

    /// Sets the timing the network gives what its parts leave unstated (default
    /// [`TimingConventions::Brainstate`]); see [`TimingConventions`] for an example. It must
    /// be set before anything is added (it decides what is added), else an error naming
    /// `conventions`.
    pub fn set_conventions(&mut self, conventions: TimingConventions) -> Result<(), DynError> {
        if !self.populations.is_empty() {
            return Err(DynError::invalid(
                "conventions",
                format!("{conventions:?}"),
                "must be set before the first population is added",
            ));
        }
        self.conventions = conventions;
        self.fingerprint.text("conventions").debug(&conventions);
        Ok(())
    }

    /// The timing conventions ([`set_conventions`](Self::set_conventions)).
    pub fn conventions(&self) -> TimingConventions {
        self.conventions
    }

    /// `delays`, or NEST's default delay of 1 ms under NEST's conventions where none is
    /// given ([`SynapseDelays::none`]).
    fn stated_delays(&self, delays: SynapseDelays) -> Result<SynapseDelays, DynError> {
        if self.conventions == TimingConventions::Nest && delays == SynapseDelays::none() {
            SynapseDelays::nest(NEST_DEFAULT_DELAY_MS * ms, self.dt())
        } else {
            Ok(delays)
        }
    }

    /// Adds a population under `name` (its states get the paths `"<name>.V"`, …, and
    /// `"<name>.spike"`). Names are unique within the network, non-empty and without `.`.
    pub fn add_population<M: NeuronModel>(
        &mut self,
        name: &str,
        neurons: Neurons<M, F>,
    ) -> Result<PopulationId, DynError> {
        self.check_new_name(name)?;
        neurons.params().check_dt(self.dt())?;
        let shape = neurons.shape().clone();
        let mut fingerprint = self.fingerprint.clone();
        fingerprint.text("population").text(name).text(M::NAME).debug(&neurons.params());
        fingerprint.debug(&shape);
        let id = self.push_population(name, Unit::Neurons(Box::new(neurons)), shape)?;
        self.fingerprint = fingerprint;
        Ok(id)
    }

    /// Adds a spike generator under `name` as a population that projections can read from
    /// (not a target): it emits its spikes with the neurons, so a spike it emits in step `n`
    /// arrives like a neuron's, at step `n + 1 + k`. Its spikes are the state `"<name>.spike"`;
    /// its randomness comes from the stream `StreamKey::new(seed, name)`, restarted by
    /// [`init`](Self::init) and [`reset`](Self::reset), whose position is the state
    /// `"<name>.rng"` (so checkpoints keep it).
    ///
    /// See [`SpikeSource`] for an example.
    pub fn add_spike_source(
        &mut self,
        name: &str,
        source: impl SpikeSource + 'static,
    ) -> Result<PopulationId, DynError> {
        self.check_new_name(name)?;
        source.check_dt(self.dt())?;
        let shape = Shape::vector(source.size())?;
        let rng = StreamState::new(StreamKey::new(self.seed, name));
        let mut fingerprint = self.fingerprint.clone();
        fingerprint.text("spike source").text(name).count(shape.len());
        fingerprint.parameters(|hasher| source.hash_parameters(hasher));
        let id = self.push_population(name, Unit::SpikeSource(Box::new(source), rng), shape)?;
        self.fingerprint = fingerprint;
        Ok(id)
    }

    fn push_population(
        &mut self,
        name: &str,
        unit: Unit<F>,
        shape: Shape,
    ) -> Result<PopulationId, DynError> {
        // Spikes travel as `u32` indices, as in the connectivity.
        check_population("population size", shape.len())?;
        self.plan = None;
        self.populations.push(Population::new(name.to_string(), unit, shape));
        self.delta_inputs.push(Vec::new());
        self.port_inputs.push([Vec::new(), Vec::new()]);
        Ok(PopulationId(self.populations.len() - 1, self.tag))
    }

    /// Adds an [`AlignPost`] projection under `name`. Its connectivity must have `n_pre` equal
    /// to the size of its source and `n_post` equal to the size of its target. It joins the
    /// synapse state of an earlier projection onto the same population with an equal synapse
    /// kind and output, or creates one at `"<name>.syn"`.
    ///
    /// See [`AlignPost`] for an example.
    pub fn add_align_post(
        &mut self,
        name: &str,
        mut projection: AlignPost,
    ) -> Result<(), DynError> {
        projection.delays = self.stated_delays(projection.delays)?;
        let mut fingerprint = self.fingerprint.clone();
        fingerprint.align_post(name, &projection);
        self.insert_align_post(name, projection, fingerprint)
    }

    /// [`add_align_post`](Self::add_align_post) with the fingerprint the network has once it
    /// is added.
    pub(crate) fn insert_align_post(
        &mut self,
        name: &str,
        mut projection: AlignPost,
        fingerprint: StructureHash,
    ) -> Result<(), DynError> {
        self.check_new_name(name)?;
        projection.delays = self.stated_delays(projection.delays)?;
        projection.delays.check_dt(self.dt())?;
        time_scales::check_align_post(&projection, self.dt())?;
        let AlignPost { pre, post, connectivity, delays, synapse, output, plasticity, stdp } =
            projection;
        let post_len = self.target(post)?.len();
        let (pre_id, neurons) = self.resolve(&pre, connectivity.topology().n_pre())?;
        check_size(
            "connectivity n_post (the post population)",
            post_len,
            connectivity.topology().n_post(),
        )?;
        let dt = self.env.dt();
        let connectivity = connectivity.stored_as::<Arrival<F>>()?;
        let pathway = Pathway::new(name.to_string(), pre_id, neurons, connectivity, delays)?;
        let pathway = match plasticity {
            Some(plasticity) => pathway.with_plasticity(plasticity, dt)?,
            None => pathway,
        };
        let pathway = match stdp {
            Some(rule) => {
                let topology = pathway.connectivity().topology();
                let max_delay = pathway.max_delay_steps() as u16;
                let kernel = F::plastic_kernel(rule.as_ref(), topology, max_delay, dt)?;
                pathway.with_stdp(kernel)?
            }
            None => pathway,
        };
        self.populations[pre_id.0].keep_history(name, pathway.max_delay_steps(), dt)?;
        let group = self.synapse_group(name, post, synapse, output)?;
        self.groups[group].members.push(pathway);
        self.fingerprint = fingerprint;
        Ok(())
    }

    /// The synapse group onto `post` with this synapse and output: an existing one, or a new
    /// one named `name` (its state `"<name>.syn"`). Validates the synapse's parameters.
    pub(crate) fn synapse_group(
        &mut self,
        name: &str,
        post: PopulationId,
        synapse: SynapseKind,
        output: OutputKind,
    ) -> Result<usize, DynError> {
        if let Some(group) = self.groups.iter().position(|g| g.accepts(post, &synapse, &output)) {
            return Ok(group);
        }
        let shape = self.target(post)?.shape().clone();
        let n_post = shape.len();
        let state = synapse.build(shape)?;
        self.plan = None;
        let group = SynapseGroup::new(name.to_string(), post, n_post, synapse, output, state);
        self.groups.push(group);
        self.receive_output(post, &output);
        Ok(self.groups.len() - 1)
    }

    /// Adds an [`AlignPre`] projection under `name`: receptors on every neuron of its `pre`
    /// population, spread to `post` (sizes checked as for
    /// [`add_align_post`](Self::add_align_post); the receptor's parameters validated).
    ///
    /// See [`AlignPre`] for an example.
    pub fn add_align_pre(&mut self, name: &str, projection: AlignPre) -> Result<(), DynError> {
        self.check_new_name(name)?;
        let mut fingerprint = self.fingerprint.clone();
        fingerprint.align_pre(name, &projection);
        let AlignPre { pre, post, connectivity, receptor, output } = projection;
        let post_len = self.target(post)?.len();
        let topology = connectivity.topology();
        let (pre_id, neurons) = self.resolve(&pre, topology.n_pre())?;
        check_size("connectivity n_post (the post population)", post_len, topology.n_post())?;
        let checked = Receptor::new(neurons.len(), receptor)?;
        time_scales::check_receptor(&receptor, self.dt())?;
        let receptor = checked;
        // the maximal conductances in siemens, as the current pathway multiplies them
        let weights = match connectivity.weights() {
            Weights::Homogeneous(w) => Weights::Homogeneous(w.to_si()),
            Weights::PerSynapse(ws) => Weights::PerSynapse(ws.iter().map(|w| w.to_si()).collect()),
        };
        let comm = Connectivity::new(topology.clone(), weights)?;
        self.receptors.push(PreReceptors {
            name: name.to_string(),
            pre: pre_id,
            neurons,
            receptor,
        });
        let source = PathwayOrigin::Receptors(self.receptors.len() - 1);
        self.receive_output(post, &output);
        self.plan = None;
        self.currents.push(CurrentPathway::new(name.to_string(), source, comm, output, post));
        self.fingerprint = fingerprint;
        Ok(())
    }

    /// Adds a [`Delta`] projection under `name` (sizes checked as for
    /// [`add_align_post`](Self::add_align_post)).
    ///
    /// See [`Delta`] for an example.
    pub fn add_delta(&mut self, name: &str, mut projection: Delta) -> Result<(), DynError> {
        self.check_new_name(name)?;
        projection.delays = self.stated_delays(projection.delays)?;
        projection.delays.check_dt(self.dt())?;
        let mut fingerprint = self.fingerprint.clone();
        fingerprint.delta(name, &projection);
        let Delta { pre, post, connectivity, delays } = projection;
        let post_len = self.target(post)?.len();
        let (pre_id, neurons) = self.resolve(&pre, connectivity.topology().n_pre())?;
        check_size(
            "connectivity n_post (the post population)",
            post_len,
            connectivity.topology().n_post(),
        )?;
        let pathway = Pathway::new(name.to_string(), pre_id, neurons, connectivity, delays)?;
        let dt = self.env.dt();
        self.populations[pre_id.0].keep_history(name, pathway.max_delay_steps(), dt)?;
        self.plan = None;
        self.deltas.push((post, pathway));
        self.delta_inputs[post.0] = vec![Voltage::default(); post_len];
        self.fingerprint = fingerprint;
        Ok(())
    }

    /// Adds a [`StaticSynapses`] projection under `name`: its spikes add their weights to the
    /// port of their sign on the post neurons (NEST's `static_synapse`). The weights must be of
    /// the post model's kind ([`SpikeWeight`]) and share one sign; the connectivity's sizes must
    /// be those of its source and target.
    ///
    /// See [`StaticSynapses`] for an example.
    pub fn add_static_synapses<W: PortWeight>(
        &mut self,
        name: &str,
        mut projection: StaticSynapses<W>,
    ) -> Result<(), DynError> {
        self.check_new_name(name)?;
        projection.delays = self.stated_delays(projection.delays)?;
        projection.delays.check_dt(self.dt())?;
        let port = projection.port()?;
        let target = self.target(projection.post)?;
        let takes = target.neurons().map_or(SpikeWeight::None, |n| n.spike_weight());
        if takes != W::KIND {
            return Err(DynError::invalid(
                "weight",
                format!(
                    "a {} onto {:?} (whose model takes {})",
                    W::KIND.unit(),
                    target.name,
                    takes.unit()
                ),
                "must be of the kind of the post model's spike weights (NeuronModel::SPIKE_WEIGHT)",
            ));
        }
        let post_len = target.len();
        let mut fingerprint = self.fingerprint.clone();
        fingerprint.static_synapses(name, &projection, port);
        let StaticSynapses { pre, post, connectivity, delays, plasticity } = projection;
        let (pre_id, neurons) = self.resolve(&pre, connectivity.topology().n_pre())?;
        check_size(
            "connectivity n_post (the post population)",
            post_len,
            connectivity.topology().n_post(),
        )?;
        let name = name.to_string();
        // the same values, held in the type of the ring of that kind
        let dt = self.env.dt();
        let ring = match W::KIND {
            SpikeWeight::Current => {
                let pathway =
                    Pathway::new(name.clone(), pre_id, neurons, connectivity.stored_as()?, delays)?;
                PortRing::Current(match plasticity {
                    Some(kind) => pathway.with_plasticity(kind, dt)?,
                    None => pathway,
                })
            }
            SpikeWeight::Conductance => {
                let pathway =
                    Pathway::new(name.clone(), pre_id, neurons, connectivity.stored_as()?, delays)?;
                PortRing::Conductance(match plasticity {
                    Some(kind) => pathway.with_plasticity(kind, dt)?,
                    None => pathway,
                })
            }
            SpikeWeight::None => {
                return Err(DynError::invalid(
                    "weight",
                    W::KIND.unit(),
                    "must be a current or a conductance",
                ));
            }
        };
        let pathway = PortPathway { post, port, ring };
        self.populations[pre_id.0].keep_history(&name, pathway.max_delay_steps(), dt)?;
        self.plan = None;
        self.statics.push(pathway);
        self.port_inputs[post.0] = [vec![0.0; post_len], vec![0.0; post_len]];
        self.populations[post.0].takes_spike_weights = true;
        self.fingerprint = fingerprint;
        Ok(())
    }

    /// Adds a [`CurrentProj`] under `name`. The projection it reads must already be in the
    /// network (an [`AlignPost`]); its communication layer must have `n_pre` equal to the size
    /// of that projection's `g` (its post population) and `n_post` equal to the size of the
    /// target. Each step, after the synapses update, `W·g` is bound as the conductance of its
    /// output, whose current enters the target with the synapses' outputs.
    ///
    /// See [`CurrentProj`] for an example.
    pub fn add_current(&mut self, name: &str, projection: CurrentProj) -> Result<(), DynError> {
        self.check_new_name(name)?;
        let mut fingerprint = self.fingerprint.clone();
        fingerprint.current(name, &projection);
        let CurrentProj { pre, comm, output, post } = projection;
        let post_len = self.target(post)?.len();
        let (source, pre_len, what) = match pre {
            CurrentOrigin::Synapse(pre) => {
                let group = self
                    .groups
                    .iter()
                    .position(|g| g.members.iter().any(|m| m.name == pre))
                    .ok_or_else(|| {
                        DynError::invalid(
                            "current projection pre variable",
                            format!("{pre:?}"),
                            "must name an AlignPost projection already in the network",
                        )
                    })?;
                let len = self.populations[self.groups[group].post.0].len();
                (PathwayOrigin::Group(group), len, format!("the g of {pre:?}"))
            }
            CurrentOrigin::Potential(pre, gain) => {
                finite("current projection gain", gain)?;
                let population = self.target(pre)?;
                let what = format!("the V of {:?}", population.name);
                (PathwayOrigin::Potential(pre, gain), population.len(), what)
            }
        };
        check_size(&format!("communication n_pre ({what})"), pre_len, comm.topology().n_pre())?;
        check_size(
            "communication n_post (the post population)",
            post_len,
            comm.topology().n_post(),
        )?;
        self.receive_output(post, &output);
        self.plan = None;
        self.currents.push(CurrentPathway::new(name.to_string(), source, comm, output, post));
        self.fingerprint = fingerprint;
        Ok(())
    }

    /// Makes `post` take the currents of `output` (a synaptic drive linear in V if the output
    /// depends on V).
    fn receive_output(&mut self, post: PopulationId, output: &OutputKind) {
        let input = if output.linearises_at_v() {
            SynapticInput::Tangent
        } else if output.has_slope() {
            SynapticInput::AffineInV
        } else {
            SynapticInput::Currents
        };
        let population = &mut self.populations[post.0];
        population.synaptic_input = population.synaptic_input.max(input);
    }

    pub(crate) fn population(&self, id: PopulationId) -> Result<&Population<F>, DynError> {
        if id.1 != self.tag {
            return Err(DynError::ForeignId { what: "population", id: format!("{}", id.0) });
        }
        let len = self.populations.len();
        self.populations.get(id.0).ok_or_else(|| unknown_population(id, len))
    }

    /// A population that can be driven: neurons, not a spike source.
    pub(crate) fn target(&self, id: PopulationId) -> Result<&Population<F>, DynError> {
        let population = self.population(id)?;
        match population.unit {
            Unit::Neurons(_) => Ok(population),
            Unit::SpikeSource(..) => Err(not_a_target(&population.name)),
        }
    }

    pub(crate) fn target_mut(&mut self, id: PopulationId) -> Result<&mut Population<F>, DynError> {
        self.target(id)?;
        Ok(&mut self.populations[id.0])
    }

    /// The population and neuron range of a source whose size must be `n_pre`.
    fn resolve(
        &self,
        source: &Presynaptic,
        n_pre: usize,
    ) -> Result<(PopulationId, core::ops::Range<usize>), DynError> {
        let id = source.population();
        let len = self.population(id)?.len();
        let neurons = source.range().unwrap_or(0..len);
        if neurons.start > neurons.end || neurons.end > len {
            return Err(DynError::IndexOutOfRange {
                what: format!("end of the source range {neurons:?}"),
                index: neurons.end,
                len: len + 1,
            });
        }
        check_size("connectivity n_pre (the source)", neurons.len(), n_pre)?;
        Ok((id, neurons))
    }

    pub(crate) fn check_new_name(&self, name: &str) -> Result<(), DynError> {
        if name.is_empty() || name.contains('.') {
            return Err(DynError::invalid(
                "name",
                format!("{name:?}"),
                "must be non-empty, without `.`",
            ));
        }
        let taken = self.populations.iter().any(|p| p.name == name)
            || self.groups.iter().flat_map(|g| &g.members).any(|m| m.name == name)
            || self.deltas.iter().any(|(_, d)| d.name == name)
            || self.statics.iter().any(|s| s.name() == name)
            || self.currents.iter().any(|c| c.name == name)
            || self.v_inputs.iter().any(|(_, input)| input.name == name)
            || self.noise_currents.iter().any(|(_, noise)| noise.name == name)
            || self.spike_devices.iter().any(|device| device.name == name)
            || self.groups.iter().flat_map(|g| &g.inputs).any(|input| input.name == name);
        if taken {
            return Err(DynError::invalid(
                "name",
                format!("{name:?}"),
                "must be unique in the network",
            ));
        }
        Ok(())
    }
}

pub(crate) fn not_a_target(name: &str) -> DynError {
    DynError::invalid(
        "target population",
        format!("{name:?}"),
        "must be neurons, not a spike source",
    )
}

fn unknown_population(id: PopulationId, len: usize) -> DynError {
    DynError::IndexOutOfRange { what: "population".into(), index: id.0, len }
}

pub(crate) fn check_size(what: &str, expected: usize, found: usize) -> Result<(), DynError> {
    if expected == found {
        Ok(())
    } else {
        Err(DynError::SizeMismatch { what: what.into(), expected, found })
    }
}

#[cfg(test)]
mod tests {
    use neurodim_state::Shape;
    use neurodim_units::prelude::*;

    use crate::connect::{AllToAll, OneToOne};
    use crate::input::SpikeTime;
    use crate::kernel::Neurons;
    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};
    use crate::output::{Coba, Cuba};
    use crate::projection::{AlignPost, AlignPre, CurrentProj, OutputKind};
    use crate::synapse::{ExponParams, ReceptorParams};

    /// An `f32` network holds a projection's weights and sums a step's arrivals in `f32`:
    /// three spikes onto one neuron in one step leave its conductance at the `f32` sum of the
    /// rounded weight, which here is not the `f64` sum rounded.
    #[test]
    fn an_f32_network_sums_its_arrivals_in_f32() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::<f32>::with_precision(0.1 * ms)?;
        let source = SpikeTime::new(3, vec![0, 1, 2], vec![0.0 * ms; 3])?;
        let pre = net.add_spike_source("pre", source)?;
        let post = net.add_population("post", Neurons::<_, f32>::new(1, LifParams::default())?)?;
        let w = 0.3 * nS;
        let conn = AllToAll::new().topology(3, 1)?.with_weight(w)?;
        let syn = ExponParams { tau: 5.0 * ms };
        net.add_align_post("p", AlignPost::new(pre, post, conn, syn, Coba::new(0.0 * mV)?))?;
        net.init(0)?;
        net.run(2)?; // the spikes of step 0 arrive in step 1
        let g = net.conductance("p").ok_or("the group p")?[0].value;
        let rounded = w.value as f32;
        let f32_sum = rounded + rounded + rounded;
        assert_ne!(f32_sum, (3.0 * w.value) as f32); // the test tells the two apart
        assert_eq!(g, f64::from(f32_sum));
        Ok(())
    }

    #[test]
    fn a_weight_beyond_f32_is_refused_by_an_f32_network() -> Result<(), Box<dyn std::error::Error>>
    {
        let mut net = Network::<f32>::with_precision(0.1 * ms)?;
        let e = net.add_population("E", Neurons::<_, f32>::new(1, LifParams::default())?)?;
        let conn = OneToOne.topology(1)?.with_weight(1e39 * siemens)?; // finite in f64 only
        let syn = ExponParams { tau: 5.0 * ms };
        let err = net.add_align_post("p", AlignPost::new(e, e, conn, syn, Coba::new(0.0 * mV)?));
        let err = err.unwrap_err();
        assert_eq!(err.param(), Some("weight"), "{err}");
        assert!(err.to_string().contains("network's precision"), "{err}");
        Ok(())
    }

    #[test]
    fn dt_must_be_positive() {
        assert!(Network::new(0.1 * ms).is_ok());
        assert!(Network::new(0.0 * ms).is_err());
    }

    #[test]
    fn an_f32_network_integrates() {
        let mut net = Network::<f32>::with_precision(0.1 * ms).unwrap();
        let lif = crate::kernel::Neurons::<_, f32>::new(2, LifParams::default()).unwrap();
        let e = net.add_population("E", lif).unwrap();
        net.set_current(e, 2.0 * mA).unwrap();
        net.init(0).unwrap();
        net.run(10).unwrap();
        let v: f32 = net.neurons(e).unwrap().v()[0].get().value_in(mV) as f32;
        assert!(v > 0.0);
    }

    #[test]
    fn population_names_are_unique_and_without_dots() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let lif = || Lif::new(Shape::vector(10).unwrap(), LifParams::default()).unwrap();
        net.add_population("E", lif()).unwrap();
        assert!(net.add_population("E", lif()).is_err());
        assert!(net.add_population("a.b", lif()).is_err());
    }

    #[test]
    fn a_spike_source_emits_with_the_neurons_and_is_no_target() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let source = SpikeTime::new(2, vec![1], vec![0.3 * ms]).unwrap();
        let stimulus = net.add_spike_source("stim", source).unwrap();
        net.init(0).unwrap();
        net.run(4).unwrap();
        assert_eq!(net.spikes(stimulus).unwrap(), &[false, true]); // emitted in step 3
        assert!(net.neurons(stimulus).is_err());
    }

    #[test]
    fn an_align_post_connectivity_of_the_wrong_size_is_refused() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let cell = Lif::new(1, LifParams { tau: 10.0 * ms, ..LifParams::default() }).unwrap();
        let pop = net.add_population("cell", cell).unwrap();
        let conn = OneToOne.topology(1).unwrap().with_weight(1.0 * nS).unwrap();
        let syn = ExponParams { tau: 5.0 * ms };
        let out = OutputKind::Coba(Coba::new(0.0 * mV).unwrap());
        net.add_align_post("rec", AlignPost::new(pop, pop, conn, syn, out)).unwrap();
        let wide = OneToOne.topology(2).unwrap().with_weight(1.0 * nS).unwrap();
        assert!(net.add_align_post("bad", AlignPost::new(pop, pop, wide, syn, out)).is_err());
    }

    #[test]
    fn an_align_pre_of_the_wrong_size_or_parameters_is_refused() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let pop = net.add_population("N", Lif::new(2, LifParams::default()).unwrap()).unwrap();
        let conn = OneToOne.topology(2).unwrap().with_weight(1.0 * nS).unwrap();
        let gaba = OutputKind::Coba(Coba::new(-80.0 * mV).unwrap());
        let gaba_a = ReceptorParams::gaba_a();
        net.add_align_pre("GABAa", AlignPre::new(pop, pop, conn.clone(), gaba_a, gaba)).unwrap();
        let wide = OneToOne.topology(3).unwrap().with_weight(1.0 * nS).unwrap();
        assert!(net.add_align_pre("bad", AlignPre::new(pop, pop, wide, gaba_a, gaba)).is_err());
        let slow = ReceptorParams { beta: 0.0 / ms, ..ReceptorParams::gaba_a() };
        assert!(net.add_align_pre("bad", AlignPre::new(pop, pop, conn, slow, gaba)).is_err());
    }

    #[test]
    fn a_current_projection_must_read_a_projection_of_the_network() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let lif = |n| Lif::new(Shape::vector(n).unwrap(), LifParams::default()).unwrap();
        let a = net.add_population("A", lif(2)).unwrap();
        let b = net.add_population("B", lif(2)).unwrap();
        let out = OutputKind::Cuba(Cuba::new(1.0 * mV).unwrap());
        let syn = ExponParams { tau: 5.0 * ms };
        let conn = OneToOne.topology(2).unwrap().with_weight(1.0 * nS).unwrap();
        net.add_align_post("AA", AlignPost::new(a, a, conn, syn, out)).unwrap();
        let comm = || OneToOne.topology(2).unwrap().with_weight(2.0).unwrap();
        net.add_current("AB", CurrentProj::from_synapse("AA", comm(), out, b)).unwrap();
        // no projection named "XY"
        assert!(net.add_current("XB", CurrentProj::from_synapse("XY", comm(), out, b)).is_err());
    }
}
