use neurodim_units::Conductance;

use crate::connect::Connectivity;
use crate::network::PopulationId;
use crate::projection::{OutputKind, Presynaptic};
use crate::synapse::{Receptor, ReceptorParams};

/// A projection whose synapse state lives on the presynaptic side (brainpy's align-pre
/// projections): transmitter-gated receptor kinetics per presynaptic neuron — AMPA or GABAa,
/// [`ReceptorParams`] — stepped every step with that neuron's spikes, their open fraction `r_j`
/// (dimensionless) spread through the connectivity to a conductance per post neuron,
/// `g_i = Σ_j w_ij · r_j` (`w_ij` the maximal conductance of synapse `j → i`), then an
/// [output](OutputKind) into `post`.
///
/// Receptors saturate (`dr/dt = α·T·(1 − r) − β·r`): the open fraction of one presynaptic
/// neuron's release sites is a state of that neuron, not of the synapses summed onto a post
/// neuron, so they cannot merge into a post-side state as [`AlignPost`](crate::projection::AlignPost)'s
/// linear synapses do (a receptor is not a
/// [`SynapseModel`](crate::kernel::SynapseModel), and `AlignPost` does not take one). A spike
/// of step `n` is taken at the start of step `n + 1` (its transmitter pulse starts at
/// `t = (n + 1)·dt`), as every projection's. The receptor's states are the projection's,
/// `"<projection>.syn.g"` and `"<projection>.syn.spike_arrival_time"`. Every step costs one
/// pass over the synapses of the presynaptic neurons whose `r` is not zero.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let lif = LifParams { tau: 10.0 * ms, ..LifParams::default() };
/// let pre = net.add_population("pre", Lif::new(20, lif)?)?;
/// let post = net.add_population("post", Lif::new(10, lif)?)?;
/// net.set_current(pre, 2.0 * mA)?;
/// let conn = FixedInDegree::new(10)
///     .connect(20, 10, &mut StreamKey::new(0, "ampa").rng())?
///     .with_weight(0.1 * mS)?;
/// let ampa = AlignPre::new(pre, post, conn, ReceptorParams::ampa(), OutputKind::Coba(Coba::new(0.0 * mV)?));
/// net.add_align_pre("ampa", ampa)?;
/// net.init(0)?;
/// net.run(200)?;
/// assert!(net.conductance("ampa").unwrap().iter().any(|g| *g > 0.0 * mS));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct AlignPre {
    pub(crate) pre: Presynaptic,
    pub(crate) post: PopulationId,
    pub(crate) connectivity: Connectivity<Conductance>,
    pub(crate) receptor: ReceptorParams,
    pub(crate) output: OutputKind,
}

impl AlignPre {
    /// Receptors of the parameters `receptor` on every neuron of `pre` (a population, or a
    /// range of one: `pop.neurons(0..n_exc)`), spread by `connectivity` (weights: maximal
    /// conductances; `n_pre` that of `pre`, `n_post` that of `post`) into `output` on `post`.
    /// Sizes and parameters are checked when the projection is added.
    pub fn new(
        pre: impl Into<Presynaptic>,
        post: PopulationId,
        connectivity: Connectivity<Conductance>,
        receptor: ReceptorParams,
        output: impl Into<OutputKind>,
    ) -> Self {
        AlignPre { pre: pre.into(), post, connectivity, receptor, output: output.into() }
    }
}

/// The receptors of an [`AlignPre`] projection, one per presynaptic neuron.
pub(crate) struct PreReceptors {
    pub(crate) name: String,
    pub(crate) pre: PopulationId,
    /// The neurons of `pre` that carry the receptors.
    pub(crate) neurons: core::ops::Range<usize>,
    pub(crate) receptor: Receptor,
}

impl neurodim_state::Stateful for PreReceptors {
    fn visit_states(&self, visitor: &mut neurodim_state::Visit<'_>) {
        visitor.child("syn", &self.receptor);
    }

    fn visit_states_mut(&mut self, visitor: &mut neurodim_state::VisitMut<'_>) {
        visitor.child("syn", &mut self.receptor);
    }
}
