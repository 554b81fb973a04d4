//! Checks shared by the initialisers' constructors: each error names the parameter, shows the
//! value in its field's unit and states the rule.

use neurodim_units::UnitsError;

use crate::{RealValue, StateError, StateValue, value::describe};

/// An error for `param`, whose `value` breaks `rule`.
pub(crate) fn invalid<T: StateValue>(
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

/// The number of elements of `shape`; an error if it overflows `usize` (an initialiser can be
/// called directly, with any shape).
pub(crate) fn element_count(shape: &[usize]) -> Result<usize, StateError> {
    crate::checkpoint::element_count(shape).ok_or_else(|| StateError::InvalidShape {
        shape: shape.to_vec(),
        rule: "the number of elements overflows usize",
    })
}

/// Whether `n` values of `T` can be allocated: their size in bytes fits a `Vec`, and the
/// allocator grants it. The allocation is a probe, released at once: on systems that hand out
/// memory lazily it costs no page, and a request beyond what the machine has fails here with
/// an error that says how much was asked (`what` names it) rather than aborting the process
/// later.
pub(crate) fn allocatable<T>(n: usize, what: impl FnOnce() -> String) -> Result<(), StateError> {
    let bytes = (n as u128) * (size_of::<T>() as u128);
    let fits = bytes <= isize::MAX as u128 && Vec::<T>::new().try_reserve_exact(n).is_ok();
    if fits { Ok(()) } else { Err(StateError::TooLarge { what: what(), bytes }) }
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
