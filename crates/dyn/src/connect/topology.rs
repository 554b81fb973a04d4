use crate::DynError;

/// Who connects to whom, stored once in compressed sparse rows (CSR): row `i` is presynaptic
/// neuron `i`, and its targets are `targets[offsets[i] .. offsets[i + 1]]`.
///
/// Memory: 4 bytes (`u32`) per synapse plus 4 bytes per presynaptic neuron. The position of a
/// synapse in this order (its *CSR position*) indexes per-synapse weights and delays.
/// Rules produce rows with targets in ascending order, so that a spike's scatter walks the
/// post accumulator forwards.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// // 0 → {1, 2}, 1 → {}, 2 → {0}
/// let t = Topology::from_csr(3, 3, vec![0, 2, 2, 3], vec![1, 2, 0])?;
/// assert_eq!(t.targets_of(0), &[1, 2]);
/// assert_eq!(t.out_degree(1), 0);
/// assert_eq!(t.n_synapses(), 3);
/// assert_eq!(t.in_degrees(), vec![1, 1, 1]);
/// // the same synapses as (pre, post) pairs, in any order
/// assert_eq!(Topology::from_pairs(3, 3, &[(2, 0), (0, 1), (0, 2)])?, t);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    n_pre: usize,
    n_post: usize,
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Topology {
    /// No synapses between `n_pre` and `n_post` neurons (both at least 1).
    pub fn empty(n_pre: usize, n_post: usize) -> Result<Self, DynError> {
        check_population("n_pre", n_pre)?;
        Topology::from_csr(n_pre, n_post, vec![0; n_pre + 1], Vec::new())
    }

    /// A topology from its CSR arrays, validated: `offsets` has `n_pre + 1` entries, starts at
    /// 0, never decreases and ends at `targets.len()`; every target is below `n_post`.
    pub fn from_csr(
        n_pre: usize,
        n_post: usize,
        offsets: Vec<u32>,
        targets: Vec<u32>,
    ) -> Result<Self, DynError> {
        check_sizes(n_pre, n_post)?;
        if offsets.len() != n_pre + 1 {
            return Err(DynError::SizeMismatch {
                what: "CSR offsets".into(),
                expected: n_pre + 1,
                found: offsets.len(),
            });
        }
        if offsets[0] != 0 {
            return Err(DynError::invalid("offsets[0]", offsets[0], "must be 0"));
        }
        if offsets.windows(2).any(|w| w[1] < w[0]) {
            return Err(DynError::invalid("offsets", "a decreasing entry", "must not decrease"));
        }
        let last = offsets[n_pre] as usize;
        if last != targets.len() {
            return Err(DynError::SizeMismatch {
                what: "CSR targets (offsets[n_pre])".into(),
                expected: last,
                found: targets.len(),
            });
        }
        if let Some((s, &t)) = targets.iter().enumerate().find(|&(_, &t)| t as usize >= n_post) {
            return Err(DynError::IndexOutOfRange {
                what: format!("target of synapse {s}"),
                index: t as usize,
                len: n_post,
            });
        }
        Ok(Topology { n_pre, n_post, offsets, targets })
    }

    /// The number of presynaptic neurons (rows).
    pub fn n_pre(&self) -> usize {
        self.n_pre
    }

    /// The number of postsynaptic neurons (the range of the targets).
    pub fn n_post(&self) -> usize {
        self.n_post
    }

    /// The total number of synapses.
    pub fn n_synapses(&self) -> usize {
        self.targets.len()
    }

    /// The postsynaptic targets of presynaptic neuron `pre` (ascending for rule-built rows;
    /// duplicates are multapses). Panics if `pre >= n_pre` (a programming error, like slice
    /// indexing).
    #[inline]
    pub fn targets_of(&self, pre: usize) -> &[u32] {
        &self.targets[self.row_range(pre)]
    }

    /// The CSR positions of `pre`'s synapses: the indices of its per-synapse weights or delays.
    #[inline]
    pub fn row_range(&self, pre: usize) -> core::ops::Range<usize> {
        self.offsets[pre] as usize..self.offsets[pre + 1] as usize
    }

    /// The two CSR offsets that bound `pre`'s row (what [`row_range`](Self::row_range) reads).
    #[inline]
    pub(crate) fn row_bounds(&self, pre: usize) -> &[u32] {
        &self.offsets[pre..pre + 2]
    }

    /// The number of synapses leaving `pre`.
    pub fn out_degree(&self, pre: usize) -> usize {
        self.row_range(pre).len()
    }

    /// The number of synapses arriving at each postsynaptic neuron (multapses counted).
    pub fn in_degrees(&self) -> Vec<usize> {
        let mut counts = vec![0; self.n_post];
        for &t in &self.targets {
            counts[t as usize] += 1;
        }
        counts
    }

    /// The row offsets, `n_pre + 1` entries.
    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// All targets in CSR order.
    pub fn targets(&self) -> &[u32] {
        &self.targets
    }

    /// Heap bytes of the CSR arrays: `4 · (n_synapses + n_pre + 1)`.
    pub fn heap_bytes(&self) -> usize {
        size_of::<u32>() * (self.offsets.len() + self.targets.len())
    }
}

/// Both sizes of a rule's populations checked as [`check_population`] checks one.
pub(crate) fn check_sizes(n_pre: usize, n_post: usize) -> Result<(), DynError> {
    check_population("n_pre", n_pre)?;
    check_population("n_post", n_post)
}

