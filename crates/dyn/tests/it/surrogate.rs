//! The 18 surrogate spike functions against brainstate's formulas.
//!
//! Reference: brainstate 0.1.0's `surrogate.py` (read from its source; formulas as the code computes them, quirks included). Each gradient formula
//! is written out again here, independently of the library, and compared on a grid; each
//! primitive is checked against a central finite difference of itself; the masses and the
//! anchors of the primitives are derived by hand from the same formulas.

use std::f64::consts::PI;

use neurodim_dyn::DynError;
use neurodim_dyn::surrogate::*;
use proptest::prelude::*;

/// One surrogate with its gradient formula as brainstate documents it, written independently of
/// the library.
struct Case {
    surrogate: Surrogate,
    formula: Box<dyn Fn(f64) -> f64>,
    /// The formula is `>= 0` for every `x` at these parameters.
    non_negative: bool,
}

fn case(
    surrogate: impl Into<Surrogate>,
    non_negative: bool,
    formula: impl Fn(f64) -> f64 + 'static,
) -> Case {
    Case { surrogate: surrogate.into(), formula: Box::new(formula), non_negative }
}

fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Normal density `N(x; mean, sd)`.
fn normal(x: f64, mean: f64, sd: f64) -> f64 {
    (-(x - mean).powi(2) / (2.0 * sd.powi(2))).exp() / ((2.0 * PI).sqrt() * sd)
}

fn sigmoid(a: f64) -> Case {
    case(Sigmoid::new(a).unwrap(), true, move |x| a * logistic(a * x) * (1.0 - logistic(a * x)))
}
fn piecewise_quadratic(a: f64) -> Case {
    // −(αx)² + α is negative near the edges of the support when α < 1.
    case(PiecewiseQuadratic::new(a).unwrap(), a >= 1.0, move |x| {
        if x.abs() > 1.0 / a { 0.0 } else { -(a * x).powi(2) + a }
    })
}
fn piecewise_exp(a: f64) -> Case {
    case(PiecewiseExp::new(a).unwrap(), true, move |x| a / 2.0 * (-a * x.abs()).exp())
}
fn soft_sign(a: f64) -> Case {
    case(SoftSign::new(a).unwrap(), true, move |x| a * 0.5 / (1.0 + (a * x).abs()).powi(2))
}
fn arctan(a: f64) -> Case {
    case(Arctan::new(a).unwrap(), true, move |x| a * 0.5 / (1.0 + (PI / 2.0 * a * x).powi(2)))
}
fn nonzero_sign_log(a: f64) -> Case {
    case(NonzeroSignLog::new(a).unwrap(), true, move |x| 1.0 / (1.0 / a + x.abs()))
}
fn erf(a: f64) -> Case {
    case(Erf::new(a).unwrap(), true, move |x| a / PI.sqrt() * (-a.powi(2) * x.powi(2)).exp())
}
fn piecewise_leaky_relu(c: f64, w: f64) -> Case {
    case(
        PiecewiseLeakyRelu::new(c, w).unwrap(),
        true,
        move |x| if x.abs() > w { c } else { 1.0 / w },
    )
}
fn squarewave_fourier_series(n: u32, t: f64) -> Case {
    case(SquarewaveFourierSeries::new(n, t).unwrap(), false, move |x| {
        let w = 2.0 * PI / t;
        let mut sum = (w * x).cos();
        for i in 2..n {
            sum += ((2.0 * f64::from(i) - 1.0) * w * x).cos();
        }
        4.0 / t * sum
    })
}
fn s2nn(a: f64, b: f64) -> Case {
    case(S2nn::new(a, b, 1e-8).unwrap(), true, move |x| {
        if x < 0.0 { a * logistic(a * x) * (1.0 - logistic(a * x)) } else { b / (x + 1.0) }
    })
}
fn q_pseudo_spike(a: f64) -> Case {
    case(QPseudoSpike::new(a).unwrap(), true, move |x| (1.0 + 2.0 / (a + 1.0) * x.abs()).powf(-a))
}
fn leaky_relu(a: f64, b: f64) -> Case {
    case(LeakyRelu::new(a, b).unwrap(), true, move |x| if x < 0.0 { a } else { b })
}
fn log_tailed_relu(a: f64) -> Case {
    case(LogTailedRelu::new(a).unwrap(), true, move |x| {
        if x > 1.0 {
            1.0 / x
        } else if 0.0 < x {
            1.0
        } else {
            a
        }
    })
}
fn relu_grad(a: f64, width: f64) -> Case {
    case(ReluGrad::new(a, width).unwrap(), true, move |x| (a * width - a * x.abs()).max(0.0))
}
fn gaussian_grad(sigma: f64, a: f64) -> Case {
    // brainstate's quirk: the exponent multiplies by σ².
    case(GaussianGrad::new(sigma, a).unwrap(), true, move |x| {
        a * (-x.powi(2) / 2.0 * sigma.powi(2)).exp() / ((2.0 * PI).sqrt() * sigma)
    })
}
fn multi_gaussian_grad(h: f64, s: f64, sigma: f64, scale: f64) -> Case {
    case(MultiGaussianGrad::new(h, s, sigma, scale).unwrap(), false, move |x| {
        let side = normal(x, sigma, s * sigma) + normal(x, -sigma, s * sigma);
        scale * (normal(x, 0.0, sigma) * (1.0 + h) - h * side)
    })
}
fn inv_square_grad(a: f64) -> Case {
    case(InvSquareGrad::new(a).unwrap(), true, move |x| 1.0 / (a * x.abs() + 1.0).powi(2))
}
fn slayer_grad(a: f64) -> Case {
    case(SlayerGrad::new(a).unwrap(), true, move |x| (-a * x.abs()).exp())
}

