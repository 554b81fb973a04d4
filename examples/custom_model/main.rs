//! A neuron model written outside the library — a quadratic integrate-and-fire neuron with a
//! unit-checked right-hand side (`qif.rs`) — in an E/I network, on the same driver and the
//! same step plans as the built-in models: its exponential synapses are fused with their COBA
//! outputs into one pass, or, with CUBA outputs, the synapses and the neurons are stepped in
//! one loop. A synapse model written outside the library (`exact_expon.rs`, an exponential
//! with the exact propagator) takes the same fused plan as the built-in `Expon`.
//!
//! `cargo run --release --example custom_model [-- --json]`: one line per variant, with the
//! plan the network chose, the spike count and the mean rate.

mod exact_expon;
mod qif;

use std::error::Error;

use clap::Parser;

use exact_expon::ExactExponParams;
use neurodim::dynamics::connect::{ConnectionRule, FixedOutDegree};
use neurodim::dynamics::kernel::Neurons;
use neurodim::dynamics::network::Network;
use neurodim::dynamics::output::{Coba, Cuba};
use neurodim::dynamics::projection::{AlignPost, OutputKind, SynapseKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::state::StreamKey;
use neurodim::state::init::Normal;
use neurodim::units::{Conductance, Hz, Time, ValueIn, mV, ms, nS, pA};
use qif::QifParams;

/// 800 excitatory and 200 inhibitory QIF neurons, 50 targets per neuron, 1 s.
const N_EXC: usize = 800;
const N_INH: usize = 200;
const DEGREE: usize = 50;
const SEED: u64 = 7;

/// A projection from a range of the population: name, sources, (weight, output), τ.
type Group = (&'static str, core::ops::Range<usize>, (Conductance, OutputKind), Time);

/// The command line.
#[derive(Parser)]
#[command(
    about = "A QIF neuron and an exact exponential synapse written outside the library, in an E/I network"
)]
struct Args {
    /// Print only the JSON lines
    #[arg(long)]
    json: bool,
}

fn main() -> Result<(), Box<dyn Error>> {
    let json = Args::parse().json;
    let coba = |e| -> Result<OutputKind, Box<dyn Error>> { Ok(OutputKind::Coba(Coba::new(e)?)) };
    let cuba = OutputKind::Cuba(Cuba::new(10.0 * mV)?);
    let expon = |tau| SynapseKind::new(ExponParams { tau });
    let exact = |tau| SynapseKind::new(ExactExponParams { tau });
    let variants: [(&str, _, _, &dyn Fn(Time) -> SynapseKind); 3] = [
        ("COBA", (0.3 * nS, coba(0.0 * mV)?), (1.5 * nS, coba(-80.0 * mV)?), &expon),
        ("CUBA", (0.3 * nS, cuba), (-1.5 * nS, cuba), &expon),
        ("COBA", (0.3 * nS, coba(0.0 * mV)?), (1.5 * nS, coba(-80.0 * mV)?), &exact),
    ];
    for (name, excitatory, inhibitory, synapse) in variants {
        let n = N_EXC + N_INH;
        let neurons = Neurons::new(n, QifParams::default())?
            .with_v_initializer(Normal::new(-60.0 * mV, 5.0 * mV)?);
        let mut net = Network::new(0.1 * ms)?;
        let pop = net.add_population("N", neurons)?;
        net.set_current(pop, 90.0 * pA)?;
        let groups: [Group; 2] =
            [("E", 0..N_EXC, excitatory, 5.0 * ms), ("I", N_EXC..n, inhibitory, 10.0 * ms)];
        for (group, range, (weight, output), tau) in groups {
            let conn = FixedOutDegree::new(DEGREE)
                .connect(range.len(), n, &mut StreamKey::new(SEED, group).rng())?
                .with_weight(weight)?;
            net.add_align_post(
                group,
                AlignPost::new(pop.neurons(range), pop, conn, synapse(tau), output),
            )?;
        }
        let spikes = net.monitor_spikes(pop)?;
        net.init(SEED)?;
        let plan = net.plan();
        net.run_for(1000.0 * ms)?;
        let monitor = net.spike_monitor(spikes)?;
        let rate = monitor.mean_rate(0.0 * ms..1000.0 * ms)?.value_in(Hz);
        let step = plan.populations[0].step;
        let synapse = synapse(1.0 * ms).model_name();
        if json {
            println!(
                r#"{{"neuron":"QIF","synapse":"{synapse}","output":"{name}","plan":"{step}","spikes":{},"rate_hz":{rate:.4}}}"#,
                monitor.num_spikes()
            );
        } else {
            println!("{synapse} {name}: {plan}\n  {} spikes, {rate:.2} Hz", monitor.num_spikes());
        }
    }
    Ok(())
}
