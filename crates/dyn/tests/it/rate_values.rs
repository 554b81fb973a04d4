//! Exact values of the rate cells and readouts: each model runs a small case (3 hidden units,
//! 2 inputs, a batch of 2, fixed non-uniform weights) for several steps, and every step is
//! checked to 1e-12 against the model's formula (brainstate's) computed independently here,
//! item by item with plain loops.

use neurodim_dyn::rate::functional::{sigmoid, tanh};
use neurodim_dyn::rate::*;
use neurodim_state::init::Constant;
use neurodim_state::{Stateful, StepContext, init_all, try_for_each_state_mut};
use neurodim_units::*;

const NUM_IN: usize = 2;
const H: usize = 3;
const BATCH: usize = 2;
const STEPS: usize = 6;
const TOL: f64 = 1e-12;

/// Fixed, varied weights in (−0.8, 0.8); `phase` makes each matrix different.
fn pattern(len: usize, phase: f64) -> Vec<f64> {
    (0..len).map(|k| 0.8 * (k as f64 * 0.73 + phase).sin()).collect()
}

/// The input of step `t`, `[BATCH, NUM_IN]`.
fn input(t: usize) -> Vec<f64> {
    (0..BATCH * NUM_IN).map(|k| 1.5 * (0.5 * t as f64 + k as f64).sin()).collect()
}

/// Sets the state at `path` (in SI numbers), as a checkpoint load would.
fn set(model: &mut dyn Stateful, path: &str, values: &[f64]) {
    let mut found = false;
    try_for_each_state_mut(model, |p, state| {
        if p == path {
            found = true;
            state.load_si(values)?;
        }
        Ok(())
    })
    .unwrap();
    assert!(found, "no state {path}");
}

/// `y_j = b_j + Σ_i v_i w[i, j]`, `w` row-major `[v.len(), n_out]`.
fn matvec(v: &[f64], w: &[f64], n_out: usize, b: Option<&[f64]>) -> Vec<f64> {
    (0..n_out)
        .map(|j| {
            let dot: f64 = v.iter().enumerate().map(|(i, vi)| vi * w[i * n_out + j]).sum();
            b.map_or(0.0, |b| b[j]) + dot
        })
        .collect()
}

fn concat(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().chain(b).copied().collect()
}

fn assert_close(found: &[f64], expected: &[f64], what: &str) {
    assert_eq!(found.len(), expected.len(), "{what}");
    for (k, (f, e)) in found.iter().zip(expected).enumerate() {
        assert!((f - e).abs() <= TOL, "{what}[{k}]: {f} vs {e}");
    }
}

#[test]
fn vanilla_rnn_steps() {
    let mut cell =
        VanillaRnnCell::with_options(NUM_IN, H, CellOptions::new().w_init(Constant(0.0))).unwrap();
    init_all(&mut cell, Some(BATCH), 0).unwrap();
    let (w, b) = (pattern((NUM_IN + H) * H, 0.1), pattern(H, 2.0));
    set(&mut cell, "W.weight", &w);
    set(&mut cell, "W.bias", &b);
    let mut h = vec![vec![0.0; H]; BATCH];
    for t in 0..STEPS {
        let x = input(t);
        for (item, h) in h.iter_mut().enumerate() {
            let pre = matvec(&concat(&x[item * NUM_IN..][..NUM_IN], h), &w, H, Some(&b));
            *h = pre.iter().map(|v| v.max(0.0)).collect(); // relu, brainstate's default
        }
        let found = cell.update(&x).unwrap();
        assert_close(found, &h.concat(), &format!("h at step {t}"));
    }
    assert!(h.concat().iter().any(|&v| v > 0.0), "the case must not be trivially zero");
}

#[test]
fn vanilla_rnn_with_softmax_normalises_each_item() {
    let options = CellOptions::new().w_init(Constant(0.0)).activation(Activation::Softmax);
    let mut cell = VanillaRnnCell::with_options(NUM_IN, H, options).unwrap();
    init_all(&mut cell, Some(BATCH), 0).unwrap();
    let w = pattern((NUM_IN + H) * H, 0.4);
    set(&mut cell, "W.weight", &w);
    let mut h = vec![vec![0.0; H]; BATCH];
    for t in 0..STEPS {
        let x = input(t);
        for (item, h) in h.iter_mut().enumerate() {
            let pre = matvec(&concat(&x[item * NUM_IN..][..NUM_IN], h), &w, H, None);
            let z: f64 = pre.iter().map(|v| v.exp()).sum();
            *h = pre.iter().map(|v| v.exp() / z).collect();
        }
        let found = cell.update(&x).unwrap();
        assert_close(found, &h.concat(), &format!("h at step {t}"));
    }
}

