//! A value per element read inside a kernel: one for all, or one each.

use crate::kernel::SplitParts;

/// A per-element value read inside a kernel: [`Broadcast`] (one value for all) or a slice (one
/// each). Kernels are generic over it, so each combination compiles to its own loop without
/// per-element branches.
///
/// ```
/// use neurodim_dyn::kernel::{PerElement, Broadcast};
/// fn sum<E: PerElement<f64>>(e: E, n: usize) -> f64 { (0..n).map(|i| e.at(i)).sum() }
/// assert_eq!(sum(Broadcast(2.0), 3), 6.0);
/// assert_eq!(sum(&[1.0, 2.0, 3.0][..], 3), 6.0);
/// ```
pub trait PerElement<T: Copy>: Copy + SplitParts + Sync {
    /// The value of element `i`.
    fn at(self, i: usize) -> T;
}

/// The same value for every element (of any number: it splits into two copies of itself).
///
/// ```
/// use neurodim_dyn::kernel::{PerElement, Broadcast};
/// assert_eq!(Broadcast(1.5).at(1_000_000), 1.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Broadcast<T>(pub T);

impl<T: Copy + Send + Sync> PerElement<T> for Broadcast<T> {
    #[inline(always)]
    fn at(self, _i: usize) -> T {
        self.0
    }
}

impl<T: Copy + Send + Sync> SplitParts for Broadcast<T> {
    /// Any number of elements.
    fn len(&self) -> usize {
        usize::MAX
    }

    fn split_at(self, _mid: usize) -> (Self, Self) {
        (self, self)
    }
}

impl<T: Copy + Send + Sync> PerElement<T> for &[T] {
    #[inline(always)]
    fn at(self, i: usize) -> T {
        self[i]
    }
}
