//! Dynamics for neurodim: neurons, synapses, synaptic outputs, inputs, event-driven
//! connectivity, projections with delays, rate cells, and the network engine with monitors.

mod error;
pub mod rate;

pub use error::DynError;
pub use rate::{
    Activation, AllToAll, CellOptions, GruCell, LeakyRateReadout, LeakySpikeReadout, Linear,
    LstmCell, MguCell, OneToOne, RnnCell, UrlstmCell, VanillaRnnCell,
};
