//! neurodim: brain dynamics with compile-time physical units.
//!
//! This facade re-exports the workspace's crates:
//! - [`units`]: quantities, unit constants, checked probabilities, `exprel`;
//! - [`state`]: state containers, initialisers, the step environment, seeded randomness, delays;
//! - [`dynamics`]: neurons, synapses, projections, networks and monitors;
//! - `io` (feature `io`, default): monitor results as `.npy` + JSON, raster plots as PNG
//!   (feature `plot`);
//! - `benchmarks` (feature `benchmarks`, default): brainstate's COBA and CUBA benchmark
//!   networks, ready to build and run.
//!
//! Most programs start with the prelude:
//!
//! ```
//! use neurodim::prelude::*;
//!
//! let tau = 20.0 * ms;
//! let dt = 0.1 * ms;
//! let decay = (-dt / tau).exp();
//! assert!((decay.value - (-0.005f64).exp()).abs() < 1e-16);
//! ```

#![warn(missing_docs)]

/// The README's examples, compiled and run as doc tests so that the front page stays true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The monitors guide's examples, run as doc tests so that the guide stays true.
#[doc = include_str!("../docs/monitors.md")]
#[cfg(all(doctest, feature = "io"))]
pub struct MonitorsGuideDoctests;

/// The networks guide's example, run as a doc test so that the guide stays true.
#[doc = include_str!("../docs/network.md")]
#[cfg(doctest)]
pub struct NetworkGuideDoctests;

#[cfg(feature = "benchmarks")]
pub mod benchmarks;
#[cfg(feature = "io")]
pub mod io;

mod error;

pub use error::Error;
pub use neurodim_dyn as dynamics;
pub use neurodim_state as state;
pub use neurodim_units as units;

/// Everything a model script needs in scope: `use neurodim::prelude::*;`.
///
/// ```
/// use neurodim::prelude::*;
/// let v: Voltage = -65.0 * mV;
/// let p: Probability = (10.0 * Hz * (0.1 * ms)).try_into().unwrap();
/// assert_eq!(v.display().to_string(), "-65 mV");
/// assert!(p.get() > 0.0);
/// ```
pub mod prelude {
    pub use neurodim_dyn::DynError;
    pub use neurodim_dyn::integrate::{
        Diffusion, Dual, Lift, dq, exp_euler_maruyama_step, exp_euler_step,
    };
    pub use neurodim_state::init::{
        Constant, Identity, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform, Normal,
        Orthogonal, Param, TruncatedNormal, Uniform, XavierNormal, XavierUniform, Zero,
    };
    pub use neurodim_state::{
        Environment, Shape, State, StateError, StateKind, Stateful, StepContext, Visit, VisitMut,
        init_all, reset_all,
    };
    pub use neurodim_units::constants::*;
    pub use neurodim_units::{
        Dimensionless, DisplayField, FieldUnit, Probability, RatioExt, UnitsError, ValueIn, exprel,
        quantities::*,
    };
}
