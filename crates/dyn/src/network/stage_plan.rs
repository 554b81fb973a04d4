//! The part of the step plan for the stages that run for a whole population before its tiles:
//! each projection's spike delivery and each Poisson input's draws, and how many threads share
//! each of them.

use neurodim_units::Voltage;

use crate::kernel::{Par, Precision};
use crate::network::PopulationId;
use crate::network::poisson::PoissonFeed;
use crate::network::port_pathway::PortPathway;
use crate::network::spike_device_feed::SpikeDeviceFeed;
use crate::projection::group::SynapseGroup;
use crate::projection::pathway::Pathway;

/// How many threads share one stage of a step that runs for a whole population before its
/// tiles: the spike delivery of a projection, or the draws of a Poisson input. Either gives the
/// same bits with any number of threads: a delivery is split by target (each thread adds the
/// synapses onto its own range of post neurons, in the order of one thread), and a Poisson
/// input draws each block of [`POISSON_BLOCK`](crate::input::POISSON_BLOCK) targets from a
/// stream of its own.
///
/// ```
/// use neurodim_dyn::network::SharedStage;
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let e = net.add_population("E", Lif::new(100, LifParams::default())?)?;
/// net.add_poisson_to_v("ext", e, PoissonInput::new(100, 1000, 10.0 * Hz, 0.1 * mV)?)?;
/// // 100 targets: one block, drawn by the calling thread
/// assert_eq!(net.plan().poisson, [SharedStage { name: "ext".into(), threads: 1 }]);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedStage {
    /// The name of the projection or input.
    pub name: String,
    /// The number of threads that share it (1: not split).
    pub threads: usize,
}

/// The delivery of every projection through a delay ring (AlignPost members, in the order of
/// their synapse groups, then Delta projections, then static ones), with `par`.
pub(crate) fn delivery_stages<F: Precision>(
    groups: &[SynapseGroup<F>],
    deltas: &[(PopulationId, Pathway<Voltage>)],
    statics: &[PortPathway],
    par: Par,
) -> Vec<SharedStage> {
    let stage =
        |name: &str, shared: Par| SharedStage { name: name.into(), threads: shared.threads() };
    let members =
        groups.iter().flat_map(|g| &g.members).map(|m| stage(&m.name, m.delivery_par(par)));
    let deltas = deltas.iter().map(|(_, d)| stage(&d.name, d.delivery_par(par)));
    let statics = statics.iter().map(|s| stage(s.name(), s.delivery_par(par)));
    members.chain(deltas).chain(statics).collect()
}

/// The draws of every Poisson input (into g, in the order of their synapse groups, then into
/// V) and of every spike device, with `par`.
pub(crate) fn poisson_stages<F: Precision>(
    groups: &[SynapseGroup<F>],
    v_inputs: &[(PopulationId, PoissonFeed<Voltage>)],
    spike_devices: &[SpikeDeviceFeed],
    par: Par,
) -> Vec<SharedStage> {
    let stage =
        |name: &str, shared: Par| SharedStage { name: name.into(), threads: shared.threads() };
    let into_g = groups.iter().flat_map(|g| &g.inputs).map(|i| stage(&i.name, i.draw_par(par)));
    let into_v = v_inputs.iter().map(|(_, i)| stage(&i.name, i.draw_par(par)));
    let devices = spike_devices.iter().map(|d| stage(&d.name, d.draw_par(par)));
    into_g.chain(into_v).chain(devices).collect()
}
