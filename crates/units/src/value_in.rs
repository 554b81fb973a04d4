use uom::si::{Dimension, Quantity, SI};

/// Reads a quantity out as a plain number in a chosen unit.
///
/// `x.value_in(mV)` is `x / (1 mV)`: the unit is one of the constants of
/// [`constants`](crate::constants) (or any quantity of the same dimension), so asking for a
/// voltage in milliseconds does not compile. uom's own `x.get::<millivolt>()` works too.
///
/// ```
/// use neurodim_units::prelude::*;
/// let v = -65.0 * mV;
/// assert_eq!(v.value_in(mV), -65.0);
/// assert_eq!(v.value_in(volt), -0.065);
/// ```
///
/// ```compile_fail
/// use neurodim_units::*;
/// let nonsense = (-65.0 * mV).value_in(ms);
/// ```
pub trait ValueIn: Copy {
    /// The value of `self` measured in `unit`.
    fn value_in(self, unit: Self) -> f64;
}

impl<D: Dimension + ?Sized> ValueIn for Quantity<D, SI<f64>, f64> {
    #[inline]
    fn value_in(self, unit: Self) -> f64 {
        self.value / unit.value
    }
}
