use core::f64::consts::{PI, SQRT_2};

use super::SurrogateGradient;
use super::params::{non_negative, positive};
use crate::DynError;

/// The multi-Gaussian surrogate (brainstate `MultiGaussianGrad`, `multi_gaussian_grad`; Yin,
/// Corradi & Bohté 2021).
///
/// Forward: Heaviside. Gradient, a central Gaussian minus two wide side lobes, with
/// `N(x; μ, τ) = exp(−(x − μ)²/(2τ²)) / (√(2π) τ)`:
///
/// `g′(x) = scale · [(1 + h) · N(x; 0, σ) − h · N(x; σ, sσ) − h · N(x; −σ, sσ)]`
///
/// The side lobes are wider than the centre (`s > 1`), so the gradient is negative in the tails.
///
/// Primitive: `g(x) = 1/2 + scale/2 · [(1 + h) · erf(x/(σ√2)) − h · erf((x − σ)/(sσ√2))
/// − h · erf((x + σ)/(sσ√2))]`. Defaults `h = 0.15`, `s = 6`, `σ = 0.5`, `scale = 0.5`.
///
/// ```
/// use neurodim_dyn::surrogate::{MultiGaussianGrad, SurrogateGradient};
/// let f = MultiGaussianGrad::default();
/// assert!(f.grad(0.0) > 0.0);
/// assert!(f.grad(3.0) < 0.0); // the wide negative lobes win in the tails
/// assert_eq!(f.primitive(0.0), 0.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MultiGaussianGrad {
    h: f64,
    s: f64,
    sigma: f64,
    scale: f64,
}

impl MultiGaussianGrad {
    /// A multi-Gaussian surrogate with side-lobe weight `h` (finite, `>= 0`), side-lobe width
    /// ratio `s` (finite, `> 0`), central width `sigma` (finite, `> 0`) and overall `scale`
    /// (finite, `> 0`); the argument order is brainstate's.
    pub fn new(h: f64, s: f64, sigma: f64, scale: f64) -> Result<Self, DynError> {
        Ok(Self {
            h: non_negative("h", h)?,
            s: positive("s", s)?,
            sigma: positive("sigma", sigma)?,
            scale: positive("scale", scale)?,
        })
    }

    /// The weight `h` of the negative side lobes.
    pub fn h(&self) -> f64 {
        self.h
    }

    /// The width of the side lobes relative to the centre, `s`.
    pub fn s(&self) -> f64 {
        self.s
    }

    /// The standard deviation `σ` of the central Gaussian (and the offset of the side lobes).
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// The overall scale of the gradient.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Default for MultiGaussianGrad {
    /// brainstate's defaults, `h = 0.15`, `s = 6`, `σ = 0.5`, `scale = 0.5`.
    fn default() -> Self {
        Self { h: 0.15, s: 6.0, sigma: 0.5, scale: 0.5 }
    }
}

/// The normal density `N(x; mean, sd)`.
fn normal_density(x: f64, mean: f64, sd: f64) -> f64 {
    // ((x − mean)/sd)² rather than (x − mean)²/sd², which is 0/0 at x = mean for a tiny sd.
    let z = (x - mean) / sd;
    (-z * z / 2.0).exp() / ((2.0 * PI).sqrt() * sd)
}

/// The normal cumulative distribution shifted to be odd about the mean:
/// `∫_mean^x N(t; mean, sd) dt = erf((x − mean)/(sd√2))/2`.
fn half_erf(x: f64, mean: f64, sd: f64) -> f64 {
    libm::erf((x - mean) / (sd * SQRT_2)) / 2.0
}

impl SurrogateGradient for MultiGaussianGrad {
    fn grad(&self, x: f64) -> f64 {
        let (h, wide) = (self.h, self.s * self.sigma);
        let centre = normal_density(x, 0.0, self.sigma);
        let lobes = normal_density(x, self.sigma, wide) + normal_density(x, -self.sigma, wide);
        self.scale * (centre * (1.0 + h) - h * lobes)
    }

    fn primitive(&self, x: f64) -> f64 {
        let (h, wide) = (self.h, self.s * self.sigma);
        let centre = half_erf(x, 0.0, self.sigma);
        let lobes = half_erf(x, self.sigma, wide) + half_erf(x, -self.sigma, wide);
        0.5 + self.scale * (centre * (1.0 + h) - h * lobes)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::MultiGaussianGrad;

    #[test]
    fn new_checks_its_parameters() {
        assert!(MultiGaussianGrad::new(0.0, 6.0, 0.5, 0.5).is_ok());
        assert!(MultiGaussianGrad::new(-0.1, 6.0, 0.5, 0.5).is_err());
        assert!(MultiGaussianGrad::new(0.15, 0.0, 0.5, 0.5).is_err());
    }

    #[test]
    fn h_as_given() {
        assert_eq!(crate::surrogate::MultiGaussianGrad::default().h(), 0.15);
    }

    #[test]
    fn s_as_given() {
        assert_eq!(crate::surrogate::MultiGaussianGrad::default().s(), 6.0);
    }

    #[test]
    fn sigma_as_given() {
        assert_eq!(crate::surrogate::MultiGaussianGrad::default().sigma(), 0.5);
    }

    #[test]
    fn scale_as_given() {
        assert_eq!(crate::surrogate::MultiGaussianGrad::default().scale(), 0.5);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(MultiGaussianGrad::default(), MultiGaussianGrad::new(0.15, 6.0, 0.5, 0.5)?);
        Ok(())
    }
}
