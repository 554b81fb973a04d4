use crate::StateError;

/// The shape of a population: `n` neurons, or a multi-dimensional layout such as `(2, 3)`.
///
/// Every dimension is at least 1. A state of this population has this shape, or
/// `[batch, ..shape]` once initialised with a batch; values are stored flat, row-major.
///
/// ```
/// use neurodim_state::prelude::*;
/// let grid = Shape::new([2, 3])?;
/// assert_eq!(grid.dims(), &[2, 3]);
/// assert_eq!(grid.len(), 6);
/// assert_eq!(Shape::vector(4000)?.len(), 4000);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    dims: Vec<usize>,
}

impl Shape {
    /// A shape from its dimensions; rejects an empty list and zero dimensions.
    pub fn new(dims: impl Into<Vec<usize>>) -> Result<Self, StateError> {
        let dims = dims.into();
        if dims.is_empty() {
            return Err(StateError::InvalidShape {
                shape: dims,
                rule: "must have at least one dimension",
            });
        }
        if dims.contains(&0) {
            return Err(StateError::InvalidShape {
                shape: dims,
                rule: "every dimension must be >= 1",
            });
        }
        dims.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d)).ok_or_else(|| {
            StateError::InvalidShape {
                shape: dims.clone(),
                rule: "the number of elements overflows usize",
            }
        })?;
        Ok(Shape { dims })
    }

    /// A one-dimensional population of `n` elements.
    pub fn vector(n: usize) -> Result<Self, StateError> {
        Shape::new([n])
    }

    /// The dimensions.
    pub fn dims(&self) -> &[usize] {
        &self.dims
    }

    /// The number of elements (the product of the dimensions; at least 1).
    #[allow(clippy::len_without_is_empty)] // a shape is never empty
    pub fn len(&self) -> usize {
        self.dims.iter().product()
    }

    /// The full shape of a state of this population with an optional leading batch axis.
    pub fn with_batch(&self, batch: Option<usize>) -> Vec<usize> {
        batch.into_iter().chain(self.dims.iter().copied()).collect()
    }
}

/// Checks a batch size: `None` (no batch axis) or at least 1.
///
/// ```
/// use neurodim_state::check_batch;
/// assert!(check_batch(Some(0)).is_err());
/// assert!(check_batch(None).is_ok());
/// ```
pub fn check_batch(batch: Option<usize>) -> Result<Option<usize>, StateError> {
    match batch {
        Some(0) => Err(StateError::InvalidBatch { batch: 0 }),
        other => Ok(other),
    }
}

/// What a population's size can be given as: a [`Shape`], a number of neurons (`4000`), or
/// dimensions (`[2, 3]`, `vec![2, 3]`, `&[2, 3][..]`). Constructors take `impl IntoShape`, so
/// `Lif::new(3200, params)` builds 3 200 neurons; the conversion applies [`Shape::new`]'s
/// rules (at least one dimension, none of them 0).
///
/// ```
/// use neurodim_state::prelude::*;
/// assert_eq!(4000.into_shape()?, Shape::vector(4000)?);
/// assert_eq!([2, 3].into_shape()?.len(), 6);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
pub trait IntoShape {
    /// The shape, or [`StateError::InvalidShape`] naming the rule it breaks.
    fn into_shape(self) -> Result<Shape, StateError>;
}

impl IntoShape for Shape {
    fn into_shape(self) -> Result<Shape, StateError> {
        Ok(self)
    }
}

impl IntoShape for &Shape {
    fn into_shape(self) -> Result<Shape, StateError> {
        Ok(self.clone())
    }
}

impl IntoShape for usize {
    fn into_shape(self) -> Result<Shape, StateError> {
        Shape::vector(self)
    }
}

impl<const N: usize> IntoShape for [usize; N] {
    fn into_shape(self) -> Result<Shape, StateError> {
        Shape::new(self)
    }
}

impl IntoShape for Vec<usize> {
    fn into_shape(self) -> Result<Shape, StateError> {
        Shape::new(self)
    }
}

impl IntoShape for &[usize] {
    fn into_shape(self) -> Result<Shape, StateError> {
        Shape::new(self)
    }
}

#[cfg(test)]
mod tests {
    use crate::{IntoShape, Shape};

    #[test]
    fn new_refuses_no_dimensions() {
        assert!(Shape::new([10]).is_ok());
        assert!(Shape::new(Vec::<usize>::new()).is_err());
    }

    #[test]
    fn vector_of_one_dimension() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Shape::vector(3)?.dims(), &[3]);
        Ok(())
    }

    #[test]
    fn dims_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Shape::new([2, 3])?.dims(), &[2, 3]);
        Ok(())
    }

    #[test]
    fn len_is_the_product() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Shape::new([2, 3])?.len(), 6);
        Ok(())
    }

    #[test]
    fn with_batch_prepends_the_batch() -> Result<(), Box<dyn std::error::Error>> {
        let s = Shape::new([2, 3])?;
        assert_eq!(s.with_batch(Some(5)), vec![5, 2, 3]);
        assert_eq!(s.with_batch(None), vec![2, 3]);
        Ok(())
    }

    #[test]
    fn an_empty_shape_is_refused() {
        assert!(Shape::vector(0).is_err());
        assert!(0.into_shape().is_err());
    }
}
