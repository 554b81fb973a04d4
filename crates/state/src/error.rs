use core::fmt;

use neurodim_units::UnitsError;

/// The error type of `neurodim-state`.
///
/// Every variant names what was wrong (a parameter, a state path) and why.
///
/// ```
/// use neurodim_state::{Shape, StateError};
/// let err = Shape::new([2, 0]).unwrap_err();
/// assert!(matches!(err, StateError::InvalidShape { .. }));
/// assert_eq!(err.to_string(), "invalid shape [2, 0]: every dimension must be >= 1");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StateError {
    /// A parameter value broke its rule (from the units crate's validation).
    Units(UnitsError),
    /// A shape with a zero dimension, no dimension, or dimensions that do not fit.
    InvalidShape {
        /// The offending shape.
        shape: Vec<usize>,
        /// Why it is rejected.
        rule: &'static str,
    },
    /// A batch size of zero.
    InvalidBatch {
        /// The offending batch size.
        batch: usize,
    },
    /// An array whose length does not match the shape it must fill.
    LengthMismatch {
        /// What the array is (a parameter name or a state path).
        what: String,
        /// The length required.
        expected: usize,
        /// The length given.
        found: usize,
    },
    /// An axis parameter (`in_axis`, `axis`, …) outside the shape it indexes.
    InvalidAxis {
        /// The parameter (`"in_axis"`, `"out_axis"`, `"axis"`).
        param: &'static str,
        /// The axis given (negative counts from the end).
        axis: isize,
        /// The shape it must index.
        shape: Vec<usize>,
    },
    /// A state was read before `init_all` gave it values.
    Uninitialised {
        /// The state's path.
        path: String,
    },
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StateError::Units(e) => e.fmt(f),
            StateError::InvalidShape { shape, rule } => {
                write!(f, "invalid shape {shape:?}: {rule}")
            }
            StateError::InvalidBatch { batch } => {
                write!(f, "invalid batch size {batch}: must be >= 1")
            }
            StateError::LengthMismatch { what, expected, found } => {
                write!(f, "{what}: expected {expected} values, found {found}")
            }
            StateError::InvalidAxis { param, axis, shape } => {
                write!(f, "invalid {param}: {axis} is not an axis of shape {shape:?}")
            }
            StateError::Uninitialised { path } => {
                write!(f, "state `{path}` has no values yet: call init_all first")
            }
        }
    }
}

impl std::error::Error for StateError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StateError::Units(e) => Some(e),
            _ => None,
        }
    }
}

impl From<UnitsError> for StateError {
    fn from(e: UnitsError) -> Self {
        StateError::Units(e)
    }
}
