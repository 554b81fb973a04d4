//! Every neuron model with every synapse it combines with, each in a small E/I network: the
//! zoo of the engine's combinations, one line per combination with the step plan the network
//! chose, the spike count and the mean rate.
//!
//! `cargo run --release --example model_zoo [-- --json]`; `--json` prints only the JSON lines
//! (`neuron`, `synapse`, `output`, `precision`, `plan`, `spikes`, `rate_hz`, `sim_s`).
//!
//! The network is the Brette et al. (2007) COBA benchmark in physical units at 400 neurons
//! (320 E, 80 I; each neuron receives from 80 sources, pairwise Bernoulli p = 0.2), 200 ms,
//! seed 0: every neuron model with parameters in that regime (membranes of τ = 20 ms and
//! R = 100 MΩ or C = 150–200 pF, a 200 pA drive, V0 ~ Normal(V_rest + 5 mV, 2 mV); the
//! Izhikevich cell with 100 pA through R = 100 MΩ, the Hodgkin–Huxley cell a membrane of
//! 20 000 µm² with 10 µA/cm²), every synapse (Expon, Alpha,
//! DualExpon on `AlignPost`; AMPA/GABAa receptors on `AlignPre`; Expon with short-term
//! plasticity, STP on E and STD on I), every output (COBA with E_e = V_rest + 60 mV and
//! E_i = V_rest − 20 mV; CUBA with the same currents at rest; an Mg²⁺ block on E with COBA on I).
//! E weights are 3 nS, I weights 67 nS (scaled up where receptors or short-term plasticity let
//! only a fraction through). IF and LIF have no refractory period: with this much recurrent
//! excitation they fire at the step-limited rate of hundreds of Hz, which the zoo shows as is.

use std::error::Error;

use clap::Parser;
use std::time::Instant;

use neurodim::dynamics::connect::{ConnectionRule, PairwiseBernoulli};
use neurodim::dynamics::kernel::{NeuronModel, Neurons};
use neurodim::dynamics::network::Network;
use neurodim::dynamics::neuron::{
    AdExParams, AlifParams, ExpIfParams, HodgkinHuxleyParams, IfParams, IzhikevichParams,
    LifParams, LifRefParams, SpikeReset,
};
use neurodim::dynamics::output::{Coba, Cuba, MgBlock, MgBlockParams};
use neurodim::dynamics::projection::{AlignPost, AlignPre, OutputKind, SynapseKind};
use neurodim::dynamics::synapse::{
    AlphaParams, DualExponParams, ExponParams, ReceptorParams, StdParams, StpParams,
};
use neurodim::prelude::*;
use neurodim::state::StreamKey;
use neurodim::state::init::Normal;

const N_EXC: usize = 320;
const N_INH: usize = 80;
const SEED: u64 = 0;
const DURATION_MS: f64 = 200.0;

/// A neuron model in the benchmark's regime: its parameters, resting potential and drive.
struct Cell<M> {
    name: &'static str,
    params: M,
    v_rest: Voltage,
    drive: Current,
}

/// The synapses of the E and I projections.
#[derive(Clone, Copy)]
enum Synapse {
    Expon,
    Alpha,
    DualExpon,
    Receptors,
    ExponPlastic,
}

impl Synapse {
    const ALL: [Synapse; 5] = [
        Synapse::Expon,
        Synapse::Alpha,
        Synapse::DualExpon,
        Synapse::Receptors,
        Synapse::ExponPlastic,
    ];

    fn name(self) -> &'static str {
        match self {
            Synapse::Expon => "Expon",
            Synapse::Alpha => "Alpha",
            Synapse::DualExpon => "DualExpon",
            Synapse::Receptors => "AMPA/GABAa",
            Synapse::ExponPlastic => "Expon+STP/STD",
        }
    }

    /// The kinetics of a post-side synapse of decay time `tau`.
    fn kind(self, tau: Time) -> SynapseKind {
        match self {
            Synapse::Alpha => AlphaParams { tau }.into(),
            Synapse::DualExpon => {
                DualExponParams { tau_decay: tau, tau_rise: 1.0 * ms, a: None }.into()
            }
            _ => ExponParams { tau }.into(),
        }
    }

    /// How much a weight is scaled so that a spike moves about as much charge as with Expon:
    /// receptors open to about 0.2 per spike, STP and STD let about 0.2 and 0.07 through.
    fn gain(self, excitatory: bool) -> f64 {
        match (self, excitatory) {
            (Synapse::Receptors, _) => 5.0,
            (Synapse::ExponPlastic, true) => 5.0,
            (Synapse::ExponPlastic, false) => 14.0,
            _ => 1.0,
        }
    }
}

