use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The error-function surrogate (brainstate `ERF`, `erf`).
///
/// Forward: Heaviside. Gradient (a Gaussian of standard deviation `1/(α√2)`):
///
/// `g′(x) = α/√π · e^(−α²x²)`
///
/// Primitive: `g(x) = erfc(−αx)/2 = (1 + erf(αx))/2`, as brainstate's docstring states (its
/// code returns `erf(−αx)/2`, whose derivative has the opposite sign; brainstate never calls
/// it). Default `α = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{Erf, SurrogateGradient};
/// let f = Erf::new(1.0)?;
/// assert_eq!(f.grad(0.0), 1.0 / std::f64::consts::PI.sqrt());
/// assert_eq!(f.primitive(0.0), 0.5);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Erf {
    alpha: f64,
}

impl Erf {
    /// An error-function surrogate of steepness `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The steepness `α`; the gradient peaks at `α/√π`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for Erf {
    /// brainstate's default, `α = 1`.
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

impl SurrogateGradient for Erf {
    fn grad(&self, x: f64) -> f64 {
        // (αx)² rather than α²·x², so that a huge α at x = 0 gives α/√π, not inf · 0 = NaN.
        let z = self.alpha * x;
        self.alpha / core::f64::consts::PI.sqrt() * (-z * z).exp()
    }

    fn primitive(&self, x: f64) -> f64 {
        // erfc keeps full relative precision in the left tail, where 1 + erf(αx) cancels.
        libm::erfc(-self.alpha * x) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::Erf;

    #[test]
    fn new_checks_its_parameters() {
        assert!(Erf::new(0.5).is_ok());
        assert!(Erf::new(0.0).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::Erf::default().alpha(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Erf::default(), Erf::new(1.0)?);
        Ok(())
    }
}
