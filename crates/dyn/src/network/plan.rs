//! The step plan of a network: how each population is stepped, decided once from the network's
//! structure (its synapse kinds and outputs, current projections, thread count) rather than
//! every step, and observable through [`Network::plan`](crate::network::Network::plan).

use core::fmt;

use neurodim_state::Precision;
use neurodim_units::Time;

use crate::kernel::Par;
use crate::network::SharedStage;
use crate::network::linear_drive::MAX_CHANNELS;
use crate::network::population::{Population, SynapticInput, Unit};
use crate::projection::current::CurrentPathway;
use crate::projection::group::SynapseGroup;

/// How one population's step runs. Every plan gives the same bits as stepping each model by
/// itself, stage by stage; they differ in how often the per-neuron arrays pass through memory.
///
/// ```
/// use neurodim_dyn::network::StepPlan;
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let n = net.add_population("N", Lif::new(100, LifParams::default())?)?;
/// assert_eq!(net.plan().populations[0].step, StepPlan::Stagewise);
/// net.connect("E", n, n)
///     .rule(FixedOutDegree::new(10))
///     .weight(1.0 * nS)
///     .synapse(ExponParams::default())
///     .output(Coba::new(0.0 * mV)?)
///     .add()?;
/// assert_eq!(net.plan().populations[0].step, StepPlan::OneLoop { channels: 1 });
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepPlan {
    /// A spike source: it emits its spikes after the neurons' step.
    SpikeSource,
    /// Per tile: each synapse group decays and adds its arrivals, each output adds its
    /// current to the drive, then the neurons integrate.
    Stagewise,
    /// As [`Stagewise`](Self::Stagewise), but the neurons' pending resets come first, so that
    /// an output linearised at V (the Mg²⁺ block) sees the post-reset V.
    Tangent,
    /// Per tile: the population's exponential synapse groups with outputs linear in V (COBA,
    /// CUBA) decay, add their arrivals and fill the drive in one pass, the outputs of current
    /// projections into the population add theirs, then the neurons integrate.
    FusedSynapses {
        /// The number of synapse groups in the pass.
        channels: usize,
    },
    /// Per tile, one pass: the population's exponential synapse groups with outputs linear in
    /// V are updated as the neurons' inputs are taken — neuron by neuron for current-based
    /// outputs (CUBA), a block of 256 neurons at a time just before the neurons' update when
    /// the outputs have a slope in V (COBA: the block's drive stays in the L1 cache) — and
    /// the neurons integrate; the drive never goes through memory.
    OneLoop {
        /// The number of synapse groups in the loop.
        channels: usize,
    },
}

impl fmt::Display for StepPlan {
    /// `stagewise`, `tangent`, `fused(2)`, `one-loop(2)`, `source`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepPlan::SpikeSource => f.write_str("source"),
            StepPlan::Stagewise => f.write_str("stagewise"),
            StepPlan::Tangent => f.write_str("tangent"),
            StepPlan::FusedSynapses { channels } => write!(f, "fused({channels})"),
            StepPlan::OneLoop { channels } => write!(f, "one-loop({channels})"),
        }
    }
}

/// The plan of one population: its model, its [`StepPlan`], the tile its stages run over, and
/// how many threads share its kernels.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// net.add_population("E", Lif::new(3000, LifParams::default())?)?;
/// let plan = &net.plan().populations[0];
/// // 3000 neurons in tiles of 1024, on the calling thread
/// assert_eq!((plan.population.as_str(), plan.model, plan.tile, plan.threads), ("E", "LIF", 1024, 1));
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationPlan {
    /// The population's name.
    pub population: String,
    /// Its neuron model (`"LIFRef"`), or `"source"`.
    pub model: &'static str,
    /// How it is stepped.
    pub step: StepPlan,
    /// The number of neurons a tile of its step covers (the whole population when its kernels
    /// are shared between threads).
    pub tile: usize,
    /// The number of threads its kernels are split between (1: not split).
    pub threads: usize,
}

/// The step plan of every population of a network, in the order they were added.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let n = net.add_population("N", LifRef::new(400, LifRefParams::default())?)?;
/// for (name, range, e) in [("E", 0..320, 0.0 * mV), ("I", 320..400, -80.0 * mV)] {
///     net.connect(name, n.neurons(range), n)
///         .rule(FixedOutDegree::new(80))
///         .weight(1.0 * nS)
///         .synapse(ExponParams::default())
///         .output(Coba::new(e)?)
///         .add()?;
/// }
/// // two COBA synapse groups: stepped with the neurons in one loop, their drive never stored
/// assert_eq!(
///     net.plan().to_string(),
///     "N: LIFRef one-loop(2), tiles of 4096, 1 thread\ndelivery E: 1 thread\ndelivery I: 1 thread"
/// );
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NetworkPlan {
    /// One plan per population.
    pub populations: Vec<PopulationPlan>,
    /// The threads sharing the spike delivery of each projection through a delay ring.
    pub deliveries: Vec<SharedStage>,
    /// The threads sharing the draws of each Poisson input and each spike device.
    pub poisson: Vec<SharedStage>,
    /// Per synapse group, whether a current projection reads its `g` (then it is updated as a
    /// whole before the populations' steps).
    pub(crate) feeds_current: Vec<bool>,
}