/// The outputs of the E and I projections.
#[derive(Clone, Copy)]
enum Output {
    Coba,
    Cuba,
    MgBlock,
}

impl Output {
    const ALL: [Output; 3] = [Output::Coba, Output::Cuba, Output::MgBlock];

    fn name(self) -> &'static str {
        match self {
            Output::Coba => "COBA",
            Output::Cuba => "CUBA",
            Output::MgBlock => "MgBlock",
        }
    }

    /// The outputs of E and I for a cell resting at `v_rest`: reversal potentials 60 mV above
    /// and 20 mV below rest, or the current-based outputs that give the same currents at rest.
    fn kinds(self, v_rest: Voltage) -> Result<(OutputKind, OutputKind), Box<dyn Error>> {
        let (e_exc, e_inh) = (v_rest + 60.0 * mV, v_rest - 20.0 * mV);
        let coba_inh = OutputKind::Coba(Coba::new(e_inh)?);
        Ok(match self {
            Output::Coba => (OutputKind::Coba(Coba::new(e_exc)?), coba_inh),
            Output::Cuba => {
                (OutputKind::Cuba(Cuba::new(60.0 * mV)?), OutputKind::Cuba(Cuba::new(-20.0 * mV)?))
            }
            Output::MgBlock => {
                let params = MgBlockParams { e: e_exc, ..MgBlockParams::default() };
                (OutputKind::MgBlock(MgBlock::new(params)?), coba_inh)
            }
        })
    }
}

/// One combination's result.
struct Line {
    plan: String,
    spikes: usize,
    rate_hz: f64,
    sim_s: f64,
}

/// Runs the E/I network of `cell` with `synapse` and `output`.
fn run<M: NeuronModel>(
    cell: &Cell<M>,
    synapse: Synapse,
    output: Output,
) -> Result<Line, Box<dyn Error>> {
    let n = N_EXC + N_INH;
    let neurons = Neurons::<M>::new(n, cell.params.clone())?
        .with_v_initializer(Normal::new(cell.v_rest + 5.0 * mV, 2.0 * mV)?);
    let mut net = Network::new(0.1 * ms)?;
    let pop = net.add_population("N", neurons)?;
    net.set_current(pop, cell.drive)?;
    let (out_exc, out_inh) = output.kinds(cell.v_rest)?;
    let groups = [
        ("E", 0..N_EXC, 3.0 * nS, 5.0 * ms, out_exc),
        ("I", N_EXC..n, 67.0 * nS, 10.0 * ms, out_inh),
    ];
    for (name, range, weight, tau, out) in groups {
        let excitatory = name == "E";
        let weight = weight * synapse.gain(excitatory);
        let conn = PairwiseBernoulli::new(Probability::new(0.2)?)
            .connect(range.len(), n, &mut StreamKey::new(SEED, name).rng())?
            .with_weight(weight)?;
        match synapse {
            Synapse::Receptors => {
                let receptor =
                    if excitatory { ReceptorParams::ampa() } else { ReceptorParams::gaba_a() };
                net.add_align_pre(
                    name,
                    AlignPre::new(pop.neurons(range), pop, conn, receptor, out),
                )?;
            }
            _ => {
                let mut projection =
                    AlignPost::new(pop.neurons(range), pop, conn, synapse.kind(tau), out);
                if let Synapse::ExponPlastic = synapse {
                    projection = if excitatory {
                        projection.with_short_term_plasticity(StpParams::default())
                    } else {
                        projection.with_short_term_plasticity(StdParams::default())
                    };
                }
                net.add_align_post(name, projection)?;
            }
        }
    }
    let spikes = net.monitor_spikes(pop)?;
    net.init(SEED)?;
    let plan = net.plan().populations[0].step.to_string();
    let start = Instant::now();
    net.run_for(DURATION_MS * ms)?;
    let sim_s = start.elapsed().as_secs_f64();
    let monitor = net.spike_monitor(spikes)?;
    let rate_hz = monitor.mean_rate(0.0 * ms..DURATION_MS * ms)?.value_in(Hz);
    Ok(Line { plan, spikes: monitor.num_spikes(), rate_hz, sim_s })
}

