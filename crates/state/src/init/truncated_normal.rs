use core::f64::consts::{E, PI};

use rand::RngExt;
use rand_distr::{Exp1, StandardNormal};

use crate::{RealValue, StateError, StreamRng, init::Initializer, init::check};

/// Normal draws restricted to `[lower, upper]`: `x = loc + scale · z`, where `z` has the
/// density of `N(0, 1)` conditioned on `(lower − loc)/scale ≤ z ≤ (upper − loc)/scale`
/// (brainstate's `TruncatedNormal(loc, scale, lower, upper)`; bounds are in the state's unit,
/// ±∞ leaves a side open). Values never leave the bounds.
///
/// Sampling is exact for any interval, also far in a tail: Robert's (1995) rejection
/// samplers (normal, uniform or exponential proposal, whichever is efficient).
///
/// ```
/// use neurodim_state::{init::{Initializer, TruncatedNormal}, StreamKey};
/// use neurodim_units::prelude::*;
/// let init = TruncatedNormal::new(-60.0 * mV, 5.0 * mV, -65.0 * mV, -50.0 * mV)?;
/// let v = init.values(&[1000], &mut StreamKey::new(0, "V").rng())?;
/// assert!(v.iter().all(|&x| x >= -65.0 * mV && x <= -50.0 * mV));
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TruncatedNormal<T> {
    loc: T,
    scale: T,
    lower: T,
    upper: T,
}

impl<T: RealValue> TruncatedNormal<T> {
    /// A truncated normal initialiser: `loc` finite, `scale` finite and `> 0`, bounds not NaN
    /// (±∞ allowed) and `lower < upper`.
    pub fn new(loc: T, scale: T, lower: T, upper: T) -> Result<Self, StateError> {
        check::finite("loc", loc)?;
        check::positive("scale", scale)?;
        let lo = check::not_nan("lower", lower)?;
        let hi = check::not_nan("upper", upper)?;
        if hi <= lo {
            return Err(check::invalid("upper", upper, "must be > lower"));
        }
        // The sampler works in units of `scale` from `loc`; a finite bound must stay finite there.
        let (loc_si, scale_si) = (loc.to_si(), scale.to_si());
        for (param, bound, x) in [("lower", lower, lo), ("upper", upper, hi)] {
            if x.is_finite() && !((x - loc_si) / scale_si).is_finite() {
                return Err(check::invalid(
                    param,
                    bound,
                    "must be a finite number of scales from loc",
                ));
            }
        }
        Ok(TruncatedNormal { loc, scale, lower, upper })
    }
}

impl<T: RealValue> Initializer<T> for TruncatedNormal<T> {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        let (loc, scale) = (self.loc.to_si(), self.scale.to_si());
        let (lower, upper) = (self.lower.to_si(), self.upper.to_si());
        let (a, b) = ((lower - loc) / scale, (upper - loc) / scale);
        let n = check::element_count(shape)?;
        // The clamp only absorbs the rounding of `loc + scale · z`.
        Ok((0..n)
            .map(|_| T::from_si((loc + scale * standard_truncated(a, b, rng)).clamp(lower, upper)))
            .collect())
    }
}

/// One draw of `z ~ N(0, 1)` conditioned on `a ≤ z ≤ b` (`a < b`, either may be infinite),
/// by Robert, "Simulation of truncated normal variables", Statistics and Computing 5 (1995).
pub(crate) fn standard_truncated(a: f64, b: f64, rng: &mut StreamRng) -> f64 {
    if a >= 0.0 {
        one_sided(a, b, rng)
    } else if b <= 0.0 {
        -one_sided(-b, -a, rng)
    } else if b - a < (2.0 * PI).sqrt() {
        // Uniform proposal on [a, b], accepted with probability exp(−z²/2).
        loop {
            let z = a + (b - a) * rng.random::<f64>();
            if rng.random::<f64>() <= (-0.5 * z * z).exp() {
                return z;
            }
        }
    } else {
        // The interval holds at least P(0 ≤ z ≤ 1.25) ≈ 0.39 of the mass: plain rejection.
        loop {
            let z: f64 = rng.sample(StandardNormal);
            if (a..=b).contains(&z) {
                return z;
            }
        }
    }
}

/// `z ~ N(0, 1)` conditioned on `0 ≤ a ≤ z ≤ b`: Robert's exponential proposal with the
/// optimal rate when `b` is far enough from `a` (his Proposition 2.3), else a uniform one.
///
/// Every quantity is computed in a form that stays finite for any finite `a`: `a² + 4`, `a²`
/// and `z²` overflow beyond 1.3e154, and an acceptance test against NaN is never passed, so the
/// textbook formulas loop forever in a far tail (a bound 1e200 scales from `loc` is allowed).
fn one_sided(a: f64, b: f64, rng: &mut StreamRng) -> f64 {
    // √(a² + 4) without forming a².
    let root = a.hypot(2.0);
    // a + root overflows only when a > f64::MAX / 2, and then its reciprocal is 0 as it
    // should be.
    let inverse_sum = 1.0 / (a + root);
    // Robert's (a² − a·root) / 4 = −a / (a + root), in [−1/2, 0].
    let threshold = a + 2.0 * E.sqrt() * inverse_sum * (-a * inverse_sum).exp();
    if b > threshold {
        let rate = 0.5 * a + 0.5 * root;
        // z − rate = (a − rate) + e with a − rate = (a − root) / 2 = −2 / (a + root): no
        // cancellation between two numbers near a.
        let offset = -2.0 * inverse_sum;
        loop {
            let e = rng.sample::<f64, _>(Exp1) / rate;
            let z = a + e;
            let d = offset + e;
            if z <= b && rng.random::<f64>() <= (-0.5 * d * d).exp() {
                return z;
            }
        }
    } else {
        loop {
            let z = a + (b - a) * rng.random::<f64>();
            // exp((a² − z²) / 2) = exp(−(z − a) · (z + a) / 2), with the half taken first so
            // that the sum cannot overflow.
            if rng.random::<f64>() <= (-(z - a) * (0.5 * z + 0.5 * a)).exp() {
                return z;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::init::TruncatedNormal;

    #[test]
    fn new_refuses_an_empty_interval() {
        let err = TruncatedNormal::new(0.0, 1.0, 2.0, 2.0).unwrap_err();
        assert_eq!(err.to_string(), "invalid upper: 2 (must be > lower)");
        assert!(TruncatedNormal::new(0.0, 1.0, f64::NEG_INFINITY, 0.0).is_ok());
    }
}
