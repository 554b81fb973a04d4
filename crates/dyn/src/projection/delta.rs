use neurodim_units::Voltage;

use crate::connect::{Connectivity, SynapseDelays};
use crate::network::PopulationId;
use crate::projection::Presynaptic;

/// A projection that adds voltage jumps to the post neurons' membrane potential (brainstate's
/// `DeltaProj`): the summed weights of the spikes arriving in a step are added to V *after*
/// that step's integration (the [`Drive`](crate::neuron::Drive)'s `delta`), so a neuron held
/// refractory ignores them, as in brainstate's LIFRef.
///
/// Delays default to zero: a spike of step `n` moves V at the end of step `n + 1`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let stim = net.add_spike_source("stim", SpikeTime::new(3, vec![1], vec![0.0 * ms])?)?;
/// let b = net.add_population("B", Lif::new(3, LifParams::default())?)?;
/// let conn = OneToOne.topology(3)?.with_weight(0.5 * mV)?;
/// net.add_delta("S2B", Delta::new(stim, b, conn))?;
/// net.init(0)?;
/// net.run(2)?; // the spike of step 0 jumps V in step 1
/// assert_eq!(net.neurons(b)?.v(), [0.0 * mV, 0.5 * mV, 0.0 * mV]);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Delta {
    pub(crate) pre: Presynaptic,
    pub(crate) post: PopulationId,
    pub(crate) connectivity: Connectivity<Voltage>,
    pub(crate) delays: SynapseDelays,
}

impl Delta {
    /// From `pre` through `connectivity` into jumps of the V of `post`, without delay.
    ///
    /// See [`Delta`] for an example.
    pub fn new(
        pre: impl Into<Presynaptic>,
        post: PopulationId,
        connectivity: Connectivity<Voltage>,
    ) -> Self {
        Delta { pre: pre.into(), post, connectivity, delays: SynapseDelays::none() }
    }

    /// Transmission delays, one for the projection or one per synapse.
    pub fn with_delays(self, delays: SynapseDelays) -> Self {
        Delta { delays, ..self }
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{OneToOne, SynapseDelays};
    use crate::network::Network;
    use crate::neuron::{Lif, LifParams};
    use crate::projection::Delta;
    use neurodim_units::prelude::*;

    #[test]
    fn delta_with_delays() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let a = net.add_population("A", Lif::new(2, LifParams::default())?)?;
        let conn = OneToOne.topology(2)?.with_weight(0.5 * mV)?;
        let delays = SynapseDelays::uniform(2.0 * ms, net.dt())?; // 20 steps
        net.add_delta("A2A", Delta::new(a, a, conn).with_delays(delays))?;
        Ok(())
    }
}
