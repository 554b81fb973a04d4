//! What a program that holds states needs: `use neurodim_state::prelude::*;`.
//!
//! States and their shapes, the step environment, seeded streams, checkpoints, the walks over
//! a model's states, and the initialisers.
//!
//! ```
//! use neurodim_state::prelude::*;
//! let mut v = State::hidden(4.into_shape()?, Normal::new(-55.0, 2.0)?);
//! v.init(None, StreamKey::new(0, "V"))?;
//! assert_eq!(v.values().len(), 4);
//! # Ok::<(), StateError>(())
//! ```

pub use crate::init::{
    Constant, Identity, Initializer, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform,
    Normal, Orthogonal, Param, TruncatedNormal, Uniform, XavierNormal, XavierUniform, Zero,
};
pub use crate::{
    Checkpoint, Environment, IntoShape, Shape, State, StateError, StateKind, Stateful, StepContext,
    StreamKey, Visit, VisitMut, for_each_state, init_all, list_states, reset_all,
};
