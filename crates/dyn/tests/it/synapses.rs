//! Synapse models against brainstate's verified values, their closed forms, and
//! brainstate's behaviour tests.

use super::common::{assert_close, shape};
use neurodim_dyn::DynError;
use neurodim_dyn::synapse::*;
use neurodim_state::{Environment, Shape, StateError, init_all, list_states};
use neurodim_units::*;
use proptest::prelude::*;

fn env() -> Environment {
    Environment::new(0.1 * ms).unwrap()
}

/// The peak (value, step) of a trace.
fn peak(trace: &[f64]) -> (f64, usize) {
    trace
        .iter()
        .enumerate()
        .fold((f64::MIN, 0), |best, (i, &x)| if x > best.0 { (x, i) } else { best })
}

/// brainstate: DualExpon with its defaults and a 1 mS pulse at step 0 peaks at 0.8999 (mS/ms)
/// at step 26; a = 1.29155/ms.
#[test]
fn dual_expon_pulse_peak() {
    let mut syn = DualExpon::new(shape(1), DualExponParams::default()).unwrap();
    init_all(&mut syn, None, 0).unwrap();
    assert_close(syn.coefficient().value_in(kHz), 1.29155, 5e-6, "a (1/ms)");
    let pulse = [1.0 * mS];
    let mut trace = vec![];
    for i in 0..100 {
        syn.update(&env().step(i), (i == 0).then_some(&pulse[..])).unwrap();
        trace.push(syn.output(0).value_in(mS / ms));
    }
    let (value, step) = peak(&trace);
    assert_eq!(step, 26);
    assert_close(value, 0.8999, 5e-5, "peak");
    // closed form: a·(e^(−t/τd) − e^(−t/τr)) per mS of pulse
    let t = 26.0 * 0.1;
    let exact = 1.29155 * ((-t / 10.0f64).exp() - (-t / 1.0f64).exp());
    assert_close(value, exact, 1e-5, "closed form");
}

/// brainstate: Alpha with τ = 8 ms and a 1 mS pulse peaks at 0.3702 mS at step 80 (t = τ).
#[test]
fn alpha_pulse_peak() {
    let mut syn = Alpha::new(shape(1), AlphaParams::default()).unwrap();
    init_all(&mut syn, None, 0).unwrap();
    let pulse = [1.0 * mS];
    let mut trace = vec![];
    for i in 0..200 {
        syn.update(&env().step(i), (i == 0).then_some(&pulse[..])).unwrap();
        trace.push(syn.g()[0].value_in(mS));
    }
    let (value, step) = peak(&trace);
    assert_eq!(step, 80);
    assert_close(value, 0.3702, 5e-5, "peak");
    // discrete closed form of the two exact stages: g_k = k (1 − E) E^(k−1), E = e^(−dt/τ)
    let e = (-0.1f64 / 8.0).exp();
    assert_close(value, 80.0 * (1.0 - e) * e.powi(79), 1e-12, "closed form");
}

/// brainstate: the first STP spike gives u = 0.2775, x = 0.7225, output 0.2005.
#[test]
fn stp_first_spike() {
    let mut stp = Stp::new(shape(1), StpParams::default()).unwrap();
    init_all(&mut stp, None, 0).unwrap();
    assert_eq!((stp.u()[0], stp.x()[0]), (0.15, 1.0));
    let mut out = [0.0];
    stp.update(&env().step(0), &[true], &mut out).unwrap();
    assert_close(stp.u()[0], 0.2775, 5e-5, "u");
    assert_close(stp.x()[0], 0.7225, 5e-5, "x");
    assert_close(out[0], 0.2005, 5e-5, "u·x");
    stp.update(&env().step(1), &[false], &mut out).unwrap();
    assert_eq!(out[0], 0.0, "no spike, no output");
}

/// brainstate's intended behaviour (its test of it is skipped): STP's output changes between consecutive spikes.
#[test]
fn stp_output_changes_between_spikes() {
    let mut stp = Stp::new(shape(1), StpParams::default()).unwrap();
    init_all(&mut stp, None, 0).unwrap();
    let (mut first, mut second) = ([0.0], [0.0]);
    stp.update(&env().step(0), &[true], &mut first).unwrap();
    stp.update(&env().step(1), &[true], &mut second).unwrap();
    assert_ne!(first, second);
}

