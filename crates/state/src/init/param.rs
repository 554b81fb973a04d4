use neurodim_units::UnitsError;

use crate::{Shape, StateError, StateValue};

/// A model parameter: one value for the whole population, or one per element
/// (brainstate's `init.param` rule for parameters).
///
/// A scalar stays a scalar — it is never broadcast into an array; an array must have exactly
/// as many elements as the population (row-major over its shape), else construction fails
/// with an error naming the parameter. A kernel reads element `i` with [`Param::get`].
///
/// ```
/// use neurodim_state::{Shape, init::Param};
/// use neurodim_units::prelude::*;
/// let shape = Shape::vector(3)?;
/// let tau = Param::scalar(20.0 * ms);
/// let v_th = Param::per_element("V_th", vec![-50.0 * mV, -52.0 * mV, -54.0 * mV], &shape)?;
/// assert_eq!(tau.get(2), 20.0 * ms);
/// assert_eq!(v_th.get(1), -52.0 * mV);
/// let err = Param::per_element("V_th", vec![-50.0 * mV; 4], &shape).unwrap_err();
/// assert_eq!(err.to_string(), "parameter V_th: expected 3 values, found 4");
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Param<T> {
    /// One value for every element.
    Scalar(T),
    /// One value per element of the population, row-major.
    PerElement(Vec<T>),
}

impl<T: StateValue> Param<T> {
    /// One value for the whole population.
    pub fn scalar(value: T) -> Self {
        Param::Scalar(value)
    }

    /// One value per element; `values` must have `shape.len()` elements.
    pub fn per_element(name: &str, values: Vec<T>, shape: &Shape) -> Result<Self, StateError> {
        if values.len() != shape.len() {
            return Err(StateError::LengthMismatch {
                what: format!("parameter {name}"),
                expected: shape.len(),
                found: values.len(),
            });
        }
        Ok(Param::PerElement(values))
    }

    /// Checks every value with `rule` (e.g. `|x| validate::positive("tau", x)`), so an array
    /// parameter obeys the same rule as a scalar one.
    pub fn check(self, rule: impl Fn(T) -> Result<T, UnitsError>) -> Result<Self, StateError> {
        match &self {
            Param::Scalar(x) => {
                rule(*x)?;
            }
            Param::PerElement(values) => {
                for &x in values {
                    rule(x)?;
                }
            }
        }
        Ok(self)
    }

    /// The value for element `i` (the scalar for every `i`). `i` must be below the population
    /// size the parameter was built for.
    #[inline]
    pub fn get(&self, i: usize) -> T {
        match self {
            Param::Scalar(x) => *x,
            Param::PerElement(values) => values[i],
        }
    }

    /// Whether this is one value for the whole population.
    pub fn is_scalar(&self) -> bool {
        matches!(self, Param::Scalar(_))
    }
}

impl<T: StateValue> From<T> for Param<T> {
    /// A scalar parameter, so constructors can take `impl Into<Param<T>>`.
    fn from(value: T) -> Self {
        Param::Scalar(value)
    }
}

#[cfg(test)]
mod tests {
    use crate::Shape;
    use crate::init::Param;
    use neurodim_units::validate::positive;
    use neurodim_units::*;

    #[test]
    fn a_scalar_is_scalar() {
        assert!(Param::scalar(1.0).is_scalar());
    }

    #[test]
    fn per_element_checks_the_count() -> Result<(), Box<dyn std::error::Error>> {
        let p = Param::per_element("w", vec![1.0, 2.0], &Shape::vector(2)?)?;
        assert_eq!(p.get(1), 2.0);
        assert!(Param::per_element("w", vec![1.0], &Shape::vector(2)?).is_err());
        Ok(())
    }

    #[test]
    fn check_names_the_refused_value() -> Result<(), Box<dyn std::error::Error>> {
        let tau = Param::per_element("tau", vec![10.0 * ms, -1.0 * ms], &Shape::vector(2)?)?;
        let err = tau.check(|x| positive("tau", x)).unwrap_err();
        assert_eq!(err.to_string(), "invalid tau: -1 ms (must be > 0)");
        Ok(())
    }

    #[test]
    fn a_scalar_at_any_index() {
        assert_eq!(Param::scalar(3.0).get(99), 3.0);
    }

    #[test]
    fn per_element_is_not_scalar() -> Result<(), Box<dyn std::error::Error>> {
        assert!(!Param::per_element("w", vec![1.0], &Shape::vector(1)?)?.is_scalar());
        Ok(())
    }
}
