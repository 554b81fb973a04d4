//! Synaptic outputs against their formulas (brainstate's `_synouts_test`) and the
//! exactness of their linearisation in V.

use neurodim_dyn::DynError;
use neurodim_dyn::neuron::{Drive, Lif, LifParams, Neuron, SynapticDrive};
use neurodim_dyn::output::*;
use neurodim_state::{Environment, Shape, init::Constant, init_all};
use neurodim_units::*;
use proptest::prelude::*;

/// brainstate: g = [0.5, 1, 1.5], V = [−70, −65, −60], E = −70 (brainstate's bare numbers; here
/// mS and mV, so currents are in µA).
const G_MS: [f64; 3] = [0.5, 1.0, 1.5];
const V_MV: [f64; 3] = [-70.0, -65.0, -60.0];
const E_MV: f64 = -70.0;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs()
}

#[test]
fn coba_is_g_times_e_minus_v() {
    let out = Coba::new(E_MV * mV).unwrap();
    for (g, v) in G_MS.into_iter().zip(V_MV) {
        let i = out.current(g * mS, v * mV).value_in(uA);
        assert!(close(i, g * (E_MV - v)), "{i}");
    }
}

#[test]
fn cuba_is_g_times_one_volt() {
    let out = Cuba::default();
    for (g, v) in G_MS.into_iter().zip(V_MV) {
        // 1 mS · 1 V = 1 mA, whatever V
        assert!(close(out.current(g * mS, v * mV).value_in(mA), g));
    }
}

#[test]
fn mg_block_matches_its_formula() {
    let (cc_mg, alpha, beta, v_offset) = (1.2, 0.062, 3.57, 0.0);
    let out = MgBlock::new(MgBlockParams {
        e: E_MV * mV,
        cc_mg: cc_mg * mM,
        alpha: alpha / mV,
        beta: beta * mM,
        v_offset: v_offset * mV,
    })
    .unwrap();
    for (g, v) in G_MS.into_iter().zip(V_MV) {
        let expected = g * (E_MV - v) / (1.0 + cc_mg / beta * (alpha * (v_offset - v)).exp());
        let i = out.current(g * mS, v * mV).value_in(uA);
        assert!(close(i, expected), "{i} vs {expected}");
    }
}

/// COBA and CUBA are linear in V: `offset + slope·V` reproduces the current at every V.
#[test]
fn coba_and_cuba_linearisations_are_exact() {
    let outputs: [Box<dyn SynapticOutput>; 2] =
        [Box::new(Coba::new(-80.0 * mV).unwrap()), Box::new(Cuba::new(2.0 * mV).unwrap())];
    for out in &outputs {
        let g = 3.0 * nS;
        let (offset, slope) = out.linearise(g, -55.0 * mV);
        for v in [-90.0, -65.0, -40.0, 20.0] {
            let v = v * mV;
            let err = (offset + slope * v - out.current(g, v)).value;
            assert!(err.abs() <= 1e-12 * out.current(g, v).value.abs().max(1e-15));
        }
    }
}

proptest! {
    /// MgBlock's tangent: `offset + slope·V` equals `I(V)` at V, and the slope equals the
    /// central difference of I (relative 1e-6; the step is 1 µV).
    #[test]
    fn mg_block_tangent(v_mv in -100.0f64..40.0, g_ns in 0.1f64..100.0, e_mv in -10.0f64..10.0) {
        let out = MgBlock::new(MgBlockParams { e: e_mv * mV, ..MgBlockParams::default() }).unwrap();
        let (g, v) = (g_ns * nS, v_mv * mV);
        let (offset, slope) = out.linearise(g, v);
        let i = out.current(g, v);
        prop_assert!(((offset + slope * v) - i).value.abs() <= 1e-9 * g.value * 0.1);
        let h = 1.0 * uV;
        let numeric = (out.current(g, v + h) - out.current(g, v - h)) / (2.0 * h);
        prop_assert!((numeric - slope).value.abs() <= 1e-6 * g.value.max(slope.value.abs()));
    }
}

