use core::fmt;

/// The error type of `neurodim-units`: a value that breaks a rule, with the name of what it
/// was meant to be, the offending value and the rule.
///
/// ```
/// use neurodim_units::prelude::*;
/// let err = Probability::new(1.5).unwrap_err();
/// assert!(matches!(err, UnitsError::Invalid { .. }));
/// assert_eq!(err.to_string(), "invalid probability: 1.5 (must lie in [0, 1])");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UnitsError {
    /// A value that breaks the rule its parameter must obey.
    Invalid {
        /// What the value was meant to be (a parameter name such as `tau`, or `probability`).
        param: &'static str,
        /// The offending value, printed in the field's usual unit.
        value: String,
        /// The rule it breaks, e.g. `must be > 0`.
        rule: &'static str,
    },
}

impl UnitsError {
    /// An [`UnitsError::Invalid`] for `param`, whose `value` breaks `rule`.
    pub fn invalid(param: &'static str, value: impl fmt::Display, rule: &'static str) -> Self {
        UnitsError::Invalid { param, value: value.to_string(), rule }
    }

    /// The name of the parameter the error is about.
    pub fn param(&self) -> &'static str {
        match self {
            UnitsError::Invalid { param, .. } => param,
        }
    }
}

impl fmt::Display for UnitsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitsError::Invalid { param, value, rule } => {
                write!(f, "invalid {param}: {value} ({rule})")
            }
        }
    }
}

impl std::error::Error for UnitsError {}

#[cfg(test)]
mod tests {
    use crate::UnitsError;

    #[test]
    fn invalid_names_the_parameter_and_rule() {
        let e = UnitsError::invalid("tau", "-5 ms", "must be > 0");
        assert_eq!(e.to_string(), "invalid tau: -5 ms (must be > 0)");
    }

    #[test]
    fn param_of_an_invalid_value() {
        assert_eq!(UnitsError::invalid("dt", "0 ms", "must be > 0").param(), "dt");
    }
}
