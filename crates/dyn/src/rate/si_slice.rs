//! Typed values seen as plain `f64` in SI base units, without copying, for the matrix kernels.

use neurodim_state::StateValue;
use neurodim_units::uom::si::{Dimension, Quantity, SI};

mod sealed {
    pub trait Sealed {}
}

/// A value stored exactly as one `f64` in SI base units: a bare `f64` or any neurodim quantity
/// (`Voltage`, `Current`, `Ratio`, …). Slices of such values are handed to nalgebra as `f64`
/// slices without copying; SI base units are coherent, so `x · W + b` computed on the SI numbers
/// is the SI number of the typed result.
///
/// The trait is sealed: its soundness rests on the layout of the implementing types.
///
/// ```
/// use neurodim_dyn::rate::SiScalar;
/// use neurodim_units::prelude::*;
/// fn takes<T: SiScalar>(_: T) {}
/// takes(1.0);
/// takes(2.0 * mA);
/// ```
pub trait SiScalar: StateValue + sealed::Sealed {}

impl sealed::Sealed for f64 {}
impl SiScalar for f64 {}

// uom declares `Quantity` `#[repr(transparent)]` over its `value: V` field (its other two fields
// are `PhantomData`), so `Quantity<D, SI<f64>, f64>` has exactly the layout of `f64`.
impl<D> sealed::Sealed for Quantity<D, SI<f64>, f64> where D: Dimension + ?Sized {}
impl<D> SiScalar for Quantity<D, SI<f64>, f64>
where
    D: Dimension + ?Sized + 'static,
    D::Kind: 'static,
    Quantity<D, SI<f64>, f64>: Send + Sync,
{
}

/// The SI numbers of `values`, as a slice of `f64` over the same memory.
#[inline]
pub(crate) fn as_si<T: SiScalar>(values: &[T]) -> &[f64] {
    const { assert!(size_of::<T>() == size_of::<f64>() && align_of::<T>() == align_of::<f64>()) };
    // SAFETY: `T` is `f64` or a `#[repr(transparent)]` wrapper of one `f64` (the sealed impls
    // above), so the memory of `values` is `values.len()` valid, aligned `f64`s.
    unsafe { core::slice::from_raw_parts(values.as_ptr().cast::<f64>(), values.len()) }
}

/// The SI numbers of `values`, mutable, over the same memory.
#[inline]
pub(crate) fn as_si_mut<T: SiScalar>(values: &mut [T]) -> &mut [f64] {
    const { assert!(size_of::<T>() == size_of::<f64>() && align_of::<T>() == align_of::<f64>()) };
    // SAFETY: as in `as_si`; every `f64` bit pattern is a valid `T`, and the borrow is unique.
    unsafe { core::slice::from_raw_parts_mut(values.as_mut_ptr().cast::<f64>(), values.len()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neurodim_units::*;

    #[test]
    fn views_are_the_si_numbers() {
        let mut v = vec![-65.0 * mV, 2.0 * V];
        assert_eq!(as_si(&v), &[-0.065, 2.0]);
        as_si_mut(&mut v)[0] = -0.07;
        assert_eq!(v[0], -70.0 * mV);
    }
}
