use std::sync::Arc;

use crate::{
    Shape, StateError, StateKind, StateValue, StreamKey, ValueType, check_batch,
    init::{Initializer, initial_values},
};

/// One state of a model: a kind, a population shape, an initialiser, and — once
/// [`init_all`](crate::init_all) has run — its values, `[batch, ..shape]` flat and contiguous.
///
/// A state remembers its initialiser and the random stream it was initialised from, so
/// [`reset_all`](crate::reset_all) restores exactly the initial values of hidden and
/// short-term states.
///
/// ```
/// use neurodim_state::{State, Shape, StateKind, init::Constant, StreamKey};
/// use neurodim_units::prelude::*;
///
/// let mut v = State::hidden(Shape::vector(3)?, Constant(-65.0 * mV));
/// assert!(v.values().is_empty()); // no values before init
/// v.init(Some(2), StreamKey::new(0, "V"))?;
/// assert_eq!(v.full_shape(), vec![2, 3]);
/// assert_eq!(v.values(), &[-65.0 * mV; 6]);
/// v.values_mut()[0] = -50.0 * mV;
/// v.reset()?;
/// assert_eq!(v.values()[0], -65.0 * mV);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone)]
pub struct State<T: StateValue> {
    kind: StateKind,
    shape: Shape,
    initializer: Arc<dyn Initializer<T>>,
    batch: Option<usize>,
    key: Option<StreamKey>,
    values: Vec<T>,
}

impl<T: StateValue> State<T> {
    /// A state of `kind` over a population of `shape`, initialised by `initializer`.
    pub fn new(kind: StateKind, shape: Shape, initializer: impl Initializer<T> + 'static) -> Self {
        State {
            kind,
            shape,
            initializer: Arc::new(initializer),
            batch: None,
            key: None,
            values: Vec::new(),
        }
    }

    /// A state whose initialiser is shared (e.g. one given once and stored in another
    /// precision by [`Precision::stored_initializer`](crate::Precision::stored_initializer)).
    pub fn shared(kind: StateKind, shape: Shape, initializer: Arc<dyn Initializer<T>>) -> Self {
        State { kind, shape, initializer, batch: None, key: None, values: Vec::new() }
    }

    /// A hidden state (a dynamical variable such as V or g).
    pub fn hidden(shape: Shape, initializer: impl Initializer<T> + 'static) -> Self {
        State::new(StateKind::Hidden, shape, initializer)
    }

    /// A short-term state (a per-step value such as the last spike time).
    pub fn short_term(shape: Shape, initializer: impl Initializer<T> + 'static) -> Self {
        State::new(StateKind::ShortTerm, shape, initializer)
    }

    /// A long-term state (a statistic that survives resets).
    pub fn long_term(shape: Shape, initializer: impl Initializer<T> + 'static) -> Self {
        State::new(StateKind::LongTerm, shape, initializer)
    }

    /// A param state (a learnable weight).
    pub fn param(shape: Shape, initializer: impl Initializer<T> + 'static) -> Self {
        State::new(StateKind::Param, shape, initializer)
    }

    /// Allocates and fills the values for an optional batch, drawing from the stream `key`.
    ///
    /// Param states ignore the batch: a weight is shared by every item of a batch, as in
    /// brainstate, where only `init_state(batch_size)` states get the batch axis.
    pub fn init(&mut self, batch: Option<usize>, key: StreamKey) -> Result<(), StateError> {
        let batch = check_batch(batch)?.filter(|_| self.kind != StateKind::Param);
        let full = self.shape.with_batch(batch);
        self.values = initial_values(self.initializer.as_ref(), &full, key)?;
        self.batch = batch;
        self.key = Some(key);
        Ok(())
    }

    /// Restores the initial values (same initialiser, same stream, same batch).
    pub fn reset(&mut self) -> Result<(), StateError> {
        match self.key {
            Some(key) => self.init(self.batch, key),
            None => Err(StateError::Uninitialised { path: format!("{:?} state", self.kind) }),
        }
    }

    /// The kind.
    pub fn kind(&self) -> StateKind {
        self.kind
    }

    /// The population shape (without the batch axis).
    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// The batch size given at init, if any.
    pub fn batch(&self) -> Option<usize> {
        self.batch
    }

    /// The full shape, `[batch, ..shape]` or `shape`.
    pub fn full_shape(&self) -> Vec<usize> {
        self.shape.with_batch(self.batch)
    }

