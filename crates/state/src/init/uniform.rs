use rand::RngExt;

use crate::{RealValue, StateError, StreamRng, init::Initializer, init::check};

/// Independent uniform draws on `[min, max)`: `x = min + (max − min) · u`, `u ~ U[0, 1)`
/// (brainstate's `Uniform(min_val, max_val)`).
///
/// ```
/// use neurodim_state::{init::{Initializer, Uniform}, StreamKey};
/// use neurodim_units::prelude::*;
/// let init = Uniform::new(-70.0 * mV, -50.0 * mV)?;
/// let v = init.values(&[100], &mut StreamKey::new(0, "V").rng())?;
/// assert!(v.iter().all(|&x| x >= -70.0 * mV && x < -50.0 * mV));
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uniform<T> {
    min: T,
    max: T,
}

impl<T: RealValue> Uniform<T> {
    /// A uniform initialiser; both bounds finite, `min < max`, and `max − min` finite.
    pub fn new(min: T, max: T) -> Result<Self, StateError> {
        let lo = check::finite("min", min)?;
        let hi = check::finite("max", max)?;
        if hi <= lo {
            return Err(check::invalid("max", max, "must be > min"));
        }
        if !(hi - lo).is_finite() {
            return Err(check::invalid(
                "max",
                max,
                "must be within f64 range of min (max − min finite)",
            ));
        }
        Ok(Uniform { min, max })
    }
}

impl<T: RealValue> Initializer<T> for Uniform<T> {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        let (lo, width) = (self.min.to_si(), self.max.to_si() - self.min.to_si());
        let n = check::element_count(shape)?;
        Ok((0..n).map(|_| T::from_si(lo + width * rng.random::<f64>())).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::init::Uniform;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_an_empty_interval() {
        let err = Uniform::new(1.0 * nS, 1.0 * nS).unwrap_err();
        assert_eq!(err.to_string(), "invalid max: 1 nS (must be > min)");
    }
}