/// Runs every synapse and output with `cell` and prints a line each.
fn zoo<M: NeuronModel>(cell: Cell<M>, json: bool) -> Result<(), Box<dyn Error>> {
    for synapse in Synapse::ALL {
        for output in Output::ALL {
            let line = run(&cell, synapse, output)?;
            let (neuron, syn, out) = (cell.name, synapse.name(), output.name());
            let Line { plan, spikes, rate_hz, sim_s } = line;
            if json {
                println!(
                    r#"{{"neuron":"{neuron}","synapse":"{syn}","output":"{out}","precision":"f64","plan":"{plan}","spikes":{spikes},"rate_hz":{rate_hz:.4},"sim_s":{sim_s:.4}}}"#
                );
            } else {
                println!(
                    "{neuron:<10} {syn:<14} {out:<8} {plan:<14} {spikes:>6} spikes {rate_hz:>7.2} Hz {sim_s:>7.3} s"
                );
            }
        }
    }
    Ok(())
}

/// The command line.
#[derive(Parser)]
#[command(
    about = "Every neuron model with every synapse it combines with, each in a small E/I network"
)]
struct Args {
    /// Print only the JSON lines
    #[arg(long)]
    json: bool,
}

fn main() -> Result<(), Box<dyn Error>> {
    let json = Args::parse().json;
    let (r, tau) = (100.0 * Mohm, 20.0 * ms);
    let lif = LifParams {
        r,
        tau,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        reset: SpikeReset::Hard,
    };
    let drive = 200.0 * pA;
    let rest = -60.0 * mV;
    zoo(
        Cell {
            name: "IF",
            params: IfParams { r, tau, v_th: 10.0 * mV, reset: SpikeReset::Hard },
            v_rest: 0.0 * mV,
            drive,
        },
        json,
    )?;
    zoo(Cell { name: "LIF", params: lif, v_rest: rest, drive }, json)?;
    let lif_ref = LifRefParams {
        r,
        tau,
        tau_ref: 5.0 * ms,
        v_th: lif.v_th,
        v_reset: lif.v_reset,
        v_rest: lif.v_rest,
        reset: SpikeReset::Hard,
    };
    zoo(Cell { name: "LIFRef", params: lif_ref, v_rest: rest, drive }, json)?;
    let alif = AlifParams {
        r,
        tau,
        tau_a: 100.0 * ms,
        v_th: lif.v_th,
        v_reset: lif.v_reset,
        v_rest: lif.v_rest,
        beta: 2.0 * mV,
        reset: SpikeReset::Hard,
    };
    zoo(Cell { name: "ALIF", params: alif, v_rest: rest, drive }, json)?;
    let exp_if = ExpIfParams {
        r,
        tau,
        tau_ref: 2.0 * ms,
        v_rest: rest,
        v_reset: rest,
        v_th: -30.0 * mV,
        v_t: -50.0 * mV,
        delta_t: 2.0 * mV,
    };
    zoo(Cell { name: "ExpIF", params: exp_if, v_rest: rest, drive }, json)?;
    let adex = AdExParams::rs();
    zoo(Cell { name: "AdEx", params: adex, v_rest: adex.e_l, drive: 300.0 * pA }, json)?;
    let izhikevich = IzhikevichParams { r, ..IzhikevichParams::rs() };
    zoo(
        Cell { name: "Izhikevich", params: izhikevich, v_rest: -65.0 * mV, drive: 100.0 * pA },
        json,
    )?;
    // a membrane of 20 000 µm² (C = 200 pF, as the LIF cells'), driven by 10 µA/cm²
    let hh = HodgkinHuxleyParams { area: 20_000.0 * um2, ..HodgkinHuxleyParams::default() };
    zoo(Cell { name: "HH", params: hh, v_rest: -65.0 * mV, drive: 2.0 * nA }, json)?;
    Ok(())
}
