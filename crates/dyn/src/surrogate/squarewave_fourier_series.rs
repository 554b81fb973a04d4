use core::f64::consts::{PI, TAU};

use super::SurrogateGradient;
use super::params::positive;
use crate::DynError;

/// The square-wave Fourier-series surrogate (brainstate `SquarewaveFourierSeries`,
/// `squarewave_fourier_series`).
///
/// Forward: Heaviside. Gradient, with `ω = 2π/T`:
///
/// `g′(x) = 4/T · [cos(ωx) + Σ_{i=2}^{n−1} cos((2i − 1)ωx)]`
///
/// that is, the first `n − 1` odd harmonics (brainstate's loop is `range(2, n)`, so the default
/// `n = 2` keeps only `cos(ωx)`). The gradient is periodic and takes negative values.
///
/// Primitive (brainstate's `surrogate_fun`):
/// `g(x) = 1/2 + 2/π · [sin(ωx) + Σ_{i=2}^{n−1} sin((2i − 1)ωx)/(2i − 1)]`, the truncated
/// Fourier series of a square wave. Defaults `n = 2`, `T = 8`.
///
/// ```
/// use neurodim_dyn::surrogate::{SquarewaveFourierSeries, SurrogateGradient};
/// let f = SquarewaveFourierSeries::new(2, 8.0)?;
/// assert_eq!(f.grad(0.0), 0.5); // 4/T
/// assert!(f.grad(2.0).abs() < 1e-16); // cos(π/2)
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SquarewaveFourierSeries {
    n: u32,
    t_period: f64,
}

impl SquarewaveFourierSeries {
    /// A series with `n − 1` odd harmonics (`n >= 2`) of the period `t_period` (finite, `> 0`).
    ///
    /// brainstate accepts `n < 2` and then computes the same thing as `n = 2`; neurodim
    /// rejects it, since such an `n` cannot mean what it says.
    ///
    /// ```
    /// use neurodim_dyn::surrogate::SquarewaveFourierSeries;
    /// assert!(SquarewaveFourierSeries::new(4, 8.0).is_ok());
    /// assert_eq!(
    ///     SquarewaveFourierSeries::new(1, 8.0).unwrap_err().to_string(),
    ///     "invalid n: 1 (must be >= 2)"
    /// );
    /// assert!(SquarewaveFourierSeries::new(2, 0.0).is_err());
    /// ```
    pub fn new(n: u32, t_period: f64) -> Result<Self, DynError> {
        if n < 2 {
            return Err(DynError::invalid("n", n, "must be >= 2"));
        }
        Ok(Self { n, t_period: positive("t_period", t_period)? })
    }

    /// One more than the number of harmonics, brainstate's `n`.
    ///
    /// ```
    /// assert_eq!(neurodim_dyn::surrogate::SquarewaveFourierSeries::default().n(), 2);
    /// ```
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The period `T` of the square wave.
    ///
    /// ```
    /// assert_eq!(neurodim_dyn::surrogate::SquarewaveFourierSeries::default().t_period(), 8.0);
    /// ```
    pub fn t_period(&self) -> f64 {
        self.t_period
    }

    /// The odd harmonic numbers `1, 3, 5, …, 2n − 3` that the series sums over.
    fn harmonics(&self) -> impl Iterator<Item = f64> {
        (1..self.n).map(|i| f64::from(2 * i - 1))
    }
}

impl Default for SquarewaveFourierSeries {
    /// brainstate's defaults, `n = 2`, `T = 8`.
    ///
    /// ```
    /// use neurodim_dyn::surrogate::SquarewaveFourierSeries;
    /// assert_eq!(SquarewaveFourierSeries::default(), SquarewaveFourierSeries::new(2, 8.0)?);
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    fn default() -> Self {
        Self { n: 2, t_period: 8.0 }
    }
}

impl SurrogateGradient for SquarewaveFourierSeries {
    fn grad(&self, x: f64) -> f64 {
        let w = TAU / self.t_period;
        let sum: f64 = self.harmonics().map(|k| (k * w * x).cos()).sum();
        4.0 / self.t_period * sum
    }

    fn primitive(&self, x: f64) -> f64 {
        let w = TAU / self.t_period;
        let sum: f64 = self.harmonics().map(|k| (k * w * x).sin() / k).sum();
        0.5 + 2.0 / PI * sum
    }
}