/// Every surrogate at brainstate's defaults (first 18, in brainstate's order) and at other
/// parameters chosen so that the kinks sit at multiples of 0.5 (away from the finite-difference
/// grid) and special cases are reached (q_pseudo_spike at α = 1, piecewise_quadratic at α < 1).
fn cases() -> Vec<Case> {
    vec![
        sigmoid(4.0),
        piecewise_quadratic(1.0),
        piecewise_exp(1.0),
        soft_sign(1.0),
        arctan(1.0),
        nonzero_sign_log(1.0),
        erf(1.0),
        piecewise_leaky_relu(0.01, 1.0),
        squarewave_fourier_series(2, 8.0),
        s2nn(4.0, 1.0),
        q_pseudo_spike(2.0),
        leaky_relu(0.1, 1.0),
        log_tailed_relu(0.0),
        relu_grad(0.3, 1.0),
        gaussian_grad(0.5, 0.5),
        multi_gaussian_grad(0.15, 6.0, 0.5, 0.5),
        inv_square_grad(100.0),
        slayer_grad(1.0),
        // other parameters
        sigmoid(2.5),
        piecewise_quadratic(2.0),
        piecewise_quadratic(0.5),
        piecewise_exp(3.0),
        soft_sign(2.0),
        arctan(0.7),
        nonzero_sign_log(3.0),
        erf(2.0),
        piecewise_leaky_relu(0.05, 0.5),
        squarewave_fourier_series(5, 4.0),
        s2nn(2.0, 0.5),
        q_pseudo_spike(1.0),
        q_pseudo_spike(1.0 + 1e-9),
        q_pseudo_spike(3.5),
        leaky_relu(0.0, 2.0),
        log_tailed_relu(0.2),
        relu_grad(0.5, 2.0),
        gaussian_grad(2.0, 0.3),
        multi_gaussian_grad(0.3, 3.0, 0.5, 1.2),
        inv_square_grad(10.0),
        slayer_grad(2.5),
    ]
}

