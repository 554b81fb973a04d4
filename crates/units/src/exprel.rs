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
/// use neurodim_units::exprel;
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

/// Below this magnitude [`exprel_series`] is accurate to 2 ulp, and [`exprel_fast`] uses it
/// instead of calling [`exprel`].
pub const EXPREL_SERIES_LIMIT: f64 = 0.125;

/// The Taylor series of [`exprel`], `Σ_{k=0}^{10} x^k/(k+1)!`, for `|x| <`
/// [`EXPREL_SERIES_LIMIT`] (there its truncation error is below `(1/8)^11/12! < 2·10⁻¹⁹`
/// relative). Outside that range it is not `exprel`.
///
/// It has no branch, so a loop over many `x` vectorises; such a loop recomputes the rare
/// out-of-range elements with [`exprel`] afterwards, which gives exactly [`exprel_fast`].
///
/// ```
/// use neurodim_units::{EXPREL_SERIES_LIMIT, exprel_fast, exprel_series};
/// for x in [-0.1f64, -0.005, 0.0, 1e-9, 0.12] {
///     assert!(x.abs() < EXPREL_SERIES_LIMIT);
///     assert_eq!(exprel_series(x), exprel_fast(x));
/// }
/// ```
#[inline(always)]
pub fn exprel_series(x: f64) -> f64 {
    // a_k = 1/(k+1)! for k = 0..=10
    const A: [f64; 11] = [
        1.0,
        1.0 / 2.0,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5_040.0,
        1.0 / 40_320.0,
        1.0 / 362_880.0,
        1.0 / 3_628_800.0,
        1.0 / 39_916_800.0,
    ];
    // Estrin's scheme rather than Horner's: four levels of multiply-add instead of ten, so
    // the latency of one evaluation does not serialise a neuron loop.
    let x2 = x * x;
    let x4 = x2 * x2;
    let low = (A[0] + A[1] * x) + (A[2] + A[3] * x) * x2;
    let mid = (A[4] + A[5] * x) + (A[6] + A[7] * x) * x2;
    let high = (A[8] + A[9] * x) + A[10] * x2;
    low + (mid + high * x4) * x4
}

/// Below this magnitude (and from [`EXPREL_SERIES_LIMIT`]) [`exprel_series_wide`] is accurate
/// to 2 ulp, and [`exprel_fast`] uses it instead of calling [`exprel`].
pub const EXPREL_WIDE_SERIES_LIMIT: f64 = 0.5;

/// The Taylor series of [`exprel`] to degree 14, `Σ_{k=0}^{14} x^k/(k+1)!`, for
/// `|x| <` [`EXPREL_WIDE_SERIES_LIMIT`] (there its truncation error is below
/// `(1/2)^15/16! < 2·10⁻¹⁸` relative), evaluated by Horner's rule: within 2 ulp of [`exprel`]
/// there, where Estrin's scheme reached 3 (5 M random points in `1/8 ≤ |x| < 1/2`). Outside
/// that range it is not `exprel`.
///
/// [`exprel_fast`] uses it for `1/8 ≤ |x| < 1/2`: strong conductances put `dt·J` there (in
/// Brette's COBA network, inhibitory conductances of a few hundred nS against a leak of 10 nS),
/// and libm's `expm1` then cost a quarter of the run.
///
/// ```
/// use neurodim_units::{exprel, exprel_series_wide};
/// for x in [-0.45f64, -0.2, 0.125, 0.3] {
///     let (wide, reference) = (exprel_series_wide(x), exprel(x));
///     assert!((wide - reference).abs() <= 2.0 * f64::EPSILON * reference, "{x}");
/// }
/// ```
#[inline(always)]
pub fn exprel_series_wide(x: f64) -> f64 {
    // a_k = 1/(k+1)! for k = 0..=14, highest first for Horner's rule
    const A: [f64; 15] = [
        1.0 / 1_307_674_368_000.0,
        1.0 / 87_178_291_200.0,
        1.0 / 6_227_020_800.0,
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        1.0 / 2.0,
        1.0,
    ];
    A.iter().fold(0.0, |sum, &a| sum * x + a)
}

/// [`exprel`] for per-element kernels: the same function to within 2 ulp, without a division or
/// a library call for `|x| < 1/2`; `dt · J` is about 0.005 in brainstate's benchmark networks,
/// up to ~0.3 in Brette's COBA.
///
/// For `|x| <` [`EXPREL_SERIES_LIMIT`] it is [`exprel_series`], for `|x| <`
/// [`EXPREL_WIDE_SERIES_LIMIT`] [`exprel_series_wide`]; otherwise it is [`exprel`]. One
/// `exprel` per neuron and step through libm's `expm1` and a division costs more than the rest
/// of a LIF update.
///
/// ```
/// use neurodim_units::{exprel, exprel_fast};
/// for x in [-0.1, -0.005, 0.0, 1e-9, 0.12, 0.5, -3.0] {
///     let (fast, reference) = (exprel_fast(x), exprel(x));
///     assert!((fast - reference).abs() <= 2.0 * f64::EPSILON * reference, "{x}");
/// }
/// ```
#[inline(always)]
pub fn exprel_fast(x: f64) -> f64 {
    if x.abs() < EXPREL_SERIES_LIMIT {
        exprel_series(x)
    } else if x.abs() < EXPREL_WIDE_SERIES_LIMIT {
        exprel_series_wide(x)
    } else {
        exprel(x)
    }
}

/// `exprel` and friends on dimensionless quantities ([`Ratio`]); `exp` itself is uom's
/// [`Ratio::exp`](uom::si::f64::Ratio::exp).
///
/// ```
/// use neurodim_units::*;
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