#[test]
fn gru_steps() {
    let mut cell =
        GruCell::with_options(NUM_IN, H, CellOptions::new().w_init(Constant(0.0))).unwrap();
    init_all(&mut cell, Some(BATCH), 0).unwrap();
    let (w_rz, b_rz) = (pattern((NUM_IN + H) * 2 * H, 0.3), pattern(2 * H, 1.1));
    let (w_h, b_h) = (pattern((NUM_IN + H) * H, 2.2), pattern(H, 0.7));
    set(&mut cell, "Wrz.weight", &w_rz);
    set(&mut cell, "Wrz.bias", &b_rz);
    set(&mut cell, "Wh.weight", &w_h);
    set(&mut cell, "Wh.bias", &b_h);
    let mut h = vec![vec![0.0; H]; BATCH];
    for t in 0..STEPS {
        let x = input(t);
        for (item, h) in h.iter_mut().enumerate() {
            let x = &x[item * NUM_IN..][..NUM_IN];
            let gates: Vec<f64> =
                matvec(&concat(x, h), &w_rz, 2 * H, Some(&b_rz)).into_iter().map(sigmoid).collect();
            let (r, z) = gates.split_at(H);
            let rh: Vec<f64> = r.iter().zip(h.iter()).map(|(r, h)| r * h).collect();
            let cand: Vec<f64> =
                matvec(&concat(x, &rh), &w_h, H, Some(&b_h)).into_iter().map(tanh).collect();
            *h = (0..H).map(|j| (1.0 - z[j]) * h[j] + z[j] * cand[j]).collect();
        }
        let found = cell.update(&x).unwrap();
        assert_close(found, &h.concat(), &format!("h at step {t}"));
    }
}

#[test]
fn mgu_steps() {
    let options = CellOptions::new().w_init(Constant(0.0)).state_init(Constant(0.25));
    let mut cell = MguCell::with_options(NUM_IN, H, options).unwrap();
    init_all(&mut cell, Some(BATCH), 0).unwrap();
    let (w_f, b_f) = (pattern((NUM_IN + H) * H, 0.9), pattern(H, 0.2));
    let (w_h, b_h) = (pattern((NUM_IN + H) * H, 1.7), pattern(H, 3.1));
    set(&mut cell, "Wf.weight", &w_f);
    set(&mut cell, "Wf.bias", &b_f);
    set(&mut cell, "Wh.weight", &w_h);
    set(&mut cell, "Wh.bias", &b_h);
    let mut h = vec![vec![0.25; H]; BATCH];
    for t in 0..STEPS {
        let x = input(t);
        for (item, h) in h.iter_mut().enumerate() {
            let x = &x[item * NUM_IN..][..NUM_IN];
            let f: Vec<f64> =
                matvec(&concat(x, h), &w_f, H, Some(&b_f)).into_iter().map(sigmoid).collect();
            let fh: Vec<f64> = f.iter().zip(h.iter()).map(|(f, h)| f * h).collect();
            let cand: Vec<f64> =
                matvec(&concat(x, &fh), &w_h, H, Some(&b_h)).into_iter().map(tanh).collect();
            *h = (0..H).map(|j| (1.0 - f[j]) * h[j] + f[j] * cand[j]).collect();
        }
        let found = cell.update(&x).unwrap();
        assert_close(found, &h.concat(), &format!("h at step {t}"));
    }
}