/// Multiples of 1/8 in [−4, 4] (so every kink at a multiple of 0.5, and the thresholds
/// themselves, are on the grid), −0.0, and a few points off any lattice.
fn formula_grid() -> Vec<f64> {
    let mut xs: Vec<f64> = (-32..=32).map(|k| f64::from(k) / 8.0).collect();
    xs.extend([-0.0, 1e-9, -1e-9, 0.3, -2.7, 7.5, -12.0, 40.0]);
    xs
}

#[test]
fn every_gradient_matches_its_formula_from_the_spec() {
    for c in cases() {
        for x in formula_grid() {
            let (got, want) = (c.surrogate.grad(x), (c.formula)(x));
            // Same formula, different evaluation order: a few ulps apart at most.
            let tol = 1e-13 * want.abs().max(1e-3);
            assert!((got - want).abs() <= tol, "{:?} at x = {x}: {got} vs {want}", c.surrogate);
        }
    }
}

#[test]
fn gradients_on_the_grid_are_finite_and_non_negative_where_the_formula_is() {
    for c in cases() {
        for x in formula_grid() {
            let g = c.surrogate.grad(x);
            assert!(g.is_finite(), "{:?} at x = {x}: {g}", c.surrogate);
            assert!(!c.non_negative || g >= 0.0, "{:?} at x = {x}: {g}", c.surrogate);
        }
    }
}

#[test]
fn the_default_parameters_are_brainstates() {
    // brainstate's defaults, from its surrogate classes' signatures.
    assert_eq!(Sigmoid::default().alpha(), 4.0);
    assert_eq!(PiecewiseQuadratic::default().alpha(), 1.0);
    assert_eq!(PiecewiseExp::default().alpha(), 1.0);
    assert_eq!(SoftSign::default().alpha(), 1.0);
    assert_eq!(Arctan::default().alpha(), 1.0);
    assert_eq!(NonzeroSignLog::default().alpha(), 1.0);
    assert_eq!(Erf::default().alpha(), 1.0);
    let plr = PiecewiseLeakyRelu::default();
    assert_eq!((plr.c(), plr.w()), (0.01, 1.0));
    let sq = SquarewaveFourierSeries::default();
    assert_eq!((sq.n(), sq.t_period()), (2, 8.0));
    let s2 = S2nn::default();
    assert_eq!((s2.alpha(), s2.beta(), s2.epsilon()), (4.0, 1.0, 1e-8));
    assert_eq!(QPseudoSpike::default().alpha(), 2.0);
    let lr = LeakyRelu::default();
    assert_eq!((lr.alpha(), lr.beta()), (0.1, 1.0));
    assert_eq!(LogTailedRelu::default().alpha(), 0.0);
    let rg = ReluGrad::default();
    assert_eq!((rg.alpha(), rg.width()), (0.3, 1.0));
    let gg = GaussianGrad::default();
    assert_eq!((gg.sigma(), gg.alpha()), (0.5, 0.5));
    let mg = MultiGaussianGrad::default();
    assert_eq!((mg.h(), mg.s(), mg.sigma(), mg.scale()), (0.15, 6.0, 0.5, 0.5));
    assert_eq!(InvSquareGrad::default().alpha(), 100.0);
    assert_eq!(SlayerGrad::default().alpha(), 1.0);
    // The neuron defaults: ReluGrad for concrete neurons (and the enum's default).
    assert_eq!(Surrogate::default(), Surrogate::ReluGrad(ReluGrad::default()));
}

