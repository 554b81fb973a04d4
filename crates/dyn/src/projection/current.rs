use neurodim_state::StateValue;
use neurodim_units::{Conductance, ConductancePerVoltage, Voltage};

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
/// The presynaptic variable is either
///
/// - the conductance `g` (siemens) of the synapse state of an
///   [`AlignPost`](crate::projection::AlignPost) projection already in the network, named by
///   that projection (brainstate's `syn.prefetch('g')`; [`CurrentProj::from_synapse`]). It is
///   read in step `n` *after* that synapse has updated in step `n` — the same `g` its own output
///   uses in step `n` — and before any neuron integrates in step `n`; or
/// - the membrane potential `V` of a neuron population times a gain `k` in S/V
///   (brainstate's `neuron.prefetch('V')`; [`CurrentProj::from_potential`]):
///   `g_post[j] = Σ_i W[i, j] · k·V_i`. It is read at the start of step `n`, before any neuron
///   integrates: the V each neuron ended step `n − 1` with (its initial V in step 0), whatever
///   the order of the populations.
///
/// The projection has no state of its own.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let mut net = Network::new(0.1 * ms)?;
/// let lif = |n| Lif::new(Shape::vector(n).unwrap(), LifParams::default()).unwrap();
/// let (a, b) = (net.add_population("A", lif(3))?, net.add_population("B", lif(2))?);
/// let conn = OneToOne.topology(3)?.with_weight(1.0 * nS)?;
/// let syn = ExponParams { tau: 5.0 * ms };
/// let cuba = OutputKind::Cuba(Cuba::new(1.0 * mV)?);
/// net.add_align_post("AA", AlignPost::new(a, a, conn, syn, cuba))?;
/// // the g of AA (3 values) to B (2 neurons), all-to-all with weight 0.5
/// let comm = AllToAll::new().topology(3, 2)?.with_weight(0.5)?;
/// let coba = OutputKind::Coba(Coba::new(-75.0 * mV)?);
/// net.add_current("AB", CurrentProj::from_synapse("AA", comm, coba, b))?;
/// assert!(format!("{net:?}").contains("\"AB\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct CurrentProj {
    pub(crate) pre: CurrentOrigin,
    pub(crate) comm: Connectivity<f64>,
    pub(crate) output: OutputKind,
    pub(crate) post: PopulationId,
}

/// What a [`CurrentProj`] reads.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CurrentOrigin {
    /// The `g` of the synapse state of the AlignPost projection of this name.
    Synapse(String),
    /// The membrane potential of a population, times a gain.
    Potential(PopulationId, ConductancePerVoltage),
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
        output: impl Into<OutputKind>,
        post: PopulationId,
    ) -> Self {
        let output = output.into();
        CurrentProj { pre: CurrentOrigin::Synapse(projection.to_string()), comm, output, post }
    }

    /// From the membrane potential of the population `pre`, times `gain` (S/V), through `comm`
    /// (its `n_pre` must be the size of `pre`; its `n_post` the size of `post`) into `output` on
    /// `post`: `g_post[j] = Σ_i W[i, j] · gain·V_i`, with V as it ended the previous step. The
    /// population and sizes are checked, and `gain` must be finite, when the projection is added
    /// to a network.
    pub fn from_potential(
        pre: PopulationId,
        gain: ConductancePerVoltage,
        comm: Connectivity<f64>,
        output: impl Into<OutputKind>,
        post: PopulationId,
    ) -> Self {
        CurrentProj { pre: CurrentOrigin::Potential(pre, gain), comm, output: output.into(), post }
    }
}

/// What a current projection in a network reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PathwayOrigin {
    /// The `g` of the synapse group of this index.
    Group(usize),
    /// The V of a population, times a gain.
    Potential(PopulationId, ConductancePerVoltage),
    /// The open fraction of the [`AlignPre`](crate::projection::AlignPre) receptors of this
    /// index (the communication's weights: maximal conductances in siemens).
    Receptors(usize),
}

/// A [`CurrentProj`] inside a network: what it reads and its conductance buffer.
pub(crate) struct CurrentPathway {
    pub(crate) name: String,
    pub(crate) source: PathwayOrigin,
    pub(crate) comm: Connectivity<f64>,
    pub(crate) output: OutputKind,
    pub(crate) post: PopulationId,
    /// `W·g_pre`, one conductance per post neuron, refilled each step.
    pub(crate) g: Vec<Conductance>,
}

