//! The options every recurrent cell takes: its initialisers and its activation.

use std::sync::Arc;

use neurodim_state::{StateError, StreamRng, init::Initializer};

use crate::rate::Activation;

/// An initialiser shared by several states of one cell (a cell's weight initialiser fills each
/// of its weight matrices).
#[derive(Debug, Clone)]
pub(crate) struct SharedInit(Arc<dyn Initializer<f64>>);

impl SharedInit {
    pub(crate) fn new(init: impl Initializer<f64> + 'static) -> Self {
        SharedInit(Arc::new(init))
    }
}

impl Initializer<f64> for SharedInit {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<f64>, StateError> {
        self.0.values(shape, rng)
    }
}

/// What may be chosen when building a recurrent cell, each left to the cell's brainstate
/// default when not set: the weight initialiser `w_init`, the bias initialiser `b_init`, the
/// initialiser of the hidden states `state_init` (brainstate's `ZeroInit()` for every cell),
/// and the activation.
///
/// ```
/// use neurodim_dyn::rate::{Activation, CellOptions, GruCell, RnnCell};
/// use neurodim_state::{init::Constant, init_all};
///
/// let options = CellOptions::new().w_init(Constant(0.1)).activation(Activation::Relu);
/// let mut gru = GruCell::with_options(2, 3, options)?;
/// init_all(&mut gru, None, 0)?;
/// assert_eq!(gru.update(&[1.0, 1.0])?.len(), 3);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct CellOptions {
    pub(crate) w_init: Option<SharedInit>,
    pub(crate) b_init: Option<SharedInit>,
    pub(crate) state_init: Option<SharedInit>,
    pub(crate) activation: Option<Activation>,
}

impl CellOptions {
    /// No choice made: every option takes the cell's default.
    ///
    /// See [`CellOptions`] for an example.
    pub fn new() -> Self {
        CellOptions::default()
    }

    /// The initialiser of every weight matrix (each drawn from its own stream).
    ///
    /// See [`CellOptions`] for an example.
    pub fn w_init(mut self, init: impl Initializer<f64> + 'static) -> Self {
        self.w_init = Some(SharedInit::new(init));
        self
    }

    /// The initialiser of every bias vector.
    ///
    /// See [`CellOptions`] for an example.
    pub fn b_init(mut self, init: impl Initializer<f64> + 'static) -> Self {
        self.b_init = Some(SharedInit::new(init));
        self
    }

    /// The initialiser of the hidden states (at `init_all` and again at `reset_all`).
    ///
    /// See [`CellOptions`] for an example.
    pub fn state_init(mut self, init: impl Initializer<f64> + 'static) -> Self {
        self.state_init = Some(SharedInit::new(init));
        self
    }

    /// The activation.
    ///
    /// See [`CellOptions`] for an example.
    pub fn activation(mut self, activation: Activation) -> Self {
        self.activation = Some(activation);
        self
    }
}
