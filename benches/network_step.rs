//! One step of brainstate's COBA and CUBA benchmark networks (4 000 LIFRef neurons,
//! 320 000 synapses, dt = 0.1 ms), after 1 s of simulated warm-up so that the network is in its
//! asynchronous regime (the first ~400 ms are synchronous bursts, with more spikes per step).
//! The networks are `neurodim::benchmarks`', which the examples run.
//!
//! Criterion's time per step times 10 000 is the `sim_s` per simulated second of
//! `examples/coba.rs --json` (which also counts the warm-up's bursts and the spike monitor).
//!
//! Each network in `f64` (the default) and `f32` storage. Run with
//! `cargo bench --bench network_step`.

use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use neurodim::benchmarks::{Builder, CobaNetwork, CubaNetwork};
use neurodim::dynamics::network::NetworkPrecision;

/// One step of `B`'s network in `F`, after the warm-up, as `name` (`_f32` appended in `f32`).
fn bench<B: Builder, F: NetworkPrecision>(group: &mut BenchmarkGroup<'_, WallTime>, name: &str) {
    let mut net = B::build::<F>("brainstate", 1.0, 0).expect("the benchmark network builds");
    net.network.init(0).expect("init");
    net.network.run(10_000).expect("warm-up");
    let name = if F::NAME == "f64" { name.to_string() } else { format!("{name}_{}", F::NAME) };
    group.bench_function(name, |b| b.iter(|| net.network.step().expect("a step")));
}

fn network_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("network_step");
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    bench::<CobaNetwork, f64>(&mut group, "coba_4000");
    bench::<CubaNetwork, f64>(&mut group, "cuba_4000");
    bench::<CobaNetwork, f32>(&mut group, "coba_4000");
    bench::<CubaNetwork, f32>(&mut group, "cuba_4000");
    group.finish();
}

criterion_group!(benches, network_step);
criterion_main!(benches);
