//! State for neurodim models: what brainstate's State system gives a modeller, in Rust terms.
//!
//! - [`State`]: a typed container (`State<Voltage>`, `State<Conductance>`, `State<bool>`) with a
//!   [`StateKind`] (hidden, short-term, long-term, param), a population [`Shape`] and, after
//!   init, an optional leading batch axis; values flat and contiguous.
//! - [`Stateful`]: the one visitor trait through which a model exposes its states by path
//!   (`"E.V"`), and the generic functions on top of it: [`init_all`], [`reset_all`],
//!   [`list_states`], [`states_of_kind`], [`count_params`].
//! - [`init`]: typed, validated initialisers (`Constant(-65.0 * mV)`,
//!   `Normal::new(-55.0 * mV, 2.0 * mV)?`, the variance-scaling family, `Orthogonal`, …) and
//!   [`init::Param`], brainstate's scalar-or-per-element rule for parameters.
//! - [`Delay`]: a ring-buffer history of a state or of spikes, read at a registered delay, a
//!   step, or a time (interpolated).
//! - [`Checkpoint`]: every state of a model, saved to JSON or bytes and loaded back bit-exactly,
//!   with optional [`CheckpointMetadata`] (step, `dt`, precision, fingerprint) to check what it
//!   belongs to; the binary form carries a checksum ([`Fnv1a64`]), and files are written
//!   atomically ([`files`]).
//! - [`Environment`] and [`StepContext`]: the explicit `dt`, `t` and step index `i` passed to
//!   every update; there is no global state.
//! - [`rng`]: seeded random streams, one per consumer, derived from the seed and its path;
//!   [`StreamState`]: a stream that is a state, so checkpoints keep its position;
//!   [`StreamArray`]: several, one per block of a population.
//!
//! ```
//! use neurodim_state::{*, init::Constant};
//! use neurodim_units::prelude::*;
//!
//! let mut v = State::hidden(Shape::vector(4000)?, Constant(-65.0 * mV));
//! v.init(None, StreamKey::new(42, "E.V"))?;
//! let env = Environment::new(0.1 * ms)?;
//! let ctx = env.step(0);
//! assert_eq!(ctx.dt, 0.1 * ms);
//! assert_eq!(v.values().len(), 4000);
//! # Ok::<(), StateError>(())
//! ```

#![warn(missing_docs)]

mod checkpoint;
mod checkpoint_binary;
mod checkpoint_file;
mod checkpoint_json;
mod checkpoint_metadata;
mod checksum;
mod delay;
mod delay_time;
mod env;
mod error;
pub mod files;
pub mod init;
mod kind;
mod precision;
pub mod prelude;
pub mod rng;
mod shape;
mod state;
mod stateful_fields;
mod stream_array;
mod stream_state;
mod value;
mod visit;

pub use checkpoint::{Checkpoint, LoadReport, StateRecord};
pub use checkpoint_file::CheckpointEncoding;
pub use checkpoint_metadata::CheckpointMetadata;
pub use checksum::Fnv1a64;
pub use delay::{Delay, DelayEntry};
pub use delay_time::Interpolation;
pub use env::{Environment, StepContext};
pub use error::StateError;
pub use kind::StateKind;
pub use precision::{Precision, Single};
pub use rng::{StreamKey, StreamRng};
pub use shape::{IntoShape, Shape, check_batch};
pub use state::{AnyState, State};
pub use stream_array::StreamArray;
pub use stream_state::StreamState;
pub use value::{RealValue, SiDimension, StateValue, ValueType};
pub use visit::{
    StateInfo, Stateful, Visit, VisitMut, count_params, for_each_state, init_all, list_states,
    reset_all, states_of_kind, try_for_each_state_mut,
};
