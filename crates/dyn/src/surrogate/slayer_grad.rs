use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The SLAYER surrogate (brainstate `SlayerGrad`, `slayer_grad`; Shrestha & Orchard 2018).
///
/// Forward: Heaviside. Gradient:
///
/// `g′(x) = e^(−α|x|)`
///
/// Primitive: `g(x) = 1/2 + sign(x) · (1 − e^(−α|x|))/α`; the mass is `2/α`. Default `α = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{SlayerGrad, SurrogateGradient};
/// let f = SlayerGrad::new(2.0)?;
/// assert_eq!(f.grad(0.0), 1.0);
/// assert_eq!(f.grad(-0.5), (-1.0f64).exp());
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlayerGrad {
    alpha: f64,
}

impl SlayerGrad {
    /// A SLAYER surrogate of decay rate `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The decay rate `α`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for SlayerGrad {
    /// brainstate's default, `α = 1`.
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

impl SurrogateGradient for SlayerGrad {
    fn grad(&self, x: f64) -> f64 {
        (-self.alpha * x.abs()).exp()
    }

    fn primitive(&self, x: f64) -> f64 {
        // −expm1 keeps precision near x = 0, where 1 − e^(−α|x|) cancels.
        0.5 + (-(-self.alpha * x.abs()).exp_m1() / self.alpha).copysign(x)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::SlayerGrad;

    #[test]
    fn new_checks_its_parameters() {
        assert!(SlayerGrad::new(1.0).is_ok());
        assert!(SlayerGrad::new(-2.0).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::SlayerGrad::default().alpha(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SlayerGrad::default(), SlayerGrad::new(1.0)?);
        Ok(())
    }
}