/// A population size must be at least 1 and fit a `u32` index.
pub(crate) fn check_population(param: &'static str, n: usize) -> Result<(), DynError> {
    if n == 0 {
        Err(DynError::invalid(param, n, "must be >= 1"))
    } else if u32::try_from(n).is_err() {
        Err(DynError::invalid(param, n, "must fit a u32 index (<= 4294967295)"))
    } else {
        Ok(())
    }
}

/// A number of synapses (exact, or the expectation of a random rule) must fit the `u32`
/// offsets; checked before anything is allocated. Returns it as a capacity.
pub(crate) fn check_synapse_count(count: f64) -> Result<usize, DynError> {
    if count <= f64::from(u32::MAX) {
        Ok(count as usize)
    } else {
        Err(DynError::invalid("number of synapses", count, "must be <= 4294967295"))
    }
}

/// Builds a [`Topology`] row by row, for the rules.
pub(crate) struct CsrBuilder {
    n_post: usize,
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl CsrBuilder {
    /// An empty builder; `expected_synapses` is a capacity hint.
    pub(crate) fn new(n_pre: usize, n_post: usize, expected_synapses: usize) -> Self {
        let mut offsets = Vec::with_capacity(n_pre + 1);
        offsets.push(0);
        CsrBuilder { n_post, offsets, targets: Vec::with_capacity(expected_synapses) }
    }

    /// The targets buffer, for a rule to append the current row to.
    pub(crate) fn targets_mut(&mut self) -> &mut Vec<u32> {
        &mut self.targets
    }

    /// Closes the current row; fails once the synapse count no longer fits the `u32` offsets.
    pub(crate) fn finish_row(&mut self) -> Result<(), DynError> {
        check_synapse_count(self.targets.len() as f64)?;
        self.offsets.push(self.targets.len() as u32);
        Ok(())
    }

    /// The topology; every row must have been finished.
    pub(crate) fn finish(self) -> Topology {
        let n_pre = self.offsets.len() - 1;
        Topology { n_pre, n_post: self.n_post, offsets: self.offsets, targets: self.targets }
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{OneToOne, Topology};

    #[test]
    fn an_empty_topology_has_no_synapses() -> Result<(), Box<dyn std::error::Error>> {
        let t = Topology::empty(3, 2)?;
        assert_eq!((t.n_pre(), t.n_post(), t.n_synapses()), (3, 2, 0));
        Ok(())
    }

    #[test]
    fn from_csr_checks_the_targets() {
        assert!(Topology::from_csr(2, 2, vec![0, 1, 2], vec![1, 0]).is_ok());
        let e = Topology::from_csr(2, 2, vec![0, 1, 2], vec![1, 5]).unwrap_err();
        assert_eq!(e.to_string(), "target of synapse 1: index 5 out of range 0..2");
    }

    #[test]
    fn sizes_of_one_to_one() -> Result<(), Box<dyn std::error::Error>> {
        let t = OneToOne.topology(5)?;
        assert_eq!((t.n_pre(), t.n_post()), (5, 5));
        Ok(())
    }

    #[test]
    fn n_post_without_synapses() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Topology::from_csr(1, 7, vec![0, 0], vec![])?.n_post(), 7);
        Ok(())
    }

    #[test]
    fn n_synapses_counts_the_targets() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Topology::from_csr(2, 2, vec![0, 2, 3], vec![0, 1, 1])?.n_synapses(), 3);
        Ok(())
    }

    #[test]
    fn targets_of_a_source_with_multapses() -> Result<(), Box<dyn std::error::Error>> {
        let t = Topology::from_csr(2, 3, vec![0, 1, 3], vec![2, 0, 0])?;
        assert_eq!(t.targets_of(1), &[0, 0]);
        Ok(())
    }

    #[test]
    fn row_range_of_a_source() -> Result<(), Box<dyn std::error::Error>> {
        let t = Topology::from_csr(2, 3, vec![0, 1, 3], vec![2, 0, 1])?;
        assert_eq!(t.row_range(1), 1..3);
        Ok(())
    }

    #[test]
    fn row_bounds_are_the_offsets_row_range_reads() -> Result<(), Box<dyn std::error::Error>> {
        let t = Topology::from_csr(2, 3, vec![0, 1, 3], vec![2, 0, 1])?;
        assert_eq!(t.row_bounds(1), [1, 3]);
        Ok(())
    }

    #[test]
    fn out_degree_of_a_source() -> Result<(), Box<dyn std::error::Error>> {
        let t = Topology::from_csr(2, 3, vec![0, 1, 3], vec![2, 0, 1])?;
        assert_eq!(t.out_degree(1), 2);
        Ok(())
    }

    #[test]
    fn in_degrees_per_target() -> Result<(), Box<dyn std::error::Error>> {
        let t = Topology::from_csr(2, 3, vec![0, 1, 3], vec![2, 2, 1])?;
        assert_eq!(t.in_degrees(), vec![0, 1, 2]);
        Ok(())
    }

    #[test]
    fn offsets_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Topology::from_csr(2, 2, vec![0, 2, 3], vec![0, 1, 1])?.offsets(), &[0, 2, 3]);
        Ok(())
    }

    #[test]
    fn targets_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Topology::from_csr(2, 2, vec![0, 2, 3], vec![0, 1, 1])?.targets(), &[0, 1, 1]);
        Ok(())
    }

    #[test]
    fn heap_bytes_of_offsets_and_targets() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Topology::from_csr(2, 2, vec![0, 2, 3], vec![0, 1, 1])?.heap_bytes(), 24);
        Ok(())
    }
}
