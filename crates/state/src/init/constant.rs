use crate::{StateError, StateValue, StreamRng, init::Initializer, init::check};

/// Every element equal to the given value (brainstate's `Constant`).
///
/// The value must be finite. Since the field is public there is no constructor to check it,
/// so [`values`](Initializer::values) does: a NaN or infinite constant is an error at
/// `init_all`, naming the value and the rule, instead of a state that is non-finite from the
/// first step.
///
/// ```
/// use neurodim_state::{init::{Constant, Initializer}, StreamKey};
/// use neurodim_units::prelude::*;
/// let v = Constant(-65.0 * mV).values(&[3], &mut StreamKey::new(0, "V").rng())?;
/// assert_eq!(v, vec![-65.0 * mV; 3]);
/// let err = Constant(f64::NAN * mV).values(&[3], &mut StreamKey::new(0, "V").rng()).unwrap_err();
/// assert_eq!(err.to_string(), "invalid Constant: NaN mV (must be finite)");
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Constant<T>(pub T);

impl<T: StateValue> Initializer<T> for Constant<T> {
    fn values(&self, shape: &[usize], _rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        // Booleans are always 0 or 1; only a real value can be non-finite.
        if !self.0.to_si().is_finite() {
            return Err(check::invalid("Constant", self.0, "must be finite"));
        }
        Ok(vec![self.0; check::element_count(shape)?])
    }
}

/// Every element zero in SI units (brainstate's `ZeroInit`); for `bool` states, `false`.
///
/// ```
/// use neurodim_state::{init::{Zero, Initializer}, StreamKey};
/// use neurodim_units::prelude::*;
/// let g: Vec<Conductance> = Zero.values(&[2], &mut StreamKey::new(0, "g").rng())?;
/// assert_eq!(g, vec![0.0 * nS; 2]);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Zero;

impl<T: StateValue> Initializer<T> for Zero {
    fn values(&self, shape: &[usize], _rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        Ok(vec![T::from_si(0.0); check::element_count(shape)?])
    }
}
