//! [`Network::connect`]: a projection stated by its rule, weight, synapse and output, wired
//! from the network's seed at [`init`](Network::init).

use neurodim_state::StreamKey;
use neurodim_units::{Conductance, Current, Time, V};

use crate::DynError;
use crate::connect::{ConnectionRule, SynapseDelays, Topology};
use crate::network::fingerprint::StructureHash;
use crate::network::{Network, NetworkPrecision, PopulationId};
use crate::output::Cuba;
use crate::plasticity::SpikeTimingRule;
use crate::plasticity::attached::AttachedRule;
use crate::projection::{AlignPost, OutputKind, Presynaptic, ShortTermPlasticity, SynapseKind};

/// A projection whose connectivity is drawn by the network: its rule and weight, and the seed
/// it was last drawn from.
#[derive(Debug)]
pub(crate) struct Wiring {
    name: String,
    rule: Box<dyn ConnectionRule>,
    weight: Conductance,
    /// The seed of the `init` it was drawn at; `None` until the first.
    drawn_from: Option<u64>,
}

/// A projection being stated, from [`Network::connect`]: set its [`rule`](Self::rule),
/// [`weight`](Self::weight), [`synapse`](Self::synapse) and [`output`](Self::output) (all
/// four required, except the output for a weight in amperes), optionally a [`delay`](Self::delay) and
/// [`short-term plasticity`](Self::short_term_plasticity), then [`add`](Self::add) it.
///
/// The sizes come from the populations, so the rule is stated without them. The synapses are
/// drawn at [`init`](Network::init) from the stream `"<name>.conn"` of its seed — the
/// convention of brainstate, which draws connectivity in `init_all_states` — and drawn again
/// by an `init` with another seed, so one seed defines the whole network. Until the first
/// `init` the projection has no synapses, and running refuses to start.
///
/// What the projection becomes is an [`AlignPost`] (the synapse state on the post side,
/// merged with that of other projections onto the same population with an equal synapse and
/// output): see [`add_align_post`](Network::add_align_post) for a connectivity built by hand.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let n = net.add_population("N", Lif::new(100, LifParams::default())?)?;
/// net.connect("E", n.neurons(0..80), n)
///     .rule(FixedOutDegree::new(10))
///     .weight(0.6 * mS)
///     .synapse(ExponParams { tau: 5.0 * ms })
///     .output(Coba::new(0.0 * mV)?)
///     .delay(1.0 * ms)
///     .add()?;
/// net.init(7)?;
/// assert_eq!(net.connectivity("E").unwrap().n_synapses(), 80 * 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "a projection is only added by `.add()`"]
pub struct ProjectionBuilder<'a, F: NetworkPrecision> {
    network: &'a mut Network<F>,
    name: String,
    pre: Presynaptic,
    post: PopulationId,
    rule: Option<Box<dyn ConnectionRule>>,
    weight: Option<ProjectionWeight>,
    synapse: Option<SynapseKind>,
    output: Option<OutputKind>,
    delay: Option<Time>,
    plasticity: Option<ShortTermPlasticity>,
    stdp: Option<Box<dyn AttachedRule>>,
}

/// The weight of a [`Network::connect`]ed projection's synapses, by its unit.
///
/// - A conductance: what a spike adds to the synapse's `g`; the output (COBA, CUBA, Mg²⁺
///   block) turns `g` into a current.
/// - A current: a current-based synapse. A spike adds `w / (1 V)` to `g`, read through a CUBA
///   output of scale 1 V (`I = g · 1 V`), so that the synapse's current jumps by `w`, decays
///   with the synapse's kinetics, and does not depend on V — brainstate's way of writing a
///   current-based synapse, without stating its scale.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let (pre, post) = (net.add_population("pre", Lif::new(1, LifParams::default())?)?,
///                    net.add_population("post", Lif::new(1, LifParams::default())?)?);
/// net.set_current(pre, 30.0 * mA)?;
/// net.connect("pre2post", pre, post)
///     .rule(OneToOne)
///     .weight(0.5 * mA) // current-based
///     .synapse(ExponParams { tau: 5.0 * ms })
///     .add()?;
/// net.init(0)?;
/// net.run(100)?;
/// assert!(net.neurons(post)?.v()[0] > 0.0 * mV);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProjectionWeight {
    /// A conductance added to `g` by each spike.
    Conductance(Conductance),
    /// A current a spike switches on, decaying with the synapse.
    Current(Current),
}

