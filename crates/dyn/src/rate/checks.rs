//! The checks shared by the rate models' constructors and updates.

use neurodim_state::{Shape, State, StateError, StateValue};

use crate::DynError;

/// A layer size: at least one unit. Returns the shape of a vector of `n` units.
pub(crate) fn units(param: &'static str, n: usize) -> Result<Shape, DynError> {
    if n == 0 {
        return Err(DynError::invalid(param, n, "must be >= 1"));
    }
    Ok(Shape::vector(n)?)
}

/// The number of rows (batch items) of an initialised per-unit state: its batch, or 1.
pub(crate) fn rows_of<T: StateValue>(state: &State<T>, path: &str) -> Result<usize, DynError> {
    if state.values().is_empty() {
        return Err(StateError::Uninitialised { path: path.into() }.into());
    }
    Ok(state.batch().unwrap_or(1))
}

/// A slice that must hold exactly `expected` values.
pub(crate) fn len(what: &str, found: usize, expected: usize) -> Result<(), DynError> {
    if found == expected {
        Ok(())
    } else {
        Err(DynError::SizeMismatch { what: what.into(), expected, found })
    }
}

/// The number of rows in a non-empty slice of whole rows of `row_len` values.
pub(crate) fn whole_rows(what: &str, found: usize, row_len: usize) -> Result<usize, DynError> {
    if found == 0 || !found.is_multiple_of(row_len) {
        // the nearest whole number of rows (at least one) is what was probably meant
        let expected = row_len * (found / row_len).max(1);
        return Err(DynError::SizeMismatch { what: what.into(), expected, found });
    }
    Ok(found / row_len)
}
