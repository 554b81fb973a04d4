use core::f64::consts::{PI, SQRT_2};

use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The Gaussian surrogate (brainstate `GaussianGrad`, `gaussian_grad`; Yin, Corradi & Bohté
/// 2021).
///
/// Forward: Heaviside. Gradient, as brainstate computes it:
///
/// `g′(x) = α · exp(−x²/2 · σ²) / (√(2π) · σ)`
///
/// The exponent *multiplies* by `σ²` where a Gaussian density of width `σ` divides (a quirk of
/// brainstate's code, kept): the bump's width is `1/σ`, its peak `α/(√(2π)σ)` and its mass
/// `α/σ²` (2 with the defaults).
///
/// Primitive: `g(x) = 1/2 + α/(2σ²) · erf(σx/√2)`. Defaults `σ = 0.5`, `α = 0.5`.
///
/// ```
/// use neurodim_dyn::surrogate::{GaussianGrad, SurrogateGradient};
/// let f = GaussianGrad::new(0.5, 0.5)?;
/// let peak = 0.5 / ((2.0 * std::f64::consts::PI).sqrt() * 0.5);
/// assert_eq!(f.grad(0.0), peak);
/// assert!((f.grad(2.0) - peak * (-0.5f64).exp()).abs() < 1e-15); // −4/2 · 0.25
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianGrad {
    sigma: f64,
    alpha: f64,
}

impl GaussianGrad {
    /// A Gaussian surrogate with brainstate's `sigma` (finite, `> 0`) and scale `alpha`
    /// (finite, `> 0`); the argument order is brainstate's.
    pub fn new(sigma: f64, alpha: f64) -> Result<Self, DynError> {
        Ok(Self { sigma: positive("sigma", sigma)?, alpha: positive("alpha", alpha)? })
    }

    /// brainstate's `σ` (the bump's width is `1/σ`, see the type's docs).
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// The scale `α` of the gradient.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for GaussianGrad {
    /// brainstate's defaults, `σ = 0.5`, `α = 0.5`.
    fn default() -> Self {
        Self { sigma: 0.5, alpha: 0.5 }
    }
}

impl SurrogateGradient for GaussianGrad {
    fn grad(&self, x: f64) -> f64 {
        // (σx)² rather than x²·σ², so that a huge σ at x = 0 gives a number, not inf · 0 = NaN.
        let z = self.sigma * x;
        self.alpha * (-z * z / 2.0).exp() / ((2.0 * PI).sqrt() * self.sigma)
    }

    fn primitive(&self, x: f64) -> f64 {
        let s = self.sigma;
        0.5 + self.alpha / (2.0 * s * s) * libm::erf(s * x / SQRT_2)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::GaussianGrad;

    #[test]
    fn new_checks_its_parameters() {
        assert!(GaussianGrad::new(1.0, 0.5).is_ok());
        assert!(GaussianGrad::new(0.0, 0.5).is_err());
        assert!(GaussianGrad::new(0.5, 0.0).is_err());
    }

    #[test]
    fn sigma_as_given() {
        assert_eq!(crate::surrogate::GaussianGrad::default().sigma(), 0.5);
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::GaussianGrad::default().alpha(), 0.5);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(GaussianGrad::default(), GaussianGrad::new(0.5, 0.5)?);
        Ok(())
    }
}
