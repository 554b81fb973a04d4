//! Dynamics for neurodim: neurons, synapses, synaptic outputs, inputs, event-driven
//! connectivity, projections with delays, rate cells, and the network engine with monitors.

#![warn(missing_docs)]

pub mod connect;
mod error;
pub mod input;
pub mod integrate;
pub mod kernel;
pub mod monitor;
pub mod network;
pub mod neuron;
pub mod output;
pub mod plasticity;
pub mod prelude;
pub mod projection;
pub mod rate;
pub mod surrogate;
pub mod synapse;

pub use connect::{
    AllToAll, ConnectionRule, Connectivity, DelayedDelivery, EventLinear, FixedInDegree,
    FixedOutDegree, OneToOne, PairwiseBernoulli, SynapseDelays, Topology,
};
pub use error::DynError;
pub use input::{
    ConstantCurrent, CountMethod, CountSampler, CurrentWaveform, DelayedCurrent, EncodedRates,
    NoiseCurrent, NoiseCurrentParams, PoissonEncoder, PoissonInput, PoissonSpike, RampCurrent,
    SectionCurrent, SineCurrent, SineCurrentParams, SpikeTime, StepCurrent,
};
pub use integrate::{Diffusion, Dual, Lift, exp_euler_maruyama_step, exp_euler_step};
pub use kernel::{NeuronModel, Neurons, Par, Precision};
pub use monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor};
pub use neuron::{Drive, Neuron, PerNeuron, SpikeReset, SynapticDrive};
pub use output::SynapticOutput;
pub use rate::{
    Activation, CellOptions, GruCell, LeakyRateReadout, LeakySpikeReadout, Linear, LstmCell,
    MguCell, RnnCell, UrlstmCell, VanillaRnnCell,
};
pub use surrogate::{Surrogate, SurrogateGradient};
pub use synapse::ConductanceSynapse;