impl CurrentPathway {
    pub(crate) fn new(
        name: String,
        source: PathwayOrigin,
        comm: Connectivity<f64>,
        output: OutputKind,
        post: PopulationId,
    ) -> Self {
        let g = vec![Conductance::default(); comm.topology().n_post()];
        CurrentPathway { name, source, comm, output, post, g }
    }

    /// Whether this projection reads the `g` of synapse group `group`.
    pub(crate) fn reads_group(&self, group: usize) -> bool {
        self.source == PathwayOrigin::Group(group)
    }

    /// `g ← W·pre` (sizes were checked when the projection was added).
    pub(crate) fn communicate<G: StateValue>(&mut self, pre: &[G]) {
        self.communicate_each(pre.iter().map(|g| Conductance::from_si(g.to_si())));
    }

    /// `g ← W·(gain·v)` (sizes were checked when the projection was added).
    pub(crate) fn communicate_potential<V: StateValue>(
        &mut self,
        v: &[V],
        gain: ConductancePerVoltage,
    ) {
        self.communicate_each(v.iter().map(|v| gain * Voltage::from_si(v.to_si())));
    }

    /// `g ← Σ_j w_ij·r_j` of receptors' open fractions `r`, the weights in siemens (sizes
    /// were checked when the projection was added); closed receptors (`r = 0`, which add
    /// nothing) are skipped.
    pub(crate) fn communicate_fractions(&mut self, r: &[f64]) {
        self.g.fill(Conductance::default());
        let topology = self.comm.topology();
        for (j, &r) in r.iter().enumerate().filter(|(_, r)| **r != 0.0) {
            for s in topology.row_range(j) {
                let target = topology.targets()[s] as usize;
                self.g[target] += Conductance::from_si(self.comm.weight_of(s) * r);
            }
        }
    }

    fn communicate_each(&mut self, pre: impl Iterator<Item = Conductance>) {
        self.g.fill(Conductance::default());
        let topology = self.comm.topology();
        for (i, g_pre) in pre.enumerate() {
            for s in topology.row_range(i) {
                let target = topology.targets()[s] as usize;
                self.g[target] += g_pre * self.comm.weight_of(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{AllToAll, OneToOne};
    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};
    use crate::output::{Coba, Cuba};
    use crate::projection::{AlignPost, CurrentProj, OutputKind};
    use crate::synapse::ExponParams;
    use neurodim_state::Shape;
    use neurodim_units::prelude::*;

    #[test]
    fn a_current_from_the_potential() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let lif = |n| Lif::new(Shape::vector(n).unwrap(), LifParams::default()).unwrap();
        let (a, b) = (net.add_population("A", lif(2))?, net.add_population("B", lif(2))?);
        // each neuron of B receives 0.5 S/V times the V of its partner in A, as a current (CUBA)
        let comm = OneToOne.topology(2)?.with_weight(1.0)?;
        let out = OutputKind::Cuba(Cuba::new(1.0 * volt)?);
        let gain = 0.5 * siemens / volt;
        net.add_current("AB", CurrentProj::from_potential(a, gain, comm, out, b))?;
        Ok(())
    }

    #[test]
    fn the_communication_layer_must_read_the_whole_g() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let (a, b) = (
            net.add_population("A", Lif::new(3, LifParams::default())?)?,
            net.add_population("B", Lif::new(2, LifParams::default())?)?,
        );
        let conn = OneToOne.topology(3)?.with_weight(1.0 * nS)?;
        let cuba = OutputKind::Cuba(Cuba::new(1.0 * mV)?);
        net.add_align_post("AA", AlignPost::new(a, a, conn, ExponParams::default(), cuba))?;
        let coba = OutputKind::Coba(Coba::new(-75.0 * mV)?);
        // the communication layer must read the 3 values of AA's g
        let narrow = AllToAll::new().topology(2, 2)?.with_weight(0.5)?;
        assert!(net.add_current("AB2", CurrentProj::from_synapse("AA", narrow, coba, b)).is_err());
        Ok(())
    }
}
