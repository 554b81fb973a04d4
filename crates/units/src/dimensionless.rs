use crate::quantities::Ratio;

/// A quantity without physical dimension: the only kind that may become a
/// [`Probability`](crate::Probability).
///
/// It exists for its compile error. `(rate * dt).try_into()` for a `Probability` requires the
/// product to be dimensionless; when a unit is wrong, the compiler prints the message below
/// instead of uom's list of dimension exponents.
///
/// ```
/// use neurodim_units::prelude::*;
/// assert_eq!((5.0 * Hz * (2.0 * ms)).dimensionless_value(), 0.01);
/// ```
///
/// ```compile_fail
/// use neurodim_units::*;
/// // a frequency times a voltage is not a probability
/// let p: Probability = (5.0 * Hz * (2.0 * mV)).try_into().unwrap();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has a physical dimension, so it cannot be used as a dimensionless number",
    label = "not dimensionless",
    note = "a probability is a rate times a time step, e.g. `(10.0 * Hz * dt).try_into()?`: check that the factors are a Frequency and a Time",
    note = "for a bare number use `Probability::new(p)?`"
)]
pub trait Dimensionless: Copy {
    /// The plain number, e.g. `0.01` for `5 Hz · 2 ms`.
    fn dimensionless_value(self) -> f64;
}

impl Dimensionless for Ratio {
    #[inline]
    fn dimensionless_value(self) -> f64 {
        self.value
    }
}
