//! The exponential-Euler integrator: exactness on linear ODEs (against their closed forms),
//! exact Jacobians through the dual numbers (against hand-derived derivatives), the stochastic
//! step's statistics and reproducibility, and the compile errors of wrong units.

use neurodim_dyn::integrate::{
    Diffusion, Dual, Lift, dq, exp_euler_maruyama_step, exp_euler_maruyama_step_f64,
    exp_euler_step, exp_euler_step_f64, rate_and_jacobian,
};
use neurodim_state::StreamKey;
use neurodim_units::*;
use proptest::prelude::*;

/// Relative agreement with a scale, so that results near zero are judged against the size of
/// the numbers the computation went through.
fn assert_close(got: f64, want: f64, scale: f64, rel: f64, what: &str) {
    assert!(
        (got - want).abs() <= rel * scale,
        "{what}: got {got:e}, want {want:e} (|diff| {:e} > {rel:e} · {scale:e})",
        (got - want).abs()
    );
}

proptest! {
    /// dx/dt = a·x + b is integrated exactly for any dt: one step equals
    /// x∞ + (x0 − x∞)·e^(a·dt) with x∞ = −b/a (the ODE solved analytically). Both signs of a,
    /// |a·dt| ≤ 10; the bound is rounding on the magnitudes involved.
    #[test]
    fn exact_for_linear_odes_unitless(a in -1.0f64..1.0, x0 in -100.0f64..100.0, x_inf in -100.0f64..100.0, a_dt in 1e-6f64..=10.0) {
        prop_assume!(a.abs() > 1e-3);
        let dt = a_dt / a.abs();
        let b = -a * x_inf;
        let next = exp_euler_step_f64(x0, dt, |x| x * a + b);
        let growth = (a * dt).exp();
        let exact = x_inf + (x0 - x_inf) * growth;
        let scale = x0.abs() + x_inf.abs() + (x0 - x_inf).abs() * growth.max(1.0);
        assert_close(next, exact, scale, 1e-12, "linear ODE");
    }

    /// The typed form: dV/dt = (V∞ − V)/τ for any dt in (0, 10τ] equals the closed form
    /// V∞ + (V0 − V∞)·e^(−dt/τ) to 1e-12 relative.
    #[test]
    fn exact_for_linear_odes_typed(v0 in -100.0f64..100.0, v_inf in -100.0f64..100.0, tau_ms in 0.1f64..100.0, frac in 1e-6f64..=1.0) {
        let (v0, v_inf, tau) = (v0 * mV, v_inf * mV, tau_ms * ms);
        let dt = frac * 10.0 * tau;
        let next = exp_euler_step(v0, dt, |v: dq::Voltage| (v_inf.lift() - v) / tau.lift());
        let exact = v_inf + (v0 - v_inf) * (-dt / tau).exp().value;
        let scale = v0.abs() + v_inf.abs();
        assert_close(next.value, exact.value, scale.value, 1e-12, "V");
    }

    /// AdEx-style exponential term: J from the dual equals the analytic
    /// ∂f/∂V = (−g_L + g_L·e^((V − V_T)/Δ_T))/C to rounding (Brette–Gerstner 2005 parameters).
    #[test]
    fn jacobian_of_the_exponential_term_is_exact(v_mv in -90.0f64..-30.0, w_pa in -200.0f64..200.0) {
        let (c, g_l, e_l, v_t, delta_t) = (281.0 * pF, 30.0 * nS, -70.6 * mV, -50.4 * mV, 2.0 * mV);
        let (w, i) = (w_pa * pA, 1.0 * nA);
        let v = v_mv * mV;
        let (rate, j) = rate_and_jacobian(v, |v: dq::Voltage| {
            let spike = ((v - v_t.lift()) / delta_t.lift()).exp();
            (-(g_l.lift() * (v - e_l.lift())) + g_l.lift() * delta_t.lift() * spike - w.lift() + i.lift()) / c.lift()
        });
        let e = ((v - v_t) / delta_t).exp().value;
        let j_analytic = (-g_l + g_l * e) / c;
        let f_analytic = (-(g_l * (v - e_l)) + g_l * delta_t * e - w + i) / c;
        assert_close(j.value, j_analytic.value, (g_l / c).value * (1.0 + e), 1e-14, "J");
        assert_close(rate.value, f_analytic.value, f_analytic.value.abs().max(1.0), 1e-12, "f");
    }

    /// A Hodgkin–Huxley gate dx/dt = α(1 − x) − βx: J = −(α + β) (exact), and the step is the
    /// closed form x∞ + (x − x∞)e^(−(α+β)dt), x∞ = α/(α+β).
    #[test]
    fn gate_jacobian_and_step_are_exact(x0 in 0.0f64..=1.0, alpha_per_ms in 1e-3f64..10.0, beta_per_ms in 1e-3f64..10.0) {
        let (alpha, beta) = (alpha_per_ms / ms, beta_per_ms / ms);
        let one = Ratio::new::<uom::si::ratio::ratio>(1.0).lift();
        let rhs = |x: dq::Ratio| alpha.lift() * (one - x) - beta.lift() * x;
        let x = Ratio::new::<uom::si::ratio::ratio>(x0);
        let (_, j) = rate_and_jacobian(x, rhs);
        assert_close(j.value, -(alpha + beta).value, (alpha + beta).value, 1e-15, "gate J");
        let dt = 0.01 * ms;
        let next = exp_euler_step(x, dt, rhs);
        let x_inf = (alpha / (alpha + beta)).value;
        let exact = x_inf + (x0 - x_inf) * (-((alpha + beta) * dt).value).exp();
        assert_close(next.value, exact, 1.0, 1e-14, "gate");
    }
}

