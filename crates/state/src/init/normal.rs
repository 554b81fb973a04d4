use rand::RngExt;
use rand_distr::StandardNormal;

use crate::{RealValue, StateError, StreamRng, init::Initializer, init::check};

/// Independent normal draws, `x = mean + std · z` with `z ~ N(0, 1)` (brainstate's `Normal`;
/// the order is mean, then standard deviation). The mean and the standard deviation carry the
/// state's unit.
///
/// ```
/// use neurodim_state::{State, Shape, StreamKey, init::Normal};
/// use neurodim_units::prelude::*;
/// let mut v = State::hidden(Shape::vector(1000)?, Normal::new(-55.0 * mV, 2.0 * mV)?);
/// v.init(None, StreamKey::new(1, "E.V"))?;
/// let mean = v.values().iter().map(|x| x.value_in(mV)).sum::<f64>() / 1000.0;
/// assert!((mean + 55.0).abs() < 0.5); // 0.5 mV = 7.9 standard errors
/// assert!(Normal::new(-55.0 * mV, -2.0 * mV).is_err());
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normal<T> {
    mean: T,
    std: T,
}

impl<T: RealValue> Normal<T> {
    /// A normal initialiser; `mean` must be finite, `std` finite and `>= 0` (0 gives `mean`
    /// everywhere).
    pub fn new(mean: T, std: T) -> Result<Self, StateError> {
        check::finite("mean", mean)?;
        check::non_negative("std", std)?;
        Ok(Normal { mean, std })
    }

    /// The mean.
    pub fn mean(&self) -> T {
        self.mean
    }

    /// The standard deviation.
    pub fn std(&self) -> T {
        self.std
    }
}

impl<T: RealValue> Initializer<T> for Normal<T> {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        let (mean, std) = (self.mean.to_si(), self.std.to_si());
        let n = check::element_count(shape)?;
        Ok((0..n).map(|_| T::from_si(mean + std * rng.sample::<f64, _>(StandardNormal))).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::init::Normal;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_negative_std_and_nan() {
        let err = Normal::new(0.0 * mV, -1.0 * mV).unwrap_err();
        assert_eq!(err.to_string(), "invalid std: -1 mV (must be >= 0)");
        assert!(Normal::new(f64::NAN, 1.0).is_err());
    }

    #[test]
    fn mean_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Normal::new(1.0, 2.0)?.mean(), 1.0);
        Ok(())
    }

    #[test]
    fn std_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Normal::new(1.0, 2.0)?.std(), 2.0);
        Ok(())
    }
}
