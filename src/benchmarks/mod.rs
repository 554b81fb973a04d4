//! The benchmark networks of the `coba` and `cuba` examples: brainstate's COBA and CUBA E/I
//! networks (Vogels & Abbott 2005; Brette et al. 2007) and their variants, built by
//! [`CobaNetwork`] and [`CubaNetwork`] and run by [`simulate`]. The examples, the rate tests
//! and the `network_step` benchmark all build them from here (feature `benchmarks`, default).
//!
//! Each network is one population of `N = n_exc + n_inh` LIFRef neurons ([`sizes`]:
//! `n_exc = int(3200·scale)` excitatory first, then `n_inh = int(800·scale)` inhibitory), with
//! one projection from each group onto all `N` neurons through exponential synapses
//! (`τ dg/dt = −g`, `g ← g + w` per spike), stepped with [`dt`] = 0.1 ms.
//!
//! ```
//! use neurodim::benchmarks::{Builder, CobaNetwork, simulate};
//! use neurodim::prelude::*;
//!
//! // 400 neurons (scale 0.1) for 50 ms
//! let mut net = CobaNetwork::build::<f64>("brainstate", 0.1, 0)?;
//! let outcome = simulate(&mut net, 0, 50.0 * ms, false, |_, _| {})?;
//! assert_eq!((net.network.num_neurons(), outcome.steps), (400, 500));
//! assert!(outcome.spikes > 0);
//! # Ok::<(), neurodim::dynamics::DynError>(())
//! ```

mod brunel;
mod coba;
mod cuba;
mod song;

pub use brunel::BrunelNetwork;
pub use coba::CobaNetwork;
pub use cuba::CubaNetwork;
pub use song::SongNetwork;

use std::ops::Range;

use neurodim_dyn::DynError;
use neurodim_dyn::connect::{ConnectionRule, FixedOutDegree, PairwiseBernoulli};
use neurodim_dyn::kernel::Neurons;
use neurodim_dyn::network::{Network, NetworkPrecision, PopulationId, SpikeMonitorId};
use neurodim_dyn::neuron::{LifRefParams, SpikeReset};
use neurodim_dyn::plasticity::Stdp;
use neurodim_dyn::projection::{AlignPost, OutputKind};
use neurodim_dyn::synapse::ExponParams;
use neurodim_state::{Environment, StreamKey};
use neurodim_units::quantities::{Conductance, Current, Time, Voltage};
use neurodim_units::{DisplayField, Probability, ValueIn, mV, ms, ohm, s};

/// The time step of both networks, 0.1 ms (brainstate's default).
///
/// ```
/// use neurodim::prelude::*;
/// assert_eq!(neurodim::benchmarks::dt(), 0.1 * ms);
/// ```
pub fn dt() -> Time {
    0.1 * ms
}

/// An E/I network: one population whose neurons `0..n_exc` are excitatory and the rest
/// inhibitory, as [`Builder::build`] makes it.
///
/// ```
/// use neurodim::benchmarks::{Builder, CubaNetwork};
/// let net = CubaNetwork::build::<f32>("brainstate", 0.1, 0)?;
/// assert_eq!((net.n_exc, net.network.num_neurons()), (320, 400));
/// assert_eq!(net.network.num_synapses(), 400 * 80); // 80 targets per source at every scale
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
pub struct EiNetwork<F: NetworkPrecision> {
    /// The network, in the precision `F`, not yet initialised.
    pub network: Network<F>,
    /// Its one population, `"N"`.
    pub population: PopulationId,
    /// The number of excitatory neurons, the first of the population.
    pub n_exc: usize,
}

/// A benchmark network: `build(variant, scale, seed)` in the precision `F`.
///
/// ```
/// use neurodim::benchmarks::{Builder, CobaNetwork, EiNetwork};
/// use neurodim::dynamics::network::NetworkPrecision;
///
/// fn neurons<B: Builder, F: NetworkPrecision>(scale: f64) -> usize {
///     let net: EiNetwork<F> = B::build(B::VARIANTS[0], scale, 0).unwrap();
///     net.network.num_neurons()
/// }
/// assert_eq!(CobaNetwork::NAME, "coba");
/// assert_eq!(neurons::<CobaNetwork, f64>(0.5), 2000);
/// assert!(CobaNetwork::build::<f64>("nonesuch", 1.0, 0).is_err());
/// assert!(CobaNetwork::build::<f64>("brainstate", 0.001, 0).is_err()); // 3 E, 0 I
/// ```
pub trait Builder {
    /// The network's name (`"coba"`, `"cuba"`).
    const NAME: &'static str;
    /// The names of its parameter sets, the default first.
    const VARIANTS: &'static [&'static str];

    /// The network of parameter set `variant` (one of [`VARIANTS`](Self::VARIANTS)) with
    /// `4000·scale` neurons, its connectivity drawn from `seed`, its states stored in `F`.
    /// An unknown variant, or a scale that leaves a group empty, is an error.
    fn build<F: NetworkPrecision>(
        variant: &str,
        scale: f64,
        seed: u64,
    ) -> Result<EiNetwork<F>, DynError>;
}

