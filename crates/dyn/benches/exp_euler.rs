//! The cost of the exact Jacobian: one exp-Euler step whose J comes from the dual-number
//! right-hand side (`exp_euler_step`) against the same step written in plain `f64` with a
//! hand-derived J (the lower bound). With constant coefficients the compiler hoists the
//! hand-written `exprel(dt·J)` out of the loop, which it cannot do through the dual number;
//! the "exprel per step" variants hide J from the optimiser, as a state-dependent J (AdEx, HH
//! gates with moving V) does in real models. Each iteration runs 1000 dependent steps, so a reported
//! time divided by 1000 is the cost of one step.
//!
//! Run: `cargo bench -p neurodim-dyn --bench exp_euler`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use neurodim_dyn::integrate::{Lift, dq, exp_euler_step};
use neurodim_units::*;

const STEPS: usize = 1000;

/// The hand-written step `x + dt·exprel(dt·J)·f` given f and J.
#[inline]
fn hand_step(x: f64, dt: f64, f: f64, j: f64) -> f64 {
    x + dt * exprel(dt * j) * f
}

fn leak(c: &mut Criterion) {
    let (e_l, tau, dt) = (-70.0 * mV, 20.0 * ms, 0.1 * ms);
    let mut group = c.benchmark_group("leak (dV/dt = (E_L - V)/tau), 1000 steps");
    group.bench_function("dual exp_euler_step", |b| {
        b.iter(|| {
            let mut v = black_box(-60.0 * mV);
            for _ in 0..STEPS {
                v = exp_euler_step(v, dt, |v: dq::Voltage| (e_l.lift() - v) / tau.lift());
            }
            v
        })
    });
    group.bench_function("f64, hand J", |b| {
        let (e_l, tau, dt) = (e_l.value, tau.value, dt.value);
        b.iter(|| {
            let mut v = black_box(-0.06);
            for _ in 0..STEPS {
                v = hand_step(v, dt, (e_l - v) / tau, -1.0 / tau);
            }
            v
        })
    });
    group.bench_function("f64, hand J, exprel per step", |b| {
        let (e_l, tau, dt) = (e_l.value, tau.value, dt.value);
        b.iter(|| {
            let mut v = black_box(-0.06);
            for _ in 0..STEPS {
                v = hand_step(v, dt, (e_l - v) / tau, -1.0 / black_box(tau));
            }
            v
        })
    });
    group.finish();
}

fn adex(c: &mut Criterion) {
    // Brette & Gerstner 2005; w frozen, I = 0.5 nA keeps V below threshold (no reset needed).
    let (cm, g_l, e_l, v_t, delta_t) = (281.0 * pF, 30.0 * nS, -70.6 * mV, -50.4 * mV, 2.0 * mV);
    let (w, i, dt) = (0.0 * pA, 0.5 * nA, 0.1 * ms);
    let mut group = c.benchmark_group("AdEx V (exponential term), 1000 steps");
    group.bench_function("dual exp_euler_step", |b| {
        b.iter(|| {
            let mut v = black_box(-65.0 * mV);
            for _ in 0..STEPS {
                v = exp_euler_step(v, dt, |v: dq::Voltage| {
                    let spike = ((v - v_t.lift()) / delta_t.lift()).exp();
                    (-(g_l.lift() * (v - e_l.lift())) + g_l.lift() * delta_t.lift() * spike
                        - w.lift()
                        + i.lift())
                        / cm.lift()
                });
            }
            v
        })
    });
    group.bench_function("f64, hand J", |b| {
        let (cm, g_l, e_l, v_t, delta_t) =
            (cm.value, g_l.value, e_l.value, v_t.value, delta_t.value);
        let (w, i, dt) = (w.value, i.value, dt.value);
        b.iter(|| {
            let mut v = black_box(-0.065);
            for _ in 0..STEPS {
                let spike = ((v - v_t) / delta_t).exp();
                let f = (-(g_l * (v - e_l)) + g_l * delta_t * spike - w + i) / cm;
                let j = (-g_l + g_l * spike) / cm;
                v = hand_step(v, dt, f, j);
            }
            v
        })
    });
    group.finish();
}

fn gate(c: &mut Criterion) {
    let (alpha, beta, dt) = (0.2 / ms, 0.5 / ms, 0.01 * ms);
    let one = Ratio::new::<uom::si::ratio::ratio>(1.0);
    let mut group = c.benchmark_group("HH gate (dx/dt = a(1 - x) - b x), 1000 steps");
    group.bench_function("dual exp_euler_step", |b| {
        b.iter(|| {
            let mut x = black_box(Ratio::new::<uom::si::ratio::ratio>(0.1));
            for _ in 0..STEPS {
                x = exp_euler_step(x, dt, |x: dq::Ratio| {
                    alpha.lift() * (one.lift() - x) - beta.lift() * x
                });
            }
            x
        })
    });
    group.bench_function("f64, hand J", |b| {
        let (alpha, beta, dt) = (alpha.value, beta.value, dt.value);
        b.iter(|| {
            let mut x = black_box(0.1);
            for _ in 0..STEPS {
                x = hand_step(x, dt, alpha * (1.0 - x) - beta * x, -(alpha + beta));
            }
            x
        })
    });
    group.bench_function("f64, hand J, exprel per step", |b| {
        let (alpha, beta, dt) = (alpha.value, beta.value, dt.value);
        b.iter(|| {
            let mut x = black_box(0.1);
            for _ in 0..STEPS {
                x = hand_step(x, dt, alpha * (1.0 - x) - beta * x, -(black_box(alpha) + beta));
            }
            x
        })
    });
    group.finish();
}

criterion_group!(benches, leak, adex, gate);
criterion_main!(benches);
