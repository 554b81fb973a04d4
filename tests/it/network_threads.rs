//! A multi-threaded step gives the same bits as a single-threaded one (parallelism
//! must not change results). The COBA network at scale 5 (20 000 neurons) is large enough for
//! the kernels to split it between threads; each run asserts the plan it claims: the one-loop
//! plan (COBA and CUBA), shared between the threads over the whole population, in
//! `f64` and in `f32`, and the spike delivery of both projections shared too. A network with
//! uniform and per-synapse delays, per-synapse weights, two projections merged onto one synapse
//! state, a Delta projection and Poisson inputs into g and V checks the whole-population stages
//! the same way, and that a checkpoint taken on one thread count continues bit for bit on
//! another.

use neurodim::benchmarks::{Builder, CobaNetwork, CubaNetwork};
use neurodim::dynamics::connect::{ConnectionRule, FixedOutDegree, SynapseDelays, Topology};
use neurodim::dynamics::input::PoissonInput;
use neurodim::dynamics::network::{Network, NetworkPlan, NetworkPrecision, PopulationId, StepPlan};
use neurodim::dynamics::neuron::{Lif, LifParams};
use neurodim::dynamics::output::Coba;
use neurodim::dynamics::projection::{AlignPost, Delta, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::prelude::*;
use neurodim::state::init::Uniform;
use neurodim::state::{Checkpoint, Shape, StreamKey};

const ONE_LOOP: StepPlan = StepPlan::OneLoop { channels: 2 };

/// Every state after 60 steps with `threads` (on `plan`, asserted) (as checkpoint bytes: bit for bit), and the
/// spikes of every step.
fn trace<B: Builder, F: NetworkPrecision>(
    threads: usize,
    plan: StepPlan,
) -> (Vec<u8>, Vec<Vec<bool>>) {
    let steps = 60;
    let mut net = B::build::<F>("brainstate", 5.0, 3).unwrap();
    net.network.set_threads(threads).unwrap();
    net.network.init(3).unwrap();
    let made = net.network.plan();
    let population = &made.populations[0];
    assert_eq!((population.population.as_str(), population.step), ("N", plan), "{made}");
    assert_eq!(population.threads, threads, "{made}");
    if threads > 1 {
        assert_eq!(population.tile, 20_000, "a split population is stepped whole: {made}");
    }
    assert_shared(&made, threads, 2, 0);
    let mut spikes = Vec::new();
    for _ in 0..steps {
        net.network.step().unwrap();
        spikes.push(net.network.spikes(net.population).unwrap().to_vec());
    }
    (neurodim::state::Checkpoint::capture(&net.network).to_bytes(), spikes)
}

#[test]
fn coba_with_two_and_three_threads_equals_one_thread() {
    let one = trace::<CobaNetwork, f64>(1, ONE_LOOP);
    assert!(one.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace::<CobaNetwork, f64>(2, ONE_LOOP), one);
    assert_eq!(trace::<CobaNetwork, f64>(3, ONE_LOOP), one);
}

#[test]
fn cuba_with_two_threads_equals_one_thread() {
    let one = trace::<CubaNetwork, f64>(1, ONE_LOOP);
    assert!(one.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace::<CubaNetwork, f64>(2, ONE_LOOP), one);
}

#[test]
fn in_f32_two_threads_equal_one_thread() {
    let coba = trace::<CobaNetwork, f32>(1, ONE_LOOP);
    assert!(coba.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace::<CobaNetwork, f32>(2, ONE_LOOP), coba);
    let cuba = trace::<CubaNetwork, f32>(1, ONE_LOOP);
    assert_eq!(trace::<CubaNetwork, f32>(2, ONE_LOOP), cuba);
    // the states are stored in f32: the checkpoint is not that of the f64 network
    assert_ne!(coba.0, trace::<CobaNetwork, f64>(1, ONE_LOOP).0);
}

/// Asserts that `plan` shares each of its `deliveries` projections' deliveries and each of its
/// `poisson` inputs' draws between all `threads`.
fn assert_shared(plan: &NetworkPlan, threads: usize, deliveries: usize, poisson: usize) {
    assert_eq!((plan.deliveries.len(), plan.poisson.len()), (deliveries, poisson), "{plan}");
    let stages = plan.deliveries.iter().chain(&plan.poisson);
    assert!(stages.into_iter().all(|stage| stage.threads == threads), "{plan}");
}

/// 20 000 LIF neurons `"N"` (a stagewise plan: its synapse groups are delayed, merged and
/// Poisson-fed, none of which changes the plan of the neurons' own step), with
/// - `"E"`: 0..16 000 → all, 40 targets each, one weight, a uniform delay of 3 steps;
/// - `"E2"`: 8 000..16 000 → all, 20 targets each, per-synapse weights and delays (1–10
///   steps), merged with `"E"` (same synapse and output);
/// - `"I"`: 16 000..20 000 → all, 40 targets each, per-synapse delays, its own synapse state;
/// - `"D"`: 0..4 000 → all, voltage jumps, 16 targets each, a uniform delay of 2 steps;
/// - Poisson inputs `"ext_g"` into the g of `"E"` and `"ext_v"` into V (20 blocks each).
fn mixed_network() -> (Network, PopulationId) {
    const N: usize = 20_000;
    let dt = 0.1 * ms;
    let mut net = Network::new(dt).unwrap();
    let lif = LifParams { tau: 10.0 * ms, ..LifParams::default() };
    let n = net.add_population("N", Lif::new(Shape::vector(N).unwrap(), lif).unwrap()).unwrap();
    let rng = |name: &str| StreamKey::new(11, name).rng();
    let wire = |name: &str, pre: std::ops::Range<usize>, degree| {
        FixedOutDegree::new(degree).connect(pre.len(), N, &mut rng(name)).unwrap()
    };
    let per_synapse_delays = |name: &str, topology: &Topology| {
        let spread = Uniform::new(0.1 * ms, 1.0 * ms).unwrap();
        SynapseDelays::from_initializer(topology, &spread, &mut rng(&format!("{name}.d")), dt)
            .unwrap()
    };
    let excitatory =
        (ExponParams { tau: 5.0 * ms }, OutputKind::Coba(Coba::new(60.0 * mV).unwrap()));

    let e = wire("E", 0..16_000, 40).with_weight(0.02 * siemens).unwrap();
    let uniform = SynapseDelays::uniform(0.3 * ms, dt).unwrap();
    let (syn, out) = excitatory;
    net.add_align_post(
        "E",
        AlignPost::new(n.neurons(0..16_000), n, e, syn, out).with_delays(uniform),
    )
    .unwrap();

    let e2 = wire("E2", 8_000..16_000, 20);
    let delays = per_synapse_delays("E2", &e2);
    let weights = Uniform::new(0.01 * siemens, 0.03 * siemens).unwrap();
    let e2 = e2.with_weights(&weights, &mut rng("E2.w")).unwrap();
    let (syn, out) = excitatory;
    net.add_align_post(
        "E2",
        AlignPost::new(n.neurons(8_000..16_000), n, e2, syn, out).with_delays(delays),
    )
    .unwrap();

    let i = wire("I", 16_000..N, 40);
    let delays = per_synapse_delays("I", &i);
    let i = i.with_weight(0.05 * siemens).unwrap();
    let (syn, out) =
        (ExponParams { tau: 10.0 * ms }, OutputKind::Coba(Coba::new(-20.0 * mV).unwrap()));
    net.add_align_post(
        "I",
        AlignPost::new(n.neurons(16_000..N), n, i, syn, out).with_delays(delays),
    )
    .unwrap();

    let d = wire("D", 0..4_000, 16).with_weight(0.05 * mV).unwrap();
    let uniform = SynapseDelays::uniform(0.2 * ms, dt).unwrap();
    net.add_delta("D", Delta::new(n.neurons(0..4_000), n, d).with_delays(uniform)).unwrap();

    let into_g = PoissonInput::new(N, 20, 100.0 * Hz, 0.01 * siemens).unwrap();
    net.add_poisson_to_g("ext_g", "E", into_g).unwrap();
    let into_v = PoissonInput::new(N, 40, 100.0 * Hz, 0.3 * mV).unwrap();
    net.add_poisson_to_v("ext_v", n, into_v).unwrap();
    (net, n)
}

/// `mixed_network` initialised from seed 5 on `threads` (its plan asserted).
fn mixed_on(threads: usize) -> (Network, PopulationId) {
    let (mut net, n) = mixed_network();
    net.set_threads(threads).unwrap();
    net.init(5).unwrap();
    let plan = net.plan();
    assert_eq!(plan.populations[0].threads, threads, "{plan}");
    assert_shared(&plan, threads, 4, 2);
    (net, n)
}

/// The spikes of each of `steps` steps.
fn spikes_of(net: &mut Network, n: PopulationId, steps: usize) -> Vec<Vec<bool>> {
    (0..steps)
        .map(|_| {
            net.step().unwrap();
            net.spikes(n).unwrap().to_vec()
        })
        .collect()
}

#[test]
fn delays_merged_groups_and_poisson_inputs_with_two_and_three_threads_equal_one_thread() {
    let run = |threads| {
        let (mut net, n) = mixed_on(threads);
        let spikes = spikes_of(&mut net, n, 60);
        (Checkpoint::capture(&net).to_bytes(), spikes)
    };
    let one = run(1);
    let fired: usize = one.1.iter().map(|step| step.iter().filter(|&&f| f).count()).sum();
    assert!(fired > 1_000, "the run must spike, and its spikes travel: {fired} spikes");
    assert_eq!(run(2), one, "2 threads");
    assert_eq!(run(3), one, "3 threads");
}

#[test]
fn a_checkpoint_continues_on_another_thread_count_bit_for_bit() {
    // 40 steps on `from` threads, a checkpoint, 40 more; the checkpoint restored on `to`
    // threads into a network initialised from another seed continues with the same bits.
    for (from, to) in [(1, 3), (2, 1)] {
        let (mut net, n) = mixed_on(from);
        spikes_of(&mut net, n, 40);
        let saved = Checkpoint::capture(&net);
        let continued = (spikes_of(&mut net, n, 40), Checkpoint::capture(&net).to_bytes());

        let (mut resumed, n) = mixed_network();
        resumed.set_threads(to).unwrap();
        resumed.init(99).unwrap();
        saved.restore(&mut resumed).unwrap();
        resumed.resume_at(40).unwrap();
        let again = (spikes_of(&mut resumed, n, 40), Checkpoint::capture(&resumed).to_bytes());
        assert!(continued == again, "{from} → {to} threads");
    }
}
