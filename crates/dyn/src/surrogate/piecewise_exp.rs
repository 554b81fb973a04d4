use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The piecewise-exponential surrogate (brainstate `PiecewiseExp`, `piecewise_exp`).
///
/// Forward: Heaviside. Gradient (a Laplace density):
///
/// `g′(x) = α/2 · e^(−α|x|)`
///
/// Primitive (brainstate's `surrogate_fun`): `g(x) = e^(αx)/2` for `x < 0`,
/// `1 − e^(−αx)/2` for `x ≥ 0`. Default `α = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{PiecewiseExp, SurrogateGradient};
/// let f = PiecewiseExp::new(2.0)?;
/// assert_eq!(f.grad(0.0), 1.0);
/// assert!((f.grad(-0.5) - (-1.0f64).exp()).abs() < 1e-15);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PiecewiseExp {
    alpha: f64,
}

impl PiecewiseExp {
    /// A piecewise-exponential surrogate of decay rate `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The decay rate `α`; the gradient peaks at `α/2`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for PiecewiseExp {
    /// brainstate's default, `α = 1`.
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

impl SurrogateGradient for PiecewiseExp {
    fn grad(&self, x: f64) -> f64 {
        self.alpha / 2.0 * (-self.alpha * x.abs()).exp()
    }

    fn primitive(&self, x: f64) -> f64 {
        if x < 0.0 { (self.alpha * x).exp() / 2.0 } else { 1.0 - (-self.alpha * x).exp() / 2.0 }
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::PiecewiseExp;

    #[test]
    fn new_checks_its_parameters() {
        assert!(PiecewiseExp::new(1.0).is_ok());
        assert!(PiecewiseExp::new(f64::NAN).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::PiecewiseExp::default().alpha(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PiecewiseExp::default(), PiecewiseExp::new(1.0)?);
        Ok(())
    }
}