/// αₘ(V) = x/(1 − e^(−x)) per ms with x = (V + 40 mV)/10 mV, written with exprel so that the
/// removable 0/0 at V = −40 mV is harmless: value 1/ms and dα/dV = (1/2)/(10 mV)/ms there
/// (the series of x/(1 − e^(−x)) = 1 + x/2 + x²/12 + …), and smooth around it.
#[test]
fn hh_rate_through_exprel_is_differentiable_at_its_removable_singularity() {
    let alpha_m = |v: Dual| 1.0 / (-(v + 40.0) / 10.0).exprel(); // v in mV, result per ms
    let at = alpha_m(Dual::variable(-40.0));
    assert_eq!((at.re, at.eps), (1.0, 0.05));
    for &v in &[-40.0 - 1e-9, -40.0 + 1e-6, -39.0, -20.0, -80.0] {
        let x: f64 = (v + 40.0) / 10.0;
        // Near x = 0 the closed forms cancel, so the reference there is the Taylor series
        // x/(1 − e^(−x)) = 1 + x/2 + x²/12 + O(x⁴), whose derivative is 1/2 + x/6 + O(x³).
        let (value, slope) = if x.abs() < 1e-6 {
            (1.0 + x / 2.0 + x * x / 12.0, 0.5 + x / 6.0)
        } else {
            let e = (-x).exp();
            (x / (1.0 - e), (1.0 - e - x * e) / ((1.0 - e) * (1.0 - e)))
        };
        let y = alpha_m(Dual::variable(v));
        assert_close(y.re, value, value, 1e-12, "alpha_m");
        assert_close(y.eps, slope / 10.0, slope / 10.0, 1e-9, "d alpha_m / dV");
    }
}

/// A decaying synapse dg/dt = −g/τ over 1000 steps equals g0·e^(−t/τ) to 1e-12 relative at
/// every step (closed form).
#[test]
fn decaying_synapse_matches_its_closed_form() {
    let (tau, dt, g0) = (5.0 * ms, 0.1 * ms, 6.0 * nS);
    let mut g = g0;
    for step in 1..=1000 {
        g = exp_euler_step(g, dt, |g: dq::Conductance| -g / tau.lift());
        let exact = g0 * (-(f64::from(step) * dt) / tau).exp().value;
        assert_close(g.value, exact.value, exact.value, 1e-12, "g");
    }
}

/// A LIF membrane with a conductance input: τ·dV/dt = −(V − E_L) − R·g·(V − E). It is linear in
/// V with J = (−1 − R·g)/τ, so each step equals the closed form
/// V∞ + (V − V∞)·e^(dt·J), V∞ = (E_L + R·g·E)/(1 + R·g), to 1e-12 relative.
#[test]
fn lif_with_conductance_input_matches_its_closed_form() {
    let (tau, r, e_l, e_syn) = (20.0 * ms, 100.0 * Mohm, -65.0 * mV, 0.0 * mV);
    let dt = 0.1 * ms;
    let mut v = -65.0 * mV;
    for step in 0..2000 {
        let g = (1.0 + (f64::from(step) * 0.01).sin()) * 5.0 * nS; // a varying input, frozen per step
        let rhs = |v: dq::Voltage| {
            (-(v - e_l.lift()) - r.lift() * g.lift() * (v - e_syn.lift())) / tau.lift()
        };
        let (_, j) = rate_and_jacobian(v, rhs);
        let j_analytic = (-1.0 - (r * g).value) / tau;
        assert_close(j.value, j_analytic.value, j_analytic.value.abs(), 1e-15, "J");
        let v_inf = (e_l + (r * g).value * e_syn) / (1.0 + (r * g).value);
        let exact = v_inf + (v - v_inf) * (dt * j_analytic).exp().value;
        v = exp_euler_step(v, dt, rhs);
        assert_close(v.value, exact.value, exact.value.abs(), 1e-12, "V");
    }
}

