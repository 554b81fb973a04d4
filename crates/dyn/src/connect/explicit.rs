//! Connectivity from explicit lists of synapses.

use crate::DynError;
use crate::connect::topology::{check_sizes, check_synapse_count};
use crate::connect::{Connectivity, SynapticWeight, Topology, Weights};

impl Topology {
    /// A topology from an explicit list of `(pre, post)` synapses. Rows keep the order in which
    /// their synapses are listed; a repeated pair is a multapse, `(i, i)` a self-connection.
    /// Every index is checked against its population.
    ///
    /// See [`Topology`] for an example.
    pub fn from_pairs(
        n_pre: usize,
        n_post: usize,
        pairs: &[(usize, usize)],
    ) -> Result<Topology, DynError> {
        Ok(rows_from_pairs(n_pre, n_post, pairs.iter().copied())?.0)
    }
}

impl<W: SynapticWeight> Connectivity<W> {
    /// A connectivity from an explicit list of `(pre, post, weight)` synapses, with per-synapse
    /// weights. Rows keep the listed order; indices and weights are checked.
    ///
    /// See [`Connectivity`] for an example.
    pub fn from_triples(
        n_pre: usize,
        n_post: usize,
        synapses: &[(usize, usize, W)],
    ) -> Result<Self, DynError> {
        let (topology, order) =
            rows_from_pairs(n_pre, n_post, synapses.iter().map(|&(i, j, _)| (i, j)))?;
        let weights = order.iter().map(|&k| synapses[k].2).collect();
        Connectivity::new(topology, Weights::PerSynapse(weights))
    }
}

/// The topology of a list of pairs and, for each CSR position, the index of its pair in the
/// list (a stable counting sort by `pre`).
fn rows_from_pairs(
    n_pre: usize,
    n_post: usize,
    pairs: impl ExactSizeIterator<Item = (usize, usize)> + Clone,
) -> Result<(Topology, Vec<usize>), DynError> {
    check_sizes(n_pre, n_post)?;
    check_synapse_count(pairs.len() as f64)?;
    let mut offsets = vec![0u32; n_pre + 1];
    for (k, (i, j)) in pairs.clone().enumerate() {
        if i >= n_pre {
            let what = format!("pre of synapse {k}");
            return Err(DynError::IndexOutOfRange { what, index: i, len: n_pre });
        }
        if j >= n_post {
            let what = format!("post of synapse {k}");
            return Err(DynError::IndexOutOfRange { what, index: j, len: n_post });
        }
        offsets[i + 1] += 1;
    }
    for i in 0..n_pre {
        offsets[i + 1] += offsets[i];
    }
    let mut cursor = offsets.clone();
    let mut targets = vec![0u32; pairs.len()];
    let mut order = vec![0usize; pairs.len()];
    for (k, (i, j)) in pairs.enumerate() {
        let slot = cursor[i] as usize;
        targets[slot] = j as u32;
        order[slot] = k;
        cursor[i] += 1;
    }
    Ok((Topology::from_csr(n_pre, n_post, offsets, targets)?, order))
}

#[cfg(test)]
mod tests {
    use crate::connect::{Connectivity, Topology};
    use neurodim_units::prelude::*;

    #[test]
    fn from_pairs_sorts_by_source_and_checks_indices() -> Result<(), Box<dyn std::error::Error>> {
        let t = Topology::from_pairs(3, 2, &[(2, 0), (0, 1), (2, 1)])?;
        assert_eq!(t.targets_of(2), &[0, 1]);
        assert_eq!(t.out_degree(1), 0);
        let e = Topology::from_pairs(3, 2, &[(0, 2)]).unwrap_err();
        assert_eq!(e.to_string(), "post of synapse 0: index 2 out of range 0..2");
        Ok(())
    }

    #[test]
    fn from_triples_keeps_the_weights() -> Result<(), Box<dyn std::error::Error>> {
        let c = Connectivity::from_triples(2, 2, &[(1, 0, 2.0 * nS), (0, 1, 1.0 * nS)])?;
        assert_eq!(c.topology().targets(), &[1, 0]);
        assert_eq!(c.weight_of(0), 1.0 * nS);
        Ok(())
    }
}
