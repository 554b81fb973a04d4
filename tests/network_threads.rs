//! A multi-threaded step gives the same bits as a single-threaded one (DESIGN §6: parallelism
//! must not change results). The COBA network at scale 5 (20 000 neurons) is large enough for
//! the kernels to split it between threads.

#[path = "../examples/common/mod.rs"]
mod common;
#[path = "../examples/ei_network/mod.rs"]
mod ei_network;

/// Every state after `steps` steps with `threads` (as checkpoint bytes: bit for bit), and the
/// spikes of every step.
fn trace(build: ei_network::Builder, threads: usize, steps: u64) -> (Vec<u8>, Vec<Vec<bool>>) {
    let mut net = build("brainstate", 5.0, 3).unwrap();
    net.network.set_threads(threads).unwrap();
    net.network.init(3).unwrap();
    let mut spikes = Vec::new();
    for _ in 0..steps {
        net.network.step().unwrap();
        spikes.push(net.network.spikes(net.population).unwrap().to_vec());
    }
    (neurodim::state::Checkpoint::capture(&net.network).to_bytes(), spikes)
}

#[test]
fn coba_with_two_and_three_threads_equals_one_thread() {
    let one = trace(ei_network::coba::build, 1, 60);
    assert!(one.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace(ei_network::coba::build, 2, 60), one);
    assert_eq!(trace(ei_network::coba::build, 3, 60), one);
}

#[test]
fn cuba_with_two_threads_equals_one_thread() {
    let one = trace(ei_network::cuba::build, 1, 60);
    assert!(one.1.iter().flatten().any(|&spiked| spiked), "the run must spike");
    assert_eq!(trace(ei_network::cuba::build, 2, 60), one);
}
