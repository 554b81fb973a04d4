//! Inputs inside a network: waveform currents, Poisson inputs into V and into g, and spike
//! generators as the sources of projections.
//!
//! Poisson counts are Binomial(n, p) with p = freq · dt; the statistical checks
//! compare the sample mean over 20 000 neurons with n·p within 5 standard errors.

use neurodim::dynamics::connect::{OneToOne, SynapseDelays, Topology};
use neurodim::dynamics::input::{PoissonInput, PoissonSpike, SpikeTime, StepCurrent};
use neurodim::dynamics::network::{Network, PopulationId};
use neurodim::dynamics::neuron::{Lif, LifParams};
use neurodim::dynamics::output::Cuba;
use neurodim::dynamics::projection::{AlignPost, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::Shape;

const N: usize = 20_000;
/// 100 sources at 100 Hz with dt = 0.1 ms: p = 0.01, n·p = 1, variance n·p·(1 − p) = 0.99.
const SOURCES: u64 = 100;
const FREQ_HZ: f64 = 100.0;

/// `N` LIF neurons at rest with an unreachable threshold: V stays 0 unless something arrives.
fn silent(net: &mut Network) -> PopulationId {
    let params = LifParams { v_th: 1e6 * mV, ..LifParams::default() };
    net.add_population("P", Lif::new(Shape::vector(N).unwrap(), params).unwrap()).unwrap()
}

fn assert_mean_count(values: impl Iterator<Item = f64>) {
    let counts: Vec<f64> = values.collect();
    let mean = counts.iter().sum::<f64>() / counts.len() as f64;
    let standard_error = (0.99 / counts.len() as f64).sqrt();
    assert!((mean - 1.0).abs() < 5.0 * standard_error, "mean count {mean}");
    assert!(counts.iter().all(|c| c.fract() == 0.0 && *c >= 0.0));
}

#[test]
fn poisson_input_into_v_adds_binomial_counts_of_its_weight() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let pop = silent(&mut net);
    let input = PoissonInput::new(N, SOURCES, FREQ_HZ * Hz, 0.5 * mV).unwrap();
    net.add_poisson_to_v("ext", pop, input).unwrap();
    net.init(0).unwrap();
    net.step().unwrap();
    // From V = 0 without current the integration leaves 0; the jumps come after it.
    assert_mean_count(net.neurons(pop).unwrap().v().iter().map(|v| v.value_in(mV) / 0.5));
}

#[test]
fn poisson_input_into_g_joins_the_arrivals_of_the_step() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let pop = silent(&mut net);
    let conn = OneToOne.topology(N).unwrap().with_weight(1.0 * nS).unwrap();
    let syn = ExponParams { tau: 5.0 * ms };
    let out = OutputKind::Cuba(Cuba::default());
    net.add_align_post("rec", AlignPost::new(pop, pop, conn, syn, out)).unwrap();
    let input = PoissonInput::new(N, SOURCES, FREQ_HZ * Hz, 2.0 * nS).unwrap();
    net.add_poisson_to_g("ext", "rec", input).unwrap();
    net.init(0).unwrap();
    net.step().unwrap();
    // g was 0: after one step it is exactly count · 2 nS.
    assert_mean_count(net.conductance("rec").unwrap().iter().map(|g| g.value_in(nS) / 2.0));
}

#[test]
fn poisson_streams_follow_the_seed_and_restart_on_reset() {
    let run = |net: &mut Network, pop| {
        net.run(5).unwrap();
        net.neurons(pop).unwrap().v().to_vec()
    };
    let mut net = Network::new(0.1 * ms).unwrap();
    let pop = silent(&mut net);
    let input = PoissonInput::new(N, SOURCES, FREQ_HZ * Hz, 0.5 * mV).unwrap();
    net.add_poisson_to_v("ext", pop, input).unwrap();
    net.init(1).unwrap();
    let first = run(&mut net, pop);
    net.reset().unwrap();
    assert_eq!(run(&mut net, pop), first);
    net.init(2).unwrap();
    assert_ne!(run(&mut net, pop), first);
}

#[test]
fn poisson_inputs_are_checked() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let pop = silent(&mut net);
    let small = PoissonInput::new(N - 1, 1, 1.0 * Hz, 1.0 * mV).unwrap();
    assert!(net.add_poisson_to_v("a", pop, small).is_err());
    let fits = PoissonInput::new(N, 1, 1.0 * Hz, 1.0 * mV).unwrap();
    assert!(net.add_poisson_to_v("P", pop, fits.clone()).is_err()); // name taken
    net.add_poisson_to_v("a", pop, fits.clone()).unwrap();
    assert!(net.add_poisson_to_v("a", pop, fits).is_err());
    let g = PoissonInput::new(N, 1, 1.0 * Hz, 1.0 * nS).unwrap();
    let e = net.add_poisson_to_g("b", "nothing", g).unwrap_err();
    assert!(e.to_string().contains("\"nothing\""), "{e}");
    // freq · dt > 1 is refused when the input is added (the network's dt is known then),
    // naming the rate.
    let mut fast = Network::new(0.1 * ms).unwrap();
    let pop = silent(&mut fast);
    let input = PoissonInput::new(N, 1, 20.0 * kHz, 1.0 * mV).unwrap();
    let err = fast.add_poisson_to_v("f", pop, input).unwrap_err();
    assert!(err.to_string().contains("freq"), "{err}");
}