#[test]
fn lstm_steps() {
    let options = CellOptions::new().w_init(Constant(0.0)).state_init(Constant(0.2));
    let mut cell = LstmCell::with_options(NUM_IN, H, options).unwrap();
    init_all(&mut cell, Some(BATCH), 0).unwrap();
    let (w, b) = (pattern((NUM_IN + H) * 4 * H, 0.5), pattern(4 * H, 1.3));
    set(&mut cell, "W.weight", &w);
    set(&mut cell, "W.bias", &b);
    let mut c = vec![vec![0.2; H]; BATCH];
    let mut h = vec![vec![0.2; H]; BATCH];
    for t in 0..STEPS {
        let x = input(t);
        for item in 0..BATCH {
            let x = &x[item * NUM_IN..][..NUM_IN];
            let g = matvec(&concat(x, &h[item]), &w, 4 * H, Some(&b));
            // gates i, g, f, o in that order; forget bias +1
            let (i, gg, f, o) = (&g[..H], &g[H..2 * H], &g[2 * H..3 * H], &g[3 * H..]);
            for j in 0..H {
                c[item][j] = sigmoid(f[j] + 1.0) * c[item][j] + sigmoid(i[j]) * tanh(gg[j]);
                h[item][j] = sigmoid(o[j]) * tanh(c[item][j]);
            }
        }
        let found = cell.update(&x).unwrap().to_vec();
        assert_close(&found, &h.concat(), &format!("h at step {t}"));
        assert_close(cell.cell_state(), &c.concat(), &format!("c at step {t}"));
    }
}

#[test]
fn urlstm_steps() {
    let mut cell =
        UrlstmCell::with_options(NUM_IN, H, CellOptions::new().w_init(Constant(0.0))).unwrap();
    init_all(&mut cell, Some(BATCH), 0).unwrap();
    let (w, bias) = (pattern((NUM_IN + H) * 4 * H, 0.8), pattern(H, 2.6));
    set(&mut cell, "W.weight", &w);
    set(&mut cell, "bias", &bias);
    let mut c = vec![vec![0.0; H]; BATCH];
    let mut h = vec![vec![0.0; H]; BATCH];
    for t in 0..STEPS {
        let x = input(t);
        for item in 0..BATCH {
            let x = &x[item * NUM_IN..][..NUM_IN];
            let g = matvec(&concat(x, &h[item]), &w, 4 * H, None);
            let (f, r, u, o) = (&g[..H], &g[H..2 * H], &g[2 * H..3 * H], &g[3 * H..]);
            for j in 0..H {
                let f_hat = sigmoid(f[j] + bias[j]);
                let r_hat = sigmoid(r[j] - bias[j]);
                let gate = 2.0 * r_hat * f_hat + (1.0 - 2.0 * r_hat) * f_hat.powi(2);
                c[item][j] = gate * c[item][j] + (1.0 - gate) * tanh(u[j]);
                h[item][j] = sigmoid(o[j]) * tanh(c[item][j]);
            }
        }
        let found = cell.update(&x).unwrap().to_vec();
        assert_close(&found, &h.concat(), &format!("h at step {t}"));
        assert_close(cell.cell_state(), &c.concat(), &format!("c at step {t}"));
    }
}

/// The URLSTM's gate bias is `−ln(1/u − 1)`, i.e. `σ(b) = u`, with `u ~ Uniform(1/n, 1 − 1/n)`.
/// With n = 1000 units, every `σ(b)` must lie in `[0.001, 0.999)` and their mean must be 0.5
/// within 5 standard errors (σ_u = 0.998/√12, SE = σ_u/√1000 ≈ 0.0091).
#[test]
fn urlstm_gate_bias_is_the_inverse_sigmoid_of_a_uniform() {
    let n = 1000;
    let mut cell = UrlstmCell::new(1, n).unwrap();
    init_all(&mut cell, None, 11).unwrap();
    let u: Vec<f64> = cell.gate_bias().iter().map(|&b| sigmoid(b)).collect();
    let (low, high) = (1.0 / n as f64, 1.0 - 1.0 / n as f64);
    assert!(u.iter().all(|&u| u >= low - 1e-12 && u < high + 1e-12));
    let mean = u.iter().sum::<f64>() / n as f64;
    let se = (high - low) / 12f64.sqrt() / (n as f64).sqrt();
    assert!((mean - 0.5).abs() < 5.0 * se, "mean {mean}");
}

