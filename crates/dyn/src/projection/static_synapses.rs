use neurodim_units::{Conductance, Current, DisplayField};

use crate::DynError;
use crate::connect::{Connectivity, SynapseDelays, SynapticWeight, Weights};
use crate::kernel::SpikeWeight;
use crate::network::PopulationId;
use crate::projection::{Presynaptic, ShortTermPlasticity};

/// A projection of NEST's `static_synapse`s onto a model with spike-weight ports (NEST's
/// `iaf_psc_*` and `iaf_cond_*`): each spike adds its synapse's weight, a current or a
/// conductance ([`PortWeight`]), to the port of its sign on the target, excitatory for
/// `w ≥ 0`, inhibitory for `w < 0` (NEST's routing), where the model integrates it with its
/// own synaptic dynamics ([`NeuronInputs::spike_weights`](crate::kernel::NeuronInputs::spike_weights)).
///
/// The weights of one projection share a sign, so that the projection feeds one port (a
/// network refuses mixed signs: split such synapses into an excitatory and an inhibitory
/// projection). The weight's kind must be the target model's
/// ([`NeuronModel::SPIKE_WEIGHT`](crate::kernel::NeuronModel::SPIKE_WEIGHT)): a current onto
/// `iaf_psc_exp`, a conductance onto `iaf_cond_exp`. Delays count as this engine's (a spike of
/// step `n` acts in step `n + 1 + k`); give NEST's with
/// [`SynapseDelays::nest`].
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let stim = net.add_spike_source("stim", SpikeTime::new(1, vec![0], vec![0.0 * ms])?)?;
/// let cell = net.add_population("cell", IafPscExp::new(1, IafPscExpParams::default())?)?;
/// let conn = AllToAll::new().topology(1, 1)?.with_weight(100.0 * pA)?;
/// let delays = SynapseDelays::nest(1.0 * ms, net.dt())?;
/// net.add_static_synapses("S", StaticSynapses::new(stim, cell, conn).with_delays(delays))?;
/// net.init(0)?;
/// net.run(11)?; // the spike of step 0 arrives in step 10: I_syn jumps by 100 pA
/// assert_eq!(net.neurons(cell)?.v()[0], -70.0 * mV);
/// net.run(1)?;
/// assert!(net.neurons(cell)?.v()[0] > -70.0 * mV); // and V moves from step 11
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct StaticSynapses<W> {
    pub(crate) pre: Presynaptic,
    pub(crate) post: PopulationId,
    pub(crate) connectivity: Connectivity<W>,
    pub(crate) delays: SynapseDelays,
    pub(crate) plasticity: Option<ShortTermPlasticity>,
}

impl<W: PortWeight> StaticSynapses<W> {
    /// From `pre` through `connectivity` onto the ports of `post`, without delay.
    ///
    /// See [`StaticSynapses`] for an example.
    pub fn new(
        pre: impl Into<Presynaptic>,
        post: PopulationId,
        connectivity: Connectivity<W>,
    ) -> Self {
        let delays = SynapseDelays::none();
        StaticSynapses { pre: pre.into(), post, connectivity, delays, plasticity: None }
    }

    /// Transmission delays, one for the projection or one per synapse.
    pub fn with_delays(self, delays: SynapseDelays) -> Self {
        StaticSynapses { delays, ..self }
    }

    /// Short-term plasticity of the synapses: NEST's `tsodyks_synapse`
    /// ([`TsodyksParams`](crate::synapse::TsodyksParams)) or `tsodyks2_synapse`
    /// ([`Tsodyks2Params`](crate::synapse::Tsodyks2Params)), or brainstate's STP and STD; each
    /// spike then transmits its weight times the efficacy of its presynaptic neuron's synapses.
    pub fn with_short_term(self, plasticity: impl Into<ShortTermPlasticity>) -> Self {
        StaticSynapses { plasticity: Some(plasticity.into()), ..self }
    }

    /// The port the weights feed: 0 (excitatory) if every weight is ≥ 0, 1 (inhibitory) if
    /// every weight is < 0; an error naming `weight` for mixed signs.
    pub(crate) fn port(&self) -> Result<usize, DynError> {
        let negative = |w: &W| w.to_si() < 0.0;
        let (any, all) = match self.connectivity.weights() {
            Weights::Homogeneous(w) => (negative(w), negative(w)),
            Weights::PerSynapse(ws) => (ws.iter().any(negative), ws.iter().all(negative)),
        };
        match (any, all) {
            (false, _) => Ok(0),
            (true, true) => Ok(1),
            (true, false) => Err(DynError::invalid(
                "weight",
                "of both signs in one projection",
                "must share one sign: NEST routes a spike by its weight's sign, so give the \
                 excitatory and the inhibitory synapses a projection each",
            )),
        }
    }
}

/// The kind of weight a [`StaticSynapses`] projection carries: a current (A) or a conductance
/// (S), matched against the target model's [`SpikeWeight`].
///
/// ```
/// use neurodim_dyn::kernel::SpikeWeight;
/// use neurodim_dyn::projection::PortWeight;
/// use neurodim_units::{Conductance, Current};
/// assert_eq!(<Current as PortWeight>::KIND, SpikeWeight::Current);
/// assert_eq!(<Conductance as PortWeight>::KIND, SpikeWeight::Conductance);
/// ```
pub trait PortWeight: SynapticWeight + DisplayField {
    /// The kind of spike weight this is.
    const KIND: SpikeWeight;
}

impl PortWeight for Current {
    const KIND: SpikeWeight = SpikeWeight::Current;
}

impl PortWeight for Conductance {
    const KIND: SpikeWeight = SpikeWeight::Conductance;
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;
    use crate::connect::OneToOne;
    use crate::network::Network;
    use crate::neuron::{IafPscExp, IafPscExpParams};

    #[test]
    fn the_sign_of_the_weights_picks_the_port() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let pop = net.add_population("P", IafPscExp::new(2, IafPscExpParams::default())?)?;
        let t = OneToOne.topology(2)?;
        let port = |weights: Vec<Current>| {
            let connectivity = Connectivity::new(t.clone(), Weights::PerSynapse(weights)).unwrap();
            StaticSynapses::new(pop, pop, connectivity).port()
        };
        assert_eq!(port(vec![1.0 * pA, 0.0 * pA])?, 0);
        assert_eq!(port(vec![-1.0 * pA, -2.0 * pA])?, 1);
        assert_eq!(port(vec![-1.0 * pA, 2.0 * pA]).unwrap_err().param(), Some("weight"));
        Ok(())
    }
}
