//! Neuron models against brainstate's verified traces, the analytic solution of the
//! LIF equation, brainstate's behaviour tests, properties, and bad input.

use super::common::{assert_close, shape};
use neurodim_dyn::DynError;
use neurodim_dyn::neuron::*;
use neurodim_dyn::output::{Coba, SynapticOutput};
use neurodim_state::{
    Environment, Shape, StateError, StateKind, StateValue, StreamKey, init::Constant, init_all,
    list_states, reset_all,
};
use neurodim_units::*;
use proptest::prelude::*;
use rand_distr::{Distribution, StandardNormal};

/// brainstate's reference traces are float32: one ulp at 1 mV is 2⁻²³ mV ≈ 1.19e-7 mV, the
/// resolution of any value computed from a V near threshold.
const F32_ULP_AT_1_MV: f64 = 1.2e-7;

/// Runs one neuron for `steps` steps of dt = 0.1 ms under a constant current; returns V (mV)
/// after each step and the steps with a spike.
fn run(neuron: &mut dyn Neuron, current: Current, steps: u64) -> (Vec<f64>, Vec<u64>) {
    init_all(neuron, None, 0).unwrap();
    let env = Environment::new(0.1 * ms).unwrap();
    let mut spike = [false];
    let (mut trace, mut spike_steps) = (vec![], vec![]);
    for i in 0..steps {
        neuron.update(&env.step(i), &Drive::current(current), &mut spike).unwrap();
        trace.push(neuron.v()[0].value_in(mV));
        if spike[0] {
            spike_steps.push(i);
        }
    }
    (trace, spike_steps)
}

// ---- brainstate verified traces (dt = 0.1 ms, τ = 10 ms, I = 1.5 mA) ------------------------

fn if_neuron(reset: SpikeReset) -> If {
    If::new(shape(1), IfParams { tau: 10.0 * ms, reset, ..IfParams::default() }).unwrap()
}

fn lif_neuron(reset: SpikeReset) -> Lif {
    Lif::new(shape(1), LifParams { tau: 10.0 * ms, reset, ..LifParams::default() }).unwrap()
}

/// brainstate: V[0..2] = 0.0149252, 0.029702, 0.0443317 mV; spikes at 109 and 219; V[110] is
/// 0.0156118 (soft) or 0.0149252 (hard). Tolerances: half a unit of the printed digit, or the
/// float32 resolution at 1 mV for values that inherit V[109]'s rounding.
#[test]
fn if_and_lif_match_brainstate_trace() {
    for reset in [SpikeReset::Soft, SpikeReset::Hard] {
        let mut models: [Box<dyn Neuron>; 2] =
            [Box::new(if_neuron(reset)), Box::new(lif_neuron(reset))];
        for model in &mut models {
            let (v, spikes) = run(model.as_mut(), 1.5 * mA, 300);
            assert_close(v[0], 0.0149252, 5e-8, "V[0]");
            assert_close(v[1], 0.029702, 5e-7, "V[1]");
            assert_close(v[2], 0.0443317, 5e-8, "V[2]");
            assert_close(v[109], 1.0006934, F32_ULP_AT_1_MV, "V[109]");
            assert_eq!(&spikes[..2], [109, 219], "{reset:?}");
            let after = if reset == SpikeReset::Soft { 0.0156118 } else { 0.0149252 };
            assert_close(v[110], after, F32_ULP_AT_1_MV, "V[110]");
        }
    }
}

/// brainstate: LIFRef with τ_ref = 2 ms spikes at 109 and 238 and holds V at 0.00069344 mV.
#[test]
fn lif_ref_matches_brainstate_trace() {
    let params = LifRefParams { tau: 10.0 * ms, tau_ref: 2.0 * ms, ..LifRefParams::default() };
    let (v, spikes) = run(&mut LifRef::new(shape(1), params).unwrap(), 1.5 * mA, 300);
    assert_eq!(&spikes[..2], [109, 238]);
    for (i, &held) in v.iter().enumerate().take(129).skip(110) {
        assert_close(held, 0.00069344, F32_ULP_AT_1_MV, &format!("V[{i}] (refractory)"));
        assert_eq!(held, v[110], "V is held exactly at step {i}");
    }
    assert!(v[129] > v[128], "integration resumes 20 steps after the spike");
}

/// brainstate: ALIF spikes at 109 and 239, with a = 1.7687 after 300 steps.
#[test]
fn alif_matches_brainstate_trace() {
    let mut alif =
        Alif::new(shape(1), AlifParams { tau: 10.0 * ms, ..AlifParams::default() }).unwrap();
    let (_, spikes) = run(&mut alif, 1.5 * mA, 300);
    assert_eq!(&spikes[..2], [109, 239]);
    assert_close(alif.a()[0], 1.7687, 5e-5, "a[300]");
}

/// brainstate: LIF with its defaults (τ = 5 ms), V0 = 0, I = 2 mA: V1 = 2·(1 − e^−0.02) mV.
#[test]
fn lif_defaults_first_step() {
    let (v, _) = run(&mut Lif::new(shape(1), LifParams::default()).unwrap(), 2.0 * mA, 1);
    assert_close(v[0], 2.0 * (1.0 - (-0.02f64).exp()), 1e-15, "V[1]");
    assert_close(v[0], 0.03960265, 5e-9, "V[1] (brainstate's print)");
}

// ---- analytic solutions ----------------------------------------------------------------

/// Exponential Euler is exact for the linear LIF equation, so before the first spike every
/// step equals V(t) = V_rest + R·I·(1 − e^(−t/τ)) up to rounding, for any dt.
#[test]
fn lif_constant_input_matches_analytic_solution() {
    let params = LifParams {
        r: 10.0 * Mohm,
        tau: 20.0 * ms,
        v_th: -50.0 * mV,
        v_reset: -60.0 * mV,
        v_rest: -65.0 * mV,
        ..LifParams::default()
    };
    let current = 2.0 * nA; // R·I = 20 mV: threshold crossed at t = τ·ln(4) ≈ 27.7 ms
    for dt in [0.01 * ms, 0.05 * ms, 0.1 * ms, 0.5 * ms, 1.0 * ms] {
        let mut lif =
            Lif::new(shape(1), params).unwrap().with_v_initializer(Constant(params.v_rest));
        init_all(&mut lif, None, 0).unwrap();
        let env = Environment::new(dt).unwrap();
        let mut spike = [false];
        let mut checked = 0;
        for i in 0..env.steps_in(27.0 * ms).unwrap() {
            lif.update(&env.step(i), &Drive::current(current), &mut spike).unwrap();
            let t = (i + 1) as f64 * dt;
            let exact =
                params.v_rest + params.r * current * (1.0 - (-(t / params.tau).value).exp());
            assert!(!spike[0]);
            assert_close(lif.v()[0].value_in(mV), exact.value_in(mV), 1e-11, "V(t)");
            checked += 1;
        }
        assert!(checked >= 27);
    }
}

/// With a constant conductance g to reversal E (COBA through the synaptic drive), the equation
/// is still linear: V∞ = (V_rest + R·g·E)/(1 + R·g), τ_eff = τ/(1 + R·g); exp-Euler is exact.
#[test]
fn lif_with_coba_drive_matches_analytic_solution() {
    let params = LifParams {
        r: 100.0 * Mohm,
        tau: 20.0 * ms,
        v_th: 0.0 * mV,
        v_reset: -60.0 * mV,
        v_rest: -65.0 * mV,
        ..LifParams::default()
    };
    let (g, e) = (5.0 * nS, -45.0 * mV); // R·g = 0.5
    let mut lif = Lif::new(shape(1), params).unwrap().with_v_initializer(Constant(-70.0 * mV));
    init_all(&mut lif, None, 0).unwrap();
    let env = Environment::new(0.1 * ms).unwrap();
    let out = Coba::new(e).unwrap();
    let mut syn = SynapticDrive::new(1);
    let mut spike = [false];
    let rg = (params.r * g).value;
    let v_inf = (params.v_rest + params.r * g * e) / (1.0 + rg);
    let tau_eff = params.tau / (1.0 + rg);
    for i in 0..500 {
        syn.clear();
        out.add_to(&[g], lif.v(), &mut syn).unwrap();
        lif.update(&env.step(i), &Drive::none().with_synaptic(&syn), &mut spike).unwrap();
        let t = (i + 1) as f64 * env.dt();
        let exact = v_inf + (-70.0 * mV - v_inf) * (-(t / tau_eff).value).exp();
        assert_close(lif.v()[0].value_in(mV), exact.value_in(mV), 1e-11, "V(t) with COBA");
    }
}

