use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The nonzero-sign-log surrogate (brainstate `NonzeroSignLog`, `nonzero_sign_log`).
///
/// Forward: Heaviside. Gradient:
///
/// `g′(x) = 1 / (1/α + |x|)`
///
/// It decays only as `1/|x|`, so its mass is infinite. Primitive (brainstate's
/// `surrogate_fun`): `g(x) = sign(x) · ln(1 + |αx|)`, with `g(0) = 0`. Default `α = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{NonzeroSignLog, SurrogateGradient};
/// let f = NonzeroSignLog::new(2.0)?;
/// assert_eq!(f.grad(0.0), 2.0);
/// assert_eq!(f.grad(-1.5), 0.5);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NonzeroSignLog {
    alpha: f64,
}

impl NonzeroSignLog {
    /// A nonzero-sign-log surrogate with peak gradient `alpha` (finite, `> 0`).
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: positive("alpha", alpha)? })
    }

    /// The peak gradient `α`, reached at `x = 0`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for NonzeroSignLog {
    /// brainstate's default, `α = 1`.
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

impl SurrogateGradient for NonzeroSignLog {
    fn grad(&self, x: f64) -> f64 {
        1.0 / (1.0 / self.alpha + x.abs())
    }

    fn primitive(&self, x: f64) -> f64 {
        (self.alpha * x).abs().ln_1p().copysign(x)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::NonzeroSignLog;

    #[test]
    fn new_checks_its_parameters() {
        assert!(NonzeroSignLog::new(1.0).is_ok());
        assert!(NonzeroSignLog::new(f64::INFINITY).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::NonzeroSignLog::default().alpha(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(NonzeroSignLog::default(), NonzeroSignLog::new(1.0)?);
        Ok(())
    }
}
