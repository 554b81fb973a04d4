//! What the `coba` and `cuba` examples do with a network of `neurodim::benchmarks`: build it
//! in the precision asked for, run it with a progress bar, and report the run as a human
//! summary or one JSON object (and a raster plot with the `plot` feature).

use std::error::Error;
use std::time::Instant;

use neurodim::benchmarks::{Builder, dt, estimated_bytes, simulate};
use neurodim::dynamics::network::{NetworkPrecision, check_memory};
use neurodim::prelude::*;

use super::{NetworkArgs, Precision, json_number, peak_rss_mib, progress_bar, steps_of};

/// Builds with `B::build(variant, scale, seed)` in the precision of `--precision`, runs for the
/// requested duration with a progress bar, and prints the summary (or JSON), writing a raster
/// plot when built with the `plot` feature.
pub fn run<B: Builder>(args: &NetworkArgs) -> Result<(), Box<dyn Error>> {
    match args.precision {
        Precision::F32 => run_in::<B, f32>(args),
        Precision::F64 => run_in::<B, f64>(args),
    }
}

fn run_in<B: Builder, F: NetworkPrecision>(args: &NetworkArgs) -> Result<(), Box<dyn Error>> {
    let example = B::NAME;
    // Refuse what cannot be run before allocating anything.
    let steps = steps_of(args.duration, dt())?;
    check_memory(
        "the network and its spike recording",
        estimated_bytes(args.scale, args.duration),
    )?;
    let started = Instant::now();
    let mut net = B::build::<F>(&args.variant, args.scale, args.seed)?;
    net.network.set_threads(args.threads)?;
    let build_s = started.elapsed().as_secs_f64();
    let progress = progress_bar(steps, args.json);
    let started = Instant::now();
    // the spikes themselves only for a raster
    let keep_spikes = cfg!(feature = "plot") && args.raster.is_some();
    let outcome =
        simulate(&mut net, args.seed, args.duration, keep_spikes, |k, _| progress.set_position(k))?;
    let sim_s = started.elapsed().as_secs_f64();
    progress.finish_and_clear();
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
