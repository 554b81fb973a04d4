//! One step of a `PoissonInput` of 1 000 sources at 10 Hz per target into 10⁵ targets at
//! dt = 0.1 ms (each count ~ Binomial(1000, 0.001), mean 1): draw every target's count and add
//! `count · weight` into the target buffer.
//!
//! - `update_blocks/100000`: the network's own path (`Network::add_poisson_to_g` and
//!   `add_poisson_to_v` call `PoissonInput::update_blocks`): 98 blocks of 1 024 targets, each
//!   drawing from its own stream of a `StreamArray`, on one thread.
//! - `update/100000`: `PoissonInput::update`, the input used on its own with one stream.
//! - `network_step/with_poisson` and `network_step/without_poisson`: one step of a network of
//!   10⁵ silent LIF neurons with a one-to-one COBA projection onto itself, with and without the
//!   input into its g, for the cost of the input inside a whole step (the difference of the two).
//!
//! Criterion's throughput is in targets, so its `elem/s` is the inverse of the time per target
//! per step. Because wall time on a machine shared with other jobs also measures the other
//! jobs, each case also prints the CPU time of this thread per target and step (Linux only,
//! from `/proc/thread-self/schedstat`).
//!
//! `cargo bench --bench poisson_input`

#[path = "common/cpu_time.rs"]
mod cpu_time;

use cpu_time::cpu_ns_per_call;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neurodim::dynamics::connect::OneToOne;
use neurodim::dynamics::input::PoissonInput;
use neurodim::dynamics::kernel::Par;
use neurodim::dynamics::network::Network;
use neurodim::dynamics::neuron::{Lif, LifParams};
use neurodim::dynamics::output::Coba;
use neurodim::dynamics::projection::{AlignPost, OutputKind};
use neurodim::dynamics::synapse::ExponParams;
use neurodim::state::{Environment, Shape, StreamArray, StreamKey};
use neurodim::units::*;

/// Targets.
const N: usize = 100_000;
/// Sources per target.
const SOURCES: u64 = 1000;
/// The rate of each source, in Hz.
const FREQ_HZ: f64 = 10.0;

fn input() -> PoissonInput<Conductance> {
    PoissonInput::new(N, SOURCES, FREQ_HZ * Hz, 0.1 * nS).expect("a valid input")
}

/// A network of `N` LIF neurons that never fire, a one-to-one COBA projection `"rec"` onto
/// themselves, and, if `poisson`, the input into its g.
fn network(poisson: bool) -> Network {
    let mut net = Network::new(0.1 * ms).expect("dt");
    let params = LifParams { v_th: 1e6 * mV, ..LifParams::default() };
    let lif = Lif::new(Shape::vector(N).expect("shape"), params).expect("LIF");
    let pop = net.add_population("P", lif).expect("population");
    let conn = OneToOne.topology(N).expect("topology");
    let conn = conn.with_weight(1.0 * nS).expect("weight");
    let out = OutputKind::Coba(Coba::new(0.0 * mV).expect("reversal"));
    let syn = ExponParams { tau: 5.0 * ms };
    net.add_align_post("rec", AlignPost::new(pop, pop, conn, syn, out)).expect("projection");
    if poisson {
        net.add_poisson_to_g("ext", "rec", input()).expect("input");
    }
    net.init(0).expect("init");
    net
}

fn poisson_input(c: &mut Criterion) {
    let mut group = c.benchmark_group("poisson_input");
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(N as u64));
    let env = Environment::new(0.1 * ms).expect("dt");

    let mut blocks = input();
    let mut streams = StreamArray::new(StreamKey::new(0, "ext"), blocks.blocks());
    let mut g = vec![0.0 * nS; N];
    let mut step = 0u64;
    let mut update_blocks = || {
        let ctx = env.step(step);
        blocks.update_blocks(&ctx, &mut streams, black_box(&mut g), Par::Seq).expect("a step");
        step += 1;
    };
    report_cpu("update_blocks", &mut update_blocks);
    group.bench_function(BenchmarkId::new("update_blocks", N), |b| b.iter(&mut update_blocks));

    let mut single = input();
    let mut rng = StreamKey::new(0, "ext").rng();
    let mut g = vec![0.0 * nS; N];
    let mut step = 0u64;
    let mut update = || {
        let ctx = env.step(step);
        single.update(&ctx, &mut rng, black_box(&mut g), None).expect("a step");
        step += 1;
    };
    report_cpu("update", &mut update);
    group.bench_function(BenchmarkId::new("update", N), |b| b.iter(&mut update));

    for (name, poisson) in [("with_poisson", true), ("without_poisson", false)] {
        let mut net = network(poisson);
        let mut step = || net.step().expect("a step");
        report_cpu(name, &mut step);
        group.bench_function(BenchmarkId::new("network_step", name), |b| b.iter(&mut step));
    }
    group.finish();
}

/// Prints the CPU time of this thread per call of `step` per target.
fn report_cpu(name: &str, step: impl FnMut()) {
    if let Some(per_call) = cpu_ns_per_call(step) {
        eprintln!("{name}: CPU {:.3} ns per target per step", per_call / N as f64);
    }
}

criterion_group!(benches, poisson_input);
criterion_main!(benches);
