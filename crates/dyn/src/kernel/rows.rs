//! Per-element rows: a state with several values per neuron, split between threads by neuron.

use crate::kernel::SplitParts;

/// The values of a state that holds `width` values per element (neuron), element-major: row
/// `i` is `values[i·width..(i + 1)·width]`. It splits between threads at element boundaries,
/// so a model's chunk can hold it beside its one-value-per-neuron slices (e.g. the adaptation
/// kernels of [`GifPscExp`](crate::neuron::GifPscExp)).
///
/// ```
/// use neurodim_dyn::kernel::{Rows, SplitParts};
/// let mut values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]; // 3 neurons, 2 values each
/// let rows = Rows::new(&mut values, 2);
/// assert_eq!(rows.len(), 3);
/// let (first, mut rest) = rows.split_at(1);
/// assert_eq!(first.len(), 1);
/// assert_eq!(rest.row(1), &mut [5.0, 6.0]);
/// ```
#[derive(Debug)]
pub struct Rows<'a, T> {
    values: &'a mut [T],
    width: usize,
}

impl<'a, T> Rows<'a, T> {
    /// The rows of `values`, `width` values each (`width ≥ 1`; `values.len()` a multiple of
    /// it).
    pub fn new(values: &'a mut [T], width: usize) -> Self {
        assert!(width >= 1 && values.len().is_multiple_of(width), "rows of {width} values");
        Rows { values, width }
    }

    /// The values of element `i`.
    #[inline(always)]
    pub fn row(&mut self, i: usize) -> &mut [T] {
        &mut self.values[i * self.width..(i + 1) * self.width]
    }
}

impl<T: Send> SplitParts for Rows<'_, T> {
    fn len(&self) -> usize {
        self.values.len() / self.width
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (first, rest) = self.values.split_at_mut(mid * self.width);
        (Rows { values: first, width: self.width }, Rows { values: rest, width: self.width })
    }
}
