use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The piecewise-quadratic surrogate (brainstate `PiecewiseQuadratic`, `piecewise_quadratic`).
///
/// Forward: Heaviside. Gradient, as brainstate computes it:
///
/// `g′(x) = 0` if `|x| > 1/α`, else `α − (αx)²`
///
/// brainstate's docstring writes `α − α²|x|` (a triangle); its code squares `αx`, and that is
/// what is ported. With the code's formula the gradient jumps from `α − 1` to `0` at `|x| = 1/α`
/// (it is negative just inside the edges when `α < 1`) and its total mass is `2 − 2/(3α)`, not 1.
///
/// Primitive (the antiderivative of that gradient, not brainstate's `surrogate_fun`, which
/// integrates the docstring's triangle): with `u = clamp(x, −1/α, 1/α)`,
/// `g(x) = 1/2 + αu − α²u³/3`. Default `α = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{PiecewiseQuadratic, SurrogateGradient};
/// let f = PiecewiseQuadratic::new(2.0)?;
/// assert_eq!(f.grad(0.25), 2.0 - 0.25); // α − (αx)²
/// assert_eq!(f.grad(0.6), 0.0); // outside 1/α
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PiecewiseQuadratic {
    alpha: f64,
}

impl PiecewiseQuadratic {
    /// A piecewise-quadratic surrogate whose support is `|x| ≤ 1/alpha` (`alpha` finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The inverse half-width `α` of the support.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for PiecewiseQuadratic {
    /// brainstate's default, `α = 1`.
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

impl SurrogateGradient for PiecewiseQuadratic {
    fn grad(&self, x: f64) -> f64 {
        let a = self.alpha;
        if x.abs() > 1.0 / a { 0.0 } else { a - (a * x) * (a * x) }
    }

    fn primitive(&self, x: f64) -> f64 {
        let a = self.alpha;
        let u = x.clamp(-1.0 / a, 1.0 / a);
        0.5 + a * u - a * a * u * u * u / 3.0
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::PiecewiseQuadratic;

    #[test]
    fn new_checks_its_parameters() {
        assert!(PiecewiseQuadratic::new(1.0).is_ok());
        assert!(PiecewiseQuadratic::new(-1.0).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::PiecewiseQuadratic::default().alpha(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PiecewiseQuadratic::default(), PiecewiseQuadratic::new(1.0)?);
        Ok(())
    }
}