#[test]
fn leaky_rate_readout_steps_with_changing_dt() {
    let taus = [2.0 * ms, 5.0 * ms, 10.0 * ms];
    let mut readout = LeakyRateReadout::new(NUM_IN, 3, 5.0 * ms)
        .unwrap()
        .with_tau_per_output(taus.to_vec())
        .unwrap();
    init_all(&mut readout, Some(BATCH), 0).unwrap();
    let w = pattern(NUM_IN * 3, 0.6);
    set(&mut readout, "weight", &w);
    let mut r = vec![vec![0.0; 3]; BATCH];
    for t in 0..STEPS {
        // the step changes halfway: the decay must follow it (brainstate fixes it at construction)
        let dt = if t < 3 { 0.1 * ms } else { 0.25 * ms };
        let ctx = StepContext { dt, t: t as f64 * dt, i: t as u64 };
        let x = input(t);
        for (item, r) in r.iter_mut().enumerate() {
            let drive = matvec(&x[item * NUM_IN..][..NUM_IN], &w, 3, None);
            for j in 0..3 {
                r[j] = (-(dt.value_in(ms)) / taus[j].value_in(ms)).exp() * r[j] + drive[j];
            }
        }
        let found = readout.update(&ctx, &x).unwrap();
        assert_close(found, &r.concat(), &format!("r at step {t}"));
    }
}

/// Reference: the analytic solution of `dV/dt = (−V + I)/τ` over one step with `I` constant,
/// `V ← I + (V − I) e^(−dt/τ)`, which exponential Euler reproduces exactly.
#[test]
fn leaky_spike_readout_steps() {
    let n = 3;
    let (tau, v_th, dt) = (5.0, 1.0, 1.0); // ms, mV, ms
    let mut readout = LeakySpikeReadout::new(n)
        .unwrap()
        .with_tau(tau * ms)
        .unwrap()
        .with_v_th(v_th * mV)
        .unwrap();
    init_all(&mut readout, Some(BATCH), 0).unwrap();
    let w_mv: Vec<f64> = pattern(n * n, 0.35).iter().map(|w| 3.0 * w + 1.0).collect();
    let w_si: Vec<f64> = w_mv.iter().map(|w| w * 1e-3).collect();
    set(&mut readout, "weight", &w_si);
    let ctx = |t: usize| StepContext { dt: dt * ms, t: t as f64 * dt * ms, i: t as u64 };
    let mut v = vec![vec![0.0; n]; BATCH]; // mV
    let (mut fired, mut silent) = (0, 0);
    for t in 0..12 {
        let x: Vec<f64> = (0..BATCH * n).map(|k| f64::from(u8::from((t + k) % 3 != 0))).collect();
        let mut spikes = Vec::new();
        for (item, v) in v.iter_mut().enumerate() {
            let drive = matvec(&x[item * n..][..n], &w_mv, n, None);
            for j in 0..n {
                if v[j] >= v_th {
                    v[j] -= v_th; // soft reset, one step late
                }
                v[j] = drive[j] + (v[j] - drive[j]) * (-dt / tau).exp();
                spikes.push(if v[j] >= v_th { 1.0 } else { 0.0 });
            }
        }
        let found = readout.update(&ctx(t), &x).unwrap().to_vec();
        assert_eq!(found, spikes, "spikes at step {t}");
        let potential: Vec<f64> = readout.potential().iter().map(|v| v.value_in(mV)).collect();
        assert_close(&potential, &v.concat(), &format!("V at step {t}"));
        fired += spikes.iter().filter(|&&spike| spike == 1.0).count();
        silent += spikes.iter().filter(|&&spike| spike == 0.0).count();
    }
    assert!(fired > 0 && silent > 0, "the case must exercise both branches ({fired} / {silent})");
}

