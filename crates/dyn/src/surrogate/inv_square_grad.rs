use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The inverse-square surrogate (brainstate `InvSquareGrad`, `inv_square_grad`), the default
/// spike function of brainstate's `Neuron` base class.
///
/// Forward: Heaviside. Gradient:
///
/// `g′(x) = 1 / (α|x| + 1)²`
///
/// Primitive: `g(x) = 1/2 + x / (α|x| + 1)`; the mass is `2/α`. Default `α = 100`.
///
/// ```
/// use neurodim_dyn::surrogate::{InvSquareGrad, SurrogateGradient};
/// let f = InvSquareGrad::new(100.0)?;
/// assert_eq!(f.grad(0.0), 1.0);
/// assert_eq!(f.grad(-0.03), 1.0 / 16.0);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InvSquareGrad {
    alpha: f64,
}

impl InvSquareGrad {
    /// An inverse-square surrogate of sharpness `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The sharpness `α`; the gradient falls to 1/2 at `|x| = (√2 − 1)/α`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for InvSquareGrad {
    /// brainstate's default, `α = 100`.
    fn default() -> Self {
        Self { alpha: 100.0 }
    }
}

impl SurrogateGradient for InvSquareGrad {
    fn grad(&self, x: f64) -> f64 {
        let d = self.alpha * x.abs() + 1.0;
        1.0 / (d * d)
    }

    fn primitive(&self, x: f64) -> f64 {
        0.5 + x / (self.alpha * x.abs() + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::InvSquareGrad;

    #[test]
    fn new_checks_its_parameters() {
        assert!(InvSquareGrad::new(10.0).is_ok());
        assert!(InvSquareGrad::new(0.0).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::InvSquareGrad::default().alpha(), 100.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(InvSquareGrad::default(), InvSquareGrad::new(100.0)?);
        Ok(())
    }
}
