//! The LIFRef update per step for 4 000 and 400 000 neurons (the COBA/CUBA benchmark sizes),
//! with a constant current (the leak factor is shared by all neurons) and with a COBA synaptic
//! drive (one `exprel` per neuron). Throughput is in neurons, so criterion's time per element
//! is the cost per neuron and step.
//!
//! Run: `cargo bench --bench neuron_update`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neurodim::dynamics::neuron::{Drive, LifRef, LifRefParams, Neuron, SynapticDrive};
use neurodim::state::{Environment, Shape, init_all};
use neurodim::units::*;

/// The Brette et al. 2007 COBA cell in brainstate's units: τ = 20 ms, τ_ref = 5 ms,
/// V_rest = V_reset = −60 mV, V_th = −50 mV, R = 1 Ω.
fn population(n: usize) -> LifRef {
    let params = LifRefParams {
        tau: 20.0 * ms,
        tau_ref: 5.0 * ms,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        ..LifRefParams::default()
    };
    let mut pop = LifRef::new(Shape::vector(n).expect("n > 0"), params).expect("valid parameters");
    init_all(&mut pop, None, 0).expect("init");
    pop
}

fn lif_ref_update(c: &mut Criterion) {
    let mut group = c.benchmark_group("lif_ref_update");
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.sample_size(20);
    let env = Environment::new(0.1 * ms).expect("dt > 0");
    for n in [4_000usize, 400_000] {
        group.throughput(Throughput::Elements(n as u64));
        // a current that makes every neuron fire every ~5 ms: resets and refractory holds included
        let currents: Vec<Current> = (0..n).map(|i| (11.0 + (i % 7) as f64) * mA).collect();
        group.bench_with_input(BenchmarkId::new("current", n), &n, |b, &n| {
            let mut pop = population(n);
            let mut spikes = vec![false; n];
            let mut step = 0;
            b.iter(|| {
                pop.update(&env.step(step), &Drive::currents(&currents), &mut spikes)
                    .expect("sizes");
                step += 1;
                black_box(&spikes);
            });
        });
        // COBA: excitatory (E = 0 mV) and inhibitory (E = −80 mV) conductances, linearised into
        // the drive by the engine; here the drive is fixed, the neuron cost is what is measured
        let mut syn = SynapticDrive::new(n);
        let (offset, slope) = syn.parts_mut();
        for i in 0..n {
            let (g_e, g_i) = ((0.3 + 0.01 * (i % 11) as f64) * mS, 0.1 * mS);
            offset[i] = g_e * (0.0 * mV) + g_i * (-80.0 * mV);
            slope[i] = -(g_e + g_i);
        }
        group.bench_with_input(BenchmarkId::new("coba", n), &n, |b, &n| {
            let mut pop = population(n);
            let mut spikes = vec![false; n];
            let mut step = 0;
            let drive = Drive::currents(&currents).with_synaptic(&syn);
            b.iter(|| {
                pop.update(&env.step(step), &drive, &mut spikes).expect("sizes");
                step += 1;
                black_box(&spikes);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, lif_ref_update);
criterion_main!(benches);