/// For |dt·J| ≤ 1e-8 the step uses brainstate's Taylor branch 1 + z/2 + z²/6 (bit for bit).
#[test]
fn tiny_dt_times_jacobian_uses_the_taylor_branch() {
    let (tau, dt, g0) = (1e4 * s, 0.01 * ms, 2.0 * nS); // z = −dt/τ = −1e-9
    let z = (-dt / tau).value;
    assert!(z.abs() <= EXPREL_TAYLOR_THRESHOLD);
    let next = exp_euler_step(g0, dt, |g: dq::Conductance| -g / tau.lift());
    let taylor = 1.0 + z / 2.0 + z * z / 6.0;
    let formula = g0.value + dt.value * taylor * (-g0.value / tau.value);
    assert_eq!(next.value.to_bits(), formula.to_bits());
}

/// Sample mean and variance, with their standard errors for normal samples:
/// SE(mean) = σ/√n, SE(variance) = σ²·√(2/(n − 1)).
fn mean_and_variance(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

/// The noise increment g·√dt·ξ has mean 0 and variance g²·dt: 40 000 one-step samples from a
/// fixed state, minus the deterministic step, are within 5 standard errors of both.
#[test]
fn stochastic_increments_have_mean_zero_and_variance_g2_dt() {
    const SAMPLES: usize = 40_000;
    let (e_l, tau, dt) = (-70.0 * mV, 10.0 * ms, 0.1 * ms);
    let g = Diffusion::per_sqrt_time(0.5 * mV, 1.0 * ms).unwrap();
    let drift = |v: dq::Voltage| (e_l.lift() - v) / tau.lift();
    let v0 = -60.0 * mV;
    let deterministic = exp_euler_step(v0, dt, drift);
    let mut rng = StreamKey::new(3, "noise test").rng();
    let increments: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            (exp_euler_maruyama_step(v0, dt, drift, |_| g, &mut rng) - deterministic).value_in(mV)
        })
        .collect();
    let (mean, var) = mean_and_variance(&increments);
    let sigma2 = 0.5f64.powi(2) * 0.1; // g² dt in mV²: (0.5 mV/√ms)² · 0.1 ms
    let n = SAMPLES as f64;
    assert!(mean.abs() < 5.0 * (sigma2 / n).sqrt(), "mean {mean}");
    assert!(
        (var - sigma2).abs() < 5.0 * sigma2 * (2.0 / (n - 1.0)).sqrt(),
        "variance {var} vs {sigma2}"
    );
}

/// The unitless stochastic step has the same statistics (g = 2, dt = 0.04: variance 0.16).
#[test]
fn unitless_stochastic_increments_have_variance_g2_dt() {
    const SAMPLES: usize = 40_000;
    let mut rng = StreamKey::new(4, "noise test").rng();
    let deterministic = exp_euler_step_f64(1.0, 0.04, |x| -x);
    let increments: Vec<f64> = (0..SAMPLES)
        .map(|_| exp_euler_maruyama_step_f64(1.0, 0.04, |x| -x, |_| 2.0, &mut rng) - deterministic)
        .collect();
    let (mean, var) = mean_and_variance(&increments);
    let n = SAMPLES as f64;
    assert!(mean.abs() < 5.0 * (0.16 / n).sqrt(), "mean {mean}");
    assert!((var - 0.16).abs() < 5.0 * 0.16 * (2.0 / (n - 1.0)).sqrt(), "variance {var}");
}

