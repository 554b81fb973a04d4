//! Event-driven spike propagation on the networks of brainstate's COBA/CUBA benchmarks: fixed out-degree 80, homogeneous weight, ~2 % of the sources
//! spiking per step (the networks fire at 25–50 Hz; at dt = 0.1 ms that is 0.25–0.5 % per
//! step, so 2 % is a deliberately heavy load), at 4 000 neurons and at 400 000 (32 M synapses).
//!
//! One iteration is one step: every source that spiked adds its weight to its 80 targets.
//! Criterion's throughput is in delivered spikes (sources that fired). Because wall time on a
//! machine shared with other jobs mostly measures the other jobs, each case also prints the
//! CPU time of this thread per step, per delivered spike and per synaptic event (Linux only,
//! from `/proc/thread-self/schedstat`).
//!
//! `cargo bench --bench propagate`

#[path = "common/cpu_time.rs"]
mod cpu_time;

use cpu_time::cpu_ns_per_call;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neurodim_dyn::connect::{
    ConnectionRule, Connectivity, DelaySteps, DelayedDelivery, FixedOutDegree, SynapseDelays,
};
use neurodim_state::StreamKey;
use neurodim_units::*;
use rand::RngExt;

const FAN_OUT: usize = 80;
const SPIKING_FRACTION: f64 = 0.02;
/// Distinct spike patterns cycled through, so that caches do not see one pattern only.
const PATTERNS: usize = 64;

fn network(n: usize) -> Connectivity<Conductance> {
    let conn = FixedOutDegree::new(FAN_OUT)
        .connect(n, n, &mut StreamKey::new(0, "bench.conn").rng())
        .unwrap()
        .with_weight(0.6 * nS)
        .unwrap();
    let bytes = conn.heap_bytes() as f64;
    let synapses = conn.topology().n_synapses() as f64;
    eprintln!(
        "n = {n}: {synapses} synapses, {:.1} MB, {:.3} bytes per synapse (incl. row offsets)",
        bytes / 1e6,
        bytes / synapses
    );
    conn
}

/// `PATTERNS` spike vectors with each source spiking with probability 2 %, and their index lists.
fn spike_patterns(n: usize) -> (Vec<Vec<bool>>, Vec<Vec<u32>>) {
    let mut rng = StreamKey::new(0, "bench.spikes").rng();
    let vectors: Vec<Vec<bool>> = (0..PATTERNS)
        .map(|_| (0..n).map(|_| rng.random_bool(SPIKING_FRACTION)).collect())
        .collect();
    let lists =
        vectors.iter().map(|v| (0..n as u32).filter(|&i| v[i as usize]).collect()).collect();
    (vectors, lists)
}

fn propagate(c: &mut Criterion) {
    let mut group = c.benchmark_group("propagate");
    for n in [4_000usize, 400_000] {
        let conn = network(n);
        let (vectors, lists) = spike_patterns(n);
        let mean_spikes = lists.iter().map(Vec::len).sum::<usize>() as f64 / PATTERNS as f64;
        eprintln!("n = {n}: {mean_spikes:.1} spikes per step on average");
        group.throughput(Throughput::Elements(mean_spikes.round() as u64));
        let mut g = vec![0.0 * nS; n];

        let mut k = 0;
        report_cpu("index_list", n, mean_spikes, || {
            conn.propagate_indices(black_box(&lists[k % PATTERNS]), &mut g).unwrap();
            k += 1;
        });
        report_cpu("bool_vector", n, mean_spikes, || {
            conn.propagate(black_box(&vectors[k % PATTERNS]), &mut g).unwrap();
            k += 1;
        });
        group.bench_with_input(BenchmarkId::new("index_list", n), &lists, |b, lists| {
            b.iter(|| {
                conn.propagate_indices(black_box(&lists[k % PATTERNS]), &mut g).unwrap();
                k += 1;
            })
        });
        group.bench_with_input(BenchmarkId::new("bool_vector", n), &vectors, |b, vectors| {
            b.iter(|| {
                conn.propagate(black_box(&vectors[k % PATTERNS]), &mut g).unwrap();
                k += 1;
            })
        });
        black_box(&g);

        // The full per-step cycle with delays: take the due accumulator, deliver this step.
        let delay_cases = [
            ("delay_0", SynapseDelays::none()),
            ("delay_per_synapse_0_to_20", per_synapse_delays(&conn)),
        ];
        for (name, delays) in delay_cases {
            let mut ring = DelayedDelivery::new(conn.clone(), delays).unwrap();
            eprintln!("n = {n}, {name}: {:.1} MB with the ring", ring.heap_bytes() as f64 / 1e6);
            // Criterion calls the routine several times; the schedule continues across calls.
            let mut step = 0u64;
            report_cpu(name, n, mean_spikes, || {
                black_box(ring.take(step).unwrap());
                ring.deliver_indices(step, &lists[step as usize % PATTERNS]).unwrap();
                step += 1;
            });
            group.bench_with_input(BenchmarkId::new(name, n), &lists, |b, lists| {
                b.iter(|| {
                    black_box(ring.take(step).unwrap());
                    ring.deliver_indices(step, &lists[step as usize % PATTERNS]).unwrap();
                    step += 1;
                })
            });
        }
    }
    group.finish();
}

/// Prints the CPU time of this thread per call of `step`, per delivered spike and per
/// synaptic event.
fn report_cpu(name: &str, n: usize, spikes_per_step: f64, step: impl FnMut()) {
    let Some(per_step) = cpu_ns_per_call(step) else { return };
    eprintln!(
        "n = {n}, {name}: CPU {per_step:.0} ns per step, {:.1} ns per delivered spike, \
         {:.2} ns per synaptic event",
        per_step / spikes_per_step,
        per_step / (spikes_per_step * FAN_OUT as f64)
    );
}

/// Per-synapse delays of 0 to 20 steps (0–2 ms at dt = 0.1 ms), uniformly at random.
fn per_synapse_delays(conn: &Connectivity<Conductance>) -> SynapseDelays {
    let mut rng = StreamKey::new(0, "bench.delays").rng();
    SynapseDelays::from_steps(DelaySteps::PerSynapse(
        (0..conn.topology().n_synapses()).map(|_| rng.random_range(0..=20u16)).collect(),
    ))
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(20);
    targets = propagate
}
criterion_main!(benches);