/// The drive's kinds (one current for all or one each; no synaptic drive or a zero one) select
/// different compiled loops; they give the same result bit for bit.
#[test]
fn drive_kinds_agree() {
    let env = Environment::new(0.1 * ms).unwrap();
    let zero = SynapticDrive::new(3);
    let each = [1.7 * mA; 3];
    let no_jumps = [0.0 * mV; 3];
    let drives = [
        Drive::current(1.7 * mA),
        Drive::currents(&each),
        Drive::current(1.7 * mA).with_synaptic(&zero),
        Drive::currents(&each).with_synaptic(&zero).with_delta(&no_jumps),
    ];
    for k in 0..7 {
        let mut runs = vec![];
        for drive in &drives {
            let mut model = model_by_index(k, 3, 10.0 * ms, SpikeReset::Soft);
            init_all(model.as_mut(), None, 0).unwrap();
            let mut spikes = [false; 3];
            for i in 0..300 {
                model.update(&env.step(i), drive, &mut spikes).unwrap();
            }
            runs.push(model.v().to_vec());
        }
        assert!(runs.windows(2).all(|w| w[0] == w[1]), "model {k}: {runs:?}");
    }
}

/// Delta inputs are voltage jumps added after integration.
#[test]
fn delta_input_is_added_after_integration() {
    let mut a = Lif::new(shape(2), LifParams::default()).unwrap();
    let mut b = a.clone();
    init_all(&mut a, None, 0).unwrap();
    init_all(&mut b, None, 0).unwrap();
    let ctx = Environment::new(0.1 * ms).unwrap().step(0);
    let jumps = [0.25 * mV, 0.0 * mV];
    let mut spikes = [false; 2];
    a.update(&ctx, &Drive::current(1.0 * mA).with_delta(&jumps), &mut spikes).unwrap();
    b.update(&ctx, &Drive::current(1.0 * mA), &mut spikes).unwrap();
    assert_eq!(a.v()[0], b.v()[0] + 0.25 * mV);
    assert_eq!(a.v()[1], b.v()[1]);
}

// ---- refractoriness counts steps -----------------------------------------------------------

/// A neuron that spiked at step i is held during steps i+1 … i+k with k·dt < τ_ref: 19 steps
/// for τ_ref = 2 ms at dt = 0.1 ms (whatever the rounding of 2/0.1), 20 for 2.05 ms, none for 0.
#[test]
fn lif_ref_holds_for_whole_steps() {
    for (tau_ref, held) in [(2.0 * ms, 19), (2.05 * ms, 20), (0.1 * ms, 0), (0.0 * ms, 0)] {
        let params = LifRefParams { tau: 10.0 * ms, tau_ref, ..LifRefParams::default() };
        let (v, spikes) = run(&mut LifRef::new(shape(1), params).unwrap(), 1.5 * mA, 200);
        let first = spikes[0] as usize;
        let held_steps = v[first + 1..].iter().take_while(|&&x| x == v[first + 1]).count();
        assert_eq!(held_steps, held.max(1), "tau_ref = {}", tau_ref.display());
    }
}

// ---- brainstate's behaviour tests ---------------------------------------------------

fn all_models(shape: Shape, reset: SpikeReset) -> Vec<(&'static str, Box<dyn Neuron>)> {
    vec![
        (
            "IF",
            Box::new(If::new(shape.clone(), IfParams { reset, ..IfParams::default() }).unwrap()),
        ),
        (
            "LIF",
            Box::new(Lif::new(shape.clone(), LifParams { reset, ..LifParams::default() }).unwrap()),
        ),
        (
            "LIFRef",
            Box::new(
                LifRef::new(shape.clone(), LifRefParams { reset, ..LifRefParams::default() })
                    .unwrap(),
            ),
        ),
        (
            "ALIF",
            Box::new(Alif::new(shape, AlifParams { reset, ..AlifParams::default() }).unwrap()),
        ),
    ]
}

/// `in_size = (2, 3)` with batch 5: every state has shape [5, 2, 3]; spikes have 30 entries.
#[test]
fn population_shape_and_batch() {
    for (name, mut model) in all_models(Shape::new([2, 3]).unwrap(), SpikeReset::Soft) {
        init_all(model.as_mut(), Some(5), 0).unwrap();
        assert_eq!(model.shape().dims(), &[2, 3], "{name}");
        for info in list_states(model.as_ref()) {
            assert_eq!(info.shape, vec![5, 2, 3], "{name}.{}", info.path);
        }
        let mut spikes = vec![false; 30];
        let ctx = Environment::new(0.1 * ms).unwrap().step(0);
        model.update(&ctx, &Drive::current(1.0 * mA), &mut spikes).unwrap();
        assert_eq!(model.v().len(), 30, "{name}");
        let err = model.update(&ctx, &Drive::none(), &mut spikes[..10]).unwrap_err();
        assert!(matches!(err, DynError::SizeMismatch { expected: 30, found: 10, .. }), "{name}");
    }
}

/// brainstate's test_soft_reset and test_hard_reset: 10 neurons, batch 5, 100 steps of
/// `randn · mA` inputs (seeded), dt = 0.1 ms: after every step all V ≤ V_th (soft), and
/// V < V_th or V == 0 mV (hard).
#[test]
fn random_small_inputs_keep_v_below_threshold() {
    let env = Environment::new(0.1 * ms).unwrap();
    for reset in [SpikeReset::Soft, SpikeReset::Hard] {
        for (name, mut model) in all_models(shape(10), reset) {
            init_all(model.as_mut(), Some(5), 0).unwrap();
            let mut rng = StreamKey::new(1, name).rng();
            let mut spikes = vec![false; 50];
            for i in 0..100 {
                let inputs: Vec<Current> =
                    (0..50).map(|_| StandardNormal.sample(&mut rng)).map(|x: f64| x * mA).collect();
                model.update(&env.step(i), &Drive::currents(&inputs), &mut spikes).unwrap();
                for &v in model.v() {
                    let ok = match reset {
                        SpikeReset::Soft => v <= 1.0 * mV,
                        SpikeReset::Hard => v < 1.0 * mV || v == 0.0 * mV,
                    };
                    assert!(ok, "{name} {reset:?}: V = {} at step {i}", v.display());
                }
            }
        }
    }
}

/// Hard reset puts a neuron that spiked exactly at V_reset (IF: 0 mV) before integration.
#[test]
fn hard_reset_sets_v_reset_exactly() {
    let ctx = Environment::new(0.1 * ms).unwrap().step(0);
    for (name, mut model) in all_models(shape(4), SpikeReset::Hard) {
        init_all(model.as_mut(), None, 0).unwrap();
        let mut spikes = [false; 4];
        let strong = [100.0 * mA, 0.0 * mA, 100.0 * mA, 0.0 * mA];
        model.update(&ctx, &Drive::currents(&strong), &mut spikes).unwrap();
        assert_eq!(spikes, [true, false, true, false], "{name}");
        model.apply_reset().unwrap();
        assert_eq!(model.v()[0], 0.0 * mV, "{name}");
        assert_eq!(model.v()[2], 0.0 * mV, "{name}");
        assert_eq!(model.v()[1], 0.0 * mV, "{name}: no spike, no change");
    }
}

/// The split step (apply_reset, then integrate) is bit-identical to the fused update.
#[test]
fn split_step_equals_fused_update() {
    let env = Environment::new(0.1 * ms).unwrap();
    for reset in [SpikeReset::Soft, SpikeReset::Hard] {
        let fused = all_models(shape(3), reset);
        let split = all_models(shape(3), reset);
        for ((name, mut a), (_, mut b)) in fused.into_iter().zip(split) {
            init_all(a.as_mut(), None, 0).unwrap();
            init_all(b.as_mut(), None, 0).unwrap();
            let (mut sa, mut sb) = ([false; 3], [false; 3]);
            let inputs = [3.0 * mA, 1.2 * mA, -0.5 * mA];
            for i in 0..300 {
                a.update(&env.step(i), &Drive::currents(&inputs), &mut sa).unwrap();
                b.apply_reset().unwrap();
                b.integrate(&env.step(i), &Drive::currents(&inputs), &mut sb).unwrap();
                assert_eq!(a.v(), b.v(), "{name} {reset:?} step {i}");
                assert_eq!(sa, sb);
            }
        }
    }
}

