use core::fmt;

use neurodim_state::StateError;
use neurodim_units::UnitsError;

/// The error type of `neurodim-dyn`: what was wrong, named.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// let e = DynError::invalid("threads", 0, "must be >= 1");
/// assert_eq!(e.to_string(), "invalid threads: 0 (must be >= 1)");
/// assert_eq!(e.param(), Some("threads"));
/// let e = DynError::SizeMismatch { what: "input current".into(), expected: 4000, found: 3200 };
/// assert_eq!(e.to_string(), "input current: expected size 4000, found 3200");
/// let e = DynError::UnknownState { what: "monitored state".into(), path: "E.x".into(),
///     known: vec!["E.V".into(), "E.w".into()] };
/// assert_eq!(e.to_string(), r#"monitored state: no state "E.x" (known: ["E.V", "E.w"])"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum DynError {
    /// An argument that breaks its rule: a thread count of 0, a neuron range outside its
    /// population, a batch of 0, a name with a `.` in it, a quantity out of its range.
    Invalid {
        /// The argument or parameter, as the caller names it (`"threads"`, `"tau"`).
        param: &'static str,
        /// The value given, as shown to the user.
        value: String,
        /// The rule it breaks (`"must be >= 1"`).
        rule: &'static str,
    },
    /// A quantity that breaks a unit-level check (a probability outside [0, 1], a value that
    /// is NaN or infinite), from the units layer.
    Units(UnitsError),
    /// An error from the state layer (shapes, batches, checkpoints, delays).
    State(StateError),
    /// Two sizes that must agree do not.
    SizeMismatch {
        /// What has the wrong size.
        what: String,
        /// The size required.
        expected: usize,
        /// The size given.
        found: usize,
    },
    /// An index outside its range (a neuron index in a spike list, a target in a connection list).
    IndexOutOfRange {
        /// What the index refers to.
        what: String,
        /// The offending index.
        index: usize,
        /// The size of the range, `0..len`.
        len: usize,
    },
    /// A state that became NaN or infinite while stepping: parameters, inputs or weights
    /// beyond what the dynamics can hold in floating point (an enormous `dt` or weight).
    NonFiniteState {
        /// The state's path, e.g. `"E.V"`.
        path: String,
        /// The first element that is not finite.
        index: usize,
        /// The number of steps taken when it was found (it went non-finite at or before).
        step: u64,
    },
    /// A path that names no state it could be (a monitored state of a network), listed with
    /// the paths that would have been accepted.
    UnknownState {
        /// What the path was given for.
        what: String,
        /// The path given.
        path: String,
        /// The paths that exist and would be accepted, in the model's visiting order.
        known: Vec<String>,
    },
    /// An id (of a population, monitor or trace) handed out by another network: ids carry the
    /// identity of the network that made them, so one is never read as whatever has the same
    /// index here.
    ForeignId {
        /// What the id names (`"population"`, `"spike monitor"`, `"trace"`).
        what: &'static str,
        /// The id, as shown to the user.
        id: String,
    },
}

impl DynError {
    /// A [`DynError::Invalid`] for `param`, whose `value` breaks `rule`.
    pub fn invalid(param: &'static str, value: impl fmt::Display, rule: &'static str) -> Self {
        DynError::Invalid { param, value: value.to_string(), rule }
    }

    /// The parameter an invalid value was given for ([`DynError::Invalid`], or a
    /// [`DynError::Units`], or a state's value refused by its rule, that names one); `None` for
    /// the other errors.
    pub fn param(&self) -> Option<&'static str> {
        match self {
            DynError::Invalid { param, .. } => Some(param),
            DynError::Units(e) | DynError::State(StateError::Units(e)) => Some(e.param()),
            _ => None,
        }
    }
}

impl fmt::Display for DynError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DynError::Invalid { param, value, rule } => {
                write!(f, "invalid {param}: {value} ({rule})")
            }
            DynError::Units(e) => e.fmt(f),
            DynError::State(e) => e.fmt(f),
            DynError::SizeMismatch { what, expected, found } => {
                write!(f, "{what}: expected size {expected}, found {found}")
            }
            DynError::IndexOutOfRange { what, index, len } => {
                write!(f, "{what}: index {index} out of range 0..{len}")
            }
            DynError::NonFiniteState { path, index, step } => write!(
                f,
                "{path}[{index}] is not finite after step {step}: the dynamics overflowed (check \
                 dt, time constants, weights and inputs)"
            ),
            DynError::UnknownState { what, path, known } => {
                write!(f, "{what}: no state {path:?} (known: {known:?})")
            }
            DynError::ForeignId { what, id } => {
                write!(f, "{what} id {id} was made by another network")
            }
        }
    }
}

impl std::error::Error for DynError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DynError::Units(e) => Some(e),
            DynError::State(e) => Some(e),
            _ => None,
        }
    }
}

impl From<UnitsError> for DynError {
    fn from(e: UnitsError) -> Self {
        DynError::Units(e)
    }
}

impl From<StateError> for DynError {
    fn from(e: StateError) -> Self {
        DynError::State(e)
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;
    use neurodim_units::prelude::*;

    #[test]
    fn param_names_the_refused_parameter() {
        let e = DynError::from(Probability::new(1.5).unwrap_err());
        assert_eq!(e.param(), Some("probability"));
        let e = DynError::SizeMismatch { what: "input".into(), expected: 2, found: 3 };
        assert_eq!(e.param(), None);
    }
}
