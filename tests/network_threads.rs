//! A multi-threaded step gives the same bits as a single-threaded one (DESIGN §6: parallelism
//! must not change results). The COBA network at scale 5 (20 000 neurons) is large enough for
//! the kernels to split it between threads; each run asserts the plan it claims: the fused
//! (COBA) or one-loop (CUBA) plan, shared between the threads over the whole population, in
//! `f64` and in `f32`.

#[path = "../examples/common/mod.rs"]
mod common;
#[path = "../examples/ei_network/mod.rs"]
mod ei_network;

use ei_network::Builder;
use ei_network::coba::CobaNetwork;
use ei_network::cuba::CubaNetwork;
use neurodim::dynamics::network::{NetworkPrecision, StepPlan};

const FUSED: StepPlan = StepPlan::FusedSynapses { lanes: 2 };
const ONE_LOOP: StepPlan = StepPlan::OneLoop { lanes: 2 };

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
    let mut spikes = Vec::new();
    for _ in 0..steps {
        net.network.step().unwrap();
        spikes.push(net.network.spikes(net.population).unwrap().to_vec());
    }
    (neurodim::state::Checkpoint::capture(&net.network).to_bytes(), spikes)
}

#[test]
fn coba_with_two_and_three_threads_equals_one_thread() {
    let one = trace::<CobaNetwork, f64>(1, FUSED);
    assert!(one.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace::<CobaNetwork, f64>(2, FUSED), one);
    assert_eq!(trace::<CobaNetwork, f64>(3, FUSED), one);
}

#[test]
fn cuba_with_two_threads_equals_one_thread() {
    let one = trace::<CubaNetwork, f64>(1, ONE_LOOP);
    assert!(one.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace::<CubaNetwork, f64>(2, ONE_LOOP), one);
}

#[test]
fn in_f32_two_threads_equal_one_thread() {
    let coba = trace::<CobaNetwork, f32>(1, FUSED);
    assert!(coba.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace::<CobaNetwork, f32>(2, FUSED), coba);
    let cuba = trace::<CubaNetwork, f32>(1, ONE_LOOP);
    assert_eq!(trace::<CubaNetwork, f32>(2, ONE_LOOP), cuba);
    // the states are stored in f32: the checkpoint is not that of the f64 network
    assert_ne!(coba.0, trace::<CobaNetwork, f64>(1, FUSED).0);
}
