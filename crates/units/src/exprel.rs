use crate::quantities::Ratio;

/// Below this magnitude [`exprel`] uses its Taylor polynomial instead of `expm1(x) / x`.
///
/// This is brainstate's threshold for `f64` (saiunit `_exprel_v2`); at `|x| ≤ 1e-8` the
/// polynomial's truncation error (`x³/24 ≲ 4e-26`) is far below one ulp of the result.
pub const EXPREL_TAYLOR_THRESHOLD: f64 = 1e-8;

/// The relative exponential `exprel(x) = (eˣ − 1) / x`, with `exprel(0) = 1`.
///
/// Computed exactly as brainstate computes it in `f64`: `1 + x/2 + x²/6` for
/// `|x| ≤ 1e-8` ([`EXPREL_TAYLOR_THRESHOLD`]) and `expm1(x) / x` otherwise. It is the factor in
/// the exponential-Euler step `x ← x + dt · exprel(dt · J) · f(x)`, which is exact for linear
/// ODEs: for `dx/dt = −x/τ` it gives `x · e^(−dt/τ)`.
///
/// ```
/// use neurodim_units::prelude::*;
/// assert_eq!(exprel(0.0), 1.0);
/// assert!((exprel(1.0) - (1f64.exp() - 1.0)).abs() < 1e-15);
/// // one exp-Euler step of dx/dt = -x/tau is exact:
/// let (x, dt, tau) = (2.0, 0.1, 10.0);
/// let next = x + dt * exprel(-dt / tau) * (-x / tau);
/// assert!((next - x * (-dt / tau).exp()).abs() < 1e-15);
/// ```
#[inline]
pub fn exprel(x: f64) -> f64 {
    if x.abs() <= EXPREL_TAYLOR_THRESHOLD { 1.0 + x / 2.0 + x * x / 6.0 } else { x.exp_m1() / x }
}

/// Up to this magnitude [`exprel_narrow`] is within 2 ulp of [`exprel`], and [`exprel_fast`]
/// uses it: `|x| ≤ 1/64`. brainstate's benchmark networks have `|dt·J| ≈ 0.005` (a LIF with
/// `τ = 20 ms`, `dt = 0.1 ms` and conductances of mS against `R = 1 Ω`).
pub const EXPREL_NARROW_LIMIT: f64 = 1.0 / 64.0;

/// The Taylor polynomial of degree 6 of [`exprel`] for `|x| ≤` [`EXPREL_NARROW_LIMIT`]:
///
/// `exprel_narrow(x) = 1 + x·Σ_{k=0}^{5} x^k/(k+2)!`,
///
/// whose truncation error there is below `(1/64)⁷/8! < 6·10⁻¹⁸` relative (0.03 `f64::EPSILON`),
/// so the result is within the roundings of its 14 operations: tested within 1 ulp of a
/// double-double reference. The constant term is exactly 1. Fewer than half the operations of
/// [`exprel_poly`]; like it, branch-free with short chains (Estrin's scheme), so a loop
/// vectorises; beyond `1/64` it is not `exprel`.
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::{EXPREL_NARROW_LIMIT, exprel_fast, exprel_narrow};
/// assert_eq!(exprel_narrow(0.0), 1.0);
/// for x in [-1.0 / 64.0, -0.0053, -1e-9, 0.01] {
///     assert!(f64::abs(x) <= EXPREL_NARROW_LIMIT);
///     assert_eq!(exprel_narrow(x), exprel_fast(x));
///     assert!((exprel_narrow(x) - exprel(x)).abs() <= 2.0 * f64::EPSILON, "{x}");
/// }
/// ```
#[inline(always)]
pub fn exprel_narrow(x: f64) -> f64 {
    // 1/(k+2)!, k = 0..=5
    const C: [f64; 6] = [1.0 / 2.0, 1.0 / 6.0, 1.0 / 24.0, 1.0 / 120.0, 1.0 / 720.0, 1.0 / 5040.0];
    let x2 = x * x;
    let x4 = x2 * x2;
    let q = ((C[0] + C[1] * x) + (C[2] + C[3] * x) * x2) + (C[4] + C[5] * x) * x4;
    1.0 + x * q
}

/// Up to this magnitude [`exprel_poly`] is within 2 ulp of [`exprel`], and [`exprel_fast`] uses
/// it instead of calling `exprel`: `|x| ≤ 1/2`.
pub const EXPREL_POLY_LIMIT: f64 = 0.5;

