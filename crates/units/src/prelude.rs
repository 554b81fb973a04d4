//! What a program that computes with quantities needs: `use neurodim_units::prelude::*;`.
//!
//! The quantity types, [`Probability`], the unit constants with more than one letter (`ms`,
//! `mV`, `nS`, …) and the one-letter units under their full names ([`volt`], [`ampere`],
//! [`siemens`], [`farad`], [`molar`]): a one-letter constant in scope turns a binding such as
//! `|s| …` into a constant pattern. The second (`neurodim_units::s`) and the other
//! one-letter constants stay available by path.
//!
//! ```
//! use neurodim_units::prelude::*;
//! let rate = 10.0 * Hz;
//! let p: Probability = (rate * (0.1 * ms)).try_into()?;
//! assert!((p.get() - 1e-3).abs() < 1e-15);
//! let total = [1.0, 2.0].map(|s| s * 1000.0 * ms); // `s` is a binding here
//! assert_eq!(total[1].value_in(ms), 2000.0);
//! # Ok::<(), UnitsError>(())
//! ```

pub use crate::constants::{
    Gohm, Hz, Mohm, ampere, cm2, farad, kHz, kohm, m2, mA, mM, mS, mS_per_cm2, mV, molar, ms, nA,
    nF, nS, nS_per_cm2, ohm, pA, pC, pF, siemens, uA, uA_per_cm2, uF, uF_per_cm2, uM, uS, uV, um2,
    us, volt,
};
pub use crate::quantities::*;
pub use crate::{
    Dimensionless, DisplayField, FieldUnit, Probability, RatioExt, UnitsError, ValueIn, exprel,
};
