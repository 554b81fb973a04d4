//! Inputs inside a network: waveform currents and Poisson inputs into V and into g.
//!
//! Poisson counts are Binomial(n, p) with p = freq · dt (spec §2.4); the statistical checks
//! compare the sample mean over 20 000 neurons with n·p within 5 standard errors.

use neurodim::dynamics::connect::OneToOne;
use neurodim::dynamics::input::{PoissonInput, StepCurrent};
use neurodim::dynamics::network::{Network, PopulationId};
use neurodim::dynamics::neuron::{Lif, LifParams};
use neurodim::dynamics::output::Cuba;
use neurodim::dynamics::projection::{AlignPost, OutputKind, SynapseKind};
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
    let conn = OneToOne::new(N).unwrap().topology().unwrap().with_weight(1.0 * nS).unwrap();
    let syn = SynapseKind::Expon(ExponParams { tau: 5.0 * ms });
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
        net.run(5, |_| {}).unwrap();
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
    // freq · dt > 1 is refused at the first step, naming the rate.
    let mut fast = Network::new(0.1 * ms).unwrap();
    let pop = silent(&mut fast);
    fast.add_poisson_to_v("f", pop, PoissonInput::new(N, 1, 20.0 * kHz, 1.0 * mV).unwrap())
        .unwrap();
    fast.init(0).unwrap();
    assert!(fast.step().unwrap_err().to_string().contains("freq"));
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
    net.run(30, |_| {}).unwrap();
    let trace: Vec<f64> = net.voltage_trace(v).unwrap().trace(0).map(|v| v.value_in(mV)).collect();
    assert!(trace[..10].iter().all(|&v| v == 0.0));
    // First step with current, from V = 0: V = 2 mV · (1 − e^(−0.02)) (spec §2.1's LIF value).
    assert!((trace[10] - 0.03960265).abs() < 1e-8, "{}", trace[10]);
    assert!(trace[19] > trace[18] && trace[20] < trace[19]);
}