/// With MgBlock's tangent at the (post-reset) V, one LIF step equals exponential Euler with the
/// nonlinear right-hand side and its exact derivative, computed by hand here.
#[test]
fn mg_block_drive_gives_exact_exp_euler_step() {
    let params = LifParams {
        r: 100.0 * Mohm,
        tau: 20.0 * ms,
        v_th: 0.0 * mV,
        v_reset: -65.0 * mV,
        v_rest: -65.0 * mV,
        ..LifParams::default()
    };
    let v0 = -50.0 * mV;
    let mut lif =
        Lif::new(Shape::vector(1).unwrap(), params).unwrap().with_v_initializer(Constant(v0));
    init_all(&mut lif, None, 0).unwrap();
    let out = MgBlock::new(MgBlockParams::default()).unwrap();
    let g = 2.0 * nS;
    let mut drive = SynapticDrive::new(1);
    lif.apply_reset().unwrap();
    out.add_to(&[g], lif.v(), &mut drive).unwrap();
    let dt = 0.1 * ms;
    lif.integrate(
        &Environment::new(dt).unwrap().step(0),
        &Drive::none().with_synaptic(&drive),
        &mut [false],
    )
    .unwrap();
    // by hand: f(V) = (−V + V_rest + R·I(V))/τ, J = (−1 + R·I'(V))/τ, I' from the formula
    let b = out.unblocked(v0);
    let di_dv = g * b * ((0.062 / mV) * (0.0 * mV - v0)).value * (1.0 - b) - g * b;
    let f = (-v0 + params.v_rest + params.r * out.current(g, v0)) / params.tau;
    let j = ((params.r * di_dv).value - 1.0) / params.tau;
    let expected = v0 + dt * exprel((dt * j).value) * f;
    assert!((lif.v()[0] - expected).value.abs() <= 1e-15, "{:?} vs {:?}", lif.v()[0], expected);
}

#[test]
fn add_to_accumulates_and_checks_sizes() {
    let mut drive = SynapticDrive::new(2);
    let out = Coba::new(0.0 * mV).unwrap();
    let g = [1.0 * nS, 2.0 * nS];
    let v = [-60.0 * mV, -60.0 * mV];
    out.add_to(&g, &v, &mut drive).unwrap();
    out.add_to(&g, &v, &mut drive).unwrap();
    assert_eq!(drive.slope(), [-2.0 * nS, -4.0 * nS]);
    assert!(matches!(
        out.add_to(&g, &v[..1], &mut drive).unwrap_err(),
        DynError::SizeMismatch { expected: 2, found: 1, .. }
    ));
    assert!(out.add_to(&g, &v, &mut SynapticDrive::new(3)).is_err());
}

#[test]
fn bad_parameters_are_rejected_with_their_name() {
    let param =
        |e: DynError| e.param().unwrap_or_else(|| panic!("expected a parameter error, got {e}"));
    assert_eq!(param(Coba::new(f64::NAN * mV).unwrap_err()), "E");
    assert_eq!(param(Cuba::new(f64::INFINITY * V).unwrap_err()), "scale");
    let mg = |p| param(MgBlock::new(p).unwrap_err());
    let d = MgBlockParams::default();
    assert_eq!(mg(MgBlockParams { e: f64::NAN * mV, ..d }), "E");
    assert_eq!(mg(MgBlockParams { cc_mg: -1.0 * mM, ..d }), "cc_Mg");
    assert_eq!(mg(MgBlockParams { alpha: f64::NAN / mV, ..d }), "alpha");
    assert_eq!(mg(MgBlockParams { beta: 0.0 * mM, ..d }), "beta");
    assert_eq!(mg(MgBlockParams { v_offset: f64::INFINITY * mV, ..d }), "V_offset");
}
