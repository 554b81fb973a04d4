//! One step of a GRU cell: 64 inputs, 128 hidden units, a batch of 256.
//!
//! FLOPs per step (matrix products, which dominate): `[x, h]·W_rz` is
//! 2·256·(64+128)·256 = 25 165 824 and `[x, r⊙h]·W_h` is 2·256·(64+128)·128 = 12 582 912, so
//! 37 748 736 in all; the element-wise work (σ, tanh, gating) adds about 0.5 M more.
//! The throughput reported by criterion is in these FLOPs.
//!
//! Run with `cargo bench --bench gru_step`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use neurodim::dynamics::rate::{GruCell, RnnCell};
use neurodim::state::init_all;

const NUM_IN: usize = 64;
const HIDDEN: usize = 128;
const BATCH: usize = 256;
const MATMUL_FLOPS: u64 = 2 * (BATCH * (NUM_IN + HIDDEN) * 3 * HIDDEN) as u64;

fn gru_step(c: &mut Criterion) {
    let mut gru = GruCell::new(NUM_IN, HIDDEN).expect("valid sizes");
    init_all(&mut gru, Some(BATCH), 0).expect("init");
    let x: Vec<f64> = (0..BATCH * NUM_IN).map(|k| (k as f64 * 0.01).sin()).collect();
    let mut group = c.benchmark_group("gru");
    group.throughput(Throughput::Elements(MATMUL_FLOPS));
    group.bench_function("step_in64_h128_batch256", |b| {
        b.iter(|| {
            black_box(gru.update(black_box(&x)).expect("sizes match"));
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = gru_step
}
criterion_main!(benches);