#[test]
fn each_primitive_is_an_antiderivative_of_its_gradient() {
    // Central difference (g(x + h) − g(x − h))/(2h) with h = 1e-6. Error budget: truncation
    // h²/6 · |g‴| ≲ 1e-10 for these parameters (the sharpest is InvSquareGrad α = 100, with
    // |g‴| ≤ 6α²/(α|x| + 1)⁴ ≈ 46 at |x| ≥ 0.05); rounding ≈ 2.2e-16 · |g|/h ≲ 2e-9 (|g| ≲ 5 on
    // the grid); S2NN's ε = 1e-8 shifts its slope by ≤ 1e-8. Tolerance 1e-7 · (1 + |g′|).
    // The grid x = ±0.05, ±0.15, …, ±3.95 stays ≥ 0.05 from every kink (0, multiples of 0.5).
    let h = 1e-6;
    for c in cases() {
        let f = &c.surrogate;
        for k in 0..80 {
            let x = -3.95 + 0.1 * f64::from(k);
            let fd = (f.primitive(x + h) - f.primitive(x - h)) / (2.0 * h);
            let g = f.grad(x);
            assert!((fd - g).abs() <= 1e-7 * (1.0 + g.abs()), "{f:?} at x = {x}: {fd} vs {g}");
        }
    }
}

#[test]
fn bounded_primitives_rise_by_the_mass_of_the_gradient_around_one_half() {
    // Masses ∫g′ integrated by hand from brainstate's formulas (defaults unless given):
    // a density has mass 1; piecewise_quadratic ∫_{−1/α}^{1/α} (α − α²x²) = 2 − 2/(3α);
    // relu_grad is a triangle of height α·w, half-width w; gaussian_grad's σ² quirk gives α/σ²;
    // multi_gaussian_grad scale · ((1 + h) − 2h); inv_square_grad and slayer_grad 2/α.
    let masses: [(Surrogate, f64); 13] = [
        (Sigmoid::default().into(), 1.0),
        (PiecewiseQuadratic::default().into(), 4.0 / 3.0),
        (PiecewiseQuadratic::new(2.0).unwrap().into(), 2.0 - 1.0 / 3.0),
        (PiecewiseExp::default().into(), 1.0),
        (SoftSign::default().into(), 1.0),
        (Arctan::default().into(), 1.0),
        (Erf::default().into(), 1.0),
        (ReluGrad::default().into(), 0.3),
        (ReluGrad::new(0.5, 2.0).unwrap().into(), 2.0),
        (GaussianGrad::default().into(), 2.0),
        (MultiGaussianGrad::default().into(), 0.5 * 0.85),
        (InvSquareGrad::default().into(), 0.02),
        (SlayerGrad::new(2.5).unwrap().into(), 0.8),
    ];
    // Far out, the slowest tails (soft_sign, arctan, inv_square_grad: ∝ 1/|x|) are within 1e-11.
    let far = 1e12;
    for (f, mass) in masses {
        assert_eq!(f.primitive(0.0), 0.5, "{f:?}");
        let rise = f.primitive(far) - f.primitive(-far);
        assert!((rise - mass).abs() < 1e-9, "{f:?}: rises by {rise}, mass {mass}");
        assert!((f.primitive(far) - 0.5 - mass / 2.0).abs() < 1e-9, "{f:?} is not odd about 1/2");
    }
}

#[test]
fn primitives_pin_their_documented_anchors() {
    // The unbounded ones follow brainstate's surrogate_fun: g(0) = 0.
    for f in [
        Surrogate::from(NonzeroSignLog::default()),
        LeakyRelu::default().into(),
        LogTailedRelu::default().into(),
    ] {
        assert_eq!(f.primitive(0.0), 0.0, "{f:?}");
    }
    // The rest are pinned at g(0) = 1/2.
    for f in [
        Surrogate::from(PiecewiseLeakyRelu::default()),
        SquarewaveFourierSeries::default().into(),
        QPseudoSpike::default().into(),
    ] {
        assert_eq!(f.primitive(0.0), 0.5, "{f:?}");
    }
    // s2nn follows brainstate's surrogate_fun: σ(αx) → 1/2 from the left, β·ln(x + 1 + ε) + 1/2
    // from x = 0 on, a step of β·ln(1 + ε) ≈ βε.
    let s2 = S2nn::default();
    assert_eq!(s2.primitive(-1e-300), 0.5);
    assert_eq!(s2.primitive(0.0), (1.0 + 1e-8f64).ln() + 0.5);
    // log_tailed_relu's primitive is continuous at x = 1 (brainstate's own jumps by −1 there).
    let ltr = LogTailedRelu::default();
    assert!((ltr.primitive(1.0 + 1e-12) - ltr.primitive(1.0)).abs() < 1e-11);
}

