//! What the `coba` and `cuba` examples share: an E/I network laid out as one population whose
//! first `n_exc` neurons are excitatory, run with a spike monitor, reported as a human summary
//! or one JSON object. The root tests (`tests/network_rates.rs`) build the same networks.
#![allow(dead_code)] // each example uses one of the two builders

pub mod coba;
pub mod cuba;

use std::error::Error;
use std::time::Instant;

use neurodim::dynamics::connect::{ConnectionRule, FixedOutDegree, PairwiseBernoulli};
use neurodim::dynamics::network::{
    Network, NetworkPrecision, PopulationId, SpikeMonitorId, check_memory,
};
use neurodim::dynamics::projection::{AlignPost, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::StreamKey;
use neurodim::units::s;

use crate::common::{NetworkArgs, Progress, estimated_bytes, json_number, peak_rss_mib, steps_of};

/// The time step of both networks (brainstate's default).
pub fn dt() -> Time {
    0.1 * ms
}

/// An E/I network: one population, neurons `0..n_exc` excitatory, the rest inhibitory.
pub struct EiNetwork<F: NetworkPrecision> {
    pub network: Network<F>,
    pub population: PopulationId,
    pub n_exc: usize,
}

/// A network: `build(variant, scale, seed)` in the precision `F`.
pub trait Builder {
    fn build<F: NetworkPrecision>(
        variant: &str,
        scale: f64,
        seed: u64,
    ) -> Result<EiNetwork<F>, Box<dyn Error>>;
}

/// The neuron counts at `scale`: `(int(3200·scale), int(800·scale))`, as brainstate's
/// benchmark scripts.
pub fn sizes(scale: f64) -> (usize, usize) {
    ((3200.0 * scale) as usize, (800.0 * scale) as usize)
}

/// How each source neuron picks its targets.
#[derive(Clone, Copy)]
pub enum Wiring {
    /// brainstate's `EventFixedProb(conn_num = p)`: exactly `int(p · n_post)` targets each.
    FixedOutDegree(f64),
    /// Brian2's `connect(p = p)`: each pair independently with probability `p`.
    Bernoulli(f64),
}

/// One projection of the network: E (`0..n_exc`) or I (`n_exc..`) onto everyone.
pub struct Pathway {
    pub name: &'static str,
    pub weight: Conductance,
    pub tau: Time,
    pub output: OutputKind,
}

/// Adds the projection `path` from `pre` (a range of `population`) onto all of it, its
/// connectivity drawn from the stream `"<name>.conn"` of `seed`.
pub fn connect<F: NetworkPrecision>(
    net: &mut EiNetwork<F>,
    pre: std::ops::Range<usize>,
    wiring: Wiring,
    path: &Pathway,
    seed: u64,
) -> Result<(), Box<dyn Error>> {
    let n = net.network.neurons(net.population)?.shape().len();
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
    net.network.add_align_post(path.name, projection)?;
    Ok(())
}

/// What a run produced: spike counts per neuron and the rates of E, I and all.
pub struct Outcome {
    pub monitor: SpikeMonitorId,
    pub steps: u64,
    pub seconds: f64,
    pub spikes: usize,
    pub rate_hz: f64,
    pub rate_exc_hz: f64,
    pub rate_inh_hz: f64,
}

/// Initialises `net` from `seed` and runs it for `duration` with a spike monitor on every
/// neuron, calling `progress(k)` after step `k`. The monitor keeps every spike if
/// `keep_spikes` (for a raster), only the counts per neuron otherwise (8 bytes per neuron
/// instead of 12 per spike: at 400 000 neurons, 3 MB instead of 240 MB per simulated second).
pub fn simulate<F: NetworkPrecision>(
    net: &mut EiNetwork<F>,
    seed: u64,
    duration: Time,
    keep_spikes: bool,
    mut progress: impl FnMut(u64, u64) + Send,
) -> Result<Outcome, Box<dyn Error>> {
    let monitor = if keep_spikes {
        net.network.monitor_spikes(net.population)?
    } else {
        net.network.monitor_spike_counts(net.population)?
    };
    net.network.init(seed)?;
    let steps = steps_of(duration, net.network.dt())?;
    let n = net.network.num_neurons();
    // Room for a rate of up to 100 Hz, so that the run itself does not allocate.
    net.network.reserve_monitors(steps, (n as f64 * duration.value_in(s) * 100.0) as usize)?;
    net.network.run_with_progress(steps, |k| progress(k, steps))?;
    let recorded = net.network.spike_monitor(monitor)?;
    let counts = recorded.counts();
    let seconds = steps as f64 * net.network.dt().value_in(s);
    let rate = |range: std::ops::Range<usize>| {
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

/// Builds with `B::build(variant, scale, seed)` in the precision of `--precision`, runs for the
/// requested duration with a progress bar, and prints the summary (or JSON), writing a raster
/// plot when built with the `plot` feature.
pub fn run<B: Builder>(example: &str, args: &NetworkArgs) -> Result<(), Box<dyn Error>> {
    match args.precision {
        "f32" => run_in::<B, f32>(example, args),
        _ => run_in::<B, f64>(example, args),
    }
}

fn run_in<B: Builder, F: NetworkPrecision>(
    example: &str,
    args: &NetworkArgs,
) -> Result<(), Box<dyn Error>> {
    // Refuse what cannot be run before allocating anything.
    steps_of(args.duration, dt())?;
    check_memory(
        "the network and its spike recording",
        estimated_bytes(args.scale, args.duration),
    )?;
    let started = Instant::now();
    let mut net = B::build::<F>(&args.variant, args.scale, args.seed)?;
    net.network.set_threads(args.threads)?;
    let build_s = started.elapsed().as_secs_f64();
    let mut progress: Option<Progress> = None;
    let started = Instant::now();
    // the spikes themselves only for a raster
    let keep_spikes = cfg!(feature = "plot") && args.raster.is_some();
    let outcome = simulate(&mut net, args.seed, args.duration, keep_spikes, |k, steps| {
        progress.get_or_insert_with(|| Progress::new(steps, args.json)).update(k)
    })?;
    let sim_s = started.elapsed().as_secs_f64();
    let report = Report {
        network: example,
        variant: &args.variant,
        neurons: net.network.num_neurons(),
        synapses: net.network.num_synapses(),
        dt_ms: net.network.dt().value_in(ms),
        duration_s: outcome.seconds,
        seed: args.seed,
        threads: net.network.threads(),
        precision: F::NAME,
        spikes: outcome.spikes,
        rate_hz: outcome.rate_hz,
        rate_exc_hz: outcome.rate_exc_hz,
        rate_inh_hz: outcome.rate_inh_hz,
        build_s,
        sim_s,
        peak_rss_mib: peak_rss_mib(),
    };
    let spikes = net.network.spike_monitor(outcome.monitor)?;
    let raster = write_raster(example, args, spikes)?;
    if args.json {
        println!("{}", report.json());
    } else {
        report.print(raster.as_deref());
    }
    Ok(())
}

#[cfg(feature = "plot")]
fn write_raster(
    example: &str,
    args: &NetworkArgs,
    spikes: &neurodim::dynamics::monitor::SpikeMonitor,
) -> Result<Option<String>, Box<dyn Error>> {
    use neurodim::io::{RasterOptions, raster_png};
    let Some(path) = &args.raster else { return Ok(None) };
    let title = format!("{example} ({}), seed {}", args.variant, args.seed);
    let options = RasterOptions::new(1200, 800)?.title(title).rate_panel(5.0 * ms)?;
    raster_png(std::path::Path::new(path), spikes, &options)?;
    Ok(Some(path.clone()))
}

#[cfg(not(feature = "plot"))]
fn write_raster(
    _example: &str,
    _args: &NetworkArgs,
    _spikes: &neurodim::dynamics::monitor::SpikeMonitor,
) -> Result<Option<String>, Box<dyn Error>> {
    Ok(None)
}

/// The figures of one run.
struct Report<'a> {
    network: &'a str,
    variant: &'a str,
    neurons: usize,
    synapses: usize,
    dt_ms: f64,
    duration_s: f64,
    seed: u64,
    threads: usize,
    precision: &'a str,
    spikes: usize,
    rate_hz: f64,
    rate_exc_hz: f64,
    rate_inh_hz: f64,
    build_s: f64,
    sim_s: f64,
    peak_rss_mib: Option<f64>,
}

impl Report<'_> {
    fn json(&self) -> String {
        let rss = self.peak_rss_mib.map_or("null".to_string(), |m| format!("{m:.1}"));
        format!(
            concat!(
                "{{\"network\":\"{}\",\"variant\":\"{}\",\"neurons\":{},\"synapses\":{},",
                "\"dt_ms\":{},\"duration_s\":{},\"seed\":{},\"spikes\":{},\"rate_hz\":{},",
                "\"rate_exc_hz\":{},\"rate_inh_hz\":{},\"build_s\":{:.4},\"sim_s\":{:.4},",
                "\"sim_s_per_simulated_s\":{},\"threads\":{},\"precision\":\"{}\",\"peak_rss_mib\":{}}}"
            ),
            self.network,
            self.variant,
            self.neurons,
            self.synapses,
            self.dt_ms,
            self.duration_s,
            self.seed,
            self.spikes,
            json_number(self.rate_hz, 4),
            json_number(self.rate_exc_hz, 4),
            json_number(self.rate_inh_hz, 4),
            self.build_s,
            self.sim_s,
            json_number(self.sim_s / self.duration_s, 4),
            self.threads,
            self.precision,
            rss,
        )
    }

    fn print(&self, raster: Option<&str>) {
        println!("{} network, variant {} (seed {})", self.network, self.variant, self.seed);
        println!("  neurons    {} ({} synapses)", self.neurons, self.synapses);
        println!(
            "  simulated  {} s at dt = {} ms, states in {}",
            self.duration_s, self.dt_ms, self.precision
        );
        println!(
            "  spikes     {} — mean rate {:.2} Hz (E {:.2} Hz, I {:.2} Hz)",
            self.spikes, self.rate_hz, self.rate_exc_hz, self.rate_inh_hz
        );
        println!(
            "  wall time  build {:.3} s, simulation {:.3} s ({:.4} s per simulated second, {} thread{})",
            self.build_s,
            self.sim_s,
            self.sim_s / self.duration_s,
            self.threads,
            if self.threads == 1 { "" } else { "s" }
        );
        if let Some(rss) = self.peak_rss_mib {
            println!("  peak RSS   {rss:.1} MiB");
        }
        match raster {
            Some(path) => println!("  raster     {path}"),
            None => {
                println!("  raster     not written (needs --features plot, and no --no-raster)")
            }
        }
    }
}
