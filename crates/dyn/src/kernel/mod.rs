//! The engine's kernel interface: the traits every model implements, the drivers that run
//! them, and what the drivers share (parallelism as a value, run-time SIMD dispatch, the
//! checks of sizes and ranges). Nothing here depends on a particular model.
//!
//! A neuron model is a [`NeuronModel`]: NEST's four parts — its parameters (the type that
//! implements the trait, validated), constants derived from them and `dt` (computed once per
//! `dt`), its state in arrays, and the update of a chunk of neurons — written once, generic
//! over the precision of its states (`f32` or `f64`, a [`Precision`]) and over where its
//! inputs come from ([`NeuronInputs`]). [`Neurons`] is the population of any model, and the
//! one driver that runs it, standalone or in every step plan of a network; built-in and user
//! models take exactly the same path.
//!
//! A synapse model driven by conductance increments is a [`SynapseModel`] in the same four
//! parts, run by [`Synapses`]; [`ConductanceSynapse`] is its object-safe face, which a network
//! steps tile by tile, or fuses with the neurons' update when the model declares itself a single
//! exponential.

pub(crate) mod checks;
pub(crate) mod drive;
mod each;
mod exprel;
pub(crate) mod fired;
mod nest_time;
mod neuron_model;
mod neurons;
mod par;
mod parameters;
mod rows;
pub(crate) mod simd;
pub(crate) mod staged;
mod synapse_model;
mod synapses;

pub use drive::{Drive, PerNeuron, SynapticDrive};
pub use each::{Broadcast, PerElement};
pub use exprel::{exprel_fast_in, exprel_in, exprel_narrow_in, exprel_poly_in};
pub use nest_time::nest_steps;
pub(crate) use nest_time::{nest_grid_steps, nest_resolution_ms};
pub use neurodim_state::Precision;
pub use neuron_model::{NeuronInput, NeuronInputs, NeuronModel, NeuronState, SpikeWeight};
pub use neurons::{Neuron, Neurons};
pub use par::{GRAIN, Par, SplitParts, for_each_chunk};
pub(crate) use par::{chunked, for_each_share};
pub(crate) use parameters::{GivenValues, PerNeuronParameters};
pub use parameters::{ParameterField, ParameterVisitor};
pub use rows::Rows;
pub use synapse_model::{SynapseModel, SynapseState};
pub use synapses::{ConductanceSynapse, Synapses};
