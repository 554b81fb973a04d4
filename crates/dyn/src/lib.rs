//! Dynamics for neurodim: neurons, synapses, synaptic outputs, inputs, event-driven
//! connectivity, projections with delays, rate cells, and the network engine with monitors.

mod error;
pub mod monitor;

pub use error::DynError;
pub use monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor};