impl From<Conductance> for ProjectionWeight {
    fn from(w: Conductance) -> Self {
        ProjectionWeight::Conductance(w)
    }
}

impl From<Current> for ProjectionWeight {
    fn from(w: Current) -> Self {
        ProjectionWeight::Current(w)
    }
}

impl<F: NetworkPrecision> Network<F> {
    /// States a projection `name` from `pre` (a population or a range of its neurons) onto the
    /// neurons `post`; see [`ProjectionBuilder`].
    pub fn connect(
        &mut self,
        name: &str,
        pre: impl Into<Presynaptic>,
        post: PopulationId,
    ) -> ProjectionBuilder<'_, F> {
        ProjectionBuilder {
            network: self,
            name: name.to_string(),
            pre: pre.into(),
            post,
            rule: None,
            weight: None,
            synapse: None,
            output: None,
            delay: None,
            plasticity: None,
            stdp: None,
        }
    }

    /// The topology of the projection `name` ([`connect`](Self::connect)ed or added with a
    /// connectivity): `None` for a name that is not an align-post projection of this network.
    /// Before the first [`init`](Self::init), a connected projection has no synapses.
    ///
    /// See [`ProjectionBuilder`] for an example.
    pub fn connectivity(&self, name: &str) -> Option<&Topology> {
        let pathway = self.groups.iter().flat_map(|g| &g.members).find(|m| m.name == name)?;
        Some(pathway.connectivity().topology())
    }

    /// Draws the projections stated by [`connect`](Self::connect) from `seed`, those not yet
    /// drawn from it; then the fingerprint covers the synapses drawn.
    pub(crate) fn wire(&mut self, seed: u64) -> Result<(), DynError> {
        let mut drawn = StructureHash::new();
        for wiring in &mut self.wirings {
            let pathway = self
                .groups
                .iter_mut()
                .flat_map(|g| &mut g.members)
                .find(|m| m.name == wiring.name)
                .expect("a wiring names a projection of its network");
            if wiring.drawn_from != Some(seed) {
                let topology = pathway.connectivity().topology();
                let (n_pre, n_post) = (topology.n_pre(), topology.n_post());
                let mut rng = StreamKey::new(seed, &format!("{}.conn", wiring.name)).rng();
                let topology = wiring.rule.connect(n_pre, n_post, &mut rng)?;
                pathway.rewire(topology.with_weight(wiring.weight)?.stored_as()?)?;
                wiring.drawn_from = Some(seed);
            }
            drawn.text(&wiring.name).connectivity(pathway.connectivity());
        }
        self.wired_fingerprint = (!self.wirings.is_empty()).then(|| drawn.value());
        Ok(())
    }

    /// An error naming the first projection stated by [`connect`](Self::connect) that has not
    /// been drawn yet (no [`init`](Self::init) since it was added).
    pub(crate) fn check_wired(&self) -> Result<(), DynError> {
        match self.wirings.iter().find(|w| w.drawn_from.is_none()) {
            Some(wiring) => Err(DynError::invalid(
                "projection",
                format!("{:?}", wiring.name),
                "has no synapses until `init` draws them: call `init(seed)` after adding it",
            )),
            None => Ok(()),
        }
    }
}

