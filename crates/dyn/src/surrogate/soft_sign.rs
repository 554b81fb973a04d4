use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The soft-sign surrogate (brainstate `SoftSign`, `soft_sign`).
///
/// Forward: Heaviside. Gradient:
///
/// `g′(x) = α · 0.5 / (1 + |αx|)²`
///
/// Primitive (brainstate's `surrogate_fun`): `g(x) = x / (2/α + 2|x|) + 1/2`. Default `α = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{SoftSign, SurrogateGradient};
/// let f = SoftSign::new(2.0)?;
/// assert_eq!(f.grad(0.0), 1.0);
/// assert_eq!(f.grad(0.5), 0.25); // 2 · 0.5 / (1 + 1)²
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoftSign {
    alpha: f64,
}

impl SoftSign {
    /// A soft-sign surrogate of steepness `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The steepness `α`; the gradient peaks at `α/2`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for SoftSign {
    /// brainstate's default, `α = 1`.
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

impl SurrogateGradient for SoftSign {
    fn grad(&self, x: f64) -> f64 {
        let d = 1.0 + (self.alpha * x).abs();
        self.alpha * 0.5 / (d * d)
    }

    fn primitive(&self, x: f64) -> f64 {
        x / (2.0 / self.alpha + 2.0 * x.abs()) + 0.5
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::SoftSign;

    #[test]
    fn new_checks_its_parameters() {
        assert!(SoftSign::new(1.0).is_ok());
        assert!(SoftSign::new(0.0).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::SoftSign::default().alpha(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SoftSign::default(), SoftSign::new(1.0)?);
        Ok(())
    }
}
