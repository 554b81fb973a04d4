use neurodim_units::Conductance;

use crate::connect::{Connectivity, SynapseDelays};
use crate::network::PopulationId;
use crate::plasticity::SpikeTimingRule;
use crate::plasticity::attached::AttachedRule;
use crate::projection::{OutputKind, Presynaptic, ShortTermPlasticity, SynapseKind};

/// A projection whose synapse state lives on the postsynaptic side (brainstate's
/// `AlignPostProj` in merging mode): presynaptic spikes → connectivity (summed weights, a
/// conductance per post neuron) → synapse (`g ← decay(g) + Δg`) → output (a current into the
/// post population's [`SynapticDrive`](crate::neuron::SynapticDrive)).
///
/// Projections onto the same population whose [`SynapseKind`] and [`OutputKind`] are equal —
/// same models, same parameter *values* — share one synapse state (one `g` per post neuron),
/// as in brainstate, whose merging key is a string of the arguments (a key that collapses
/// under `jit`, where the arguments are traced values; neurodim compares the values). The shared state takes the path of the
/// first such projection added: `"<name>.syn.g"`.
///
/// Delays default to zero: a spike of step `n` changes `g` at the start of step `n + 1`. With
/// [`with_delays`](AlignPost::with_delays) a synapse of `k` steps of delay sees it at step
/// `n + 1 + k`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let mut net = Network::new(0.1 * ms)?;
/// let n = net.add_population("N", LifRef::new(100, LifRefParams::default())?)?;
/// let conn = FixedOutDegree::new(10)
///     .connect(80, 100, &mut StreamKey::new(1, "E.conn").rng())?
///     .with_weight(0.6 * mS)?;
/// let proj = AlignPost::new(
///     n.neurons(0..80),
///     n,
///     conn,
///     ExponParams { tau: 5.0 * ms },
///     OutputKind::Coba(Coba::new(0.0 * mV)?),
/// )
/// .with_delays(SynapseDelays::uniform(1.0 * ms, 0.1 * ms)?);
/// net.add_align_post("E", proj)?;
/// assert_eq!(net.num_synapses(), 80 * 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AlignPost {
    pub(crate) pre: Presynaptic,
    pub(crate) post: PopulationId,
    pub(crate) connectivity: Connectivity<Conductance>,
    pub(crate) delays: SynapseDelays,
    pub(crate) synapse: SynapseKind,
    pub(crate) output: OutputKind,
    pub(crate) plasticity: Option<ShortTermPlasticity>,
    pub(crate) stdp: Option<Box<dyn AttachedRule>>,
}

impl AlignPost {
    /// From `pre` through `connectivity` (its `n_pre` must be the size of `pre`, its `n_post`
    /// that of `post`) into a `synapse` and `output` on `post`, without delay. Sizes are checked
    /// when the projection is added to a network.
    ///
    /// See [`AlignPost`] for an example.
    pub fn new(
        pre: impl Into<Presynaptic>,
        post: PopulationId,
        connectivity: Connectivity<Conductance>,
        synapse: impl Into<SynapseKind>,
        output: impl Into<OutputKind>,
    ) -> Self {
        AlignPost {
            pre: pre.into(),
            post,
            connectivity,
            delays: SynapseDelays::none(),
            synapse: synapse.into(),
            output: output.into(),
            plasticity: None,
            stdp: None,
        }
    }

    /// Transmission delays, one for the projection or one per synapse (in steps; see
    /// [`SynapseDelays::uniform`] and [`SynapseDelays::per_synapse`]).
    ///
    /// See [`AlignPost`] for an example.
    pub fn with_delays(self, delays: SynapseDelays) -> Self {
        AlignPost { delays, ..self }
    }

    /// Short-term plasticity of what the presynaptic spikes deliver ([`ShortTermPlasticity`]:
    /// `StpParams` or `StdParams`), one state per presynaptic neuron.
    pub fn with_short_term_plasticity(self, plasticity: impl Into<ShortTermPlasticity>) -> Self {
        AlignPost { plasticity: Some(plasticity.into()), ..self }
    }

    /// Changes the weights by a spike-timing `rule` (see [`plasticity`](crate::plasticity)):
    /// they become one per synapse, the param state `"<projection>.w"`, and the rule's traces
    /// the states `"<projection>.stdp.pre"` and `"<projection>.stdp.post"`. It composes with
    /// short-term plasticity, which scales what the changed weight delivers. Every weight must
    /// be one the rule can start from (of the sign of its `Wmax`, not beyond it): an error names
    /// the first that is not.
    ///
    /// ```
    /// use neurodim_dyn::plasticity::Stdp;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let mut net = Network::new(0.1 * ms)?;
    /// let pre = net.add_population("pre", Lif::new(1, LifParams::default())?)?;
    /// let post = net.add_population("post", Lif::new(1, LifParams::default())?)?;
    /// net.set_current(pre, 30.0 * mA)?;
    /// net.set_current(post, 20.0 * mA)?;
    /// let conn = OneToOne.topology(1)?.with_weight(1.0 * nS)?;
    /// let proj = AlignPost::new(pre, post, conn, ExponParams::default(), Coba::new(0.0 * mV)?)
    ///     .with_stdp(Stdp::new(10.0 * nS));
    /// net.add_align_post("plastic", proj)?;
    /// net.init(0)?;
    /// net.run(1000)?;
    /// // both fire: their pairs have changed the weight, within [0, Wmax]
    /// let w = net.weights("plastic")?[0];
    /// assert!(w != 1.0 * nS && w >= 0.0 * nS && w <= 10.0 * nS);
    /// # Ok::<(), DynError>(())
    /// ```
    pub fn with_stdp(self, rule: impl SpikeTimingRule<Weight = Conductance>) -> Self {
        AlignPost { stdp: Some(Box::new(rule)), ..self }
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::OneToOne;
    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};
    use crate::output::Cuba;
    use crate::projection::{AlignPost, OutputKind};
    use crate::synapse::{ExponParams, StdParams};
    use neurodim_state::for_each_state;
    use neurodim_units::prelude::*;

    #[test]
    fn depression_depletes_the_resources() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let pre = net.add_population("pre", Lif::new(1, LifParams::default())?)?;
        let post = net.add_population("post", Lif::new(1, LifParams::default())?)?;
        net.set_current(pre, 30.0 * mA)?; // fires every few steps
        let conn = OneToOne.topology(1)?.with_weight(1.0 * nS)?;
        let out = OutputKind::Cuba(Cuba::default());
        let proj = AlignPost::new(pre, post, conn, ExponParams::default(), out)
            .with_short_term_plasticity(StdParams::default());
        net.add_align_post("depressing", proj)?;
        net.init(0)?;
        net.run(100)?;
        let mut x = vec![];
        for_each_state(&net, |path, state| {
            if path == "depressing.stp.x" {
                x = state.to_si()
            }
        });
        assert!(x[0] < 1.0); // depleted by the spikes
        Ok(())
    }
}