/// brainstate: STD efficacies 0.93, 0.8649, 0.8045 for spikes in consecutive steps (dt 0.1 ms),
/// and out2 < out1.
#[test]
fn std_consecutive_spikes() {
    let mut std = Std::new(shape(1), StdParams::default()).unwrap();
    init_all(&mut std, None, 0).unwrap();
    let mut outs = vec![];
    for i in 0..3 {
        let mut out = [0.0];
        std.update(&env().step(i), &[true], &mut out).unwrap();
        outs.push(out[0]);
    }
    assert_close(outs[0], 0.93, 5e-13, "first");
    assert_close(outs[1], 0.8649, 5e-5, "second");
    assert_close(outs[2], 0.8045, 5e-5, "third");
    assert!(outs[1] < outs[0] && outs[2] < outs[1]);
}

/// brainstate: AMPA after one spike at t = 0 (dt 0.1 ms): 0.04739, 0.09172, 0.13317, 0.17193,
/// 0.20819 while transmitter is present (T_dur = 0.5 ms = 5 steps), then decay 0.20447.
#[test]
fn ampa_after_one_spike() {
    let mut ampa = Receptor::ampa(shape(1)).unwrap();
    init_all(&mut ampa, None, 0).unwrap();
    let reference = [0.04739, 0.09172, 0.13317, 0.17193, 0.20819, 0.20447];
    for (i, &expected) in reference.iter().enumerate() {
        ampa.update(&env().step(i as u64), &[i == 0]).unwrap();
        assert_close(ampa.g()[0], expected, 5e-6, &format!("g[{i}]"));
    }
    // after the pulse: pure decay g·e^(−β dt)
    let before = ampa.g()[0];
    ampa.update(&env().step(6), &[false]).unwrap();
    assert_close(ampa.g()[0], before * (-0.018f64).exp(), 1e-15, "decay");
}

/// GABAa keeps its transmitter for T_dur = 1 ms = 10 steps, counted in steps.
#[test]
fn gaba_a_pulse_lasts_ten_steps() {
    let mut gaba = Receptor::gaba_a(shape(1)).unwrap();
    init_all(&mut gaba, None, 0).unwrap();
    let mut trace = vec![];
    for i in 0..15 {
        gaba.update(&env().step(i), &[i == 0]).unwrap();
        trace.push(gaba.g()[0]);
    }
    assert!(trace[..10].windows(2).all(|w| w[1] > w[0]), "rises for 10 steps");
    assert!(trace[9..].windows(2).all(|w| w[1] < w[0]), "then decays");
}

/// Expon decays exactly as g·e^(−dt/τ) and adds increments after the decay.
#[test]
fn expon_decay_and_increment() {
    let mut syn = Expon::new(shape(1), ExponParams { tau: 5.0 * ms }).unwrap();
    init_all(&mut syn, None, 0).unwrap();
    syn.update(&env().step(0), Some(&[2.0 * nS])).unwrap();
    assert_eq!(syn.g()[0], 2.0 * nS);
    for i in 1..=50 {
        syn.update(&env().step(i), None).unwrap();
        assert_close(syn.g()[0].value_in(nS), 2.0 * (-0.02 * i as f64).exp(), 1e-13, "g");
    }
}

/// brainstate's test_expon_synapse: τ = 20 ms, shapes with batch 5, and under a constant input
/// of 1 mS per step two successive outputs satisfy out2 > out1.
#[test]
fn expon_grows_under_constant_input() {
    let mut syn = Expon::new(shape(10), ExponParams { tau: 20.0 * ms }).unwrap();
    assert_eq!(syn.params().tau, 20.0 * ms);
    init_all(&mut syn, Some(5), 0).unwrap();
    let input = vec![1.0 * mS; 50];
    syn.update(&env().step(0), Some(&input)).unwrap();
    let first = syn.g().to_vec();
    syn.update(&env().step(1), Some(&input)).unwrap();
    assert!(syn.g().iter().zip(&first).all(|(b, a)| b > a));
}

