//! A delay ring seen as columns: the accumulators of a range of post neurons in every slot, so
//! that threads can each own the columns of their own targets.

use core::marker::PhantomData;
use core::ops::{AddAssign, Range};

use crate::kernel::SplitParts;

/// The accumulators `ring[slot, t]` of the targets `t` in a range, in every slot of a ring laid
/// out `[slots, slot_len]`. Two views made by [`split_at`](SplitParts::split_at) own disjoint
/// target ranges, so no element is reachable from both, and each can be written on its own
/// thread. A target's accumulators are not contiguous (one per slot, `slot_len` apart), which is
/// why this is not a set of slices: the slices of every slot of a view would have to be
/// gathered in a list, allocated at every step.
pub(crate) struct RingColumns<'a, W> {
    /// The first element of the ring.
    ring: *mut W,
    slots: usize,
    slot_len: usize,
    /// The targets this view owns, within `0..slot_len`.
    targets: Range<usize>,
    /// The exclusive borrow of the whole ring the views were made from.
    _ring: PhantomData<&'a mut [W]>,
}

// SAFETY: a view is a `&mut` to the elements of its own columns, which no other view reaches
// (see `split_at`), and it only writes to them through `add`; a `&mut [W]` is `Send` when `W` is.
unsafe impl<W: Send> Send for RingColumns<'_, W> {}

impl<'a, W: Copy + AddAssign> RingColumns<'a, W> {
    /// Every column of `ring`, a whole number of slots of `slot_len`.
    pub(crate) fn new(ring: &'a mut [W], slot_len: usize) -> Self {
        assert!(slot_len > 0 && ring.len().is_multiple_of(slot_len), "a whole number of slots");
        RingColumns {
            ring: ring.as_mut_ptr(),
            slots: ring.len() / slot_len,
            slot_len,
            targets: 0..slot_len,
            _ring: PhantomData,
        }
    }

    /// The targets this view owns.
    pub(crate) fn targets(&self) -> Range<usize> {
        self.targets.clone()
    }

    /// The number of slots.
    pub(crate) fn slots(&self) -> usize {
        self.slots
    }

    /// `ring[slot, target] += value`. Panics unless `slot` is a slot of the ring and `target`
    /// one of this view's targets (a check that keeps the views apart, not a bounds check
    /// left to chance).
    #[inline]
    pub(crate) fn add(&mut self, slot: usize, target: usize, value: W) {
        assert!(slot < self.slots && self.targets.contains(&target), "outside the view's columns");
        // SAFETY: `slot < slots` and `target < targets.end <= slot_len`, so the element lies in
        // the ring borrowed for 'a; it is in this view's columns, which no other view reaches.
        unsafe { *self.ring.add(slot * self.slot_len + target) += value };
    }
}

impl<W: Send> SplitParts for RingColumns<'_, W> {
    fn len(&self) -> usize {
        self.targets.len()
    }

    /// The first `mid` targets of the view, and the rest: disjoint columns.
    fn split_at(self, mid: usize) -> (Self, Self) {
        assert!(mid <= self.targets.len(), "a split within the view");
        let mid = self.targets.start + mid;
        let part = |targets| RingColumns { targets, _ring: PhantomData, ..self };
        (part(self.targets.start..mid), part(mid..self.targets.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_views_write_their_own_columns_of_every_slot() {
        let mut ring = vec![0u32; 3 * 4]; // 3 slots of 4 targets
        let (mut left, mut right) = RingColumns::new(&mut ring, 4).split_at(1);
        assert_eq!((left.targets(), right.targets()), (0..1, 1..4));
        left.add(2, 0, 5);
        right.add(0, 3, 7);
        right.add(1, 1, 1);
        assert_eq!(ring, [0, 0, 0, 7, 0, 1, 0, 0, 5, 0, 0, 0]);
    }

    #[test]
    #[should_panic(expected = "outside the view's columns")]
    fn a_view_refuses_another_views_target() {
        let mut ring = vec![0u32; 8];
        let (mut left, _) = RingColumns::new(&mut ring, 4).split_at(2);
        left.add(0, 2, 1);
    }
}
