use super::SurrogateGradient;
use super::params::non_negative;
use crate::DynError;

/// The log-tailed ReLU surrogate (brainstate `LogTailedRelu`, `log_tailed_relu`;
/// Cai et al. 2017).
///
/// Forward: Heaviside. Gradient:
///
/// `g′(x) = 1/x` for `x > 1`, `1` for `0 < x ≤ 1`, `α` for `x ≤ 0`
///
/// Note that the threshold itself, `x = 0`, gets `α` (0 by default), not 1.
///
/// Primitive: `g(x) = 1 + ln x` for `x > 1`, `x` for `0 < x ≤ 1`, `αx` for `x ≤ 0`, with
/// `g(0) = 0`. brainstate's `surrogate_fun` uses `ln x` without the `1 +`, so it jumps by −1
/// at `x = 1`. Default `α = 0`.
///
/// ```
/// use neurodim_dyn::surrogate::{LogTailedRelu, SurrogateGradient};
/// let f = LogTailedRelu::new(0.0)?;
/// assert_eq!(f.grad(0.0), 0.0);
/// assert_eq!(f.grad(0.5), 1.0);
/// assert_eq!(f.grad(4.0), 0.25);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogTailedRelu {
    alpha: f64,
}

impl LogTailedRelu {
    /// A log-tailed ReLU surrogate with gradient `alpha` (finite, `>= 0`) for `x ≤ 0`.
    pub fn new(alpha: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: non_negative("alpha", alpha)? })
    }

    /// The gradient `α` for `x ≤ 0`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
}

impl Default for LogTailedRelu {
    /// brainstate's default, `α = 0`.
    fn default() -> Self {
        Self { alpha: 0.0 }
    }
}

impl SurrogateGradient for LogTailedRelu {
    fn grad(&self, x: f64) -> f64 {
        if x > 1.0 {
            1.0 / x
        } else if x > 0.0 {
            1.0
        } else {
            self.alpha
        }
    }

    fn primitive(&self, x: f64) -> f64 {
        if x > 1.0 {
            1.0 + x.ln()
        } else if x > 0.0 {
            x
        } else {
            self.alpha * x
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::LogTailedRelu;

    #[test]
    fn new_checks_its_parameters() {
        assert!(LogTailedRelu::new(0.0).is_ok());
        assert!(LogTailedRelu::new(-0.5).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::LogTailedRelu::default().alpha(), 0.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(LogTailedRelu::default(), LogTailedRelu::new(0.0)?);
        Ok(())
    }
}
