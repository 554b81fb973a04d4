//! The size and range checks shared by every kernel and driver.

use core::ops::Range;

use neurodim_state::{StateError, StateValue};
use neurodim_units::UnitsError;

use crate::DynError;

/// `found` (if any) must equal `expected`; the error names `what`.
pub(crate) fn check_len(
    what: &str,
    expected: usize,
    found: impl Into<Option<usize>>,
) -> Result<(), DynError> {
    match found.into() {
        Some(found) if found != expected => {
            Err(DynError::SizeMismatch { what: what.to_string(), expected, found })
        }
        _ => Ok(()),
    }
}

/// The value `si` (SI base units) held as a `V` — a network's weights in its precision —
/// or, when that is not finite (beyond `f32`'s range, NaN), an error naming `param`.
pub(crate) fn stored_finite<V: StateValue>(param: &'static str, si: f64) -> Result<V, UnitsError> {
    let stored = V::from_si(si);
    if stored.to_si().is_finite() {
        Ok(stored)
    } else {
        Err(UnitsError::invalid(param, si, "must be finite in the network's precision"))
    }
}

/// Checks that `range` is a range of the flat indices `0..len` of a population.
pub(crate) fn check_range(len: usize, range: &Range<usize>) -> Result<(), DynError> {
    if range.start <= range.end && range.end <= len {
        Ok(())
    } else {
        let shown = format!("{range:?} (population of {len})");
        Err(DynError::invalid("neuron range", shown, "must lie within 0..len"))
    }
}

/// The state `path` has values (its population was initialised): `len` is their number.
pub(crate) fn check_initialised(path: &str, len: usize) -> Result<(), DynError> {
    if len == 0 {
        return Err(StateError::Uninitialised { path: path.to_string() }.into());
    }
    Ok(())
}

/// The checks at the start of every update: the state `path` has values, and the per-element
/// input `what` (if any) has as many.
pub(crate) fn check_input(
    path: &str,
    len: usize,
    what: &str,
    input: Option<usize>,
) -> Result<(), DynError> {
    check_initialised(path, len)?;
    check_len(what, len, input)
}
