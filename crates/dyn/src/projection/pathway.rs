use core::ops::Range;

use crate::DynError;
use crate::connect::{Connectivity, DelayedDelivery, SynapseDelays, SynapticWeight};
use crate::network::PopulationId;

/// The delivery side of one projection: which presynaptic neurons it reads and the ring of
/// accumulators that holds their spikes until their delay has passed.
///
/// The spikes of step `n` are sent at the start of step `n + 1`, just before that step's
/// arrivals are taken. That is the ring's schedule (a spike of step `n` arrives at
/// `n + 1 + k`) with the sending moved to where the network reads the spike states, so that
/// between steps a zero-delay projection holds nothing that is not in a state.
#[derive(Debug, Clone)]
pub(crate) struct Pathway<W> {
    pub(crate) name: String,
    pub(crate) pre: PopulationId,
    pub(crate) neurons: Range<usize>,
    ring: DelayedDelivery<W>,
}

impl<W: SynapticWeight> Pathway<W> {
    pub(crate) fn new(
        name: String,
        pre: PopulationId,
        neurons: Range<usize>,
        connectivity: Connectivity<W>,
        delays: SynapseDelays,
    ) -> Result<Self, DynError> {
        Ok(Pathway { name, pre, neurons, ring: DelayedDelivery::new(connectivity, delays)? })
    }

    /// The summed weights arriving at the start of `step`, after sending the spikes of
    /// `step − 1` (`pre_spikes`: the whole presynaptic population).
    pub(crate) fn arrive(&mut self, step: u64, pre_spikes: &[bool]) -> Result<&[W], DynError> {
        if let Some(previous) = step.checked_sub(1) {
            self.ring.deliver(previous, &pre_spikes[self.neurons.clone()])?;
        }
        self.ring.take(step)
    }

    /// Drops everything in flight; the next [`arrive`](Self::arrive) names `step`.
    pub(crate) fn restart(&mut self, step: u64) -> Result<(), DynError> {
        match step.checked_sub(1) {
            None => self.ring.reset(0),
            Some(previous) => {
                self.ring.reset(previous);
                self.ring.take(previous)?;
            }
        }
        Ok(())
    }

    pub(crate) fn connectivity(&self) -> &Connectivity<W> {
        self.ring.connectivity()
    }
}