#[test]
fn the_forward_pass_is_exactly_heaviside() {
    for c in cases() {
        let f = &c.surrogate;
        for x in [0.0, -0.0, f64::MIN_POSITIVE, 5e-324, 1.0, 1e300, f64::INFINITY] {
            assert_eq!(f.spike(x), 1.0, "{f:?} at {x}");
        }
        for x in [-5e-324, -f64::MIN_POSITIVE, -1.0, -1e300, f64::NEG_INFINITY, f64::NAN] {
            assert_eq!(f.spike(x), 0.0, "{f:?} at {x}");
        }
    }
}

#[test]
fn documented_sign_quirks() {
    // piecewise_quadratic with α < 1: α − (αx)² < 0 just inside |x| = 1/α.
    let pq = PiecewiseQuadratic::new(0.5).unwrap();
    assert!((pq.grad(1.9) - (0.5 - 0.9025)).abs() < 1e-15);
    // squarewave_fourier_series: cos(ωx) < 0 for T/4 < |x| < 3T/4.
    assert!(SquarewaveFourierSeries::default().grad(3.0) < 0.0);
    // multi_gaussian_grad: the wide negative side lobes dominate the tails.
    assert!(MultiGaussianGrad::default().grad(2.0) < 0.0);
    // log_tailed_relu gives the threshold itself the left-hand gradient α, not 1.
    assert_eq!(LogTailedRelu::new(0.2).unwrap().grad(0.0), 0.2);
}

/// A surrogate with parameters drawn from the valid range (scales in [1e-3, 1e3]; those whose
/// formula is non-negative only for some parameters are drawn within that range).
fn any_non_negative_surrogate() -> impl Strategy<Value = Surrogate> {
    let p = || 1e-3..1e3_f64;
    let z = || 0.0..1e3_f64;
    prop_oneof![
        p().prop_map(|a| Sigmoid::new(a).unwrap().into()),
        (1.0..1e3_f64).prop_map(|a| PiecewiseQuadratic::new(a).unwrap().into()),
        p().prop_map(|a| PiecewiseExp::new(a).unwrap().into()),
        p().prop_map(|a| SoftSign::new(a).unwrap().into()),
        p().prop_map(|a| Arctan::new(a).unwrap().into()),
        p().prop_map(|a| NonzeroSignLog::new(a).unwrap().into()),
        p().prop_map(|a| Erf::new(a).unwrap().into()),
        (z(), p()).prop_map(|(c, w)| PiecewiseLeakyRelu::new(c, w).unwrap().into()),
        (p(), p(), 0.0..1e-3_f64).prop_map(|(a, b, e)| S2nn::new(a, b, e).unwrap().into()),
        p().prop_map(|a| QPseudoSpike::new(a).unwrap().into()),
        (z(), p()).prop_map(|(a, b)| LeakyRelu::new(a, b).unwrap().into()),
        z().prop_map(|a| LogTailedRelu::new(a).unwrap().into()),
        (p(), p()).prop_map(|(a, w)| ReluGrad::new(a, w).unwrap().into()),
        (p(), p()).prop_map(|(s, a)| GaussianGrad::new(s, a).unwrap().into()),
        p().prop_map(|a| InvSquareGrad::new(a).unwrap().into()),
        p().prop_map(|a| SlayerGrad::new(a).unwrap().into()),
    ]
}

