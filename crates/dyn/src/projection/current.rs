use neurodim_units::Conductance;

use crate::connect::Connectivity;
use crate::network::PopulationId;
use crate::projection::OutputKind;

/// A projection of a continuous presynaptic variable (brainstate's
/// `CurrentProj(prefetch, comm, out, post)`): each step the variable is read, passed through a
/// communication layer `W` (a [`Connectivity`] of dimensionless weights: dense, all-to-all with
/// or without self, one-to-one, …) and bound as the conductance of an output on `post`:
///
/// `g_post[j] = Σ_i W[i, j] · g_pre[i]`, then `I_j = out(g_post[j], V_j)` (COBA
/// `g·(E − V)`, CUBA `g·scale`, MgBlock), added to the post population's
/// [`SynapticDrive`](crate::neuron::SynapticDrive) with the outputs of its synapses.
///
/// The presynaptic variable is the conductance `g` (siemens) of the synapse state of an
/// [`AlignPost`](crate::projection::AlignPost) projection already in the network, named by that
/// projection (brainstate's `syn.prefetch('g')`). It is read in step `n` *after* that synapse
/// has updated in step `n` — the same `g` its own output uses in step `n` — and before any
/// neuron integrates in step `n`. The projection has no state of its own.
///
/// ```
/// use neurodim_dyn::connect::{AllToAll, OneToOne};
/// use neurodim_dyn::network::Network;
/// use neurodim_dyn::neuron::{Lif, LifParams};
/// use neurodim_dyn::output::{Coba, Cuba};
/// use neurodim_dyn::projection::{AlignPost, CurrentProj, OutputKind, SynapseKind};
/// use neurodim_dyn::synapse::ExponParams;
/// use neurodim_state::Shape;
/// use neurodim_units::*;
///
/// let mut net = Network::new(0.1 * ms)?;
/// let lif = |n| Lif::new(Shape::vector(n).unwrap(), LifParams::default()).unwrap();
/// let (a, b) = (net.add_population("A", lif(3))?, net.add_population("B", lif(2))?);
/// let conn = OneToOne::new(3)?.topology()?.with_weight(1.0 * nS)?;
/// let syn = SynapseKind::Expon(ExponParams { tau: 5.0 * ms });
/// let cuba = OutputKind::Cuba(Cuba::new(1.0 * mV)?);
/// net.add_align_post("AA", AlignPost::new(a, a, conn, syn, cuba))?;
/// // the g of AA (3 values) to B (2 neurons), all-to-all with weight 0.5
/// let comm = AllToAll::new(3, 2)?.topology()?.with_weight(0.5)?;
/// let coba = OutputKind::Coba(Coba::new(-75.0 * mV)?);
/// net.add_current("AB", CurrentProj::from_synapse("AA", comm, coba, b))?;
/// assert!(format!("{net:?}").contains("\"AB\""));
/// // the communication layer must read the 3 values of AA's g
/// let narrow = AllToAll::new(2, 2)?.topology()?.with_weight(0.5)?;
/// assert!(net.add_current("AB2", CurrentProj::from_synapse("AA", narrow, coba, b)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CurrentProj {
    pub(crate) pre: String,
    pub(crate) comm: Connectivity<f64>,
    pub(crate) output: OutputKind,
    pub(crate) post: PopulationId,
}

impl CurrentProj {
    /// From the synapse conductance of the [`AlignPost`](crate::projection::AlignPost)
    /// projection named `projection` through `comm` (its `n_pre` must be the size of that `g`,
    /// i.e. of that projection's post population; its `n_post` the size of `post`) into
    /// `output` on `post`. The name and sizes are checked when the projection is added to a
    /// network.
    ///
    /// See [`CurrentProj`] for an example.
    pub fn from_synapse(
        projection: &str,
        comm: Connectivity<f64>,
        output: OutputKind,
        post: PopulationId,
    ) -> Self {
        CurrentProj { pre: projection.to_string(), comm, output, post }
    }
}

/// A [`CurrentProj`] inside a network: the synapse group it reads and its conductance buffer.
pub(crate) struct CurrentPathway {
    pub(crate) name: String,
    /// The index of the synapse group whose `g` is read.
    pub(crate) group: usize,
    pub(crate) comm: Connectivity<f64>,
    pub(crate) output: OutputKind,
    pub(crate) post: PopulationId,
    /// `W·g_pre`, one conductance per post neuron, refilled each step.
    pub(crate) g: Vec<Conductance>,
}

impl CurrentPathway {
    pub(crate) fn new(
        name: String,
        group: usize,
        comm: Connectivity<f64>,
        output: OutputKind,
        post: PopulationId,
    ) -> Self {
        let g = vec![Conductance::default(); comm.topology().n_post()];
        CurrentPathway { name, group, comm, output, post, g }
    }

    /// `g ← W·pre` (sizes were checked when the projection was added).
    pub(crate) fn communicate(&mut self, pre: &[Conductance]) {
        self.g.fill(Conductance::default());
        let topology = self.comm.topology();
        for (i, &g_pre) in pre.iter().enumerate() {
            for s in topology.row_range(i) {
                let target = topology.targets()[s] as usize;
                self.g[target] += g_pre * self.comm.weight_of(s);
            }
        }
    }
}
