//! Learnable parameters: param states that never take a batch axis.

use neurodim_state::{
    AnyState, Shape, State, StateError, StateKind, StateValue, StreamKey, ValueType,
    init::Initializer,
};

/// A param state (a weight matrix, a bias vector) that keeps its own shape whatever batch size
/// [`init_all`](neurodim_state::init_all) is given: a batch runs many trials through the same
/// weights, as in brainstate, where parameters are created without the batch axis.
///
/// `init_all` draws its values from the stream of its own path; `reset_all` leaves them alone.
#[derive(Debug, Clone)]
pub(crate) struct ParamState<T: StateValue>(State<T>);

impl<T: StateValue> ParamState<T> {
    /// A param of `shape`, filled by `initializer` at init.
    pub(crate) fn new(shape: Shape, initializer: impl Initializer<T> + 'static) -> Self {
        ParamState(State::param(shape, initializer))
    }

    /// The values, row-major (empty before init).
    #[inline]
    pub(crate) fn values(&self) -> &[T] {
        self.0.values()
    }

    /// The values, mutable.
    #[inline]
    pub(crate) fn values_mut(&mut self) -> &mut [T] {
        self.0.values_mut()
    }
}

impl<T: StateValue> AnyState for ParamState<T> {
    fn kind(&self) -> StateKind {
        StateKind::Param
    }

    fn value_type(&self) -> ValueType {
        T::VALUE_TYPE
    }

    fn full_shape(&self) -> Vec<usize> {
        self.0.full_shape()
    }

    fn init(&mut self, _batch: Option<usize>, key: StreamKey) -> Result<(), StateError> {
        self.0.init(None, key)
    }

    fn reset(&mut self) -> Result<(), StateError> {
        self.0.reset()
    }

    fn to_si(&self) -> Vec<f64> {
        AnyState::to_si(&self.0)
    }

    fn load_si(&mut self, values: &[f64]) -> Result<(), StateError> {
        self.0.load_si(values)
    }
}
