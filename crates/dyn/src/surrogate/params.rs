//! Parameter checks shared by the surrogate constructors.

use neurodim_units::validate::{non_negative_number, positive_number};

use crate::DynError;

/// A parameter that scales or divides (a slope, a width, a period) must be finite and `> 0`.
pub(super) fn positive(param: &'static str, value: f64) -> Result<f64, DynError> {
    Ok(positive_number(param, value)?)
}

/// A parameter that may vanish (a leak slope, a side-lobe weight) must be finite and `>= 0`.
pub(super) fn non_negative(param: &'static str, value: f64) -> Result<f64, DynError> {
    Ok(non_negative_number(param, value)?)
}