#[test]
fn a_current_waveform_is_evaluated_at_each_step() {
    // 2 mA from 1 ms to 2 ms into LIF (τ = 5 ms, R = 1 Ω) at rest: V rises only inside.
    let mut net = Network::new(0.1 * ms).unwrap();
    let params = LifParams::default();
    let pop =
        net.add_population("P", Lif::new(Shape::vector(1).unwrap(), params).unwrap()).unwrap();
    net.set_current_waveform(pop, StepCurrent::new(2.0 * mA, 1.0 * ms, 2.0 * ms).unwrap()).unwrap();
    let v = net.monitor_state("P.V", &[0], 1).unwrap();
    net.init(0).unwrap();
    net.run(30).unwrap();
    let trace: Vec<f64> = net.voltage_trace(v).unwrap().trace(0).map(|v| v.value_in(mV)).collect();
    assert!(trace[..10].iter().all(|&v| v == 0.0));
    // First step with current, from V = 0: V = 2 mV · (1 − e^(−0.02)) (brainstate's LIF value).
    assert!((trace[10] - 0.03960265).abs() < 1e-8, "{}", trace[10]);
    assert!(trace[19] > trace[18] && trace[20] < trace[19]);
}

#[test]
fn a_spike_source_feeds_projections_like_neurons() {
    // SpikeTime emits neuron 1 at the first step with t ≥ 0.3 ms, step 3; with a 0.5 ms delay
    // it reaches the synapse at step 3 + 1 + 5 = 9.
    let mut net = Network::new(0.1 * ms).unwrap();
    let stim = SpikeTime::new(2, vec![1], vec![0.3 * ms]).unwrap();
    let source = net.add_spike_source("stim", stim).unwrap();
    let pop = silent(&mut net);
    let conn = Topology::from_csr(2, N, vec![0, 0, 1], vec![7]).unwrap().with_weight(1.0 * nS);
    let delays = SynapseDelays::uniform(0.5 * ms, 0.1 * ms).unwrap();
    let syn = ExponParams { tau: 5.0 * ms };
    let projection =
        AlignPost::new(source, pop, conn.unwrap(), syn, OutputKind::Cuba(Cuba::default()));
    net.add_align_post("S", projection.with_delays(delays)).unwrap();
    let g = net.monitor_state("S.syn.g", &[7], 1).unwrap();
    let spikes = net.monitor_spikes(source).unwrap();
    net.init(0).unwrap();
    net.run(12).unwrap();
    assert_eq!(net.spike_monitor(spikes).unwrap().spike_steps(), &[3]);
    let trace: Vec<Conductance> = net.conductance_trace(g).unwrap().trace(0).collect();
    assert!(trace[..9].iter().all(|g| g.value == 0.0));
    assert_eq!(trace[9], 1.0 * nS);
}

#[test]
fn a_poisson_spike_source_fires_at_its_rate_and_follows_the_seed() {
    // 1 kHz at dt = 0.1 ms: p = 0.1 per step; over N sources the fraction is within 5 SE.
    let mut net = Network::new(0.1 * ms).unwrap();
    let source = net.add_spike_source("poisson", PoissonSpike::new(N, 1.0 * kHz).unwrap()).unwrap();
    net.init(5).unwrap();
    net.step().unwrap();
    let first = net.spikes(source).unwrap().to_vec();
    let fraction = first.iter().filter(|&&f| f).count() as f64 / N as f64;
    assert!((fraction - 0.1).abs() < 5.0 * (0.1 * 0.9 / N as f64).sqrt(), "{fraction}");
    net.reset().unwrap();
    net.step().unwrap();
    assert_eq!(net.spikes(source).unwrap(), first.as_slice());
}

#[test]
fn a_spike_source_is_not_a_target() {
    let mut net = Network::new(0.1 * ms).unwrap();
    let source = net.add_spike_source("src", PoissonSpike::new(3, 1.0 * Hz).unwrap()).unwrap();
    let conn = OneToOne.topology(3).unwrap();
    let syn = ExponParams::default();
    let out = OutputKind::Cuba(Cuba::default());
    let projection = AlignPost::new(source, source, conn.with_weight(1.0 * nS).unwrap(), syn, out);
    let e = net.add_align_post("P", projection).unwrap_err();
    assert!(e.to_string().contains("not a spike source"), "{e}");
    assert!(net.set_current(source, 1.0 * mA).is_err());
    assert!(net.monitor_state("src.V", &[0], 1).is_err());
    assert!(net.monitor_spikes(source).is_ok());
    assert!(net.neurons(source).is_err());
}