    /// The values, flat and row-major (empty before init).
    #[inline]
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// The values, mutable.
    #[inline]
    pub fn values_mut(&mut self) -> &mut [T] {
        &mut self.values
    }

    /// Replaces all values; the length must equal that of the full shape.
    pub fn set_values(&mut self, values: Vec<T>) -> Result<(), StateError> {
        let expected: usize = self.full_shape().iter().product();
        if values.len() != expected {
            return Err(StateError::LengthMismatch {
                what: "state values".into(),
                expected,
                found: values.len(),
            });
        }
        self.values = values;
        Ok(())
    }
}

/// A state seen without its value type: what the generic functions (init, reset, listing,
/// checkpoints) work with. [`State`] implements it; so can any other container.
///
/// See [`for_each_state`](crate::for_each_state) for an example.
pub trait AnyState {
    /// The kind.
    fn kind(&self) -> StateKind;
    /// The value type and SI dimension.
    fn value_type(&self) -> ValueType;
    /// The full shape (with the batch axis if any).
    fn full_shape(&self) -> Vec<usize>;
    /// Allocates and fills the values for an optional batch from the stream `key`.
    fn init(&mut self, batch: Option<usize>, key: StreamKey) -> Result<(), StateError>;
    /// Restores the initial values.
    fn reset(&mut self) -> Result<(), StateError>;
    /// The values as `f64` in SI base units (booleans as 0/1; a
    /// [`StreamState`](crate::StreamState) gives its position as eight 32-bit integers).
    fn to_si(&self) -> Vec<f64>;
    /// The value at flat position `index` of [`to_si`](AnyState::to_si), without building the
    /// whole vector; `None` past the end. Monitors read a few values per sample this way.
    fn si_at(&self, index: usize) -> Option<f64> {
        self.to_si().get(index).copied()
    }
    /// Replaces the values from `f64` in SI base units (as [`to_si`](AnyState::to_si) gives
    /// them); the length must match the full shape.
    fn load_si(&mut self, values: &[f64]) -> Result<(), StateError>;
}

impl<T: StateValue> AnyState for State<T> {
    fn kind(&self) -> StateKind {
        self.kind
    }

    fn value_type(&self) -> ValueType {
        T::VALUE_TYPE
    }

    fn full_shape(&self) -> Vec<usize> {
        State::full_shape(self)
    }

    fn init(&mut self, batch: Option<usize>, key: StreamKey) -> Result<(), StateError> {
        State::init(self, batch, key)
    }

    fn reset(&mut self) -> Result<(), StateError> {
        State::reset(self)
    }

    fn to_si(&self) -> Vec<f64> {
        self.values.iter().map(|v| v.to_si()).collect()
    }

    #[inline]
    fn si_at(&self, index: usize) -> Option<f64> {
        self.values.get(index).map(|v| v.to_si())
    }

    fn load_si(&mut self, values: &[f64]) -> Result<(), StateError> {
        self.set_values(values.iter().map(|&x| T::from_si(x)).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::init::{Constant, Initializer, Zero};
    use crate::{AnyState, Shape, State, StateKind, StreamKey};
    use neurodim_units::prelude::*;
    use std::sync::Arc;

    #[test]
    fn shared_initializer() -> Result<(), Box<dyn std::error::Error>> {
        let init: Arc<dyn Initializer<Voltage>> = Arc::new(Constant(-65.0 * mV));
        let mut v = State::shared(StateKind::Hidden, Shape::vector(2)?, init);
        v.init(None, StreamKey::new(0, "V"))?;
        assert_eq!(v.values(), &[-65.0 * mV; 2]);
        Ok(())
    }

    #[test]
    fn set_values_checks_the_length() -> Result<(), Box<dyn std::error::Error>> {
        let mut g = State::hidden(Shape::vector(2)?, Zero);
        g.init(None, StreamKey::new(0, "g"))?;
        g.set_values(vec![1.0 * nS, 2.0 * nS])?;
        assert!(g.set_values(vec![1.0 * nS]).is_err());
        Ok(())
    }

    #[test]
    fn si_at_within_the_values() -> Result<(), Box<dyn std::error::Error>> {
        let mut v = State::hidden(Shape::vector(2)?, Constant(-65.0 * mV));
        v.init(None, StreamKey::new(0, "V"))?;
        assert_eq!(v.si_at(1), Some(-0.065));
        assert_eq!(v.si_at(2), None);
        Ok(())
    }
}