#[test]
fn linear_with_units_and_mask() {
    // a weight in mA per unit of a dimensionless input makes a current
    let mut layer = Linear::<f64, Current>::new(2, 2, Constant(0.0 * mA))
        .unwrap()
        .with_bias(Constant(0.5 * mA))
        .with_mask(vec![true, true, false, true])
        .unwrap();
    init_all(&mut layer, Some(3), 0).unwrap();
    layer.weight_mut().copy_from_slice(&[1.0 * mA, 2.0 * mA, 3.0 * mA, 4.0 * mA]);
    let y = layer.forward(&[1.0, 10.0, -1.0, 0.5]).unwrap();
    let expected_ma = [1.0 + 0.5, 2.0 + 40.0 + 0.5, -1.0 + 0.5, -2.0 + 2.0 + 0.5];
    for (y, e) in y.iter().zip(expected_ma) {
        assert!((y.value_in(mA) - e).abs() < TOL, "{} vs {e}", y.value_in(mA));
    }
    // a conductance per volt of input is not a current per unit: Weight<Voltage, Current> = S
    let mut ohmic =
        Linear::<Voltage, Current>::new(1, 1, Constant(2.0 * nS)).unwrap().without_bias();
    init_all(&mut ohmic, None, 0).unwrap();
    let i = ohmic.forward(&[10.0 * mV]).unwrap()[0];
    assert!((i.value_in(pA) - 20.0).abs() < 1e-9);
}

#[test]
fn all_to_all_and_one_to_one() {
    let x = [1.0, 2.0, 4.0];
    let mut with_self = AllToAll::<f64, f64>::homogeneous(3, 3, 0.5).unwrap();
    let mut without_self =
        AllToAll::<f64, f64>::homogeneous(3, 3, 0.5).unwrap().without_self().unwrap();
    init_all(&mut with_self, None, 0).unwrap();
    init_all(&mut without_self, None, 0).unwrap();
    assert_close(&with_self.forward(&x).unwrap(), &[3.5, 3.5, 3.5], "w·Σx");
    assert_close(&without_self.forward(&x).unwrap(), &[3.0, 2.5, 1.5], "w·(Σx − x)");

    let w = pattern(9, 0.0);
    let mut dense =
        AllToAll::<f64, f64>::dense(3, 3, Constant(0.0)).unwrap().without_self().unwrap();
    init_all(&mut dense, None, 0).unwrap();
    set(&mut dense, "weight", &w);
    let mut w_no_diag = w.clone();
    (0..3).for_each(|j| w_no_diag[j * 3 + j] = 0.0);
    assert_close(&dense.forward(&x).unwrap(), &matvec(&x, &w_no_diag, 3, None), "x·W, no diagonal");

    let mut one = OneToOne::<f64, Current>::new(3, Constant(2.0 * mA))
        .unwrap()
        .with_bias(Constant(-1.0 * mA));
    init_all(&mut one, None, 0).unwrap();
    let y: Vec<f64> = one.forward(&x).unwrap().iter().map(|y| y.value_in(mA)).collect();
    assert_close(&y, &[1.0, 3.0, 7.0], "x·w + b");
}

/// Activation values against their definitions (jax.nn's, which brainstate's functional uses).
#[test]
fn activations_match_their_definitions() {
    let xs = [-3.0, -0.5, 0.0, 0.7, 4.0];
    type Definition = fn(f64) -> f64;
    let cases: [(&str, Definition); 8] = [
        ("relu", |x| if x > 0.0 { x } else { 0.0 }),
        ("tanh", |x| (x.exp() - (-x).exp()) / (x.exp() + (-x).exp())),
        ("sigmoid", |x| 1.0 / (1.0 + (-x).exp())),
        ("softplus", |x| (1.0 + x.exp()).ln()),
        ("silu", |x| x / (1.0 + (-x).exp())),
        ("elu", |x| if x > 0.0 { x } else { x.exp() - 1.0 }),
        ("leaky_relu", |x| if x >= 0.0 { x } else { 0.01 * x }),
        ("gelu", |x| {
            0.5 * x
                * (1.0 + ((2.0 / std::f64::consts::PI).sqrt() * (x + 0.044715 * x * x * x)).tanh())
        }),
    ];
    for (name, f) in cases {
        let mut v = xs;
        Activation::from_name(name).unwrap().apply(&mut v);
        let expected: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
        assert_close(&v, &expected, name);
    }
    let z: f64 = xs.iter().map(|x| x.exp()).sum();
    let mut v = xs;
    Activation::Softmax.apply(&mut v);
    assert_close(&v, &xs.map(|x| x.exp() / z), "softmax");
    let mut v = xs;
    Activation::LogSoftmax.apply(&mut v);
    assert_close(&v, &xs.map(|x| x - z.ln()), "log_softmax");
}