impl<F: NetworkPrecision> ProjectionBuilder<'_, F> {
    /// How the neurons connect ([`FixedOutDegree`](crate::connect::FixedOutDegree),
    /// [`PairwiseBernoulli`](crate::connect::PairwiseBernoulli), …), stated without sizes.
    pub fn rule(mut self, rule: impl ConnectionRule + 'static) -> Self {
        self.rule = Some(Box::new(rule));
        self
    }

    /// The weight of every synapse: a conductance a spike adds to `g`, or a current for a
    /// current-based synapse (see [`ProjectionWeight`]).
    pub fn weight(mut self, weight: impl Into<ProjectionWeight>) -> Self {
        self.weight = Some(weight.into());
        self
    }

    /// The synapse model with its parameters
    /// ([`ExponParams`](crate::synapse::ExponParams), …).
    pub fn synapse(mut self, synapse: impl Into<SynapseKind>) -> Self {
        self.synapse = Some(synapse.into());
        self
    }

    /// How `g` becomes a current into `post` ([`Coba`](crate::output::Coba),
    /// [`Cuba`](crate::output::Cuba), [`MgBlock`](crate::output::MgBlock)).
    pub fn output(mut self, output: impl Into<OutputKind>) -> Self {
        self.output = Some(output.into());
        self
    }

    /// One transmission delay for every synapse (rounded to steps; default none): a spike of
    /// step `n` changes `g` at the start of step `n + 1 + round(delay / dt)`.
    pub fn delay(mut self, delay: Time) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Short-term plasticity of what the presynaptic spikes deliver
    /// ([`StpParams`](crate::synapse::StpParams) or [`StdParams`](crate::synapse::StdParams)).
    pub fn short_term_plasticity(mut self, plasticity: impl Into<ShortTermPlasticity>) -> Self {
        self.plasticity = Some(plasticity.into());
        self
    }

    /// Changes the weights by a spike-timing rule ([`plasticity`](crate::plasticity)): see
    /// [`AlignPost::with_stdp`]. The weights start from [`weight`](Self::weight), a
    /// conductance the rule must accept (checked when `init` draws the synapses; a weight in
    /// amperes is refused when the projection is added).
    ///
    /// ```
    /// use neurodim_dyn::plasticity::Stdp;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let n = net.add_population("N", Lif::new(100, LifParams::default())?)?;
    /// net.set_current(n, 25.0 * mA)?;
    /// net.connect("EE", n, n)
    ///     .rule(FixedOutDegree::new(10))
    ///     .weight(1.0 * nS)
    ///     .synapse(ExponParams::default())
    ///     .output(Coba::new(0.0 * mV)?)
    ///     .delay(1.0 * ms)
    ///     .stdp(Stdp::additive(2.0 * nS))
    ///     .add()?;
    /// net.init(0)?;
    /// net.run_for(200.0 * ms)?;
    /// let w = net.weights("EE")?;
    /// assert_eq!(w.len(), 1000);
    /// assert!(w.iter().any(|&w| w != 1.0 * nS));
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn stdp(mut self, rule: impl SpikeTimingRule<Weight = Conductance>) -> Self {
        self.stdp = Some(Box::new(rule));
        self
    }

    /// Adds the projection. Fails when one of rule, weight, synapse or output is missing (or an
    /// output is given for a weight in amperes), on
    /// a name already in use, a population of another network, a source range out of bounds,
    /// a negative or non-finite weight or delay, or invalid synapse parameters; each error
    /// names what it refuses.
    pub fn add(self) -> Result<(), DynError> {
        let ProjectionBuilder {
            network, name, pre, post, rule, weight, synapse, output, stdp, ..
        } = self;
        let missing = |what| DynError::invalid(what, "missing", "`Network::connect` needs it");
        let rule = rule.ok_or_else(|| missing("rule"))?;
        let synapse = synapse.ok_or_else(|| missing("synapse"))?;
        let (weight, output) = match (weight.ok_or_else(|| missing("weight"))?, output) {
            (ProjectionWeight::Conductance(w), Some(output)) => (w, output),
            (ProjectionWeight::Conductance(_), None) => return Err(missing("output")),
            (ProjectionWeight::Current(i), output) => {
                let per_volt = OutputKind::Cuba(Cuba::new(1.0 * V)?);
                if output.is_some_and(|output| output != per_volt) {
                    return Err(DynError::invalid(
                        "output",
                        format!("{output:?} for a weight in amperes"),
                        "a current weight makes the synapse current-based: leave `.output` out",
                    ));
                }
                if stdp.is_some() {
                    return Err(DynError::invalid(
                        "weight",
                        format!("{i:?} with a spike-timing rule"),
                        "a spike-timing rule's bounds are conductances: give the weight in siemens",
                    ));
                }
                (i / (1.0 * V), per_volt)
            }
        };
        let delays = match self.delay {
            Some(delay) => SynapseDelays::uniform(delay, network.dt())?,
            None => SynapseDelays::none(),
        };
        let n_pre = match pre.range() {
            Some(range) => range.len(),
            None => network.population(pre.population())?.len(),
        };
        let n_post = network.target(post)?.len();
        // Checked now, so that an invalid weight is refused here rather than at `init`.
        let unwired = Topology::empty(n_pre, n_post)?.with_weight(weight)?;
        let mut fingerprint = network.fingerprint.clone();
        fingerprint.text("connect").text(&name).source(&pre).count(post.0).debug(&rule);
        fingerprint.real(weight.value).delays(&delays).debug(&synapse).debug(&output);
        fingerprint.debug(&self.plasticity).debug(&stdp);
        let mut projection =
            AlignPost::new(pre, post, unwired, synapse, output).with_delays(delays);
        projection.plasticity = self.plasticity;
        projection.stdp = stdp;
        network.insert_align_post(&name, projection, fingerprint)?;
        network.wirings.push(Wiring { name, rule, weight, drawn_from: None });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use neurodim_state::{Checkpoint, StreamKey};
    use neurodim_units::prelude::*;

    use crate::DynError;
    use crate::connect::{ConnectionRule, FixedOutDegree, PairwiseBernoulli};
    use crate::network::{Network, PopulationId, ProjectionBuilder};
    use crate::neuron::{LifRef, LifRefParams};
    use crate::output::Coba;
    use crate::projection::AlignPost;
    use crate::synapse::ExponParams;

    const N: usize = 200;
    const N_EXC: usize = 160;

    /// brainstate's COBA cell, driven to fire.
    fn cells(net: &mut Network) -> PopulationId {
        let params = LifRefParams {
            tau: 20.0 * ms,
            tau_ref: 5.0 * ms,
            v_rest: -60.0 * mV,
            v_th: -50.0 * mV,
            v_reset: -60.0 * mV,
            ..LifRefParams::default()
        };
        let pop = net.add_population("N", LifRef::new(N, params).unwrap()).unwrap();
        net.set_current(pop, 20.0 * mA).unwrap();
        pop
    }

    /// The E→all and I→all projections of the COBA net, stated by `connect`.
    fn connected() -> (Network, PopulationId) {
        let mut net = Network::new(0.1 * ms).unwrap();
        let pop = cells(&mut net);
        for (name, range, w, tau, e) in [
            ("E", 0..N_EXC, 6.0 * mS, 5.0 * ms, 0.0 * mV),
            ("I", N_EXC..N, 67.0 * mS, 10.0 * ms, -80.0 * mV),
        ] {
            net.connect(name, pop.neurons(range), pop)
                .rule(FixedOutDegree::new(20))
                .weight(w)
                .synapse(ExponParams { tau })
                .output(Coba::new(e).unwrap())
                .delay(0.5 * ms)
                .add()
                .unwrap();
        }
        (net, pop)
    }

    /// The same network with the connectivity drawn by hand from the streams `connect` uses.
    fn by_hand(seed: u64) -> (Network, PopulationId) {
        let mut net = Network::new(0.1 * ms).unwrap();
        let pop = cells(&mut net);
        for (name, range, w, tau, e) in [
            ("E", 0..N_EXC, 6.0 * mS, 5.0 * ms, 0.0 * mV),
            ("I", N_EXC..N, 67.0 * mS, 10.0 * ms, -80.0 * mV),
        ] {
            let rng = &mut StreamKey::new(seed, &format!("{name}.conn")).rng();
            let conn = FixedOutDegree::new(20).connect(range.len(), N, rng).unwrap();
            let delays = crate::connect::SynapseDelays::uniform(0.5 * ms, 0.1 * ms).unwrap();
            let out = Coba::new(e).unwrap();
            let proj = AlignPost::new(
                pop.neurons(range),
                pop,
                conn.with_weight(w).unwrap(),
                ExponParams { tau },
                out,
            );
            net.add_align_post(name, proj.with_delays(delays)).unwrap();
        }
        (net, pop)
    }

    fn run(net: &mut Network, pop: PopulationId, seed: u64) -> Vec<Voltage> {
        net.init(seed).unwrap();
        net.run(300).unwrap();
        net.neurons(pop).unwrap().v().to_vec()
    }

    #[test]
    fn connect_draws_what_the_convention_draws_by_hand() {
        let (mut net, pop) = connected();
        let (mut reference, ref_pop) = by_hand(5);
        let v = run(&mut net, pop, 5);
        assert_eq!(v, run(&mut reference, ref_pop, 5));
        assert_eq!(net.connectivity("E"), reference.connectivity("E"));
        assert_eq!(net.connectivity("I").unwrap().n_synapses(), (N - N_EXC) * 20);
        // the recurrent input acts: without the projections V ends elsewhere
        let mut alone = Network::new(0.1 * ms).unwrap();
        let alone_pop = cells(&mut alone);
        assert_ne!(v, run(&mut alone, alone_pop, 5));
    }

    #[test]
    fn init_with_another_seed_draws_again_and_the_same_seed_keeps() {
        let (mut net, pop) = connected();
        net.init(1).unwrap();
        let first = net.connectivity("E").unwrap().clone();
        let v1 = run(&mut net, pop, 1);
        net.init(2).unwrap();
        assert_ne!(net.connectivity("E").unwrap(), &first);
        let (mut other, other_pop) = by_hand(2);
        assert_eq!(run(&mut net, pop, 2), run(&mut other, other_pop, 2));
        net.init(1).unwrap();
        assert_eq!(net.connectivity("E").unwrap(), &first);
        assert_eq!(run(&mut net, pop, 1), v1);
    }

    #[test]
    fn the_fingerprint_covers_the_drawn_synapses() {
        let (mut a, _) = connected();
        let (mut b, _) = connected();
        a.init(1).unwrap();
        b.init(1).unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
        a.run(10).unwrap();
        let saved: Checkpoint = a.checkpoint();
        b.init(2).unwrap();
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert!(b.restore(&saved).is_err(), "a checkpoint of other synapses is refused");
        b.init(1).unwrap();
        b.restore(&saved).unwrap();
        // another rule, same everything else: another network
        let mut c = Network::new(0.1 * ms).unwrap();
        let pop = cells(&mut c);
        c.connect("E", pop.neurons(0..N_EXC), pop)
            .rule(PairwiseBernoulli::new(Probability::new(0.1).unwrap()))
            .weight(6.0 * mS)
            .synapse(ExponParams { tau: 5.0 * ms })
            .output(Coba::new(0.0 * mV).unwrap())
            .add()
            .unwrap();
        c.init(1).unwrap();
        assert_ne!(c.fingerprint(), a.fingerprint());
    }

    #[test]
    fn running_before_init_draws_is_refused() {
        let (mut net, _) = connected();
        let e = net.run(1).unwrap_err();
        assert_eq!(e.param(), Some("projection"));
        assert!(e.to_string().contains("\"E\""), "{e}");
    }

    #[test]
    fn missing_or_invalid_pieces_are_named() {
        let mut net = Network::new(0.1 * ms).unwrap();
        let pop = cells(&mut net);
        let param = |e: DynError| e.param();
        fn full<'a>(
            net: &'a mut Network,
            pop: PopulationId,
            name: &str,
        ) -> ProjectionBuilder<'a, f64> {
            net.connect(name, pop, pop)
                .rule(FixedOutDegree::new(5))
                .weight(1.0 * nS)
                .synapse(ExponParams::default())
                .output(Coba::new(0.0 * mV).unwrap())
        }
        let no_rule = net
            .connect("a", pop, pop)
            .weight(1.0 * nS)
            .synapse(ExponParams::default())
            .output(Coba::new(0.0 * mV).unwrap());
        assert_eq!(no_rule.add().map_err(param), Err(Some("rule")));
        let no_weight =
            net.connect("a", pop, pop).rule(FixedOutDegree::new(5)).synapse(ExponParams::default());
        assert_eq!(no_weight.add().map_err(param), Err(Some("weight")));
        let e = full(&mut net, pop, "a").weight(f64::NAN * nS).add().unwrap_err();
        assert!(e.to_string().contains("NaN"), "{e}");
        let e = full(&mut net, pop, "a").delay(-1.0 * ms).add().unwrap_err();
        assert!(e.to_string().contains("delay"), "{e}");
        let e = full(&mut net, pop, "a.b").add().unwrap_err();
        assert_eq!(e.param(), Some("name"));
        let e = net.connect("a", pop.neurons(150..250), pop).rule(FixedOutDegree::new(5));
        let e =
            e.weight(1.0 * nS).synapse(ExponParams::default()).output(Coba::new(0.0 * mV).unwrap());
        assert!(e.add().is_err(), "a source range past the population");
        full(&mut net, pop, "a").add().unwrap();
        assert_eq!(full(&mut net, pop, "a").add().map_err(param), Err(Some("name")));
        // an unmet rule is refused at init, naming the degree
        net.connect("b", pop.neurons(0..3), pop)
            .rule(FixedOutDegree::new(N + 1).multapses(false))
            .weight(1.0 * nS)
            .synapse(ExponParams::default())
            .output(Coba::new(0.0 * mV).unwrap())
            .add()
            .unwrap();
        assert_eq!(net.init(0).map_err(param), Err(Some("degree")));
    }

    #[test]
    fn a_weight_in_amperes_is_a_current_based_synapse() {
        use crate::output::Cuba;
        let build = |current: bool| {
            let mut net = Network::new(0.1 * ms).unwrap();
            let pop = cells(&mut net);
            let projection =
                net.connect("E", pop.neurons(0..N_EXC), pop).rule(FixedOutDegree::new(20));
            let projection = projection.synapse(ExponParams { tau: 5.0 * ms });
            if current {
                projection.weight(2.0 * mA).add().unwrap();
            } else {
                let scale = Cuba::new(1.0 * neurodim_units::V).unwrap();
                projection.weight(2.0 * mS).output(scale).add().unwrap();
            }
            (net, pop)
        };
        let ((mut a, pa), (mut b, pb)) = (build(true), build(false));
        assert_eq!(run(&mut a, pa, 4), run(&mut b, pb, 4));
        let mut net = Network::new(0.1 * ms).unwrap();
        let pop = cells(&mut net);
        let coba = net.connect("E", pop, pop).rule(FixedOutDegree::new(2)).weight(1.0 * nA);
        let coba = coba.synapse(ExponParams::default()).output(Coba::new(0.0 * mV).unwrap());
        assert_eq!(coba.add().unwrap_err().param(), Some("output"));
        let no_output = net.connect("F", pop, pop).rule(FixedOutDegree::new(2)).weight(1.0 * nS);
        let no_output = no_output.synapse(ExponParams::default());
        assert_eq!(no_output.add().unwrap_err().param(), Some("output"));
    }
}
