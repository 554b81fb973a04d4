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
