use core::fmt;

use uom::si::{Dimension, Quantity, SI};

use crate::{Dimensionless, UnitsError};

/// A probability: a checked `f64` in `[0, 1]`, the only number spike-generation kernels accept.
///
/// Made from a dimensionless [`Ratio`](crate::Ratio) such as `rate * dt` with `try_into`, or
/// from a bare number with [`Probability::new`]. NaN, negative values and values above 1 are
/// errors that name the value, so a rate too high for the time step (`p = 2`) is reported
/// instead of silently saturating.
///
/// ```
/// use neurodim_units::prelude::*;
///
/// let p: Probability = (20.0 * Hz * (0.1 * ms)).try_into()?;
/// assert!((p.get() - 0.002).abs() < 1e-18);
///
/// let too_fast: Result<Probability, _> = (20.0 * kHz * (0.1 * ms)).try_into();
/// assert_eq!(too_fast.unwrap_err().to_string(), "invalid probability: 2 (must lie in [0, 1])");
/// # Ok::<(), UnitsError>(())
/// ```
///
/// A rate times a voltage is not a probability, and says so at compile time:
///
/// ```compile_fail
/// use neurodim_units::*;
/// let p: Probability = (10.0 * Hz * (1.0 * mV)).try_into().unwrap();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Probability(f64);

impl Probability {
    /// Probability zero.
    pub const ZERO: Probability = Probability(0.0);
    /// Probability one.
    pub const ONE: Probability = Probability(1.0);

    /// A probability from a bare number; `p` must lie in `[0, 1]` (NaN is rejected).
    pub fn new(p: f64) -> Result<Self, UnitsError> {
        if (0.0..=1.0).contains(&p) {
            Ok(Probability(p))
        } else {
            Err(UnitsError::invalid("probability", p, "must lie in [0, 1]"))
        }
    }

    /// A probability from any dimensionless quantity, e.g. `rate * dt`.
    pub fn from_ratio<R: Dimensionless>(ratio: R) -> Result<Self, UnitsError> {
        Probability::new(ratio.dimensionless_value())
    }

    /// The value, in `[0, 1]`.
    #[inline]
    pub const fn get(self) -> f64 {
        self.0
    }

    /// `1 − p`, the probability of the complementary event.
    #[inline]
    pub fn complement(self) -> Probability {
        Probability(1.0 - self.0)
    }
}

/// `(rate * dt).try_into()`: any dimensionless quantity converts, checked; a quantity with a
/// dimension fails to compile with a message from [`Dimensionless`].
impl<D> TryFrom<Quantity<D, SI<f64>, f64>> for Probability
where
    D: Dimension + ?Sized,
    Quantity<D, SI<f64>, f64>: Dimensionless,
{
    type Error = UnitsError;

    fn try_from(ratio: Quantity<D, SI<f64>, f64>) -> Result<Self, UnitsError> {
        Probability::from_ratio(ratio)
    }
}

impl TryFrom<f64> for Probability {
    type Error = UnitsError;

    fn try_from(p: f64) -> Result<Self, UnitsError> {
        Probability::new(p)
    }
}

impl From<Probability> for f64 {
    fn from(p: Probability) -> f64 {
        p.0
    }
}

impl fmt::Display for Probability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl<'de> serde::Deserialize<'de> for Probability {
    fn deserialize<De: serde::Deserializer<'de>>(d: De) -> Result<Self, De::Error> {
        let p = f64::deserialize(d)?;
        Probability::new(p).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use crate::Probability;
    use crate::prelude::*;

    #[test]
    fn new_refuses_values_outside_0_1_and_nan() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Probability::new(0.25)?.get(), 0.25);
        assert!(Probability::new(-0.1).is_err());
        assert!(Probability::new(f64::NAN).is_err());
        Ok(())
    }

    #[test]
    fn from_a_rate_times_a_time() -> Result<(), Box<dyn std::error::Error>> {
        let p = Probability::from_ratio(5.0 * Hz * (1.0 * ms))?;
        assert!((p.get() - 0.005).abs() < 1e-18);
        Ok(())
    }

    #[test]
    fn one_is_one() {
        assert_eq!(Probability::ONE.get(), 1.0);
    }

    #[test]
    fn complement_of_a_quarter() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Probability::new(0.25)?.complement().get(), 0.75);
        Ok(())
    }
}
