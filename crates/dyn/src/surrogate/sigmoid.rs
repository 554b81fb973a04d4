use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The sigmoid surrogate (brainstate `Sigmoid`, `sigmoid`).
///
/// Forward: Heaviside. Gradient, with the logistic function `σ(z) = 1/(1 + e^(−z))`:
///
/// `g′(x) = α · σ(αx) · (1 − σ(αx))`
///
/// Primitive: `g(x) = σ(αx)`, with `g(0) = 1/2`. Default `α = 4`.
///
/// ```
/// use neurodim_dyn::surrogate::{Sigmoid, SurrogateGradient};
/// let f = Sigmoid::new(4.0)?;
/// assert_eq!(f.grad(0.0), 1.0); // α/4
/// assert!((f.primitive(0.5) - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-15);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sigmoid {
    alpha: f64,
}

impl Sigmoid {
    /// A sigmoid surrogate of steepness `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The steepness `α`; the gradient peaks at `α/4`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for Sigmoid {
    /// brainstate's default, `α = 4`.
    fn default() -> Self {
        Self { alpha: 4.0 }
    }
}

/// The logistic function `σ(z) = 1/(1 + e^(−z))` (SciPy's `expit`).
pub(super) fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl SurrogateGradient for Sigmoid {
    fn grad(&self, x: f64) -> f64 {
        let s = logistic(self.alpha * x);
        self.alpha * s * (1.0 - s)
    }

    fn primitive(&self, x: f64) -> f64 {
        logistic(self.alpha * x)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::Sigmoid;

    #[test]
    fn new_checks_its_parameters() {
        assert!(Sigmoid::new(2.0).is_ok());
        assert_eq!(Sigmoid::new(0.0).unwrap_err().to_string(), "invalid alpha: 0 (must be > 0)");
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::Sigmoid::default().alpha(), 4.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Sigmoid::default(), Sigmoid::new(4.0)?);
        Ok(())
    }
}
