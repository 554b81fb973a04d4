use rand::RngExt;
use rand_distr::StandardNormal;

use crate::{
    RealValue, StateError, StreamRng,
    init::{Initializer, check, qr::thin_qr},
};

/// A (semi-)orthogonal matrix times `scale` and a unit (brainstate's `Orthogonal`).
///
/// With `rows = shape[axis]` and `cols = ∏ shape / rows`, a `max × min` matrix of `N(0, 1)`
/// draws is factorised `A = Q R` (Householder); `Q · sign(diag R)` (uniformly distributed
/// under the Haar measure) is transposed to `rows × cols` when `rows < cols`, reshaped to
/// `[rows, ..other axes]`, and its first axis moved to `axis`. Rows are orthonormal when
/// `rows ≤ cols`, columns otherwise.
///
/// ```
/// use neurodim_state::{init::{Initializer, Orthogonal}, StreamKey};
/// let q: Vec<f64> = Orthogonal::new(1.0, 1.0)?.values(&[3, 3], &mut StreamKey::new(0, "W").rng())?;
/// for i in 0..3 {
///     for j in 0..3 {
///         let dot: f64 = (0..3).map(|r| q[r * 3 + i] * q[r * 3 + j]).sum();
///         assert!((dot - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12);
///     }
/// }
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orthogonal<T = f64> {
    scale: f64,
    axis: isize,
    unit: T,
}

impl<T: RealValue> Orthogonal<T> {
    /// An orthogonal initialiser along the last axis; `scale` and `unit` finite.
    pub fn new(scale: f64, unit: T) -> Result<Self, StateError> {
        check::finite("scale", scale)?;
        check::finite("unit", unit)?;
        Ok(Orthogonal { scale, axis: -1, unit })
    }

    /// The same along another axis (negative counts from the end); checked against the shape
    /// when values are drawn.
    pub fn with_axis(self, axis: isize) -> Self {
        Orthogonal { axis, ..self }
    }
}

impl<T: RealValue> Initializer<T> for Orthogonal<T> {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<T>, StateError> {
        let axis = check::axis("axis", self.axis, shape)?;
        let n = check::element_count(shape)?;
        let rows = shape[axis];
        let cols = n / rows;
        let (tall, wide) = (rows.max(cols), rows.min(cols));
        let normal: Vec<f64> = (0..n).map(|_| rng.sample(StandardNormal)).collect();
        let (mut q, r_diag) = thin_qr(normal, tall, wide);
        for (i, x) in q.iter_mut().enumerate() {
            *x *= sign(r_diag[i % wide]);
        }
        // The rows × cols matrix M: q itself, or its transpose when rows < cols.
        let m = |r: usize, c: usize| if rows >= cols { q[r * wide + c] } else { q[c * wide + r] };
        let factor = self.scale * self.unit.to_si();
        let mut out = Vec::with_capacity(n);
        let mut index = vec![0usize; shape.len()];
        for _ in 0..n {
            // The column of M is the row-major position among the axes other than `axis`.
            let col = index
                .iter()
                .zip(shape)
                .enumerate()
                .filter(|&(d, _)| d != axis)
                .fold(0, |acc, (_, (&i, &dim))| acc * dim + i);
            out.push(T::from_si(factor * m(index[axis], col)));
            advance(&mut index, shape);
        }
        Ok(out)
    }
}

/// `jnp.sign`: −1, 0 or 1.
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// Steps a row-major multi-index to the next element.
fn advance(index: &mut [usize], shape: &[usize]) {
    for d in (0..shape.len()).rev() {
        index[d] += 1;
        if index[d] < shape[d] {
            return;
        }
        index[d] = 0;
    }
}

#[cfg(test)]
mod tests {
    use crate::StreamKey;
    use crate::init::{Initializer, Orthogonal};
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_nan() {
        assert!(Orthogonal::new(1.0, 1.0 * nS).is_ok());
        assert!(Orthogonal::new(f64::NAN, 1.0).is_err());
    }

    #[test]
    fn the_axis_must_exist() -> Result<(), Box<dyn std::error::Error>> {
        let init = Orthogonal::new(1.0, 1.0)?.with_axis(0);
        assert!(init.values(&[2, 3], &mut StreamKey::new(0, "W").rng()).is_ok());
        assert!(init.with_axis(2).values(&[2, 3], &mut StreamKey::new(0, "W").rng()).is_err());
        Ok(())
    }
}
