//! Dynamics for neurodim: neurons, synapses, synaptic outputs, inputs, event-driven
//! connectivity, projections with delays, rate cells, and the network engine with monitors.

mod error;
pub mod integrate;

pub use error::DynError;
pub use integrate::{Diffusion, Dual, Lift, exp_euler_maruyama_step, exp_euler_step};
