use super::SurrogateGradient;
use super::params::{non_negative, positive};
use crate::DynError;

/// The leaky-ReLU surrogate (brainstate `LeakyRelu`, `leaky_relu`).
///
/// Forward: Heaviside. Gradient, a step:
///
/// `g′(x) = α` for `x < 0`, `β` for `x ≥ 0`
///
/// Primitive (brainstate's `surrogate_fun`): `g(x) = αx` for `x < 0`, `βx` for `x ≥ 0`, with
/// `g(0) = 0`. Defaults `α = 0.1`, `β = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{LeakyRelu, SurrogateGradient};
/// let f = LeakyRelu::new(0.1, 1.0)?;
/// assert_eq!(f.grad(-3.0), 0.1);
/// assert_eq!(f.grad(0.0), 1.0);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeakyRelu {
    alpha: f64,
    beta: f64,
}

impl LeakyRelu {
    /// A leaky-ReLU surrogate with gradient `alpha` (finite, `>= 0`) below the threshold and
    /// `beta` (finite, `> 0`) at and above it.
    pub fn new(alpha: f64, beta: f64) -> Result<Self, DynError> {
        Ok(Self { alpha: non_negative("alpha", alpha)?, beta: positive("beta", beta)? })
    }

    /// The gradient `α` for `x < 0`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The gradient `β` for `x ≥ 0`.
    pub fn beta(&self) -> f64 {
        self.beta
    }
}

impl Default for LeakyRelu {
    /// brainstate's defaults, `α = 0.1`, `β = 1`.
    fn default() -> Self {
        Self { alpha: 0.1, beta: 1.0 }
    }
}

impl SurrogateGradient for LeakyRelu {
    fn grad(&self, x: f64) -> f64 {
        if x < 0.0 { self.alpha } else { self.beta }
    }

    fn primitive(&self, x: f64) -> f64 {
        if x < 0.0 { self.alpha * x } else { self.beta * x }
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::LeakyRelu;

    #[test]
    fn new_checks_its_parameters() {
        assert!(LeakyRelu::new(0.0, 1.0).is_ok());
        assert!(LeakyRelu::new(-0.1, 1.0).is_err());
        assert!(LeakyRelu::new(0.1, 0.0).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::LeakyRelu::default().alpha(), 0.1);
    }

    #[test]
    fn beta_as_given() {
        assert_eq!(crate::surrogate::LeakyRelu::default().beta(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(LeakyRelu::default(), LeakyRelu::new(0.1, 1.0)?);
        Ok(())
    }
}
