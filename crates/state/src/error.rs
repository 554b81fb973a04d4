use core::fmt;
use std::path::PathBuf;

use neurodim_units::UnitsError;

/// The error type of `neurodim-state`.
///
/// Every variant names what was wrong (a parameter, a state path) and why.
///
/// ```
/// use neurodim_state::prelude::*;
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
    /// A delay entry registered twice under one name.
    DuplicateEntry {
        /// The entry's name.
        name: String,
    },
    /// A delay read or registration longer than the delay's buffer holds.
    DelayTooLong {
        /// The delay asked for, in steps.
        steps: usize,
        /// The longest delay the buffer holds, in steps.
        max_steps: usize,
        /// Why the buffer cannot hold it (`"read"`, or a registration after init).
        context: &'static str,
    },
    /// A checkpoint's state that does not fit the model's state at the same path.
    CheckpointMismatch {
        /// The state's path.
        path: String,
        /// What differs: `"shape"`, `"kind"` or `"unit"` (the SI dimension, or `bool`).
        field: &'static str,
        /// The model's.
        expected: String,
        /// The checkpoint's.
        found: String,
    },
    /// A checkpoint whose paths differ from the model's (from an exact restore).
    CheckpointPaths {
        /// Paths of the model that the checkpoint lacks.
        missing: Vec<String>,
        /// Paths of the checkpoint that the model lacks.
        unexpected: Vec<String>,
    },
    /// A checkpoint file that cannot be read (malformed JSON or bytes, inconsistent records,
    /// an unknown format version, sizes that do not fit in memory).
    CheckpointFormat {
        /// What is wrong, with the path of the state where there is one.
        reason: String,
    },
    /// A binary checkpoint whose bytes are not those that were written: truncated, extended,
    /// or changed (its length or checksum does not match).
    CheckpointCorrupt {
        /// What does not match, with the stored and the found values.
        reason: String,
    },
    /// A checkpoint whose metadata differs from what the caller expects (taken at another
    /// step, with another `dt`, precision or model fingerprint).
    CheckpointMetadata {
        /// The field that differs: `"step"`, `"dt"`, `"precision"` or `"fingerprint"`.
        field: &'static str,
        /// The checkpoint's value (`none` if it has none).
        stored: String,
        /// The value expected.
        expected: String,
    },
    /// A checkpoint file that could not be written or read.
    CheckpointFile {
        /// The file.
        path: PathBuf,
        /// `"writing"` or `"reading"`.
        action: &'static str,
        /// What the operating system reported, as its kind…
        kind: std::io::ErrorKind,
        /// …and its message.
        message: String,
    },
    /// An initialiser produced a value that is not finite (NaN or ±∞): from a non-finite
    /// constant, or parameters whose draws overflow.
    NonFiniteInitialValue {
        /// The initialiser, with its parameters.
        initializer: String,
        /// The first element that is not finite.
        index: usize,
        /// Its value.
        value: String,
    },
    /// Something (a state's values, a delay's history) that needs more memory than can be
    /// allocated.
    TooLarge {
        /// What needs it, with its shape.
        what: String,
        /// The bytes it needs.
        bytes: u128,
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
            StateError::DuplicateEntry { name } => {
                write!(f, "delay entry `{name}` is already registered")
            }
            StateError::DelayTooLong { steps, max_steps, context } => write!(
                f,
                "delay of {steps} steps is longer than the buffer's {max_steps} steps ({context})"
            ),
            StateError::CheckpointMismatch { path, field, expected, found } => write!(
                f,
                "checkpoint state `{path}`: {field} {found} does not match the model's {expected}"
            ),
            StateError::CheckpointPaths { missing, unexpected } => write!(
                f,
                "checkpoint paths differ from the model's: missing {missing:?}, unexpected {unexpected:?}"
            ),
            StateError::CheckpointFormat { reason } => write!(f, "malformed checkpoint: {reason}"),
            StateError::CheckpointCorrupt { reason } => write!(f, "corrupt checkpoint: {reason}"),
            StateError::CheckpointMetadata { field, stored, expected } => write!(
                f,
                "checkpoint metadata: {field} {stored} does not match the expected {expected}"
            ),
            StateError::CheckpointFile { path, action, message, .. } => {
                write!(f, "{action} checkpoint {}: {message}", path.display())
            }
            StateError::NonFiniteInitialValue { initializer, index, value } => write!(
                f,
                "initializer {initializer} gives element {index} the value {value} \
                 (initial values must be finite)"
            ),
            StateError::TooLarge { what, bytes } => write!(
                f,
                "{what} needs {bytes} bytes ({:.1} GiB), more than can be allocated",
                *bytes as f64 / (1u64 << 30) as f64
            ),
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

impl StateError {
    /// A [`StateError::CheckpointFile`] for `path`, from what the operating system reported.
    pub(crate) fn checkpoint_file(
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> StateError {
        let path = path.to_path_buf();
        move |e| StateError::CheckpointFile { path, action, kind: e.kind(), message: e.to_string() }
    }
}

impl From<UnitsError> for StateError {
    fn from(e: UnitsError) -> Self {
        StateError::Units(e)
    }
}