/// The two whose gradient changes sign for every parameter choice.
fn any_signed_surrogate() -> impl Strategy<Value = Surrogate> {
    let p = || 1e-3..1e3_f64;
    prop_oneof![
        (2u32..64, p()).prop_map(|(n, t)| SquarewaveFourierSeries::new(n, t).unwrap().into()),
        (0.0..1e3_f64, p(), p(), p()).prop_map(|(h, s, sg, sc)| MultiGaussianGrad::new(
            h, s, sg, sc
        )
        .unwrap()
        .into()),
    ]
}

fn any_finite_x() -> impl Strategy<Value = f64> {
    prop_oneof![
        -10.0..10.0_f64,
        prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO
    ]
}

proptest! {
    #[test]
    fn gradients_are_finite_and_non_negative_where_the_formula_is(
        f in any_non_negative_surrogate(), x in any_finite_x()
    ) {
        let g = f.grad(x);
        prop_assert!(g.is_finite() && g >= 0.0, "{:?} at x = {}: {}", f, x, g);
    }

    #[test]
    fn signed_gradients_are_finite(f in any_signed_surrogate(), x in any_finite_x()) {
        prop_assert!(f.grad(x).is_finite(), "{:?} at x = {}", f, x);
    }

    #[test]
    fn spike_is_the_step_for_any_input(
        f in prop_oneof![any_non_negative_surrogate(), any_signed_surrogate()],
        x in prop::num::f64::ANY,
    ) {
        prop_assert_eq!(f.spike(x), if x >= 0.0 { 1.0 } else { 0.0 });
    }
}

/// Asserts that `result` is the error for `param` with the value printed as `value` and `rule`.
fn assert_rejected<T: std::fmt::Debug>(
    result: Result<T, DynError>,
    param: &str,
    value: f64,
    rule: &str,
) {
    let err = result.expect_err(&format!("{param} = {value} accepted"));
    assert_eq!(err.to_string(), format!("invalid {param}: {value} ({rule})"));
}

/// Checks a parameter that must be finite and > 0 (`build` gets the value under test).
fn check_positive<T: std::fmt::Debug>(param: &str, build: impl Fn(f64) -> Result<T, DynError>) {
    for bad in [0.0, -0.0, -1.0] {
        assert_rejected(build(bad), param, bad, "must be > 0");
    }
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_rejected(build(bad), param, bad, "must be finite");
    }
    assert!(build(1e-300).is_ok(), "{param}: a tiny positive value is valid");
}

/// Checks a parameter that must be finite and >= 0.
fn check_non_negative<T: std::fmt::Debug>(param: &str, build: impl Fn(f64) -> Result<T, DynError>) {
    for bad in [-1e-300, -1.0] {
        assert_rejected(build(bad), param, bad, "must be >= 0");
    }
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_rejected(build(bad), param, bad, "must be finite");
    }
    assert!(build(0.0).is_ok(), "{param}: zero is valid");
}