/// brainstate's test_keep_size: every synapse with size (2, 3) and batch 5 has states of shape
/// [5, 2, 3].
#[test]
fn shapes_with_batch() {
    let grid = Shape::new([2, 3]).unwrap();
    let mut models: Vec<Box<dyn neurodim_state::Stateful>> = vec![
        Box::new(Expon::new(grid.clone(), ExponParams::default()).unwrap()),
        Box::new(DualExpon::new(grid.clone(), DualExponParams::default()).unwrap()),
        Box::new(Alpha::new(grid.clone(), AlphaParams::default()).unwrap()),
        Box::new(Receptor::ampa(grid.clone()).unwrap()),
        Box::new(Receptor::gaba_a(grid.clone()).unwrap()),
        Box::new(Stp::new(grid.clone(), StpParams::default()).unwrap()),
        Box::new(Std::new(grid, StdParams::default()).unwrap()),
    ];
    let mut paths = vec![];
    for model in &mut models {
        init_all(model.as_mut(), Some(5), 0).unwrap();
        for info in list_states(model.as_ref()) {
            assert_eq!(info.shape, vec![5, 2, 3], "{}", info.path);
            paths.push(info.path);
        }
    }
    let expected = [
        "g",
        "g_rise",
        "g_decay",
        "g", // DualExpon's conductance A·(g_d − g_r)
        "g",
        "h",
        "g",
        "spike_arrival_time",
        "g",
        "spike_arrival_time",
        "x",
        "u",
        "x",
    ];
    assert_eq!(paths, expected);
}

#[test]
fn bad_parameters_are_rejected_with_their_name() {
    let param =
        |e: DynError| e.param().unwrap_or_else(|| panic!("expected a parameter error, got {e}"));
    let one = shape(1);
    assert_eq!(param(Expon::new(one.clone(), ExponParams { tau: 0.0 * ms }).unwrap_err()), "tau");
    assert_eq!(param(Alpha::new(one.clone(), AlphaParams { tau: -1.0 * ms }).unwrap_err()), "tau");
    let dual = |p| param(DualExpon::new(shape(1), p).unwrap_err());
    let d = DualExponParams::default();
    assert_eq!(dual(DualExponParams { tau_decay: 0.0 * ms, ..d }), "tau_decay");
    assert_eq!(dual(DualExponParams { tau_rise: f64::NAN * ms, ..d }), "tau_rise");
    assert_eq!(dual(DualExponParams { tau_rise: 10.0 * ms, ..d }), "tau_decay");
    assert_eq!(dual(DualExponParams { a: Some(f64::INFINITY), ..d }), "A");
    let receptor = |p| param(Receptor::new(shape(1), p).unwrap_err());
    let r = ReceptorParams::ampa();
    assert_eq!(receptor(ReceptorParams { alpha: 0.0 / (ms * mM), ..r }), "alpha");
    assert_eq!(receptor(ReceptorParams { beta: -1.0 / ms, ..r }), "beta");
    assert_eq!(receptor(ReceptorParams { t_conc: -1.0 * mM, ..r }), "T");
    assert_eq!(receptor(ReceptorParams { t_dur: -1.0 * ms, ..r }), "T_dur");
    let stp = |p| param(Stp::new(shape(1), p).unwrap_err());
    assert_eq!(stp(StpParams { tau_f: 0.0 * ms, ..StpParams::default() }), "tau_f");
    assert_eq!(stp(StpParams { tau_d: 0.0 * ms, ..StpParams::default() }), "tau_d");
    assert_eq!(
        param(Std::new(one, StdParams { tau: 0.0 * ms, ..StdParams::default() }).unwrap_err()),
        "tau"
    );
}

