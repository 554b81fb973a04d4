//! The precisions a network stores its states in.

use neurodim_state::{Precision, Shape};

use neurodim_units::Time;

use crate::DynError;
use crate::connect::Topology;
use crate::kernel::ConductanceSynapse;
use crate::plasticity::attached::AttachedRule;
use crate::plasticity::spike_timing::PlasticKernel;
use crate::projection::SynapseKind;
use crate::projection::group::Arrival;

/// A precision in which a [`Network`](crate::network::Network) stores its states: `f64` (the
/// default) or `f32`. Parameters stay `f64` quantities and become per-`dt` constants of this
/// precision; every neuron and synapse state is held in it and read back as a quantity; the
/// weights of conductance projections are held in it, and a step's arrivals summed in it, so
/// that an `f32` network's spike delivery moves half the bytes.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::<f32>::with_precision(0.1 * ms)?;
/// let e = net.add_population("E", Neurons::<_, f32>::new(2, LifParams::default())?)?;
/// net.set_current(e, 2.0 * mA)?;
/// net.init(0)?;
/// net.run(10)?;
/// assert!(net.neurons(e)?.v()[0].get() > 0.0 * mV); // stored in f32, read as a quantity
/// # Ok::<(), DynError>(())
/// ```
pub trait NetworkPrecision: Precision {
    /// The synapses of `kind` for a population of `shape`, stored in this precision.
    #[doc(hidden)]
    fn synapses_of(
        kind: &SynapseKind,
        shape: Shape,
    ) -> Result<Box<dyn ConductanceSynapse<Self>>, DynError>;

    /// The kernel of a plasticity rule for conductance weights stored in this precision.
    #[doc(hidden)]
    fn plastic_kernel(
        rule: &dyn AttachedRule,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Box<dyn PlasticKernel<Arrival<Self>>>, DynError>;
}

impl NetworkPrecision for f64 {
    fn synapses_of(
        kind: &SynapseKind,
        shape: Shape,
    ) -> Result<Box<dyn ConductanceSynapse<f64>>, DynError> {
        kind.build_f64(shape)
    }

    fn plastic_kernel(
        rule: &dyn AttachedRule,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Box<dyn PlasticKernel<Arrival<Self>>>, DynError> {
        rule.kernel_f64(topology, max_delay, dt)
    }
}

impl NetworkPrecision for f32 {
    fn synapses_of(
        kind: &SynapseKind,
        shape: Shape,
    ) -> Result<Box<dyn ConductanceSynapse<f32>>, DynError> {
        kind.build_f32(shape)
    }

    fn plastic_kernel(
        rule: &dyn AttachedRule,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Box<dyn PlasticKernel<Arrival<Self>>>, DynError> {
        rule.kernel_f32(topology, max_delay, dt)
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::network::{Network, NetworkPrecision};

    #[test]
    fn precision_names() {
        fn name<F: NetworkPrecision>(_: &Network<F>) -> &'static str {
            F::NAME
        }
        assert_eq!(name(&Network::<f32>::with_precision(0.1 * ms).unwrap()), "f32");
        assert_eq!(name(&Network::new(0.1 * ms).unwrap()), "f64");
    }
}
