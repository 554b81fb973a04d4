//! Spike delivery shared between threads by target: each thread owns a contiguous range of the
//! post neurons, walks every spiking source in list order and adds only the synapses of the
//! source's row whose targets are its own.
//!
//! No two threads write the same accumulator, and each accumulator receives the same additions
//! in the same order as in a delivery on one thread — by source in the order of the spike list,
//! then by synapse within the row — so the sums are the same bits for any number of threads.

use core::ops::Range;

use crate::connect::ring_columns::RingColumns;
use crate::connect::{Connectivity, SynapticWeight, Topology, Weights};
use crate::kernel::{GRAIN, Par, for_each_share};

/// The fewest synapses per source, on average, for which delivery is shared. Each thread walks
/// every spiking source and finds its part of the row by two binary searches (about
/// `2 · log2(fan-out)` steps), which for rows of a few synapses costs as much as adding them
/// all on one thread; from 16 synapses on, a thread's searches cost less than the additions it
/// takes from the others.
const MIN_FAN_OUT: usize = 16;

/// Whether delivery through `topology` is shared between threads, when there are several:
/// the post population is at least two [grains](GRAIN) (as for the neurons' own kernels), the
/// rows hold at least [`MIN_FAN_OUT`] synapses on average, and every row lists its targets in
/// ascending order (as every connection rule builds them), so that a thread finds its part of
/// a row by binary search. Decided once, when the delivery is built.
pub(crate) fn is_shareable(topology: &Topology) -> bool {
    topology.n_post() >= 2 * GRAIN
        && topology.n_synapses() >= MIN_FAN_OUT * topology.n_pre()
        && (0..topology.n_pre()).all(|pre| topology.targets_of(pre).is_sorted())
}

/// The CSR positions of the synapses of `pre` whose targets lie in `owned`: a range, since the
/// row is ascending.
#[inline]
fn owned_part(topology: &Topology, pre: usize, owned: &Range<u32>) -> Range<usize> {
    let row = topology.row_range(pre);
    let targets = &topology.targets()[row.clone()];
    let first = targets.partition_point(|&t| t < owned.start);
    let end = first + targets[first..].partition_point(|&t| t < owned.end);
    row.start + first..row.start + end
}

/// `slot[target] += map(k, w)` for each synapse of each source `active[k]`, shared between the
/// threads of `par`: the delivery of one slot (uniform delays). Rows must be ascending
/// ([`is_shareable`]).
pub(crate) fn scatter_shared<W: SynapticWeight>(
    par: Par,
    connectivity: &Connectivity<W>,
    active: &[u32],
    slot: &mut [W],
    map: &(impl Fn(usize, W) -> W + Sync),
) {
    let topology = connectivity.topology();
    for_each_share(par, slot, &|start, post: &mut [W]| {
        let owned = start as u32..(start + post.len()) as u32;
        for (k, &pre) in active.iter().enumerate() {
            connectivity.prefetch_ahead(active, k);
            let part = owned_part(topology, pre as usize, &owned);
            let targets = &topology.targets()[part.clone()];
            match connectivity.weights() {
                Weights::Homogeneous(w) => {
                    let w = map(k, *w);
                    for &t in targets {
                        post[(t - owned.start) as usize] += w;
                    }
                }
                Weights::PerSynapse(ws) => {
                    for (&t, &w) in targets.iter().zip(&ws[part]) {
                        post[(t - owned.start) as usize] += map(k, w);
                    }
                }
            }
        }
    });
}

/// `ring[slot(base + k_s), target_s] += map(k, w_s)` for each synapse `s` of each source
/// `active[k]`, with per-synapse delays `steps` (in the CSR order) into a ring of one item; shared between the threads of `par`, each owning the columns of its targets in
/// every slot. Rows must be ascending ([`is_shareable`]).
pub(crate) fn scatter_shared_delayed<W: SynapticWeight>(
    par: Par,
    connectivity: &Connectivity<W>,
    steps: &[u16],
    active: &[u32],
    ring: RingColumns<'_, W>,
    base: usize,
    map: &(impl Fn(usize, W) -> W + Sync),
) {
    let topology = connectivity.topology();
    let slots = ring.slots();
    for_each_share(par, ring, &|_, mut columns: RingColumns<'_, W>| {
        let targets = columns.targets();
        let owned = targets.start as u32..targets.end as u32;
        for (k, &pre) in active.iter().enumerate() {
            connectivity.prefetch_ahead(active, k);
            let part = owned_part(topology, pre as usize, &owned);
            let homogeneous = match connectivity.weights() {
                Weights::Homogeneous(w) => Some(map(k, *w)),
                Weights::PerSynapse(_) => None,
            };
            for s in part {
                let mut slot = base + usize::from(steps[s]);
                if slot >= slots {
                    slot -= slots;
                }
                let w = homogeneous.unwrap_or_else(|| map(k, connectivity.weight_of(s)));
                columns.add(slot, topology.targets()[s] as usize, w);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_takes_the_synapses_of_its_targets_only() {
        // 0 → {1, 4, 4, 9}
        let t = Topology::from_csr(1, 10, vec![0, 4], vec![1, 4, 4, 9]).unwrap();
        assert_eq!(owned_part(&t, 0, &(0..4)), 0..1);
        assert_eq!(owned_part(&t, 0, &(4..5)), 1..3);
        assert_eq!(owned_part(&t, 0, &(5..9)), 3..3);
        assert_eq!(owned_part(&t, 0, &(5..10)), 3..4);
    }

    #[test]
    fn small_sparse_or_unsorted_deliveries_are_not_shared() {
        let n = 2 * GRAIN;
        // source i → 16 targets spread over the population, ascending
        let row = |i: usize| {
            let mut row: Vec<u32> = (0..16).map(|k| ((i + 1000 * k) % n) as u32).collect();
            row.sort_unstable();
            row
        };
        let topology = |n_pre: usize, row: &dyn Fn(usize) -> Vec<u32>| {
            let rows: Vec<Vec<u32>> = (0..n_pre).map(row).collect();
            let mut offsets = vec![0];
            offsets.extend(rows.iter().scan(0, |end, r| {
                *end += r.len() as u32;
                Some(*end)
            }));
            Topology::from_csr(n_pre, n, offsets, rows.concat()).unwrap()
        };
        assert!(is_shareable(&topology(100, &row)));
        assert!(!is_shareable(&topology(100, &|i| row(i)[..8].to_vec())), "fan-out 8");
        let descending = |i| row(i).into_iter().rev().collect();
        assert!(!is_shareable(&topology(100, &descending)), "unsorted rows");
        let small = Topology::from_csr(1, n - 1, vec![0, 16], (0..16).collect()).unwrap();
        assert!(!is_shareable(&small), "below two grains");
    }
}
