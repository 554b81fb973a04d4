//! One step of brainstate's COBA and CUBA benchmark networks (spec §5.1: 4 000 LIFRef neurons,
//! 320 000 synapses, dt = 0.1 ms), after 1 s of simulated warm-up so that the network is in its
//! asynchronous regime (the first ~400 ms are synchronous bursts, with more spikes per step).
//! The networks are built by the examples' code, as the main job runs them.
//!
//! Criterion's time per step times 10 000 is the `sim_s` per simulated second of
//! `examples/coba.rs --json` (which also counts the warm-up's bursts and the spike monitor).
//!
//! Run with `cargo bench --bench network_step`.

#[path = "../examples/common/mod.rs"]
mod common;
#[path = "../examples/ei_network/mod.rs"]
mod ei_network;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

fn network_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("network_step");
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    for (name, build) in [
        ("coba_4000", ei_network::coba::build as ei_network::Builder),
        ("cuba_4000", ei_network::cuba::build),
    ] {
        let mut net = build("brainstate", 1.0, 0).expect("the benchmark network builds");
        net.network.init(0).expect("init");
        net.network.run(10_000, |_| {}).expect("warm-up");
        group.bench_function(name, |b| b.iter(|| net.network.step().expect("a step")));
    }
    group.finish();
}

criterion_group!(benches, network_step);
criterion_main!(benches);