/// States are exposed by path and kind, and reset_all restores them.
#[test]
fn states_by_path_and_reset() {
    let mut alif = Alif::new(shape(2), AlifParams::default()).unwrap();
    let mut lif_ref = LifRef::new(shape(2), LifRefParams::default()).unwrap();
    init_all(&mut alif, None, 0).unwrap();
    init_all(&mut lif_ref, None, 0).unwrap();
    let paths = |m: &dyn Neuron| -> Vec<(String, StateKind)> {
        list_states(m).into_iter().map(|info| (info.path, info.kind)).collect()
    };
    assert_eq!(paths(&alif), [("V".into(), StateKind::Hidden), ("a".into(), StateKind::Hidden)]);
    assert_eq!(
        paths(&lif_ref),
        [("V".into(), StateKind::Hidden), ("last_spike_time".into(), StateKind::ShortTerm)]
    );
    let env = Environment::new(0.1 * ms).unwrap();
    let mut spikes = [false; 2];
    for i in 0..200 {
        alif.update(&env.step(i), &Drive::current(5.0 * mA), &mut spikes).unwrap();
        lif_ref.update(&env.step(i), &Drive::current(5.0 * mA), &mut spikes).unwrap();
    }
    assert!(alif.a()[0] > 0.0 && lif_ref.last_spike_time()[0] > 0.0 * ms);
    reset_all(&mut alif).unwrap();
    reset_all(&mut lif_ref).unwrap();
    assert_eq!((alif.a()[0], alif.v()[0]), (0.0, 0.0 * mV));
    assert_eq!(lif_ref.last_spike_time()[0], -1e7 * ms);
}

// ---- bad input --------------------------------------------------------------------------------

fn rejected_param<T: core::fmt::Debug>(result: Result<T, DynError>) -> &'static str {
    let e = result.unwrap_err();
    e.param().unwrap_or_else(|| panic!("expected a parameter error, got {e}"))
}

#[test]
fn bad_parameters_are_rejected_with_their_name() {
    let lif = |p: LifParams| rejected_param(Lif::new(shape(1), p));
    let d = LifParams::default();
    assert_eq!(lif(LifParams { tau: 0.0 * ms, ..d }), "tau");
    assert_eq!(lif(LifParams { tau: -5.0 * ms, ..d }), "tau");
    assert_eq!(lif(LifParams { tau: f64::NAN * ms, ..d }), "tau");
    assert_eq!(lif(LifParams { r: 0.0 * ohm, ..d }), "R");
    assert_eq!(lif(LifParams { v_th: 0.0 * mV, ..d }), "V_th"); // = V_reset
    assert_eq!(lif(LifParams { v_th: -1.0 * mV, ..d }), "V_th");
    assert_eq!(lif(LifParams { v_th: f64::INFINITY * mV, ..d }), "V_th");
    assert_eq!(lif(LifParams { v_reset: f64::NAN * mV, ..d }), "V_reset");
    assert_eq!(lif(LifParams { v_rest: f64::NAN * mV, ..d }), "V_rest");
    let err = Lif::new(shape(1), LifParams { v_th: -1.0 * mV, ..d }).unwrap_err();
    assert_eq!(err.to_string(), "invalid V_th: -1 mV (V_reset = 0 mV) (must be > V_reset)");

    let if_ = |p: IfParams| rejected_param(If::new(shape(1), p));
    assert_eq!(if_(IfParams { v_th: 0.0 * mV, ..IfParams::default() }), "V_th");
    assert_eq!(if_(IfParams { tau: -1.0 * ms, ..IfParams::default() }), "tau");

    let lif_ref = |p: LifRefParams| rejected_param(LifRef::new(shape(1), p));
    assert_eq!(lif_ref(LifRefParams { tau_ref: -1.0 * ms, ..LifRefParams::default() }), "tau_ref");
    assert_eq!(
        lif_ref(LifRefParams { tau_ref: f64::NAN * ms, ..LifRefParams::default() }),
        "tau_ref"
    );
    assert_eq!(lif_ref(LifRefParams { tau: 0.0 * ms, ..LifRefParams::default() }), "tau");

    let alif = |p: AlifParams| rejected_param(Alif::new(shape(1), p));
    assert_eq!(alif(AlifParams { tau_a: 0.0 * ms, ..AlifParams::default() }), "tau_a");
    assert_eq!(alif(AlifParams { beta: f64::NAN * mV, ..AlifParams::default() }), "beta");
    assert_eq!(alif(AlifParams { v_reset: 2.0 * mV, ..AlifParams::default() }), "V_th");
}

#[test]
fn mismatched_sizes_and_uninitialised_states_are_rejected() {
    let mut lif = Lif::new(shape(3), LifParams::default()).unwrap();
    let ctx = Environment::new(0.1 * ms).unwrap().step(0);
    let mut spikes = [false; 3];
    let err = lif.update(&ctx, &Drive::none(), &mut spikes).unwrap_err();
    assert_eq!(err, DynError::State(StateError::Uninitialised { path: "V".into() }));
    init_all(&mut lif, None, 0).unwrap();
    let size = |e: DynError| match e {
        DynError::SizeMismatch { what, expected: 3, found } => (what, found),
        other => panic!("expected a size mismatch, got {other}"),
    };
    let two = [1.0 * mA; 2];
    assert_eq!(
        size(lif.update(&ctx, &Drive::currents(&two), &mut spikes).unwrap_err()),
        ("external current".into(), 2)
    );
    let syn = SynapticDrive::new(4);
    assert_eq!(
        size(lif.update(&ctx, &Drive::none().with_synaptic(&syn), &mut spikes).unwrap_err()),
        ("synaptic drive".into(), 4)
    );
    let jumps = [0.0 * mV; 1];
    assert_eq!(
        size(lif.update(&ctx, &Drive::none().with_delta(&jumps), &mut spikes).unwrap_err()),
        ("delta input".into(), 1)
    );
    assert_eq!(
        size(lif.update(&ctx, &Drive::none(), &mut [false; 5]).unwrap_err()),
        ("spikes".into(), 5)
    );
}

// ---- properties ---------------------------------------------------------------------------

