//! A rule attached to a conductance projection before the network builds it: the precision
//! its weights are stored in is the network's, known only then.

use neurodim_state::Single;
use neurodim_units::{Conductance, Time};

use crate::DynError;
use crate::connect::Topology;
use crate::plasticity::SpikeTimingRule;
use crate::plasticity::spike_timing::{PlasticKernel, SpikeTiming};

/// A [`SpikeTimingRule`] on conductances, its type erased until the network picks the
/// precision of the weights; each method builds the kernel monomorphised for one precision.
pub trait AttachedRule: core::fmt::Debug + Send + Sync {
    /// The kernel for weights stored in `f64`.
    fn kernel_f64(
        &self,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Box<dyn PlasticKernel<Conductance>>, DynError>;

    /// The kernel for weights stored in `f32`.
    fn kernel_f32(
        &self,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Box<dyn PlasticKernel<Single<Conductance>>>, DynError>;

    /// A copy, for a cloned projection.
    fn clone_box(&self) -> Box<dyn AttachedRule>;
}

impl<R: SpikeTimingRule<Weight = Conductance>> AttachedRule for R {
    fn kernel_f64(
        &self,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Box<dyn PlasticKernel<Conductance>>, DynError> {
        Ok(Box::new(SpikeTiming::new(self.clone(), topology, max_delay, dt)?))
    }

    fn kernel_f32(
        &self,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Box<dyn PlasticKernel<Single<Conductance>>>, DynError> {
        Ok(Box::new(SpikeTiming::new(self.clone(), topology, max_delay, dt)?))
    }

    fn clone_box(&self) -> Box<dyn AttachedRule> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn AttachedRule> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}