/// The neuron counts at `scale`: `(int(3200·scale), int(800·scale))`, as brainstate's
/// benchmark scripts.
///
/// ```
/// assert_eq!(neurodim::benchmarks::sizes(2.5), (8000, 2000));
/// ```
pub fn sizes(scale: f64) -> (usize, usize) {
    ((3200.0 * scale) as usize, (800.0 * scale) as usize)
}

/// How each source neuron picks its targets.
///
/// ```
/// use neurodim::benchmarks::Wiring;
/// // brainstate's networks: int(0.02 · 4000) = 80 targets for every source
/// let wiring = Wiring::FixedOutDegree(80.0 / 4000.0);
/// assert!(matches!(wiring, Wiring::FixedOutDegree(p) if p == 0.02));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wiring {
    /// brainstate's `EventFixedProb(conn_num = p)`: exactly `int(p · n_post)` targets each.
    FixedOutDegree(f64),
    /// Brian2's `connect(p = p)`: each pair independently with probability `p`.
    Bernoulli(f64),
}

/// One projection of a network: from E (`0..n_exc`) or I (`n_exc..`) onto every neuron,
/// through exponential synapses `τ dg/dt = −g` that jump by `weight` per spike, into
/// `output` (COBA: `I = g·(E − V)`; CUBA: `I = g·scale`).
///
/// ```
/// use neurodim::benchmarks::Pathway;
/// use neurodim::dynamics::output::Coba;
/// use neurodim::dynamics::projection::OutputKind;
/// use neurodim::prelude::*;
/// let excitatory = Pathway {
///     name: "E",
///     weight: 6.0 * nS,
///     tau: 5.0 * ms,
///     output: OutputKind::Coba(Coba::new(0.0 * mV)?),
///     stdp: None,
/// };
/// assert_eq!(excitatory.tau, 5.0 * ms);
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Pathway {
    /// The projection's name in the network (`"E"`, `"I"`); its connectivity is drawn from
    /// the stream `"<name>.conn"`.
    pub name: &'static str,
    /// The conductance jump `w` per presynaptic spike.
    pub weight: Conductance,
    /// The synaptic time constant `τ`.
    pub tau: Time,
    /// How the conductance drives the neurons.
    pub output: OutputKind,
    /// A spike-timing rule that changes the weights, if any.
    pub stdp: Option<Stdp<Conductance>>,
}

/// Adds the projection `path` from `pre` (a range of the population) onto all of it, its
/// connectivity drawn by `wiring` from the stream `"<name>.conn"` of `seed`.
///
/// ```
/// use neurodim::benchmarks::{Builder, CubaNetwork, Pathway, Wiring, connect};
/// use neurodim::dynamics::output::Cuba;
/// use neurodim::dynamics::projection::OutputKind;
/// use neurodim::prelude::*;
/// let mut net = CubaNetwork::build::<f64>("brainstate", 0.1, 0)?;
/// let before = net.network.num_synapses();
/// let extra = Pathway {
///     name: "E2",
///     weight: 0.5 * mS,
///     tau: 2.0 * ms,
///     output: OutputKind::Cuba(Cuba::new(1.0 * volt)?),
///     stdp: None,
/// };
/// connect(&mut net, 0..10, Wiring::FixedOutDegree(0.1), &extra, 0)?;
/// assert_eq!(net.network.num_synapses(), before + 10 * 40);
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
pub fn connect<F: NetworkPrecision>(
    net: &mut EiNetwork<F>,
    pre: Range<usize>,
    wiring: Wiring,
    path: &Pathway,
    seed: u64,
) -> Result<(), DynError> {
    let n = population_size(net)?;
    let mut rng = StreamKey::new(seed, &format!("{}.conn", path.name)).rng();
    let topology = match wiring {
        Wiring::FixedOutDegree(p) => FixedOutDegree::from_probability(Probability::new(p)?)
            .connect(pre.len(), n, &mut rng)?,
        Wiring::Bernoulli(p) => {
            PairwiseBernoulli::new(Probability::new(p)?).connect(pre.len(), n, &mut rng)?
        }
    };
    let projection = AlignPost::new(
        net.population.neurons(pre),
        net.population,
        topology.with_weight(path.weight)?,
        ExponParams { tau: path.tau },
        path.output,
    );
    let projection = match path.stdp {
        Some(rule) => projection.with_stdp(rule),
        None => projection,
    };
    net.network.add_align_post(path.name, projection)?;
    Ok(())
}