fn model_by_index(k: usize, n: usize, tau: Time, reset: SpikeReset) -> Box<dyn Neuron> {
    let pop = shape(n);
    match k {
        0 => Box::new(If::new(pop, IfParams { tau, reset, ..IfParams::default() }).unwrap()),
        1 => Box::new(Lif::new(pop, LifParams { tau, reset, ..LifParams::default() }).unwrap()),
        2 => Box::new(
            LifRef::new(pop, LifRefParams { tau, reset, ..LifRefParams::default() }).unwrap(),
        ),
        _ => Box::new(Alif::new(pop, AlifParams { tau, reset, ..AlifParams::default() }).unwrap()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Finite inputs (external currents up to ±1 A, conductances up to 1 S, any reversal) and a
    /// positive τ never produce NaN or infinity.
    #[test]
    fn finite_inputs_give_finite_states(
        k in 0usize..4,
        hard in any::<bool>(),
        tau_ms in 0.01f64..100.0,
        dt_ms in 0.001f64..2.0,
        currents in prop::collection::vec(-1e3f64..1e3, 4),
        g in prop::collection::vec(0.0f64..1e3, 4),
        e_mv in -100.0f64..100.0,
    ) {
        let reset = if hard { SpikeReset::Hard } else { SpikeReset::Soft };
        let mut model = model_by_index(k, 4, tau_ms * ms, reset);
        init_all(model.as_mut(), None, 0).unwrap();
        let env = Environment::new(dt_ms * ms).unwrap();
        let currents: Vec<Current> = currents.iter().map(|&x| x * mA).collect();
        let g: Vec<Conductance> = g.iter().map(|&x| x * mS).collect();
        let out = Coba::new(e_mv * mV).unwrap();
        let mut syn = SynapticDrive::new(4);
        let mut spikes = [false; 4];
        for i in 0..50 {
            model.apply_reset().unwrap();
            syn.clear();
            out.add_to(&g, model.v(), &mut syn).unwrap();
            let drive = Drive::currents(&currents).with_synaptic(&syn);
            model.integrate(&env.step(i), &drive, &mut spikes).unwrap();
            prop_assert!(model.v().iter().all(|v| v.value.is_finite()));
        }
    }

    /// The nonlinear models stay finite too, for steps that resolve their upswing (dt ≤ 0.5 ms)
    /// and currents up to ±100 mA: a step from below threshold can overshoot far, but the reset
    /// of the next update brings V back.
    #[test]
    fn nonlinear_models_stay_finite(
        k in 4usize..7,
        dt_ms in 0.001f64..0.5,
        currents in prop::collection::vec(-100.0f64..100.0, 4),
        g in prop::collection::vec(0.0f64..1e3, 4),
        e_mv in -100.0f64..100.0,
    ) {
        let mut model = model_by_index(k, 4, 10.0 * ms, SpikeReset::Hard);
        init_all(model.as_mut(), None, 0).unwrap();
        let env = Environment::new(dt_ms * ms).unwrap();
        let currents: Vec<Current> = currents.iter().map(|&x| x * mA).collect();
        let g: Vec<Conductance> = g.iter().map(|&x| x * nS).collect();
        let out = Coba::new(e_mv * mV).unwrap();
        let mut syn = SynapticDrive::new(4);
        let mut spikes = [false; 4];
        for i in 0..200 {
            model.apply_reset().unwrap();
            syn.clear();
            out.add_to(&g, model.v(), &mut syn).unwrap();
            model.integrate(&env.step(i), &Drive::currents(&currents).with_synaptic(&syn), &mut spikes).unwrap();
            prop_assert!(model.v().iter().all(|v| v.value.is_finite()), "{:?}", model.v());
        }
    }

    /// A batch of B runs is the same, bit for bit, as B separate runs of one (every model).
    #[test]
    fn batch_equals_separate_runs(
        k in 0usize..7,
        batch in 1usize..5,
        currents in prop::collection::vec(-5.0f64..5.0, 12),
    ) {
        let n = 3;
        let currents: Vec<Current> = currents[..batch * n].iter().map(|&x| x * mA).collect();
        let env = Environment::new(0.1 * ms).unwrap();
        let mut batched = model_by_index(k, n, 10.0 * ms, SpikeReset::Soft);
        init_all(batched.as_mut(), Some(batch), 0).unwrap();
        let mut spikes = vec![false; batch * n];
        for i in 0..200 {
            batched.update(&env.step(i), &Drive::currents(&currents), &mut spikes).unwrap();
        }
        for b in 0..batch {
            let mut single = model_by_index(k, n, 10.0 * ms, SpikeReset::Soft);
            init_all(single.as_mut(), None, 0).unwrap();
            let item = &currents[b * n..(b + 1) * n];
            let mut item_spikes = vec![false; n];
            for i in 0..200 {
                single.update(&env.step(i), &Drive::currents(item), &mut item_spikes).unwrap();
            }
            prop_assert_eq!(single.v(), &batched.v()[b * n..(b + 1) * n]);
            prop_assert_eq!(&item_spikes[..], &spikes[b * n..(b + 1) * n]);
        }
    }
}

// ---- ExpIF, AdEx, Izhikevich: fixed points and rheobases solved analytically ------------------

/// Runs `neuron` for `steps` of `dt` under a constant current; returns the number of spikes.
fn count_spikes(neuron: &mut dyn Neuron, current: Current, dt: Time, steps: u64) -> usize {
    init_all(neuron, None, 0).unwrap();
    let env = Environment::new(dt).unwrap();
    let mut spike = [false];
    let mut count = 0;
    for i in 0..steps {
        neuron.update(&env.step(i), &Drive::current(current), &mut spike).unwrap();
        count += usize::from(spike[0]);
    }
    count
}

/// The root of a decreasing-then-increasing or monotone `f` on [lo, hi] by bisection.
fn bisect(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    assert!(f(lo) * f(hi) < 0.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(lo) * f(mid) <= 0.0 { hi = mid } else { lo = mid }
    }
    0.5 * (lo + hi)
}

/// ExpIF: F(V) = −(V − V_rest) + Δ_T·e^((V − V_T)/Δ_T) + R·I has its minimum at V_T, so the
/// neuron fires iff R·I > V_T − V_rest − Δ_T = 1.62 mV (defaults). Below, V settles on the
/// lower root of F (an exact fixed point of the exp-Euler step; near the saddle-node the
/// relaxation time is ≈ 60 ms, so 3 s leave a transient far below the tolerance).
#[test]
fn exp_if_rheobase_and_fixed_point() {
    let p = ExpIfParams::default();
    let rheobase_mv = (p.v_t - p.v_rest - p.delta_t).value_in(mV);
    assert!((rheobase_mv - 1.62).abs() < 1e-12);
    let dt = 0.05 * ms;
    let below = (rheobase_mv - 0.05) * mA;
    let mut exp_if = ExpIf::new(shape(1), p).unwrap();
    assert_eq!(count_spikes(&mut exp_if, below, dt, 60_000), 0);
    let f = |v: f64| -(v - -65.0) + 3.48 * ((v - -59.9) / 3.48).exp() + rheobase_mv - 0.05;
    let fixed = bisect(f, -65.0, -59.9);
    assert_close(exp_if.v()[0].value_in(mV), fixed, 1e-9, "ExpIF fixed point");
    let above = (rheobase_mv + 0.05) * mA;
    assert!(count_spikes(&mut ExpIf::new(shape(1), p).unwrap(), above, dt, 20_000) > 0);
}

/// AdEx FS (a = b = 0): the rheobase is g_L·(V_T − E_L − Δ_T) = 170 pA.
#[test]
fn adex_fs_rheobase() {
    let p = AdExParams::fs();
    let rheobase = p.g_l * (p.v_t - p.e_l - p.delta_t);
    assert_close(rheobase.value_in(pA), 170.0, 1e-9, "rheobase");
    let dt = 0.05 * ms;
    assert_eq!(
        count_spikes(&mut AdEx::new(shape(1), p).unwrap(), rheobase - 5.0 * pA, dt, 20_000),
        0
    );
    assert!(
        count_spikes(&mut AdEx::new(shape(1), p).unwrap(), rheobase + 5.0 * pA, dt, 20_000) > 0
    );
}

/// AdEx RS below the rheobase of its w = 0 branch (g_L·(V_T − E_L − Δ_T) = 230 pA): no spike,
/// and after 40 s (80 τ_w) V and w sit on the fixed point
/// g_L·Δ_T·e^((V−V_T)/Δ_T) − (g_L + a)(V − E_L) + I = 0, w = a·(V − E_L), which is an exact
/// fixed point of the exp-Euler step for any dt (here 0.5 ms).
#[test]
fn adex_rs_subthreshold_fixed_point() {
    let p = AdExParams::rs();
    let mut rs = AdEx::new(shape(1), p).unwrap();
    assert_eq!(count_spikes(&mut rs, 200.0 * pA, 0.5 * ms, 80_000), 0);
    // in mV, nS, pA: 10·2·e^((V+40)/2) − 14·(V + 65) + 200 = 0
    let f = |v: f64| 20.0 * ((v + 40.0) / 2.0).exp() - 14.0 * (v + 65.0) + 200.0;
    let fixed = bisect(f, -65.0, -41.0);
    assert_close(rs.v()[0].value_in(mV), fixed, 1e-6, "V*");
    assert_close(rs.w()[0].value_in(pA), 4.0 * (fixed + 65.0), 1e-4, "w* = a(V* − E_L)");
}

/// AdEx reset: V ← V_reset and w ← w + b, then V is held for τ_ref/dt = 50 steps (k·dt ≤ τ_ref).
#[test]
fn adex_reset_and_refractory_hold() {
    let p = AdExParams::rs();
    let mut rs = AdEx::new(shape(1), p).unwrap();
    init_all(&mut rs, None, 0).unwrap();
    let env = Environment::new(0.1 * ms).unwrap();
    let mut spike = [false];
    let mut i = 0;
    while !spike[0] {
        rs.update(&env.step(i), &Drive::current(1.0 * nA), &mut spike).unwrap();
        i += 1;
    }
    let w_at_spike = rs.w()[0];
    rs.apply_reset().unwrap();
    assert_eq!(rs.v()[0], p.v_reset);
    assert_eq!(rs.w()[0], w_at_spike + p.b);
    let mut held = 0;
    loop {
        rs.integrate(&env.step(i), &Drive::current(1.0 * nA), &mut spike).unwrap();
        i += 1;
        if rs.v()[0] != p.v_reset {
            break;
        }
        held += 1;
    }
    assert_eq!(held, 50);
}

/// Izhikevich RS at I = 0: V → −70 mV, u → −14 mV, the stable root of
/// 0.04V² + (5 − b)V + 140 = 0 with u = bV.
#[test]
fn izhikevich_rest_is_the_stable_fixed_point() {
    let mut rs = Izhikevich::new(shape(1), IzhikevichParams::rs()).unwrap();
    assert_eq!(count_spikes(&mut rs, 0.0 * mA, 0.1 * ms, 20_000), 0);
    assert_close(rs.v()[0].value_in(mV), -70.0, 1e-9, "V*");
    assert_close(rs.u()[0].value_in(mV), -14.0, 1e-9, "u*");
}

/// Izhikevich: a spike at V ≥ 30 mV, then V ← c and u ← u + d.
#[test]
fn izhikevich_spike_and_reset() {
    for p in [
        IzhikevichParams::rs(),
        IzhikevichParams::ib(),
        IzhikevichParams::ch(),
        IzhikevichParams::fs(),
        IzhikevichParams::lts(),
    ] {
        let mut model = Izhikevich::new(shape(1), p).unwrap();
        init_all(&mut model, None, 0).unwrap();
        let env = Environment::new(0.1 * ms).unwrap();
        let mut spike = [false];
        let mut i = 0;
        while !spike[0] && i < 10_000 {
            model.update(&env.step(i), &Drive::current(10.0 * mA), &mut spike).unwrap();
            i += 1;
        }
        assert!(spike[0] && model.v()[0] >= 30.0 * mV);
        let u = model.u()[0];
        model.apply_reset().unwrap();
        assert_eq!((model.v()[0], model.u()[0]), (p.c, u + p.d));
    }
}

#[test]
fn bad_parameters_of_exp_if_adex_izhikevich_are_rejected() {
    let exp_if = |p: ExpIfParams| rejected_param(ExpIf::new(shape(1), p));
    let e = ExpIfParams::default();
    assert_eq!(exp_if(ExpIfParams { tau: 0.0 * ms, ..e }), "tau");
    assert_eq!(exp_if(ExpIfParams { delta_t: 0.0 * mV, ..e }), "delta_T");
    assert_eq!(exp_if(ExpIfParams { tau_ref: -1.0 * ms, ..e }), "tau_ref");
    assert_eq!(exp_if(ExpIfParams { v_th: -70.0 * mV, ..e }), "V_th");
    assert_eq!(exp_if(ExpIfParams { v_t: f64::NAN * mV, ..e }), "V_T");
    let adex = |p: AdExParams| rejected_param(AdEx::new(shape(1), p));
    let a = AdExParams::rs();
    assert_eq!(adex(AdExParams { c: 0.0 * pF, ..a }), "C");
    assert_eq!(adex(AdExParams { g_l: -1.0 * nS, ..a }), "g_L");
    assert_eq!(adex(AdExParams { tau_w: 0.0 * ms, ..a }), "tau_w");
    assert_eq!(adex(AdExParams { b: f64::NAN * pA, ..a }), "b");
    assert_eq!(adex(AdExParams { v_spike: -70.0 * mV, ..a }), "V_spike");
    let izh = |p: IzhikevichParams| rejected_param(Izhikevich::new(shape(1), p));
    let z = IzhikevichParams::rs();
    assert_eq!(izh(IzhikevichParams { a: 0.0 / ms, ..z }), "a");
    assert_eq!(izh(IzhikevichParams { b: f64::NAN, ..z }), "b");
    assert_eq!(izh(IzhikevichParams { v_th: -70.0 * mV, ..z }), "V_th");
}

// ---- Hodgkin–Huxley ---------------------------------------------------------------------------

/// The classic rate functions in mV and 1/ms, written out as in Hodgkin & Huxley (1952), not
/// through `exprel`: the steady states x∞ = α/(α + β) at −65 mV.
#[test]
fn hodgkin_huxley_gates_start_at_their_steady_state() {
    let [(a_m, b_m), (a_h, b_h), (a_n, b_n)] = hh_rates(-65.0);
    let mut hh = HodgkinHuxley::new(shape(2), HodgkinHuxleyParams::default()).unwrap();
    init_all(&mut hh, None, 0).unwrap();
    let (m, h, n) = hh.gates(1).unwrap();
    assert_close(m, a_m / (a_m + b_m), 1e-14, "m∞");
    assert_close(h, a_h / (a_h + b_h), 1e-14, "h∞");
    assert_close(n, a_n / (a_n + b_n), 1e-14, "n∞");
    assert_eq!(hh.v()[1], -65.0 * mV);
    assert_eq!(hh.gates(2), None);
}

/// The classic rate functions (mV, 1/ms), written out without `exprel`.
fn hh_rates(v: f64) -> [(f64, f64); 3] {
    [
        (
            0.1 * (v + 40.0) / (1.0 - (-(v + 40.0) / 10.0f64).exp()),
            4.0 * (-(v + 65.0) / 18.0f64).exp(),
        ),
        (0.07 * (-(v + 65.0) / 20.0f64).exp(), 1.0 / (1.0 + (-(v + 35.0) / 10.0f64).exp())),
        (
            0.01 * (v + 55.0) / (1.0 - (-(v + 55.0) / 10.0f64).exp()),
            0.125 * (-(v + 65.0) / 80.0f64).exp(),
        ),
    ]
}

/// Without input the HH neuron settles on its resting potential, where the ionic current
/// with every gate at its steady state vanishes (brainstate's example has g_L = 0.03 mS/cm²,
/// a tenth of the classic value, so it rests near −70.7 mV rather than −65 mV; found here by
/// bisection), and never crosses V_th. With 10 µA/cm² it fires tonically, each spike one
/// upward crossing of 20 mV.
#[test]
fn hodgkin_huxley_rests_without_input_and_fires_with_it() {
    let params = HodgkinHuxleyParams::default();
    let env = Environment::new(0.01 * ms).unwrap();
    let mut hh = HodgkinHuxley::new(shape(2), params).unwrap();
    init_all(&mut hh, None, 0).unwrap();
    let currents = [0.0 * uA, 10.0 * uA_per_cm2 * params.area];
    let mut spikes = [false; 2];
    let (mut counts, mut previous) = ([0; 2], hh.v().to_vec());
    for i in 0..30_000 {
        hh.update(&env.step(i), &Drive::currents(&currents), &mut spikes).unwrap();
        for k in 0..2 {
            let crossed = previous[k] < params.v_th && params.v_th <= hh.v()[k];
            assert_eq!(spikes[k], crossed, "neuron {k}, step {i}");
            counts[k] += usize::from(spikes[k]);
        }
        previous = hh.v().to_vec();
    }
    assert_eq!(counts[0], 0);
    // in mV and µA/cm²
    let ionic = |v: f64| {
        let [m, h, n] = hh_rates(v).map(|(a, b)| a / (a + b));
        120.0 * m.powi(3) * h * (v - 50.0) + 36.0 * n.powi(4) * (v + 77.0) + 0.03 * (v + 54.387)
    };
    let rest = bisect(ionic, -80.0, -60.0);
    assert_close(hh.v()[0].value_in(mV), rest, 1e-9, "resting V");
    // tonic firing at about 70 Hz
    assert!((20..=22).contains(&counts[1]), "{} spikes in 300 ms", counts[1]);
}

#[test]
fn bad_parameters_of_hodgkin_huxley_are_rejected() {
    let hh = |p: HodgkinHuxleyParams| rejected_param(HodgkinHuxley::new(shape(1), p));
    let d = HodgkinHuxleyParams::default();
    assert_eq!(hh(HodgkinHuxleyParams { c: 0.0 * uF_per_cm2, ..d }), "C");
    assert_eq!(hh(HodgkinHuxleyParams { area: -1.0 * um2, ..d }), "area");
    assert_eq!(hh(HodgkinHuxleyParams { g_na: -1.0 * mS_per_cm2, ..d }), "g_Na");
    assert_eq!(hh(HodgkinHuxleyParams { g_k: f64::NAN * mS_per_cm2, ..d }), "g_K");
    assert_eq!(hh(HodgkinHuxleyParams { g_l: f64::INFINITY * mS_per_cm2, ..d }), "g_L");
    assert_eq!(hh(HodgkinHuxleyParams { e_na: f64::NAN * mV, ..d }), "E_Na");
    assert_eq!(hh(HodgkinHuxleyParams { e_k: f64::INFINITY * mV, ..d }), "E_K");
    assert_eq!(hh(HodgkinHuxleyParams { e_l: f64::NAN * mV, ..d }), "E_L");
    assert_eq!(hh(HodgkinHuxleyParams { v_th: f64::NAN * mV, ..d }), "V_th");
}

// ---- per-neuron parameters ----------------------------------------------------------------

/// V (bits) and spikes after each of `steps` steps of dt = 0.1 ms with the currents `currents`.
fn trace(neuron: &mut dyn Neuron, currents: &[Current], steps: u64) -> Vec<(Vec<u64>, Vec<bool>)> {
    let env = Environment::new(0.1 * ms).unwrap();
    let mut spikes = vec![false; currents.len()];
    (0..steps)
        .map(|i| {
            neuron.update(&env.step(i), &Drive::currents(currents), &mut spikes).unwrap();
            (neuron.v().iter().map(|v| v.value.to_bits()).collect(), spikes.clone())
        })
        .collect()
}

/// Each neuron of `population` (initialised) steps as the single neuron `single(k)` does.
fn assert_each_neuron_as_alone(
    population: &mut dyn Neuron,
    single: impl Fn(usize) -> Box<dyn Neuron>,
    currents: &[Current],
    steps: u64,
) {
    let together = trace(population, currents, steps);
    let mut spiking = 0;
    for (k, &current) in currents.iter().enumerate() {
        let mut alone = single(k);
        init_all(alone.as_mut(), None, 0).unwrap();
        let alone = trace(alone.as_mut(), &[current], steps);
        for (i, ((v, spikes), (v1, spikes1))) in together.iter().zip(&alone).enumerate() {
            assert_eq!((v[k], spikes[k]), (v1[0], spikes1[0]), "neuron {k}, step {i}");
        }
        spiking += usize::from(alone.iter().any(|(_, spikes)| spikes[0]));
    }
    assert!(spiking > 0 && spiking < currents.len(), "{spiking} neurons spike: none or all");
}

/// A LIF population with one V_th per neuron steps each neuron as a population of one with
/// that V_th; one with a τ per neuron likewise (drawn from an initialiser, then read back).
#[test]
fn per_neuron_v_th_and_tau_step_each_neuron_as_alone() {
    use neurodim_state::init::{Normal, Uniform};
    let n = 12;
    let base = LifParams {
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        v_th: -50.0 * mV,
        ..LifParams::default()
    };
    let currents = vec![10.1 * mA; n]; // V∞ = −49.9 mV
    let mut pop = Lif::new(shape(n), base)
        .unwrap()
        .with_parameter("V_th", Normal::new(-49.9 * mV, 0.1 * mV).unwrap())
        .unwrap()
        .with_v_initializer(Constant(-60.0 * mV));
    init_all(&mut pop, None, 3).unwrap();
    let v_th = parameter_values(&pop, "V_th");
    assert!(v_th.iter().any(|&x| x != v_th[0]));
    let single = |k: usize| -> Box<dyn Neuron> {
        let p = LifParams { v_th: Voltage::from_si(v_th[k]), ..base };
        Box::new(Lif::new(shape(1), p).unwrap().with_v_initializer(Constant(-60.0 * mV)))
    };
    assert_each_neuron_as_alone(&mut pop, single, &currents, 3000);

    let currents: Vec<Current> = (0..n).map(|k| (9.0 + 0.2 * k as f64) * mA).collect();
    let mut pop = Lif::new(shape(n), base)
        .unwrap()
        .with_parameter("tau", Uniform::new(5.0 * ms, 30.0 * ms).unwrap())
        .unwrap()
        .with_v_initializer(Constant(-60.0 * mV));
    init_all(&mut pop, None, 3).unwrap();
    let tau = parameter_values(&pop, "tau");
    let single = |k: usize| -> Box<dyn Neuron> {
        let p = LifParams { tau: Time::from_si(tau[k]), ..base };
        Box::new(Lif::new(shape(1), p).unwrap().with_v_initializer(Constant(-60.0 * mV)))
    };
    assert_each_neuron_as_alone(&mut pop, single, &currents, 3000);
}

/// The values (SI) of the state `path` of `model`.
fn parameter_values(model: &dyn neurodim_state::Stateful, path: &str) -> Vec<f64> {
    let mut values = None;
    neurodim_state::for_each_state(model, |p, state| {
        if p == path {
            values = Some(state.to_si());
        }
    });
    values.unwrap_or_else(|| panic!("no state {path}"))
}

/// A Hodgkin–Huxley population with a threshold and a sodium density per neuron steps each
/// neuron as a population of one with those values.
#[test]
fn per_neuron_hodgkin_huxley_parameters_step_each_neuron_as_alone() {
    let base = HodgkinHuxleyParams::default();
    let g_na: Vec<ConductanceDensity> =
        [60.0, 90.0, 120.0, 150.0].iter().map(|&g| g * mS_per_cm2).collect();
    let v_th = vec![-20.0 * mV, 0.0 * mV, 20.0 * mV, 60.0 * mV];
    let mut pop = HodgkinHuxley::new(shape(4), base)
        .unwrap()
        .with_parameter_values("g_Na", g_na.clone())
        .unwrap()
        .with_parameter_values("V_th", v_th.clone())
        .unwrap();
    init_all(&mut pop, None, 0).unwrap();
    let single = |k: usize| -> Box<dyn Neuron> {
        let p = HodgkinHuxleyParams { g_na: g_na[k], v_th: v_th[k], ..base };
        Box::new(HodgkinHuxley::new(shape(1), p).unwrap())
    };
    // 10 µA/cm²: the neurons fire, but the last never reaches its threshold above E_Na
    let currents = vec![10.0 * uA; 4];
    assert_each_neuron_as_alone(&mut pop, single, &currents, 1000);
}

/// Every parameter every model declares, set to one value per neuron (all equal, 5 % off the
/// population's), gives the bits of the population with that value: each name reaches its
/// own field, and per-neuron constants step as uniform ones.
#[test]
fn every_declared_parameter_of_every_model_can_take_a_value_per_neuron() {
    use neurodim_dyn::kernel::{NeuronModel, Neurons};
    use neurodim_state::{Checkpoint, RealValue};

    fn check<M: NeuronModel, Q: RealValue>(
        params: M,
        name: &str,
        set: impl Fn(&mut M, Q),
        value: Q,
        current: Current,
    ) {
        let n = 3;
        let shifted = Q::from_si(value.to_si() * 1.05);
        let mut uniform_params = params.clone();
        set(&mut uniform_params, shifted);
        let mut uniform = Neurons::<M>::new(shape(n), uniform_params).unwrap();
        let mut per_neuron = Neurons::<M>::new(shape(n), params)
            .unwrap()
            .with_parameter_values(name, vec![shifted; n])
            .unwrap();
        init_all(&mut uniform, None, 0).unwrap();
        init_all(&mut per_neuron, None, 0).unwrap();
        // the same initial states (ExpIF's V starts at V_rest, Izhikevich's u at b·V, which
        // initialisers give from the population's values)
        let loaded = Checkpoint::capture(&uniform).restore(&mut per_neuron).unwrap();
        assert_eq!(loaded.missing, [name]);
        let currents = vec![current; n];
        let (a, b) = (trace(&mut uniform, &currents, 400), trace(&mut per_neuron, &currents, 400));
        assert!(a.iter().any(|(_, spikes)| spikes[0]), "{} {name}: no spike", M::NAME);
        assert!(a == b, "{} {name}", M::NAME);
        // the split step (reset, then integrate) reads the per-neuron constants too
        per_neuron.apply_reset().unwrap();
        uniform.apply_reset().unwrap();
        assert_eq!(per_neuron.v(), uniform.v(), "{} {name}: reset", M::NAME);
    }
    macro_rules! each_parameter {
        ($params:expr, $current:expr, [$($name:literal => $field:ident),* $(,)?]) => {{
            let params = $params;
            $(check(params, $name, |p, x| p.$field = x, params.$field, $current);)*
        }};
    }
    let lif = LifParams {
        tau: 10.0 * ms,
        v_th: -50.0 * mV,
        v_reset: -65.0 * mV,
        v_rest: -60.0 * mV,
        r: 2.0 * ohm,
        ..LifParams::default()
    };
    each_parameter!(lif, 10.0 * mA, ["R" => r, "tau" => tau, "V_th" => v_th, "V_reset" => v_reset, "V_rest" => v_rest]);
    let lif_ref = LifRefParams {
        tau: 10.0 * ms,
        tau_ref: 2.0 * ms,
        v_th: -50.0 * mV,
        v_reset: -65.0 * mV,
        v_rest: -60.0 * mV,
        r: 2.0 * ohm,
        ..LifRefParams::default()
    };
    each_parameter!(lif_ref, 10.0 * mA, ["R" => r, "tau" => tau, "tau_ref" => tau_ref, "V_th" => v_th, "V_reset" => v_reset, "V_rest" => v_rest]);
    let alif = AlifParams {
        tau: 10.0 * ms,
        tau_a: 50.0 * ms,
        v_th: -50.0 * mV,
        v_reset: -65.0 * mV,
        v_rest: -60.0 * mV,
        r: 2.0 * ohm,
        beta: 1.0 * mV,
        ..AlifParams::default()
    };
    each_parameter!(alif, 10.0 * mA, ["R" => r, "tau" => tau, "tau_a" => tau_a, "V_th" => v_th, "V_reset" => v_reset, "V_rest" => v_rest, "beta" => beta]);
    let if_ = IfParams { tau: 10.0 * ms, v_th: 2.0 * mV, r: 2.0 * ohm, ..IfParams::default() };
    each_parameter!(if_, 3.0 * mA, ["R" => r, "tau" => tau, "V_th" => v_th]);
    each_parameter!(ExpIfParams::default(), 8.0 * mA, ["R" => r, "tau" => tau, "tau_ref" => tau_ref, "V_rest" => v_rest, "V_reset" => v_reset, "V_th" => v_th, "V_T" => v_t, "delta_T" => delta_t]);
    each_parameter!(AdExParams::rs(), 1.0 * nA, ["C" => c, "g_L" => g_l, "E_L" => e_l, "V_T" => v_t, "delta_T" => delta_t, "V_reset" => v_reset, "V_spike" => v_spike, "tau_ref" => tau_ref, "tau_w" => tau_w, "a" => a, "b" => b]);
    each_parameter!(IzhikevichParams::rs(), 10.0 * mA, ["a" => a, "b" => b, "c" => c, "d" => d, "V_th" => v_th, "R" => r]);
    let hh = HodgkinHuxleyParams { v_th: 0.0 * mV, ..HodgkinHuxleyParams::default() };
    each_parameter!(hh, 10.0 * uA, ["E_Na" => e_na, "g_Na" => g_na, "E_K" => e_k, "g_K" => g_k, "E_L" => e_l, "g_L" => g_l, "C" => c, "area" => area, "V_th" => v_th]);
}

/// A name the model does not declare is refused with the names it has; values of another
/// unit, another number of values, a drawn value that breaks the model's rule (naming the
/// neuron), a non-finite value restored from a checkpoint, and values not yet initialised are
/// typed errors.
#[test]
fn bad_per_neuron_parameters_are_typed_errors() {
    use neurodim_state::Checkpoint;
    use neurodim_state::init::Uniform;
    let lif = || Lif::new(shape(4), LifParams::default()).unwrap();
    let err = lif().with_parameter_values("V_thr", vec![1.0 * mV; 4]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid parameter: \"V_thr\" (LIF has: R, tau, V_th, V_reset, V_rest) \
         (must name a parameter of the model)"
    );
    let err = lif().with_parameter_values("tau", vec![1.0 * mV; 4]).unwrap_err();
    assert_eq!(rejected_param(Err::<(), _>(err.clone())), "tau");
    assert!(err.to_string().contains("must have the parameter's unit"), "{err}");
    let err = lif().with_parameter_values("tau", vec![1.0 * ms; 3]).unwrap_err();
    assert!(matches!(err, DynError::SizeMismatch { expected: 4, found: 3, .. }), "{err}");
    // a model without per-neuron parameters (the default) refuses every name
    let err = lif().with_parameter_values("V", vec![1.0 * mV; 4]).unwrap_err();
    assert_eq!(rejected_param(Err::<(), _>(err)), "parameter");

    // V_th drawn below V_reset = 0 mV for some neurons: the first step names neuron and value
    let ctx = Environment::new(0.1 * ms).unwrap().step(0);
    let mut spikes = [false; 4];
    let mut pop =
        lif().with_parameter_values("V_th", vec![1.0 * mV, 2.0 * mV, -1.0 * mV, 1.0 * mV]).unwrap();
    init_all(&mut pop, None, 0).unwrap();
    let err = pop.update(&ctx, &Drive::none(), &mut spikes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid V_th: -1 mV (V_reset = 0 mV) at neuron 2 (must be > V_reset)"
    );
    assert!(pop.apply_reset().is_err());
    let mut pop = lif().with_parameter("tau", Uniform::new(-1.0 * ms, 1.0 * ms).unwrap()).unwrap();
    init_all(&mut pop, None, 0).unwrap();
    let err = pop.update(&ctx, &Drive::none(), &mut spikes).unwrap_err();
    assert_eq!(rejected_param(Err::<(), _>(err.clone())), "tau");
    assert!(err.to_string().contains("at neuron"), "{err}");

    // a NaN from a checkpoint
    let mut pop = lif().with_parameter_values("tau", vec![5.0 * ms; 4]).unwrap();
    init_all(&mut pop, None, 0).unwrap();
    pop.update(&ctx, &Drive::none(), &mut spikes).unwrap();
    let mut saved = Checkpoint::capture(&pop);
    let tau = saved.states.iter_mut().find(|record| record.path == "tau").unwrap();
    tau.values[1] = f64::NAN;
    saved.restore(&mut pop).unwrap();
    let err = pop.update(&ctx, &Drive::none(), &mut spikes).unwrap_err();
    assert_eq!(rejected_param(Err::<(), _>(err.clone())), "tau");
    assert!(err.to_string().contains("NaN s at neuron 1"), "{err}");

    // a parameter given after init has no values yet
    let mut pop = lif();
    init_all(&mut pop, None, 0).unwrap();
    let mut pop = pop.with_parameter_values("tau", vec![5.0 * ms; 4]).unwrap();
    let err = pop.update(&ctx, &Drive::none(), &mut spikes).unwrap_err();
    assert_eq!(err, DynError::State(StateError::Uninitialised { path: "tau".into() }));
}

/// The values are a param state: listed with their unit, kept by reset, shared by a batch,
/// and restored by a checkpoint (which makes the neurons step with them again).
#[test]
fn per_neuron_parameters_are_param_states() {
    use neurodim_state::init::Normal;
    use neurodim_state::{Checkpoint, ValueType};
    let params = LifParams {
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        v_th: -50.0 * mV,
        ..LifParams::default()
    };
    let build = || {
        Lif::new(shape(3), params)
            .unwrap()
            .with_parameter("V_th", Normal::new(-50.0 * mV, 0.2 * mV).unwrap())
            .unwrap()
            .with_v_initializer(Constant(-60.0 * mV))
    };
    let mut pop = build();
    init_all(&mut pop, Some(2), 7).unwrap();
    let infos = list_states(&pop);
    let v_th = infos.iter().find(|info| info.path == "V_th").unwrap();
    assert_eq!((v_th.kind, v_th.shape.clone()), (StateKind::Param, vec![3]));
    assert_eq!(v_th.value_type, <Voltage as StateValue>::VALUE_TYPE);
    assert!(matches!(v_th.value_type, ValueType::Real(_)));
    let drawn = parameter_values(&pop, "V_th");
    // both items of the batch use the same thresholds
    let currents = vec![10.05 * mA; 6];
    let run = trace(&mut pop, &currents, 2000);
    let (last_v, _) = run.last().unwrap();
    assert_eq!(last_v[..3], last_v[3..]);
    reset_all(&mut pop).unwrap();
    assert_eq!(parameter_values(&pop, "V_th"), drawn);
    assert_eq!(trace(&mut pop, &currents, 2000), run);

    // a fresh population from another seed, restored from a checkpoint: the same thresholds
    // and the same steps
    let mut pop = build();
    init_all(&mut pop, Some(2), 7).unwrap();
    trace(&mut pop, &currents, 500);
    let saved = Checkpoint::capture(&pop);
    let rest = trace(&mut pop, &currents, 1500);
    let mut restored = build();
    init_all(&mut restored, Some(2), 8).unwrap();
    assert_ne!(parameter_values(&restored, "V_th"), drawn);
    trace(&mut restored, &currents, 10); // constants derived from the other seed's values
    saved.restore_exact(&mut restored).unwrap();
    assert_eq!(parameter_values(&restored, "V_th"), drawn);
    assert_eq!(trace(&mut restored, &currents, 1500), rest);
}

/// Split between threads, a population with per-neuron constants steps as in one piece.
#[cfg(feature = "parallel")]
#[test]
fn per_neuron_constants_split_between_threads_as_the_neurons() {
    use neurodim_dyn::kernel::{GRAIN, Par};
    use neurodim_state::init::Uniform;
    let n = 2 * GRAIN + 123;
    let params = LifParams {
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        v_th: -50.0 * mV,
        ..LifParams::default()
    };
    let build = || {
        let mut pop = Lif::new(shape(n), params)
            .unwrap()
            .with_parameter("V_th", Uniform::new(-51.0 * mV, -49.0 * mV).unwrap())
            .unwrap()
            .with_parameter("tau", Uniform::new(5.0 * ms, 20.0 * ms).unwrap())
            .unwrap()
            .with_v_initializer(Constant(-60.0 * mV));
        init_all(&mut pop, None, 0).unwrap();
        pop
    };
    let (mut seq, mut threads, mut ranges) = (build(), build(), build());
    let pool = rayon::ThreadPoolBuilder::new().num_threads(3).build().unwrap();
    let par = Par::Threads(core::num::NonZeroUsize::new(3).unwrap());
    let env = Environment::new(0.1 * ms).unwrap();
    let drive = Drive::current(10.0 * mA);
    let (mut a, mut b, mut c) = (vec![false; n], vec![false; n], vec![false; n]);
    let mid = GRAIN + 5;
    let mut count = 0;
    for i in 0..300 {
        seq.update(&env.step(i), &drive, &mut a).unwrap();
        pool.install(|| threads.update_range(&env.step(i), &drive, &mut b, 0..n, par)).unwrap();
        // two ranges of their own: the constants cut at the second's start
        ranges.update_range(&env.step(i), &drive, &mut c, 0..mid, Par::Seq).unwrap();
        ranges.update_range(&env.step(i), &drive, &mut c, mid..n, Par::Seq).unwrap();
        assert_eq!(a, b, "step {i}");
        assert_eq!(a, c, "step {i}");
        count += a.iter().filter(|&&spiked| spiked).count();
    }
    assert_eq!(seq.v(), threads.v());
    assert_eq!(seq.v(), ranges.v());
    assert!(count > 0 && count < n * 300 / 10, "{count}");
}

// ---- in a network -------------------------------------------------------------------------------

/// V (bits) of population `name` of a network with constant current `current` after each of
/// `steps` steps.
fn network_trace(
    neurons: impl FnOnce(&mut neurodim_dyn::network::Network) -> neurodim_dyn::network::PopulationId,
    current: Current,
    steps: u64,
    dt: Time,
) -> Vec<Vec<u64>> {
    let mut net = neurodim_dyn::network::Network::new(dt).unwrap();
    let pop = neurons(&mut net);
    net.set_current(pop, current).unwrap();
    net.init(0).unwrap();
    (0..steps)
        .map(|_| {
            net.step().unwrap();
            net.neurons(pop).unwrap().v().iter().map(|v| v.value.to_bits()).collect()
        })
        .collect()
}

/// A Hodgkin–Huxley population in a network with a constant current gives the bits of the
/// model stepped by hand.
#[test]
fn hodgkin_huxley_in_a_network_has_the_bits_of_stepping_by_hand() {
    let params = HodgkinHuxleyParams::default();
    let current = 10.0 * uA_per_cm2 * params.area;
    let dt = 0.01 * ms;
    let in_network = network_trace(
        |net| net.add_population("HH", HodgkinHuxley::new(shape(3), params).unwrap()).unwrap(),
        current,
        3000,
        dt,
    );
    let mut hh = HodgkinHuxley::new(shape(3), params).unwrap();
    init_all(&mut hh, None, 0).unwrap();
    let env = Environment::new(dt).unwrap();
    let mut spikes = [false; 3];
    let mut count = 0;
    for (i, v) in in_network.iter().enumerate() {
        hh.update(&env.step(i as u64), &Drive::current(current), &mut spikes).unwrap();
        count += usize::from(spikes[0]);
        let by_hand: Vec<u64> = hh.v().iter().map(|v| v.value.to_bits()).collect();
        assert_eq!(v, &by_hand, "step {i}");
    }
    assert!(count > 0);
}

/// In a network, a population with a threshold per neuron (drawn at `init` as `"E.V_th"`)
/// steps each neuron as a network of that one neuron with its threshold; a checkpoint keeps
/// the thresholds, and a network restored from it continues with the same bits.
#[test]
fn per_neuron_thresholds_in_a_network_step_each_neuron_as_alone() {
    use neurodim_dyn::network::Network;
    use neurodim_state::Checkpoint;
    use neurodim_state::init::Normal;
    let n = 10;
    let params = LifParams {
        v_reset: -60.0 * mV,
        v_rest: -60.0 * mV,
        v_th: -50.0 * mV,
        ..LifParams::default()
    };
    let population = |net: &mut Network| {
        let neurons = Lif::new(shape(n), params)
            .unwrap()
            .with_parameter("V_th", Normal::new(-49.9 * mV, 0.1 * mV).unwrap())
            .unwrap()
            .with_v_initializer(Constant(-60.0 * mV));
        net.add_population("E", neurons).unwrap()
    };
    let current = 10.1 * mA; // V∞ = −49.9 mV
    let dt = 0.1 * ms;
    let together = network_trace(population, current, 2000, dt);
    let mut net = Network::new(dt).unwrap();
    population(&mut net);
    net.init(0).unwrap();
    let v_th = parameter_values(&net, "E.V_th");
    for (k, &v_th) in v_th.iter().enumerate() {
        let alone = network_trace(
            |net| {
                let p = LifParams { v_th: Voltage::from_si(v_th), ..params };
                let neuron =
                    Lif::new(shape(1), p).unwrap().with_v_initializer(Constant(-60.0 * mV));
                net.add_population("E", neuron).unwrap()
            },
            current,
            2000,
            dt,
        );
        for (i, (v, v1)) in together.iter().zip(&alone).enumerate() {
            assert_eq!(v[k], v1[0], "neuron {k}, step {i}");
        }
    }
    // without a reset V rises towards V∞ step by step
    let reset =
        |k: usize| together.windows(2).any(|w| f64::from_bits(w[1][k]) < f64::from_bits(w[0][k]));
    let spiking = (0..n).filter(|&k| reset(k)).count();
    assert!(spiking > 0 && spiking < n, "{spiking} of {n} reset");

    // checkpoint: a network initialised from another seed takes the thresholds back
    for _ in 0..500 {
        net.step().unwrap();
    }
    let saved = Checkpoint::capture(&net);
    let mut restored = Network::new(dt).unwrap();
    population(&mut restored);
    restored.init(1).unwrap();
    assert_ne!(parameter_values(&restored, "E.V_th"), v_th);
    saved.restore_exact(&mut restored).unwrap();
    restored.resume_at(500).unwrap();
    assert_eq!(parameter_values(&restored, "E.V_th"), v_th);
    for _ in 0..1500 {
        net.step().unwrap();
        restored.step().unwrap();
    }
    let state = |net: &Network| Checkpoint::capture(net).states;
    assert_eq!(state(&net), state(&restored));
}

// ---- the same traces in f32, brainstate's own precision -----------------------------------

/// [`run`] for a population stored in `f32`: V (mV, the stored value widened) after each step
/// and the steps with a spike.
fn run_f32(neuron: &mut dyn Neuron<f32>, current: Current, steps: u64) -> (Vec<f64>, Vec<u64>) {
    init_all(neuron, None, 0).unwrap();
    let env = Environment::new(0.1 * ms).unwrap();
    let mut spike = [false];
    let (mut trace, mut spike_steps) = (vec![], vec![]);
    for i in 0..steps {
        neuron.update(&env.step(i), &Drive::current(current), &mut spike).unwrap();
        trace.push(neuron.v()[0].get().value_in(mV));
        if spike[0] {
            spike_steps.push(i);
        }
    }
    (trace, spike_steps)
}

/// brainstate's float32 traces, now computed in `f32`: the same spike steps, and every value
/// within a few float32 roundings of brainstate's. Our states are volts and brainstate's
/// millivolts, so the roundings differ; the bound is 8 ulps of float32 at the value (the error
/// of ~100 accumulated steps stays below it, and a value one ulp of the printed digit off
/// would not).
#[test]
fn lif_and_lif_ref_in_f32_match_brainstate_float32_traces() {
    let ulps = |reference: f64| 8.0 * reference.abs() * f64::from(f32::EPSILON);
    let lif_params = LifParams { tau: 10.0 * ms, reset: SpikeReset::Soft, ..LifParams::default() };
    let mut lif = neurodim_dyn::kernel::Neurons::<_, f32>::new(shape(1), lif_params).unwrap();
    let (v, spikes) = run_f32(&mut lif, 1.5 * mA, 300);
    assert_eq!(&spikes[..2], [109, 219]);
    for (i, reference) in [(0, 0.0149252), (1, 0.029702), (2, 0.0443317), (109, 1.0006934)] {
        // the printed digits of the reference bound it too: half a unit of the last one
        let printed = if i == 1 { 5e-7 } else { 5e-8 };
        assert_close(v[i], reference, ulps(reference).max(printed), &format!("V[{i}]"));
    }
    assert_close(v[110], 0.0156118, F32_ULP_AT_1_MV, "V[110]");
    let params = LifRefParams { tau: 10.0 * ms, tau_ref: 2.0 * ms, ..LifRefParams::default() };
    let mut lif_ref = neurodim_dyn::kernel::Neurons::<_, f32>::new(shape(1), params).unwrap();
    let (v, spikes) = run_f32(&mut lif_ref, 1.5 * mA, 300);
    assert_eq!(&spikes[..2], [109, 238]);
    assert_close(v[110], 0.00069344, F32_ULP_AT_1_MV, "V[110] (refractory)");
    assert!(v[111..129].iter().all(|&held| held == v[110]), "V is held exactly");
}