/// One seed, one path: the same stream reproduces a 1000-step Ornstein–Uhlenbeck path bit for
/// bit; another seed gives another path.
#[test]
fn same_seed_same_path() {
    let (e_l, tau, dt) = (-65.0 * mV, 10.0 * ms, 0.1 * ms);
    let g = Diffusion::ornstein_uhlenbeck(3.0 * mV, tau).unwrap();
    let path = |seed| {
        let mut rng = StreamKey::new(seed, "E.V").rng();
        let mut v = e_l;
        (0..1000)
            .map(|_| {
                v = exp_euler_maruyama_step(
                    v,
                    dt,
                    |v: dq::Voltage| (e_l.lift() - v) / tau.lift(),
                    |_| g,
                    &mut rng,
                );
                v.value.to_bits()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(path(11), path(11));
    assert_ne!(path(11), path(12));
}

/// Multiplicative noise: g is evaluated at the old state (Itô). With g(x) = 0 at x = 0 the
/// state stays exactly on the deterministic path.
#[test]
fn diffusion_is_evaluated_at_the_old_state() {
    let base = Diffusion::per_sqrt_time(1.0 * nS, 1.0 * ms).unwrap();
    let mut rng = StreamKey::new(5, "g").rng();
    let g_of = |g: Conductance| base.scaled(g.value_in(nS));
    let next = exp_euler_maruyama_step(
        0.0 * nS,
        0.1 * ms,
        |g: dq::Conductance| -g / (5.0 * ms).lift(),
        g_of,
        &mut rng,
    );
    assert_eq!(next, 0.0 * nS);
}

/// Each Diffusion constructor rejects what breaks its rule, naming the parameter, the value and
/// the rule.
#[test]
fn diffusion_constructors_reject_bad_input() {
    let msg = |e: neurodim_dyn::DynError| e.to_string();
    assert_eq!(
        msg(Diffusion::per_sqrt_time(-1.0 * mV, 1.0 * ms).unwrap_err()),
        "invalid sigma: -1 mV (must be >= 0)"
    );
    assert_eq!(
        msg(Diffusion::per_sqrt_time(1.0 * mV, -2.0 * ms).unwrap_err()),
        "invalid over: -2 ms (must be > 0)"
    );
    assert_eq!(
        msg(Diffusion::per_sqrt_time(f64::NAN * mV, 1.0 * ms).unwrap_err()),
        "invalid sigma: NaN mV (must be finite)"
    );
    assert_eq!(
        msg(Diffusion::ornstein_uhlenbeck(1.0 * mV, 0.0 * ms).unwrap_err()),
        "invalid tau: 0 ms (must be > 0)"
    );
    assert_eq!(
        msg(Diffusion::ornstein_uhlenbeck(-3.0 * nS, 1.0 * ms).unwrap_err()),
        "invalid sigma: -3 nS (must be >= 0)"
    );
    assert_eq!(
        msg(Diffusion::<uom::si::ratio::Dimension>::si_per_sqrt_second(f64::INFINITY).unwrap_err()),
        "invalid diffusion: inf (must be finite)"
    );
}

/// Right-hand sides with wrong units do not compile; the expected compiler output is pinned in
/// `tests/compile_fail/*.stderr` (regenerate with `TRYBUILD=overwrite` after reading the diff).
#[test]
fn wrong_units_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}

/// The typed step is the unitless step on SI values, bit for bit.
#[test]
fn typed_step_is_the_unitless_step_on_si_values() {
    let (e_l, tau, dt, v) = (-70.0 * mV, 20.0 * ms, 0.1 * ms, -52.5 * mV);
    let typed = exp_euler_step(v, dt, |v: dq::Voltage| (e_l.lift() - v) / tau.lift());
    let unitless = exp_euler_step_f64(v.value, dt.value, |v| (e_l.value - v) / tau.value);
    assert_eq!(typed.value.to_bits(), unitless.to_bits());
}

/// One standard-normal draw per stochastic step, and nothing else: after a step the caller's
/// generator is exactly where one `StandardNormal` sample leaves it, and a zero diffusion adds
/// exactly nothing to the deterministic step.
#[test]
fn stochastic_step_consumes_exactly_one_normal_draw() {
    use rand::Rng;
    use rand_distr::{Distribution, StandardNormal};
    let mut stepped = StreamKey::new(9, "E.V").rng();
    let mut reference = stepped.clone();
    let zero = Diffusion::per_sqrt_time(0.0 * mV, 1.0 * ms).unwrap();
    let rhs = |v: dq::Voltage| (-(70.0 * mV).lift() - v) / (10.0 * ms).lift();
    let v = exp_euler_maruyama_step(-60.0 * mV, 0.1 * ms, rhs, |_| zero, &mut stepped);
    assert_eq!(v, exp_euler_step(-60.0 * mV, 0.1 * ms, rhs));
    let _: f64 = StandardNormal.sample(&mut reference);
    assert_eq!(stepped.next_u64(), reference.next_u64());
}

/// Any `rand::Rng` can drive the noise, not only the library's stream type.
#[test]
fn any_rng_can_drive_the_noise() {
    use rand::SeedableRng;
    let mut rng = rand_xoshiro::Xoshiro128PlusPlus::seed_from_u64(1);
    let g = Diffusion::per_sqrt_time(1.0 * nS, 1.0 * ms).unwrap();
    let next = exp_euler_maruyama_step(
        5.0 * nS,
        0.1 * ms,
        |g: dq::Conductance| -g / (5.0 * ms).lift(),
        |_| g,
        &mut rng,
    );
    assert_ne!(
        next,
        exp_euler_step(5.0 * nS, 0.1 * ms, |g: dq::Conductance| -g / (5.0 * ms).lift())
    );
    assert!(next.value.is_finite());
}
