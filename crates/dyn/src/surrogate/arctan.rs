use core::f64::consts::{FRAC_PI_2, PI};

use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The arctangent surrogate (brainstate `Arctan`, `arctan`).
///
/// Forward: Heaviside. Gradient (a Cauchy density):
///
/// `g′(x) = α · 0.5 / (1 + (π/2 · αx)²)`
///
/// Primitive: `g(x) = arctan(π/2 · αx)/π + 1/2` (what brainstate's docstring states; its code
/// calls `arctan2` with one argument and would fail, but brainstate never runs it because the
/// forward pass is always Heaviside). Default `α = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{Arctan, SurrogateGradient};
/// let f = Arctan::new(1.0)?;
/// assert_eq!(f.grad(0.0), 0.5);
/// assert!((f.grad(2.0 / std::f64::consts::PI) - 0.25).abs() < 1e-15);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arctan {
    alpha: f64,
}

impl Arctan {
    /// An arctangent surrogate of steepness `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The steepness `α`; the gradient peaks at `α/2`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for Arctan {
    /// brainstate's default, `α = 1`.
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

impl SurrogateGradient for Arctan {
    fn grad(&self, x: f64) -> f64 {
        let z = FRAC_PI_2 * self.alpha * x;
        self.alpha * 0.5 / (1.0 + z * z)
    }

    fn primitive(&self, x: f64) -> f64 {
        (FRAC_PI_2 * self.alpha * x).atan() / PI + 0.5
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::Arctan;

    #[test]
    fn new_checks_its_parameters() {
        assert!(Arctan::new(3.0).is_ok());
        assert!(Arctan::new(-3.0).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::Arctan::default().alpha(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Arctan::default(), Arctan::new(1.0)?);
        Ok(())
    }
}
