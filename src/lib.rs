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

/// The plasticity guide's example, run as a doc test so that the guide stays true.
#[doc = include_str!("../docs/plasticity.md")]
#[cfg(doctest)]
pub struct PlasticityGuideDoctests;

/// The page for brainstate's users, its example run as a doc test.
#[doc = include_str!("../docs/from-brainstate.md")]
#[cfg(doctest)]
pub struct FromBrainstateDoctests;

/// The page for NEST's users, its example run as a doc test.
#[doc = include_str!("../docs/from-nest.md")]
#[cfg(doctest)]
pub struct FromNestDoctests;

/// The page for Brian2's and NEST's users, its example run as a doc test.
#[doc = include_str!("../docs/from-brian2-nest.md")]
#[cfg(doctest)]
pub struct FromBrian2NestDoctests;

#[cfg(feature = "benchmarks")]
pub mod benchmarks;
#[cfg(feature = "io")]
pub mod io;

mod error;

pub use error::Error;
pub use neurodim_dyn as dynamics;
pub use neurodim_state as state;
pub use neurodim_units as units;

/// Everything a network program needs in scope: `use neurodim::prelude::*;` — the union of
/// the preludes of [`units`](neurodim_units::prelude) (quantities and unit constants, without
/// the one-letter ones: the second is `units::s`), [`state`](neurodim_state::prelude) (states,
/// shapes, streams, initialisers, checkpoints) and [`dynamics`](neurodim_dyn::prelude)
/// (network, models, projections, rules, inputs, monitors), and the facade's [`Error`].
///
/// ```
/// use neurodim::prelude::*;
/// let v: Voltage = -65.0 * mV;
/// let p: Probability = (10.0 * Hz * (0.1 * ms)).try_into()?;
/// assert_eq!(v.display().to_string(), "-65 mV");
/// assert!(p.get() > 0.0);
/// let s = 2; // a binding, not the unit
/// assert_eq!(s * 2, 4);
/// # Ok::<(), Error>(())
/// ```
pub mod prelude {
    pub use crate::Error;
    #[cfg(feature = "io")]
    pub use crate::io::{Export, Metadata, export};
    pub use neurodim_dyn::prelude::*;
    pub use neurodim_state::prelude::*;
    pub use neurodim_units::prelude::*;
}
