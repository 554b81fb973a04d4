//! Rate models: dense layers, activation functions, recurrent cells and readouts
//! (brainstate's `Linear`, `AllToAll`, `OneToOne`, `functional`, `ValinaRNNCell`, `GRUCell`,
//! `MGUCell`, `LSTMCell`, `URLSTMCell`, `LeakyRateReadout` and `LeakySpikeReadout`).
//!
//! Every model keeps its weights as param states (no batch axis) and its dynamical variables
//! as hidden states (`"h"`, `"c"`, `"r"`, `"V"`) exposed through
//! [`Stateful`](neurodim_state::Stateful), so [`init_all`](neurodim_state::init_all) draws
//! the weights and sizes the states for a batch, and [`reset_all`](neurodim_state::reset_all)
//! restores the states and keeps the weights. Values are row-major `[batch, units]`; matrix
//! products go through nalgebra; a step allocates nothing once the states exist.
//!
//! ```
//! use neurodim_dyn::rate::{GruCell, LeakyRateReadout, RnnCell};
//! use neurodim_state::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! // a GRU of 16 units read out by 2 leaky integrators, over a batch of 8 trials
//! let mut gru = GruCell::new(3, 16)?;
//! let mut readout = LeakyRateReadout::new(16, 2, 10.0 * ms)?;
//! init_all(&mut gru, Some(8), 1)?;
//! init_all(&mut readout, Some(8), 1)?;
//! let env = Environment::new(1.0 * ms)?;
//! for i in 0..20 {
//!     let h = gru.update(&[0.5; 8 * 3])?;
//!     readout.update(&env.step(i), h)?;
//! }
//! assert_eq!(readout.output().len(), 8 * 2);
//! # Ok::<(), neurodim_dyn::DynError>(())
//! ```

pub mod functional;

mod activation;
mod all_to_all;
mod cell;
mod cell_options;
mod checks;
mod dense;
mod gru;
mod linear;
mod lstm;
mod mgu;
mod one_to_one;
mod rate_readout;
mod si_slice;
mod spike_readout;
mod urlstm;
mod vanilla;

pub use activation::Activation;
pub use all_to_all::AllToAll;
pub use cell::RnnCell;
pub use cell_options::CellOptions;
pub use gru::GruCell;
pub use linear::{Linear, Weight};
pub use lstm::LstmCell;
pub use mgu::MguCell;
pub use one_to_one::OneToOne;
pub use rate_readout::LeakyRateReadout;
pub use si_slice::SiScalar;
pub use spike_readout::LeakySpikeReadout;
pub use urlstm::UrlstmCell;
pub use vanilla::VanillaRnnCell;
