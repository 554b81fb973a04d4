//! Song, Miller & Abbott (2000): 1 000 Poisson inputs at 15 Hz onto one integrate-and-fire
//! neuron through excitatory synapses with additive STDP. Competition between the inputs
//! drives the weights to the bounds: the final distribution is bimodal, and the output rate
//! settles at a few Hz whatever the inputs' rate.
//!
//! `cargo run --release --example stdp_song -- [--duration 100s] [--seed N] [--json]
//! [--weights PATH] [--histogram PATH] [--no-files]` (add `--features plot` for the histogram
//! PNG).
//!
//! The network is `neurodim::benchmarks::SongNetwork`, with the parameters of Brian2's
//! documented example of this model (`examples/synapses/STDP.py`): `τ_m dV/dt = (E_L − V) +
//! (g/g_L)(E_e − V)` with τ_m = 10 ms, E_L = −74 mV, E_e = 0 mV, threshold −54 mV, reset to
//! −60 mV, g decaying with τ_e = 5 ms; `w_max = 0.01·g_L`; initial weights uniform in
//! `[0, w_max)`; pair-based additive STDP (NEST's `stdp_synapse` with `μ₊ = μ₋ = 0`),
//! `τ₊ = τ₋ = 20 ms`, `λ = 0.01`, `α = 1.05`; no delay; dt = 0.1 ms.
//!
//! `--json` prints one object: `rate_hz` (the output neuron's rate over the last 20 % of the
//! run), `weights` (the final weights divided by `w_max`, one per input), `seed` and `sim_s`
//! (wall seconds of the simulation loop per simulated second). Otherwise it prints a summary
//! and writes the final `w / w_max` as `.npy` (`--weights`, default `stdp_song_weights.npy`)
//! and, with `--features plot`, their histogram (`--histogram`, default
//! `stdp_song_weights.png`).

mod common;

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use neurodim::benchmarks::SongNetwork;
use neurodim::units::Time;

/// The flags of the example.
#[derive(Debug, Parser)]
#[command(about = "Song, Miller & Abbott (2000): STDP makes 1000 inputs compete")]
struct Args {
    /// Simulated time, e.g. 10s, 100s
    #[arg(long, value_name = "D", default_value = "100s", value_parser = common::parse_duration)]
    duration: Time,
    /// Run seed (inputs' spikes and initial weights)
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// One JSON object on stdout instead of the summary; no files, no progress bar
    #[arg(long)]
    json: bool,
    /// Where the final w / w_max go (.npy)
    #[arg(long, value_name = "PATH", default_value = "stdp_song_weights.npy")]
    weights: PathBuf,
    /// Where their histogram goes (PNG, with --features plot)
    #[arg(long, value_name = "PATH", default_value = "stdp_song_weights.png")]
    histogram: PathBuf,
    /// Do not write the weights or the histogram
    #[arg(long)]
    no_files: bool,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    let SongNetwork { network: mut net, cell, w_max } = SongNetwork::build(args.seed)?;
    let steps = common::steps_of(args.duration, net.dt())?;
    let settled = steps - steps / 5;
    let spikes = net.monitor_spikes(cell)?;
    let bar = common::progress_bar(steps, args.json);
    let start = Instant::now();
    let chunk = 10_000;
    let mut done = 0;
    while done < steps {
        let n = chunk.min(steps - done);
        net.run(n)?;
        done += n;
        bar.set_position(done);
    }
    let wall = start.elapsed().as_secs_f64();
    bar.finish_and_clear();
    let late = net.spike_monitor(spikes)?.spike_steps().iter().filter(|&&n| n >= settled).count();
    let rate_hz = late as f64 / ((steps - settled) as f64 * net.dt().value);
    let weights: Vec<f64> = net.weights("song")?.iter().map(|&w| (w / w_max).value).collect();
    let sim_s = wall / args.duration.value;
    if args.json {
        let list: Vec<String> = weights.iter().map(|w| common::json_number(*w, 6)).collect();
        println!(
            "{{\"rate_hz\": {}, \"weights\": [{}], \"seed\": {}, \"sim_s\": {}}}",
            common::json_number(rate_hz, 4),
            list.join(", "),
            args.seed,
            common::json_number(sim_s, 6)
        );
        return Ok(());
    }
    let low = weights.iter().filter(|&&w| w < 0.1).count();
    let high = weights.iter().filter(|&&w| w > 0.9).count();
    println!(
        "{} s simulated in {wall:.2} s ({sim_s:.4} s per simulated second)",
        args.duration.value
    );
    println!("output rate over the last 20 %: {rate_hz:.2} Hz");
    println!("w / w_max < 0.1: {low} inputs, > 0.9: {high} inputs (of {})", weights.len());
    if !args.no_files {
        neurodim::io::write_npy(&args.weights, &[weights.len()], &weights)?;
        println!("final w / w_max: {}", args.weights.display());
        #[cfg(feature = "plot")]
        {
            let title = format!("Song, Miller & Abbott: weights after {} s", args.duration.value);
            neurodim::io::histogram_png(
                &args.histogram,
                &weights,
                0.0..1.0,
                50,
                &title,
                "w / w_max",
            )?;
            println!("histogram: {}", args.histogram.display());
        }
    }
    Ok(())
}
