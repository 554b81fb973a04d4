//! Checks shared by the initialisers' constructors: each error names the parameter, shows the
//! value in its field's unit and states the rule.

use neurodim_units::UnitsError;

use crate::{RealValue, StateError, value::describe};

/// An error for `param`, whose `value` breaks `rule`.
pub(crate) fn invalid<T: RealValue>(
    param: &'static str,
    value: T,
    rule: &'static str,
) -> StateError {
    StateError::Units(UnitsError::invalid(param, describe(value), rule))
}

/// `value` must be finite; returns it in SI units.
pub(crate) fn finite<T: RealValue>(param: &'static str, value: T) -> Result<f64, StateError> {
    let x = value.to_si();
    if x.is_finite() { Ok(x) } else { Err(invalid(param, value, "must be finite")) }
}

/// `value` must be finite and >= 0; returns it in SI units.
pub(crate) fn non_negative<T: RealValue>(param: &'static str, value: T) -> Result<f64, StateError> {
    let x = finite(param, value)?;
    if x >= 0.0 { Ok(x) } else { Err(invalid(param, value, "must be >= 0")) }
}

/// `value` must be finite and > 0; returns it in SI units.
pub(crate) fn positive<T: RealValue>(param: &'static str, value: T) -> Result<f64, StateError> {
    let x = finite(param, value)?;
    if x > 0.0 { Ok(x) } else { Err(invalid(param, value, "must be > 0")) }
}

/// `value` must not be NaN (±∞ allowed, for an open bound); returns it in SI units.
pub(crate) fn not_nan<T: RealValue>(param: &'static str, value: T) -> Result<f64, StateError> {
    let x = value.to_si();
    if x.is_nan() { Err(invalid(param, value, "must not be NaN")) } else { Ok(x) }
}

/// Resolves a possibly negative axis (`-1` is the last) against a shape of `ndim` dimensions.
pub(crate) fn axis(param: &'static str, axis: isize, shape: &[usize]) -> Result<usize, StateError> {
    let ndim = shape.len() as isize;
    let resolved = if axis < 0 { axis + ndim } else { axis };
    if (0..ndim).contains(&resolved) {
        Ok(resolved as usize)
    } else {
        Err(StateError::InvalidAxis { param, axis, shape: shape.to_vec() })
    }
}
