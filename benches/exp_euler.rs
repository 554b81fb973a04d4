//! The cost of the exact Jacobian: one exp-Euler step whose J comes from the dual-number
//! right-hand side (`exp_euler_step`) against the same step written in plain `f64` with a
//! hand-derived J (the lower bound). With constant coefficients the compiler hoists the
//! hand-written `exprel(dt·J)` out of the loop, which it cannot do through the dual number;
//! the "exprel per step" variants hide J from the optimiser, as a state-dependent J (AdEx, HH
//! gates with moving V) does in real models. Each iteration runs 1000 dependent steps, so a reported
//! time divided by 1000 is the cost of one step.
//!
//! Run: `cargo bench --bench exp_euler`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use neurodim_dyn::integrate::{Lift, dq, exp_euler_step, exp_euler_step_f64};
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

/// Hodgkin–Huxley (brainstate example 100, I = 10 µA/cm², dt = 0.01 ms) in SI f64 values:
/// the rates are shared, only the four exp-Euler updates differ between the two variants.
mod hh {
    use neurodim_units::exprel;

    pub const DT: f64 = 1e-5; // 0.01 ms
    pub const C: f64 = 1e-2; // 1 µF/cm² in F/m²
    pub const G: [f64; 3] = [1200.0, 360.0, 0.3]; // gNa, gK, gL: 120, 36, 0.03 mS/cm² in S/m²
    pub const E: [f64; 3] = [0.05, -0.077, -0.054387]; // V
    pub const I_EXT: f64 = 0.1; // 10 µA/cm² in A/m²

    /// (α, β) in 1/s for m, h, n at `v` volts (classic rates, mV and ms inside).
    pub fn rates(v: f64) -> [(f64, f64); 3] {
        let u = v * 1e3;
        let k = 1e3; // per ms → per s
        [
            (k / exprel(-(u + 40.0) / 10.0), k * 4.0 * (-(u + 65.0) / 18.0).exp()),
            (k * 0.07 * (-(u + 65.0) / 20.0).exp(), k / (1.0 + (-(u + 35.0) / 10.0).exp())),
            (k * 0.1 / exprel(-(u + 55.0) / 10.0), k * 0.125 * (-(u + 65.0) / 80.0).exp()),
        ]
    }
}

fn hh_step(c: &mut Criterion) {
    use hh::*;
    let rest = {
        let r = rates(-0.065);
        [-0.065, r[0].0 / (r[0].0 + r[0].1), r[1].0 / (r[1].0 + r[1].1), r[2].0 / (r[2].0 + r[2].1)]
    };
    let mut group = c.benchmark_group("HH neuron, 4 variables, 1000 steps");
    group.bench_function("dual exp_euler_step_f64", |b| {
        b.iter(|| {
            let mut state = black_box(rest);
            for _ in 0..STEPS {
                let [v, m, h, n] = state;
                let r = rates(v);
                let (g_na, g_k) = (G[0] * m * m * m * h, G[1] * n * n * n * n);
                let gate = |x: f64, (a, b): (f64, f64)| {
                    exp_euler_step_f64(x, DT, |x| a * (1.0 - x) - x * b)
                };
                state = [
                    exp_euler_step_f64(v, DT, |v| {
                        (I_EXT - (v - E[0]) * g_na - (v - E[1]) * g_k - (v - E[2]) * G[2]) / C
                    }),
                    gate(m, r[0]),
                    gate(h, r[1]),
                    gate(n, r[2]),
                ];
            }
            state
        })
    });
    group.bench_function("f64, hand J", |b| {
        b.iter(|| {
            let mut state = black_box(rest);
            for _ in 0..STEPS {
                let [v, m, h, n] = state;
                let r = rates(v);
                let (g_na, g_k) = (G[0] * m * m * m * h, G[1] * n * n * n * n);
                let gate =
                    |x: f64, (a, b): (f64, f64)| hand_step(x, DT, a * (1.0 - x) - b * x, -(a + b));
                let f_v = (I_EXT - g_na * (v - E[0]) - g_k * (v - E[1]) - G[2] * (v - E[2])) / C;
                state = [
                    hand_step(v, DT, f_v, -(g_na + g_k + G[2]) / C),
                    gate(m, r[0]),
                    gate(h, r[1]),
                    gate(n, r[2]),
                ];
            }
            state
        })
    });
    group.finish();
}

criterion_group!(benches, leak, adex, gate, hh_step);
criterion_main!(benches);
