use crate::{StateError, StateValue, StreamRng, init::Initializer};

/// Every element equal to the given value (brainstate's `Constant`).
///
/// ```
/// use neurodim_state::{init::{Constant, Initializer}, StreamKey};
/// use neurodim_units::*;
/// let v = Constant(-65.0 * mV).values(&[3], &mut StreamKey::new(0, "V").rng())?;
/// assert_eq!(v, vec![-65.0 * mV; 3]);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Constant<T>(pub T);

impl<T: StateValue> Initializer<T> for Constant<T> {
    fn values(&self, shape: &[usize], _rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        Ok(vec![self.0; shape.iter().product()])
    }
}

/// Every element zero in SI units (brainstate's `ZeroInit`); for `bool` states, `false`.
///
/// ```
/// use neurodim_state::{init::{Zero, Initializer}, StreamKey};
/// use neurodim_units::*;
/// let g: Vec<Conductance> = Zero.values(&[2], &mut StreamKey::new(0, "g").rng())?;
/// assert_eq!(g, vec![0.0 * nS; 2]);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Zero;

impl<T: StateValue> Initializer<T> for Zero {
    fn values(&self, shape: &[usize], _rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        Ok(vec![T::from_si(0.0); shape.iter().product()])
    }
}
