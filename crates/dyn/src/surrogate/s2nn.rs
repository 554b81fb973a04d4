use super::SurrogateGradient;
use super::params::{non_negative, positive};
use super::sigmoid::logistic;
use crate::DynError;

/// The S2NN surrogate (brainstate `S2NN`, `s2nn`; Suetake et al. 2022).
///
/// Forward: Heaviside. Gradient, a sigmoid bump on the left and a slow `1/x` tail on the
/// right, with `σ(z) = 1/(1 + e^(−z))`:
///
/// `g′(x) = α · σ(αx) · (1 − σ(αx))` for `x < 0`, `β / (x + 1)` for `x ≥ 0`
///
/// Primitive (brainstate's `surrogate_fun`): `g(x) = σ(αx)` for `x < 0`,
/// `β · ln(x + 1 + ε) + 1/2` for `x ≥ 0`. `ε` only guards that logarithm; it makes the
/// primitive step by `β·ln(1 + ε) ≈ βε` at 0 and its slope on the right `β/(x + 1 + ε)`, within
/// a relative `ε` of the gradient. Defaults
/// `α = 4`, `β = 1`, `ε = 1e-8`.
///
/// ```
/// use neurodim_dyn::surrogate::{S2nn, SurrogateGradient};
/// let f = S2nn::new(4.0, 1.0, 1e-8)?;
/// assert_eq!(f.grad(-0.0), 1.0); // −0 is not < 0: β/(0 + 1)
/// assert_eq!(f.grad(1.0), 0.5);
/// assert_eq!(f.grad(-1e-300), 1.0); // α/4 on the left
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct S2nn {
    alpha: f64,
    beta: f64,
    epsilon: f64,
}

impl S2nn {
    /// An S2NN surrogate with left steepness `alpha` (finite, `> 0`), right scale `beta`
    /// (finite, `> 0`) and logarithm guard `epsilon` (finite, `>= 0`).
    pub fn new(alpha: f64, beta: f64, epsilon: f64) -> Result<Self, DynError> {
        Ok(Self {
            alpha: positive("alpha", alpha)?,
            beta: positive("beta", beta)?,
            epsilon: non_negative("epsilon", epsilon)?,
        })
    }

    /// The steepness `α` of the sigmoid bump for `x < 0`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The scale `β` of the `β/(x + 1)` tail for `x ≥ 0`.
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// The guard `ε` inside the primitive's logarithm.
    pub fn epsilon(&self) -> f64 {
        self.epsilon
    }
}

impl Default for S2nn {
    /// brainstate's defaults, `α = 4`, `β = 1`, `ε = 1e-8`.
    fn default() -> Self {
        Self { alpha: 4.0, beta: 1.0, epsilon: 1e-8 }
    }
}

impl SurrogateGradient for S2nn {
    fn grad(&self, x: f64) -> f64 {
        if x < 0.0 {
            let s = logistic(self.alpha * x);
            self.alpha * s * (1.0 - s)
        } else {
            self.beta / (x + 1.0)
        }
    }

    fn primitive(&self, x: f64) -> f64 {
        if x < 0.0 {
            logistic(self.alpha * x)
        } else {
            self.beta * (x + 1.0 + self.epsilon).ln() + 0.5
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::S2nn;

    #[test]
    fn new_checks_its_parameters() {
        assert!(S2nn::new(4.0, 1.0, 0.0).is_ok());
        assert!(S2nn::new(4.0, 0.0, 1e-8).is_err());
        assert!(S2nn::new(4.0, 1.0, -1e-8).is_err());
    }

    #[test]
    fn alpha_as_given() {
        assert_eq!(crate::surrogate::S2nn::default().alpha(), 4.0);
    }

    #[test]
    fn beta_as_given() {
        assert_eq!(crate::surrogate::S2nn::default().beta(), 1.0);
    }

    #[test]
    fn epsilon_as_given() {
        assert_eq!(crate::surrogate::S2nn::default().epsilon(), 1e-8);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(S2nn::default(), S2nn::new(4.0, 1.0, 1e-8)?);
        Ok(())
    }
}
