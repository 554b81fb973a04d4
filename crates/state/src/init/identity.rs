use crate::{RealValue, StateError, StreamRng, init::Initializer, init::check};

/// A 2-D matrix with `value` on the diagonal and zero elsewhere (brainstate's `Identity`,
/// `value · eye(rows, cols)`). Any shape that is not 2-D is an error.
///
/// ```
/// use neurodim_state::{init::{Identity, Initializer}, StreamKey};
/// let eye = Identity::new(2.0)?.values(&[2, 3], &mut StreamKey::new(0, "W").rng())?;
/// assert_eq!(eye, vec![2.0, 0.0, 0.0, 0.0, 2.0, 0.0]);
/// assert!(Identity::new(1.0)?.values(&[4], &mut StreamKey::new(0, "W").rng()).is_err());
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Identity<T = f64> {
    value: T,
}

impl<T: RealValue> Identity<T> {
    /// An identity initialiser with `value` (finite) on the diagonal.
    pub fn new(value: T) -> Result<Self, StateError> {
        check::finite("value", value)?;
        Ok(Identity { value })
    }
}

impl<T: RealValue> Initializer<T> for Identity<T> {
    fn values(&self, shape: &[usize], _rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        let &[_, cols] = shape else {
            return Err(StateError::InvalidShape {
                shape: shape.to_vec(),
                rule: "Identity needs a 2-D shape (and no batch axis)",
            });
        };
        let n = check::element_count(shape)?;
        let zero = T::from_si(0.0);
        Ok((0..n).map(|k| if k / cols == k % cols { self.value } else { zero }).collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::init::Identity;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_nan() {
        assert!(Identity::new(1.0 * nS).is_ok());
        assert!(Identity::new(f64::NAN).is_err());
    }
}