/// A polynomial of degree 11 for [`exprel`] on `|x| ≤` [`EXPREL_POLY_LIMIT`] `= 1/2`:
///
/// `exprel_poly(x) = 1 + x·q(x)`, `q(x) = Σ_{k=0}^{10} c_k x^k ≈ (eˣ − 1 − x)/x²`,
///
/// with `q` the minimax (Remez) polynomial for the relative error, its coefficients rounded to
/// `f64` (they are close to Taylor's `1/(k+2)!`; `c₀ = 1/2` exactly). The constant term is
/// exactly 1, so `exprel_poly(0) = 1` exactly.
///
/// Error bound on `|x| ≤ 1/2`, for the exact operations below (no fused multiply-add):
/// `|exprel_poly(x) − exprel(x)| ≤ 1.46 ulp` of the true `exprel(x)`, which is also at most
/// `0.95·f64::EPSILON` relative: 0.22 ε of approximation error (rounded coefficients) plus a
/// running bound on every rounding, derived by `crates/units/tools/exprel_poly.py` (mpmath). The
/// tests check it against a double-double reference.
///
/// It has no branch and short dependency chains (Estrin's scheme: nine levels of operations,
/// 24 in all), so a loop over many `x` vectorises and is bound by throughput, not by the latency
/// of one evaluation. Outside `|x| ≤ 1/2` it is not `exprel`: a loop recomputes
/// those rare elements with [`exprel`] afterwards, which gives exactly [`exprel_fast`].
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::{EXPREL_POLY_LIMIT, exprel_fast, exprel_poly};
/// assert_eq!(exprel_poly(0.0), 1.0);
/// for x in [-0.5f64, -0.3, -0.005, 1e-9, 0.125, 0.4, 0.5] {
///     assert!(x.abs() <= EXPREL_POLY_LIMIT);
///     assert_eq!(exprel_poly(x), exprel_fast(x));
///     let reference = exprel(x); // itself within about 1 ulp
///     assert!((exprel_poly(x) - reference).abs() <= 3.0 * f64::EPSILON * reference, "{x}");
/// }
/// ```
#[inline(always)]
pub fn exprel_poly(x: f64) -> f64 {
    // c_k, k = 0..=10: `python3 crates/units/tools/exprel_poly.py` (Remez on |x| ≤ 1/2, degree
    // 10, weight 1/exprel(x), rounded to nearest f64; it also prints the error bound above)
    const C: [f64; 11] = [
        0.5,
        0.16666666666666832,
        0.04166666666666353,
        0.008333333333200452,
        0.0013888888889838319,
        0.0001984127014073245,
        2.4801586343262292e-05,
        2.7557044239325047e-06,
        2.7557659577156085e-07,
        2.516242590485906e-08,
        2.0869554366976158e-09,
    ];
    // Estrin's scheme for x·q = Σ c_k x^(k+1): pairs in x, pairs of pairs in x², then x⁴; nine
    // levels of operations deep, 13 multiplications (x/2 exact) and 11 additions. The 1 is added
    // last, so that the result's rounding is that of one addition to |x·q| ≤ 0.3. The tool's
    // error bound is for exactly these operations in this order.
    let x2 = x * x;
    let x4 = x2 * x2;
    let p1 = C[0] * x;
    let p23 = C[1] + C[2] * x;
    let p45 = C[3] + C[4] * x;
    let p67 = C[5] + C[6] * x;
    let p89 = C[7] + C[8] * x;
    let p1011 = C[9] + C[10] * x;
    let low = p1 + p23 * x2;
    let mid = p45 + p67 * x2;
    let high = p89 + p1011 * x2;
    1.0 + (low + (mid + high * x4) * x4)
}

/// [`exprel`] for per-element kernels: the same function to within about 2 ulp, without a
/// division or a library call for `|x| ≤ 1/2`; `dt · J` is about 0.005 in brainstate's
/// benchmark networks, up to 0.4 in Brette's COBA (strong synaptic conductances make it large).
///
/// For `|x| ≤` [`EXPREL_NARROW_LIMIT`] it is [`exprel_narrow`] (degree 6), for `|x| ≤`
/// [`EXPREL_POLY_LIMIT`] [`exprel_poly`] (degree 11, within 1.46 ulp of the true `exprel(x)`),
/// otherwise (and for NaN) [`exprel`]. One `exprel` per neuron and step through libm's `expm1`
/// and a division costs more than the rest of a LIF update.
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::{exprel_fast, exprel_narrow, exprel_poly};
/// assert_eq!(exprel_fast(-0.005), exprel_narrow(-0.005));
/// for x in [-0.1, -0.005, 0.0, 1e-9, 0.12, 0.5, -3.0] {
///     let (fast, reference) = (exprel_fast(x), exprel(x));
///     assert!((fast - reference).abs() <= 3.0 * f64::EPSILON * reference, "{x}");
/// }
/// assert_eq!(exprel_fast(0.5), exprel_poly(0.5));
/// assert_eq!(exprel_fast(0.5f64.next_up()), exprel(0.5f64.next_up()));
/// ```
#[inline(always)]
pub fn exprel_fast(x: f64) -> f64 {
    if x.abs() <= EXPREL_NARROW_LIMIT {
        exprel_narrow(x)
    } else if x.abs() <= EXPREL_POLY_LIMIT {
        exprel_poly(x)
    } else {
        exprel(x)
    }
}

/// `exprel` and friends on dimensionless quantities ([`Ratio`]); `exp` itself is uom's
/// [`Ratio::exp`](uom::si::f64::Ratio::exp).
///
/// ```
/// use neurodim_units::prelude::*;
/// let z: Ratio = -(0.1 * ms) / (10.0 * ms);
/// assert!((z.exprel().value - exprel(-0.01)).abs() == 0.0);
/// assert!((z.exp().value - (-0.01f64).exp()).abs() < 1e-16);
/// ```
pub trait RatioExt {
    /// [`exprel`] of the value, as a [`Ratio`].
    fn exprel(self) -> Ratio;
}

impl RatioExt for Ratio {
    #[inline]
    fn exprel(self) -> Ratio {
        Ratio { value: exprel(self.value), ..self }
    }
}
