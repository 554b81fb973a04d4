use neurodim_units::exprel;

use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The q-PseudoSpike surrogate (brainstate `QPseudoSpike`, `q_pseudo_spike`;
/// Herranz-Celotti & Rouat 2022).
///
/// Forward: Heaviside. Gradient, a power-law bump whose tail fatness is set by `α`:
///
/// `g′(x) = (1 + 2/(α + 1) · |x|)^(−α)`
///
/// Primitive: with `k = 2/(α + 1)` and `L = ln(1 + k|x|)`,
/// `g(x) = 1/2 + sign(x) · (1 − (1 + k|x|)^(1−α)) / (k(α − 1))`, which tends to
/// `1/2 + sign(x) · L/k` at `α = 1`; it is computed as `1/2 + sign(x) · L · exprel(−(α − 1)L)/k`,
/// which covers both. brainstate's `surrogate_fun` uses `2/(α − 1)` and is not the
/// antiderivative of its gradient. Default `α = 2`.
///
/// ```
/// use neurodim_dyn::surrogate::{QPseudoSpike, SurrogateGradient};
/// let f = QPseudoSpike::new(2.0)?;
/// assert_eq!(f.grad(0.0), 1.0);
/// assert_eq!(f.grad(1.5), 0.25); // (1 + 2/3 · 1.5)^−2
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QPseudoSpike {
    alpha: f64,
}

impl QPseudoSpike {
    /// A q-PseudoSpike surrogate with tail exponent `alpha` (finite, `> 0`; the larger, the
    /// thinner the tail).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The tail exponent `α`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for QPseudoSpike {
    /// brainstate's default, `α = 2`.
    fn default() -> Self {
        Self { alpha: 2.0 }
    }
}

impl SurrogateGradient for QPseudoSpike {
    fn grad(&self, x: f64) -> f64 {
        (1.0 + 2.0 / (self.alpha + 1.0) * x.abs()).powf(-self.alpha)
    }

    fn primitive(&self, x: f64) -> f64 {
        let k = 2.0 / (self.alpha + 1.0);
        let log_base = (k * x.abs()).ln_1p();
        // (1 − e^(−(α−1)L))/((α−1)) = L · exprel(−(α−1)L): no 0/0 at α = 1.
        let half_rise = log_base * exprel(-(self.alpha - 1.0) * log_base) / k;
        0.5 + half_rise.copysign(x)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::QPseudoSpike;

    #[test]
    fn new_checks_its_parameters() {
        assert!(QPseudoSpike::new(1.0).is_ok());
        assert!(QPseudoSpike::new(-1.0).is_err()); // would divide by α + 1 = 0
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::QPseudoSpike::default().alpha(), 2.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(QPseudoSpike::default(), QPseudoSpike::new(2.0)?);
        Ok(())
    }
}
