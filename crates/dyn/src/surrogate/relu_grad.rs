use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The ReLU-shaped (triangular) surrogate (brainstate `ReluGrad`, `relu_grad`; Neftci, Mostafa
/// & Zenke 2019), the default spike function of every concrete neuron in brainstate.
///
/// Forward: Heaviside. Gradient, a triangle of height `α·width` on `|x| < width`:
///
/// `g′(x) = max(α·width − α·|x|, 0)`
///
/// Primitive: with `u = clamp(x, −width, width)`, `g(x) = 1/2 + α·(width·u − u·|u|/2)`; the
/// triangle's mass is `α·width²` (0.3 with the defaults). Defaults `α = 0.3`, `width = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{ReluGrad, SurrogateGradient};
/// let f = ReluGrad::new(0.3, 1.0)?;
/// assert_eq!(f.spike(0.0), 1.0);
/// assert_eq!(f.grad(0.0), 0.3);
/// assert!((f.grad(0.5) - 0.15).abs() < 1e-15);
/// assert_eq!(f.grad(-2.0), 0.0);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReluGrad {
    alpha: f64,
    width: f64,
}

impl ReluGrad {
    /// A triangle with side slope `alpha` (finite, `> 0`) and half-width `width`
    /// (finite, `> 0`).
    pub fn new(alpha: f64, width: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)?, width: positive("width", width)? })
    }

    /// The slope `α` of the triangle's sides.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The half-width of the triangle.
    pub fn width(&self) -> f64 {
        self.width
    }
}

impl Default for ReluGrad {
    /// brainstate's defaults, `α = 0.3`, `width = 1`.
    fn default() -> Self {
        Self { alpha: 0.3, width: 1.0 }
    }
}

impl SurrogateGradient for ReluGrad {
    fn grad(&self, x: f64) -> f64 {
        (self.alpha * self.width - x.abs() * self.alpha).max(0.0)
    }

    fn primitive(&self, x: f64) -> f64 {
        let u = x.clamp(-self.width, self.width);
        0.5 + self.alpha * (self.width * u - u * u.abs() / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::ReluGrad;

    #[test]
    fn new_checks_its_parameters() {
        assert!(ReluGrad::new(0.5, 2.0).is_ok());
        assert_eq!(
            ReluGrad::new(0.3, -1.0).unwrap_err().to_string(),
            "invalid width: -1 (must be > 0)"
        );
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::ReluGrad::default().alpha(), 0.3);
    }

    #[test]
    fn width_as_given() {
        assert_eq!(crate::surrogate::ReluGrad::default().width(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(ReluGrad::default(), ReluGrad::new(0.3, 1.0)?);
        Ok(())
    }
}