impl fmt::Display for NetworkPlan {
    /// One line per population: `E: LIFRef one-loop(2), tiles of 4096, 1 thread`; then one
    /// per delivery, `delivery E2E: 2 threads`, and per Poisson input, `poisson ext: 1 thread`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let threads = |n: usize| if n == 1 { "1 thread".into() } else { format!("{n} threads") };
        let populations = self.populations.iter().map(|p| {
            let threads = threads(p.threads);
            format!("{}: {} {}, tiles of {}, {threads}", p.population, p.model, p.step, p.tile)
        });
        let stage = |kind: &str, stage: &SharedStage| {
            format!("{kind} {}: {}", stage.name, threads(stage.threads))
        };
        let deliveries = self.deliveries.iter().map(|d| stage("delivery", d));
        let poisson = self.poisson.iter().map(|p| stage("poisson", p));
        let lines: Vec<String> = populations.chain(deliveries).chain(poisson).collect();
        f.write_str(&lines.join("\n"))
    }
}

/// The neurons of a tile. Each stage of a tile is a call with its own checks (tens of
/// nanoseconds), so tiles must not be small; the ~10 arrays a COBA step touches per neuron (V,
/// last spike, two g, two arrivals, offset, slope, exp-Euler factors, spikes) should stay in
/// the L2 cache between stages. Measured on the COBA and CUBA networks (4 000 neurons, `sim_s`
/// medians of 5 runs): 64 → 0.31/0.23 s, 256 → 0.21/0.16 s, 1 024 → 0.20/0.15 s, whole
/// population → 0.22/0.17 s.
pub(crate) const TILE: usize = 1024;

/// The tile of the one-loop plan: no array passes between stages, so a tile only has to keep
/// the potentials it updated in the L2 cache for the spike-flag pass (a tile's six arrays of
/// `f64`: 192 KiB), and fewer tiles cost fewer per-tile set-ups. Measured on the CUBA network
/// (4 000 neurons, criterion `network_step`): 8.6–9.6 µs per step in tiles of 1 024, 8.3–8.8
/// in one tile.
pub(crate) const ONE_LOOP_TILE: usize = 4096;

/// The plan of every population, from the network's parts and its parallelism.
pub(crate) fn plan<F: Precision>(
    populations: &[Population<F>],
    groups: &[SynapseGroup<F>],
    currents: &[CurrentPathway],
    par: Par,
    dt: Time,
) -> NetworkPlan {
    let feeds_current: Vec<bool> =
        (0..groups.len()).map(|g| currents.iter().any(|current| current.reads_group(g))).collect();
    let populations = populations
        .iter()
        .enumerate()
        .map(|(p, population)| {
            let len = population.len();
            let (model, step) = match &population.unit {
                Unit::SpikeSource(..) => ("source", StepPlan::SpikeSource),
                Unit::Neurons(neurons) => (
                    neurons.model_name(),
                    step_plan(p, population, groups, currents, &feeds_current, dt),
                ),
            };
            let split = par.splits(len);
            let tile = match step {
                _ if split => len,
                StepPlan::OneLoop { .. } => ONE_LOOP_TILE,
                _ => TILE,
            };
            let threads = if split { par.threads() } else { 1 };
            PopulationPlan { population: population.name.clone(), model, step, tile, threads }
        })
        .collect();
    NetworkPlan { populations, feeds_current, ..NetworkPlan::default() }
}

/// The step plan of the neurons of population `p`.
fn step_plan<F: Precision>(
    p: usize,
    population: &Population<F>,
    groups: &[SynapseGroup<F>],
    currents: &[CurrentPathway],
    feeds_current: &[bool],
    dt: Time,
) -> StepPlan {
    let members = || groups.iter().enumerate().filter(|(_, g)| g.post.0 == p);
    let channels = members().count();
    // Exponential synapses with outputs linear in V (brainstate's COBA and CUBA), none of
    // them read by a current projection (which needs the whole `g` before the neurons' step).
    let fused = population.takes_linear_drive()
        && (1..=MAX_CHANNELS).contains(&channels)
        && members().all(|(g, group)| group.has_expon_channel(dt) && !feeds_current[g]);
    if fused {
        // With no current projection into the population (whose output joins the drive
        // before the neurons' step), the neurons' update joins the pass.
        let currents_in = currents.iter().any(|current| current.post.0 == p);
        if currents_in || population.takes_spike_weights {
            StepPlan::FusedSynapses { channels }
        } else {
            StepPlan::OneLoop { channels }
        }
    } else if population.synaptic_input == SynapticInput::Tangent {
        StepPlan::Tangent
    } else {
        StepPlan::Stagewise
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use crate::network::{Network, StepPlan};
    use crate::neuron::{Lif, LifParams};

    #[test]
    fn an_unconnected_lif_population_is_stepped_stagewise() {
        let mut net = Network::new(0.1 * ms).unwrap();
        net.add_population("E", Lif::new(10, LifParams::default()).unwrap()).unwrap();
        let plan = net.plan();
        assert_eq!(plan.populations[0].step, StepPlan::Stagewise);
        assert_eq!(plan.to_string(), "E: LIF stagewise, tiles of 1024, 1 thread");
    }
}