#[test]
fn every_bad_parameter_is_rejected_by_name() {
    check_positive("alpha", Sigmoid::new);
    check_positive("alpha", PiecewiseQuadratic::new);
    check_positive("alpha", PiecewiseExp::new);
    check_positive("alpha", SoftSign::new);
    check_positive("alpha", Arctan::new);
    check_positive("alpha", NonzeroSignLog::new);
    check_positive("alpha", Erf::new);
    check_non_negative("c", |c| PiecewiseLeakyRelu::new(c, 1.0));
    check_positive("w", |w| PiecewiseLeakyRelu::new(0.01, w));
    check_positive("t_period", |t| SquarewaveFourierSeries::new(2, t));
    for n in [0, 1] {
        let err = SquarewaveFourierSeries::new(n, 8.0).unwrap_err();
        assert_eq!(err.to_string(), format!("invalid n: {n} (must be >= 2)"));
    }
    check_positive("alpha", |a| S2nn::new(a, 1.0, 1e-8));
    check_positive("beta", |b| S2nn::new(4.0, b, 1e-8));
    check_non_negative("epsilon", |e| S2nn::new(4.0, 1.0, e));
    check_positive("alpha", QPseudoSpike::new);
    check_non_negative("alpha", |a| LeakyRelu::new(a, 1.0));
    check_positive("beta", |b| LeakyRelu::new(0.1, b));
    check_non_negative("alpha", LogTailedRelu::new);
    check_positive("alpha", |a| ReluGrad::new(a, 1.0));
    check_positive("width", |w| ReluGrad::new(0.3, w));
    check_positive("sigma", |s| GaussianGrad::new(s, 0.5));
    check_positive("alpha", |a| GaussianGrad::new(0.5, a));
    check_non_negative("h", |h| MultiGaussianGrad::new(h, 6.0, 0.5, 0.5));
    check_positive("s", |s| MultiGaussianGrad::new(0.15, s, 0.5, 0.5));
    check_positive("sigma", |s| MultiGaussianGrad::new(0.15, 6.0, s, 0.5));
    check_positive("scale", |s| MultiGaussianGrad::new(0.15, 6.0, 0.5, s));
    check_positive("alpha", InvSquareGrad::new);
    check_positive("alpha", SlayerGrad::new);
}

#[test]
fn every_name_looks_up_its_surrogate_with_default_parameters() {
    // brainstate's function names (`brainstate.surrogate.*`), paired by hand with the types.
    let expected: [(&str, Surrogate); 18] = [
        ("sigmoid", Sigmoid::default().into()),
        ("piecewise_quadratic", PiecewiseQuadratic::default().into()),
        ("piecewise_exp", PiecewiseExp::default().into()),
        ("soft_sign", SoftSign::default().into()),
        ("arctan", Arctan::default().into()),
        ("nonzero_sign_log", NonzeroSignLog::default().into()),
        ("erf", Erf::default().into()),
        ("piecewise_leaky_relu", PiecewiseLeakyRelu::default().into()),
        ("squarewave_fourier_series", SquarewaveFourierSeries::default().into()),
        ("s2nn", S2nn::default().into()),
        ("q_pseudo_spike", QPseudoSpike::default().into()),
        ("leaky_relu", LeakyRelu::default().into()),
        ("log_tailed_relu", LogTailedRelu::default().into()),
        ("relu_grad", ReluGrad::default().into()),
        ("gaussian_grad", GaussianGrad::default().into()),
        ("multi_gaussian_grad", MultiGaussianGrad::default().into()),
        ("inv_square_grad", InvSquareGrad::default().into()),
        ("slayer_grad", SlayerGrad::default().into()),
    ];
    assert_eq!(Surrogate::NAMES, expected.map(|(name, _)| name));
    for (name, surrogate) in expected {
        assert_eq!(Surrogate::from_name(name).unwrap(), surrogate);
        assert_eq!(name.parse::<Surrogate>().unwrap(), surrogate);
        assert_eq!(surrogate.name(), name);
    }
    // With other parameters, the name still leads back to the same kind of surrogate.
    for c in cases() {
        let round_trip = Surrogate::from_name(c.surrogate.name()).unwrap();
        assert_eq!(std::mem::discriminant(&round_trip), std::mem::discriminant(&c.surrogate));
    }
}

#[test]
fn unknown_names_are_rejected_with_the_list_of_known_ones() {
    for bad in ["", "relu", "ReluGrad", "RELU_GRAD", "relu_grad ", "heaviside", "S2NN"] {
        let err = Surrogate::from_name(bad).unwrap_err();
        assert_eq!(err.param(), Some("surrogate"), "{err:?}");
        let message = err.to_string();
        assert!(message.starts_with(&format!("invalid surrogate: {bad:?} (must be one of ")));
        for known in Surrogate::NAMES {
            assert!(message.contains(known), "{message} does not list {known}");
        }
    }
}
