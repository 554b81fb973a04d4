use super::SurrogateGradient;
use super::params::{non_negative, positive};
use crate::DynError;

/// The piecewise leaky-ReLU surrogate (brainstate `PiecewiseLeakyRelu`, `piecewise_leaky_relu`).
///
/// Forward: Heaviside. Gradient, a box with leaky sides:
///
/// `g′(x) = c` if `|x| > w`, else `1/w`
///
/// Primitive: with `u = clamp(x, −w, w)`, `g(x) = 1/2 + u/w + c·(x − u)`. The box has mass 2;
/// brainstate's `surrogate_fun` rises with slope `1/(2w)` instead, so it is not the
/// antiderivative of brainstate's own gradient. Defaults `c = 0.01`, `w = 1`.
///
/// ```
/// use neurodim_dyn::surrogate::{PiecewiseLeakyRelu, SurrogateGradient};
/// let f = PiecewiseLeakyRelu::new(0.01, 0.5)?;
/// assert_eq!(f.grad(0.4), 2.0); // 1/w inside
/// assert_eq!(f.grad(-0.6), 0.01); // c outside
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PiecewiseLeakyRelu {
    c: f64,
    w: f64,
}

impl PiecewiseLeakyRelu {
    /// A box of half-width `w` (finite, `> 0`) and height `1/w`, with gradient `c`
    /// (finite, `>= 0`) outside it.
    pub fn new(c: f64, w: f64) -> Result<Self, DynError> {
        Ok(Self { c: non_negative("c", c)?, w: positive("w", w)? })
    }

    /// The gradient `c` outside the box.
    pub fn c(&self) -> f64 {
        self.c
    }

    /// The half-width `w` of the box.
    pub fn w(&self) -> f64 {
        self.w
    }
}

impl Default for PiecewiseLeakyRelu {
    /// brainstate's defaults, `c = 0.01`, `w = 1`.
    fn default() -> Self {
        Self { c: 0.01, w: 1.0 }
    }
}

impl SurrogateGradient for PiecewiseLeakyRelu {
    fn grad(&self, x: f64) -> f64 {
        if x.abs() > self.w { self.c } else { 1.0 / self.w }
    }

    fn primitive(&self, x: f64) -> f64 {
        let u = x.clamp(-self.w, self.w);
        0.5 + u / self.w + self.c * (x - u)
    }
}

#[cfg(test)]
mod tests {
    use crate::surrogate::PiecewiseLeakyRelu;

    #[test]
    fn new_checks_its_parameters() {
        assert!(PiecewiseLeakyRelu::new(0.0, 1.0).is_ok());
        assert_eq!(
            PiecewiseLeakyRelu::new(-0.1, 1.0).unwrap_err().to_string(),
            "invalid c: -0.1 (must be >= 0)"
        );
        assert!(PiecewiseLeakyRelu::new(0.01, 0.0).is_err());
    }

    #[test]
    fn c_as_given() {
        assert_eq!(crate::surrogate::PiecewiseLeakyRelu::default().c(), 0.01);
    }

    #[test]
    fn w_as_given() {
        assert_eq!(crate::surrogate::PiecewiseLeakyRelu::default().w(), 1.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PiecewiseLeakyRelu::default(), PiecewiseLeakyRelu::new(0.01, 1.0)?);
        Ok(())
    }
}
