//! Brunel's (2000) balanced random network of `iaf_psc_delta` neurons in the asynchronous
//! irregular state, with the parameters of NEST's example `brunel_delta_nest.py`: 10 000
//! excitatory and 2 500 inhibitory neurons, 1 250 synapses onto each, delays of 1.5 ms,
//! external Poisson drive at twice the threshold rate.
//!
//! `cargo run --release --example brunel -- [--order 2500] [--duration 1s] [--seed N]
//! [--threads N] [--precision f64|f32] [--json]`
//!
//! The network is `neurodim::benchmarks::BrunelNetwork`. `--json` prints one object:
//! `rate_hz` (the mean rate of the excitatory neurons), `cv` (the mean coefficient of
//! variation of their interspike intervals, over the neurons with at least three spikes),
//! `spikes` (excitatory spikes), `sim_s` (wall seconds of the simulation loop per simulated
//! second), `build_s`, `seed`, `threads`, `precision`.

mod common;

use std::error::Error;
use std::time::Instant;

use clap::Parser;
use common::Precision;
use neurodim::benchmarks::BrunelNetwork;
use neurodim::dynamics::network::NetworkPrecision;
use neurodim::units::Time;

/// The flags of the example.
#[derive(Debug, Parser)]
#[command(about = "Brunel (2000): a balanced network of iaf_psc_delta neurons, NEST's example")]
struct Args {
    /// Network size: 4·ORDER excitatory and ORDER inhibitory neurons
    #[arg(long, value_name = "ORDER", default_value_t = 2500)]
    order: usize,
    /// Simulated time, e.g. 500ms, 1s
    #[arg(long, value_name = "D", default_value = "1s", value_parser = common::parse_duration)]
    duration: Time,
    /// Run seed (connectivity and Poisson drive)
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// Worker threads
    #[arg(long, value_name = "N", default_value_t = 1)]
    threads: usize,
    /// State storage
    #[arg(long, value_name = "P", value_enum, default_value_t = Precision::F64)]
    precision: Precision,
    /// One JSON object on stdout instead of the summary, and no progress bar
    #[arg(long)]
    json: bool,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    match args.precision {
        Precision::F32 => run::<f32>(&args),
        Precision::F64 => run::<f64>(&args),
    }
}

fn run<F: NetworkPrecision>(args: &Args) -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let BrunelNetwork { network: mut net, exc, .. } =
        BrunelNetwork::<F>::build(args.order, args.seed)?;
    net.set_threads(args.threads)?;
    let spikes = net.monitor_spikes(exc)?;
    let build_s = started.elapsed().as_secs_f64();
    let steps = common::steps_of(args.duration, net.dt())?;
    let bar = common::progress_bar(steps, args.json);
    let started = Instant::now();
    let chunk = 1_000;
    let mut done = 0;
    while done < steps {
        let n = chunk.min(steps - done);
        net.run(n)?;
        done += n;
        bar.set_position(done);
    }
    let wall = started.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let monitor = net.spike_monitor(spikes)?;
    let n_exc = monitor.population();
    let rate_hz = monitor.num_spikes() as f64 / (n_exc as f64 * args.duration.value);
    let cvs: Vec<f64> = monitor.isi_cv()?.into_iter().flatten().collect();
    let cv = cvs.iter().sum::<f64>() / cvs.len().max(1) as f64;
    let sim_s = wall / args.duration.value;
    if args.json {
        println!(
            "{{\"rate_hz\": {}, \"cv\": {}, \"spikes\": {}, \"sim_s\": {}, \"build_s\": {}, \
             \"seed\": {}, \"threads\": {}, \"precision\": \"{}\"}}",
            common::json_number(rate_hz, 4),
            common::json_number(cv, 4),
            monitor.num_spikes(),
            common::json_number(sim_s, 4),
            common::json_number(build_s, 4),
            args.seed,
            net.threads(),
            F::NAME
        );
        return Ok(());
    }
    println!(
        "Brunel network: {} E + {} I iaf_psc_delta neurons, {} synapses, seed {}",
        n_exc,
        n_exc / 4,
        net.num_synapses(),
        args.seed
    );
    println!(
        "  E rate {rate_hz:.2} Hz, ISI CV {cv:.3} (over {} neurons), {} spikes",
        cvs.len(),
        monitor.num_spikes()
    );
    println!(
        "  wall time: build {build_s:.3} s, simulation {wall:.3} s ({sim_s:.4} s per simulated \
         second, {} thread{})",
        net.threads(),
        if net.threads() == 1 { "" } else { "s" }
    );
    Ok(())
}
