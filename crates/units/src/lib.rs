//! Physical quantities for neurodim.
//!
//! Every quantity a modeller touches is an `f64` in SI base units wrapped in a
//! [uom](https://docs.rs/uom) type that carries its dimension, so that
//! `g * (E - V)` is a [`Current`], `freq * dt` is a [`Ratio`], and a right-hand side that
//! does not return volts per second for a voltage does not compile. Storage is free: a
//! `Vec<Voltage>` is laid out and optimised exactly like a `Vec<f64>`.
//!
//! - [`quantities`]: the quantity types under their field names ([`Voltage`], [`Conductance`],
//!   the Hodgkin–Huxley densities, the rates `X / Time`).
//! - [`constants`]: unit constants that make values read as the field writes them:
//!   `-65.0 * mV`, `20.0 * ms`, `0.6 * nS`.
//! - [`ValueIn`] reads a value out in a chosen unit; [`DisplayField`] prints it in the field's
//!   usual unit (`-65 mV`).
//! - [`Probability`]: the checked `[0, 1]` number that spike-generation kernels take.
//! - [`exprel`]: `(eˣ − 1)/x` exactly as brainstate computes it, the core of exponential Euler.
//! - [`validate`]: checks of user-supplied parameters that produce errors naming the parameter,
//!   the value and the rule.
//!
//! ```
//! use neurodim_units::prelude::*;
//!
//! let g = 0.6 * nS;
//! let drive = g * (0.0 * mV - (-60.0 * mV)); // a Current
//! assert!((drive.value_in(pA) - 36.0).abs() < 1e-12);
//!
//! let p: Probability = (10.0 * Hz * (0.1 * ms)).try_into()?;
//! assert!((p.get() - 1e-3).abs() < 1e-18);
//! assert_eq!((-65.0 * mV).display().to_string(), "-65 mV");
//! # Ok::<(), neurodim_units::UnitsError>(())
//! ```
//!
//! Mixing dimensions is a compile error:
//!
//! ```compile_fail
//! use neurodim_units::*;
//! let nonsense = -65.0 * mV + 20.0 * ms;
//! ```

#![warn(missing_docs)]

pub mod constants;
mod dimensionless;
mod display;
mod error;
mod exprel;
pub mod prelude;
mod probability;
pub mod quantities;
pub mod validate;
mod value_in;

pub use constants::*;
pub use dimensionless::Dimensionless;
pub use display::{DisplayField, FieldDisplay, FieldUnit};
pub use error::UnitsError;
pub use exprel::{
    EXPREL_NARROW_LIMIT, EXPREL_POLY_LIMIT, EXPREL_TAYLOR_THRESHOLD, RatioExt, exprel, exprel_fast,
    exprel_narrow, exprel_poly,
};
pub use probability::Probability;
pub use quantities::*;
pub use value_in::ValueIn;

/// The uom crate, re-exported so that users name exactly the version neurodim was built with
/// (for unit types such as `uom::si::electric_potential::millivolt`).
///
/// ```
/// use neurodim_units::{Voltage, uom::si::electric_potential::millivolt};
/// assert_eq!(Voltage::new::<millivolt>(-65.0).get::<millivolt>(), -65.0);
/// ```
pub use uom;
