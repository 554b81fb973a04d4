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
    pub fn new(n: u32, t_period: f64) -> Result<Self, DynError> {
        if n < 2 {
            return Err(DynError::invalid("n", n, "must be >= 2"));
        }
        Ok(Self { n, t_period: positive("t_period", t_period)? })
    }

    /// One more than the number of harmonics, brainstate's `n`.
    pub fn n(&self) -> u32 {
        self.n
    }

    /// The period `T` of the square wave.
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
    fn default() -> Self {
        Self { n: 2, t_period: 8.0 }
    }
}

impl SquarewaveFourierSeries {
    /// `x`, or where the highest harmonic's phase `k·ω·x` would overflow (|x| near `f64::MAX`
    /// with a short period), `x mod T`: every harmonic has period `T/k`, so the series is the
    /// same there, and the phase stays finite (a phase of ∞ would make the cosines NaN).
    fn reduced(&self, x: f64) -> f64 {
        let highest = self.harmonics().last().unwrap_or(1.0);
        if (highest * (TAU / self.t_period) * x).is_finite() {
            x
        } else {
            x.rem_euclid(self.t_period)
        }
    }
}

impl SurrogateGradient for SquarewaveFourierSeries {
    fn grad(&self, x: f64) -> f64 {
        let (w, x) = (TAU / self.t_period, self.reduced(x));
        let sum: f64 = self.harmonics().map(|k| (k * w * x).cos()).sum();
        4.0 / self.t_period * sum
    }

    fn primitive(&self, x: f64) -> f64 {
        let (w, x) = (TAU / self.t_period, self.reduced(x));
        let sum: f64 = self.harmonics().map(|k| (k * w * x).sin() / k).sum();
        0.5 + 2.0 / PI * sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surrogate::SquarewaveFourierSeries;

    /// Near `f64::MAX` with a short period the phase `k·ω·x` overflows; the series is periodic
    /// in `T`, so it is evaluated at `x mod T` there (the case a property test found:
    /// `n = 7`, `T = 0.001`, `x = 1.587529832788581e308`). Elsewhere `x` is used as it is.
    #[test]
    fn huge_inputs_give_the_value_at_the_same_phase() {
        let f = SquarewaveFourierSeries::new(7, 0.001).unwrap();
        let x: f64 = 1.587529832788581e308;
        let r = x.rem_euclid(0.001);
        assert!(f.grad(x).is_finite() && f.primitive(x).is_finite());
        assert_eq!(f.grad(x).to_bits(), f.grad(r).to_bits());
        assert_eq!(f.primitive(x).to_bits(), f.primitive(r).to_bits());
        let w = TAU / 0.001;
        let direct: f64 = (1..7).map(|i| (f64::from(2 * i - 1) * w * 0.3).cos()).sum();
        assert_eq!(f.grad(0.3).to_bits(), (4.0 / 0.001 * direct).to_bits());
    }

    #[test]
    fn new_checks_its_parameters() {
        assert!(SquarewaveFourierSeries::new(4, 8.0).is_ok());
        assert_eq!(
            SquarewaveFourierSeries::new(1, 8.0).unwrap_err().to_string(),
            "invalid n: 1 (must be >= 2)"
        );
        assert!(SquarewaveFourierSeries::new(2, 0.0).is_err());
    }

    #[test]
    fn n_as_given() {
        assert_eq!(crate::surrogate::SquarewaveFourierSeries::default().n(), 2);
    }

    #[test]
    fn t_period_as_given() {
        assert_eq!(crate::surrogate::SquarewaveFourierSeries::default().t_period(), 8.0);
    }

    #[test]
    fn default_is_brainstates() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SquarewaveFourierSeries::default(), SquarewaveFourierSeries::new(2, 8.0)?);
        Ok(())
    }
}