/// The number of neurons of the network's population.
fn population_size<F: NetworkPrecision>(net: &EiNetwork<F>) -> Result<usize, DynError> {
    Ok(net.network.neurons(net.population)?.shape().len())
}

/// The LIFRef neuron of brainstate's COBA and CUBA scripts, `τ dV/dt = −(V − V_rest) + R·I`
/// with R = 1 Ω, τ = 20 ms, V_th = −50 mV, V_reset = −60 mV and a refractory period of 5 ms,
/// at rest at `v_rest`, reset by `reset`.
fn brainstate_lif_ref(v_rest: Voltage, reset: SpikeReset) -> LifRefParams {
    LifRefParams {
        r: 1.0 * ohm,
        tau: 20.0 * ms,
        tau_ref: 5.0 * ms,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        v_rest,
        reset,
    }
}

/// The index of `variant` in `B::VARIANTS`; an error for another name.
fn variant_index<B: Builder>(variant: &str) -> Result<usize, DynError> {
    B::VARIANTS.iter().position(|&name| name == variant).ok_or_else(|| {
        DynError::invalid("variant", variant, "must be one of the network's VARIANTS")
    })
}

/// The network of `neurons`, `n_exc` excitatory then `n_inh` inhibitory, each fed `drive`,
/// with the projections `[excitatory, inhibitory]` from these groups onto all, wired by
/// `wiring` from `seed`.
fn assemble<F: NetworkPrecision>(
    neurons: Neurons<LifRefParams, F>,
    (n_exc, n_inh): (usize, usize),
    drive: Current,
    wiring: Wiring,
    [excitatory, inhibitory]: [Pathway; 2],
    seed: u64,
) -> Result<EiNetwork<F>, DynError> {
    let mut network = Network::<F>::with_precision(dt())?;
    let population = network.add_population("N", neurons)?;
    network.set_current(population, drive)?;
    let mut net = EiNetwork { network, population, n_exc };
    connect(&mut net, 0..n_exc, wiring, &excitatory, seed)?;
    connect(&mut net, n_exc..n_exc + n_inh, wiring, &inhibitory, seed)?;
    Ok(net)
}

/// What a run produced ([`simulate`]): the monitor, and the rates of E, I and all.
///
/// ```
/// use neurodim::benchmarks::{Builder, CubaNetwork, simulate};
/// use neurodim::prelude::*;
/// let mut net = CubaNetwork::build::<f64>("brian2", 0.1, 1)?;
/// let outcome = simulate(&mut net, 1, 20.0 * ms, true, |_, _| {})?;
/// let recorded = net.network.spike_monitor(outcome.monitor).unwrap();
/// assert_eq!(recorded.num_spikes(), outcome.spikes);
/// let hz = outcome.spikes as f64 / (400.0 * outcome.seconds);
/// assert!((outcome.rate_hz - hz).abs() < 1e-9);
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// The spike monitor on every neuron (spike times, or only the counts per neuron).
    pub monitor: SpikeMonitorId,
    /// The number of steps run.
    pub steps: u64,
    /// The simulated time, `steps · dt`, in seconds.
    pub seconds: f64,
    /// The number of spikes of all neurons.
    pub spikes: usize,
    /// The mean rate of all neurons, `spikes / (N · seconds)`, in Hz (NaN for no neurons).
    pub rate_hz: f64,
    /// The mean rate of the excitatory neurons, in Hz.
    pub rate_exc_hz: f64,
    /// The mean rate of the inhibitory neurons, in Hz.
    pub rate_inh_hz: f64,
}

