//! What a network program needs: `use neurodim_dyn::prelude::*;`.
//!
//! The network and its ids; the neuron models with their parameters; synapse models, outputs
//! and projections; connection rules and delays; inputs; monitors; the integrators for a
//! model of one's own; and [`DynError`]. Units and states come from their own preludes (or
//! all at once from `neurodim::prelude`).
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_units::prelude::*;
//! let mut net = Network::new(0.1 * ms)?;
//! let n = net.add_population("N", Lif::new(10, LifParams::default())?)?;
//! net.connect("rec", n, n)
//!     .rule(FixedOutDegree::new(3))
//!     .weight(1.0 * nS)
//!     .synapse(ExponParams::default())
//!     .output(Coba::new(0.0 * mV)?)
//!     .add()?;
//! net.init(0)?;
//! net.run_for(10.0 * ms)?;
//! # Ok::<(), DynError>(())
//! ```

pub use crate::DynError;
pub use crate::connect::{
    AllToAll, ConnectionRule, Connectivity, FixedInDegree, FixedOutDegree, OneToOne,
    PairwiseBernoulli, SynapseDelays, Topology,
};
pub use crate::input::{
    ActivityWindow, ConstantCurrent, CurrentWaveform, DelayedCurrent,
    InhomogeneousPoissonGenerator, NoiseCurrent, NoiseCurrentParams, PoissonEncoder,
    PoissonGenerator, PoissonInput, PoissonSpike, RampCurrent, SectionCurrent, SineCurrent,
    SineCurrentParams, SinusoidalPoissonGenerator, SpikeGenerator, SpikeTime, StepCurrent,
};
pub use crate::integrate::{Diffusion, Dual, Lift, dq, exp_euler_maruyama_step, exp_euler_step};
pub use crate::kernel::{NeuronModel, Neurons, SynapseModel, Synapses};
pub use crate::monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor, StateTrace};
pub use crate::network::{
    Network, NetworkPrecision, PoissonDriveBuilder, PopulationId, ProjectionBuilder,
    ProjectionWeight, SpikeDeviceBuilder, SpikeMonitorId, TraceId,
};
pub use crate::neuron::{
    AdEx, AdExParams, AeifCondAlpha, AeifCondAlphaParams, AeifCondExp, AeifCondExpParams, Alif,
    AlifParams, ExpIf, ExpIfParams, GifPscExp, GifPscExpParams, HhPscAlpha, HhPscAlphaParams,
    HodgkinHuxley, HodgkinHuxleyParams, IafCondAlpha, IafCondAlphaParams, IafCondExp,
    IafCondExpParams, IafPscAlpha, IafPscAlphaParams, IafPscDelta, IafPscDeltaParams, IafPscExp,
    IafPscExpParams, If, IfParams, Izhikevich, IzhikevichParams, Lif, LifParams, LifRef,
    LifRefParams, Mat2PscExp, Mat2PscExpParams, NestIzhikevich, NestIzhikevichParams, Neuron,
    SpikeReset,
};
pub use crate::output::{Coba, Cuba, MgBlock, MgBlockParams};
pub use crate::plasticity::{Stdp, StdpNnRestr, StdpNnSymm, StdpTriplet, VogelsSprekeler};
pub use crate::projection::{
    AlignPost, AlignPre, CurrentProj, Delta, OutputKind, StaticSynapses, SynapseKind,
};
pub use crate::synapse::{
    AlphaParams, DualExponParams, ExponParams, ReceptorParams, StdParams, StpParams,
};