#[test]
fn mismatched_sizes_and_uninitialised_states_are_rejected() {
    let mut syn = Expon::new(shape(3), ExponParams::default()).unwrap();
    let err = syn.update(&env().step(0), None).unwrap_err();
    assert_eq!(err, DynError::State(StateError::Uninitialised { path: "g".into() }));
    init_all(&mut syn, None, 0).unwrap();
    assert!(matches!(
        syn.update(&env().step(0), Some(&[1.0 * nS; 2])).unwrap_err(),
        DynError::SizeMismatch { expected: 3, found: 2, .. }
    ));
    let mut std = Std::new(shape(3), StdParams::default()).unwrap();
    init_all(&mut std, None, 0).unwrap();
    assert!(std.update(&env().step(0), &[true; 2], &mut [0.0; 3]).is_err());
    assert!(std.update(&env().step(0), &[true; 3], &mut [0.0; 4]).is_err());
    let mut ampa = Receptor::ampa(shape(3)).unwrap();
    init_all(&mut ampa, None, 0).unwrap();
    assert!(ampa.update(&env().step(0), &[true; 4]).is_err());
    let dual = DualExpon::new(shape(3), DualExponParams::default()).unwrap();
    assert!(dual.output_into(&mut [ConductanceRate::default(); 3]).is_err(), "uninitialised");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Finite increments and spikes never produce NaN; STP/STD resources stay in [0, 1].
    #[test]
    fn finite_inputs_give_finite_states(
        dt_ms in 0.001f64..2.0,
        increments in prop::collection::vec(0.0f64..1e3, 4),
        spikes in prop::collection::vec(any::<bool>(), 4),
    ) {
        let env = Environment::new(dt_ms * ms).unwrap();
        let inc: Vec<Conductance> = increments.iter().map(|&x| x * nS).collect();
        let mut expon = Expon::new(shape(4), ExponParams::default()).unwrap();
        let mut alpha = Alpha::new(shape(4), AlphaParams::default()).unwrap();
        let mut ampa = Receptor::ampa(shape(4)).unwrap();
        let mut stp = Stp::new(shape(4), StpParams::default()).unwrap();
        let mut std = Std::new(shape(4), StdParams::default()).unwrap();
        init_all(&mut expon, None, 0).unwrap();
        init_all(&mut alpha, None, 0).unwrap();
        init_all(&mut ampa, None, 0).unwrap();
        init_all(&mut stp, None, 0).unwrap();
        init_all(&mut std, None, 0).unwrap();
        let mut out = [0.0; 4];
        for i in 0..50 {
            let ctx = env.step(i);
            expon.update(&ctx, Some(&inc)).unwrap();
            alpha.update(&ctx, Some(&inc)).unwrap();
            ampa.update(&ctx, &spikes).unwrap();
            stp.update(&ctx, &spikes, &mut out).unwrap();
            prop_assert!(stp.u().iter().chain(stp.x()).all(|x| (0.0..=1.0).contains(x)));
            std.update(&ctx, &spikes, &mut out).unwrap();
            prop_assert!(std.x().iter().all(|x| (0.0..=1.0).contains(x)));
        }
        prop_assert!(expon.g().iter().chain(alpha.g()).all(|g| g.value.is_finite()));
        prop_assert!(ampa.g().iter().all(|g| (0.0..=1.0).contains(g)));
    }

    /// A batch of B runs equals B separate runs of one, bit for bit.
    #[test]
    fn batch_equals_separate_runs(batch in 1usize..5, increments in prop::collection::vec(0.0f64..10.0, 8)) {
        let n = 2;
        let inc: Vec<Conductance> = increments[..batch * n].iter().map(|&x| x * nS).collect();
        let mut batched = Alpha::new(shape(n), AlphaParams::default()).unwrap();
        init_all(&mut batched, Some(batch), 0).unwrap();
        for i in 0..30 {
            batched.update(&env().step(i), Some(&inc)).unwrap();
        }
        for b in 0..batch {
            let mut single = Alpha::new(shape(n), AlphaParams::default()).unwrap();
            init_all(&mut single, None, 0).unwrap();
            for i in 0..30 {
                single.update(&env().step(i), Some(&inc[b * n..(b + 1) * n])).unwrap();
            }
            prop_assert_eq!(single.g(), &batched.g()[b * n..(b + 1) * n]);
        }
    }
}