/// Initialises `net` from `seed` and runs it for `duration` (rounded to whole steps, at least
/// one) with a spike monitor on every neuron, calling `progress(k, steps)` after step `k`. The
/// monitor keeps every spike if `keep_spikes` (for a raster), only the counts per neuron
/// otherwise (8 bytes per neuron instead of 12 per spike: at 400 000 neurons, 3 MB instead of
/// 240 MB per simulated second). Room for a rate of up to 100 Hz is reserved first, so that
/// the run itself does not allocate.
///
/// ```
/// use neurodim::benchmarks::{Builder, CobaNetwork, simulate};
/// use neurodim::prelude::*;
/// let mut net = CobaNetwork::build::<f32>("brette", 0.1, 0)?;
/// let mut last = (0, 0);
/// let outcome = simulate(&mut net, 0, 10.0 * ms, false, |k, steps| last = (k, steps))?;
/// assert_eq!(last, (100, 100));
/// assert_eq!(outcome.seconds, 0.01);
/// let err = simulate(&mut net, 0, 0.04 * ms, false, |_, _| {}).unwrap_err();
/// assert_eq!(err.to_string(), "invalid duration: 0.04 ms (must be at least one step of dt)");
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
pub fn simulate<F: NetworkPrecision>(
    net: &mut EiNetwork<F>,
    seed: u64,
    duration: Time,
    keep_spikes: bool,
    mut progress: impl FnMut(u64, u64) + Send,
) -> Result<Outcome, DynError> {
    let steps = Environment::new(net.network.dt())?.steps_in(duration)?;
    if steps == 0 {
        let shown = duration.display().to_string();
        return Err(DynError::invalid("duration", shown, "must be at least one step of dt"));
    }
    let monitor = if keep_spikes {
        net.network.monitor_spikes(net.population)?
    } else {
        net.network.monitor_spike_counts(net.population)?
    };
    net.network.init(seed)?;
    let n = net.network.num_neurons();
    net.network.reserve_monitors(steps, (n as f64 * duration.value_in(s) * 100.0) as usize)?;
    net.network.run_with_progress(steps, |k| progress(k, steps))?;
    let recorded = net.network.spike_monitor(monitor)?;
    let counts = recorded.counts();
    let seconds = steps as f64 * net.network.dt().value_in(s);
    let rate = |range: Range<usize>| {
        let total: u64 = counts[range.clone()].iter().sum();
        total as f64 / (range.len() as f64 * seconds)
    };
    Ok(Outcome {
        monitor,
        steps,
        seconds,
        spikes: recorded.num_spikes(),
        rate_hz: rate(0..n),
        rate_exc_hz: rate(0..net.n_exc),
        rate_inh_hz: rate(net.n_exc..n),
    })
}

/// Bytes per neuron of an E/I network: its state, inputs and buffers (an upper estimate).
const BYTES_PER_NEURON: f64 = 256.0;
/// Synapses per neuron of the COBA and CUBA networks (2 % of 4 000).
const SYNAPSES_PER_NEURON: f64 = 80.0;
/// Bytes per synapse: a `u32` target, and as much again for the construction.
const BYTES_PER_SYNAPSE: f64 = 8.0;
/// Spikes recorded per neuron and second ([`simulate`] reserves room for 100 Hz).
const RECORDED_RATE_HZ: f64 = 100.0;
/// Bytes per recorded spike (its step and neuron index).
const BYTES_PER_SPIKE: f64 = 12.0;

/// An estimate of the memory a COBA or CUBA network of `N = 4000·scale` neurons needs to be
/// built and to record `duration` of spikes, in bytes: `N·(256 + 80·8 + T·100 Hz·12)` with
/// `T` the duration in seconds; `None` if it exceeds 2^64 bytes. Check it with
/// [`check_memory`](crate::dynamics::network::check_memory) before building.
///
/// ```
/// use neurodim::benchmarks::estimated_bytes;
/// use neurodim::units::s;
/// assert_eq!(estimated_bytes(1.0, 1.0 * s), Some(4000 * (256 + 640 + 1200)));
/// assert_eq!(estimated_bytes(f64::MAX, 1.0 * s), None);
/// ```
pub fn estimated_bytes(scale: f64, duration: Time) -> Option<u64> {
    let neurons = 4000.0 * scale;
    let bytes = neurons * BYTES_PER_NEURON
        + neurons * SYNAPSES_PER_NEURON * BYTES_PER_SYNAPSE
        + neurons * duration.value_in(s) * RECORDED_RATE_HZ * BYTES_PER_SPIKE;
    // `as` saturates: test the bound first.
    (bytes.is_finite() && bytes < u64::MAX as f64).then_some(bytes as u64)
}
