use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::fixed_degree::FixedDegree;
use crate::connect::topology::check_sizes;
use crate::connect::{ConnectionRule, Topology};

/// Every postsynaptic neuron receives exactly `degree` synapses from presynaptic neurons
/// chosen at random (NEST's `fixed_indegree`). Multapses and self-connections are allowed by
/// default.
///
/// **Sampling**: columns `j = 0 .. n_post` in order; column `j` draws its `degree` sources
/// exactly as [`FixedOutDegree`](super::FixedOutDegree) draws a row's targets, with the roles
/// of the populations swapped (`m = n_pre`, or `n_pre − 1` skipping `j` when self-connections
/// are off and `j < n_pre`). The result is then stored by rows (presynaptic neurons); within a
/// row, targets are ascending.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let t = FixedInDegree::new(20).connect(800, 4000, &mut StreamKey::new(0, "I.conn").rng())?;
/// assert!(t.in_degrees().iter().all(|&d| d == 20));
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FixedInDegree {
    degree: usize,
    self_connections: bool,
    multapses: bool,
}

impl FixedInDegree {
    /// `degree` sources for each target. The degree is checked against the sizes and options
    /// when connecting.
    pub fn new(degree: usize) -> Self {
        FixedInDegree { degree, self_connections: true, multapses: true }
    }

    /// Allows or forbids `i → i` synapses (default: allowed).
    pub fn self_connections(mut self, allowed: bool) -> Self {
        self.self_connections = allowed;
        self
    }

    /// Allows or forbids several synapses between the same pair (default: allowed). Without
    /// them sources are drawn without replacement, so `degree` may not exceed `n_pre`.
    pub fn multapses(mut self, allowed: bool) -> Self {
        self.multapses = allowed;
        self
    }

    /// The number of sources per target.
    pub fn degree(&self) -> usize {
        self.degree
    }
}

impl ConnectionRule for FixedInDegree {
    fn connect(
        &self,
        n_pre: usize,
        n_post: usize,
        rng: &mut StreamRng,
    ) -> Result<Topology, DynError> {
        check_sizes(n_pre, n_post)?;
        let spec = FixedDegree {
            n_rows: n_post,
            n_candidates: n_pre,
            degree: self.degree,
            self_connections: self.self_connections,
            multapses: self.multapses,
        };
        spec.validate()?;
        // Sources column by column, then a counting sort into rows (stable, so each row's
        // targets come out ascending).
        let mut sources = Vec::with_capacity(n_post * self.degree);
        spec.for_each_row(rng, |column| {
            sources.extend_from_slice(column);
            Ok(())
        })?;
        let mut offsets = vec![0u32; n_pre + 1];
        for &pre in &sources {
            offsets[pre as usize + 1] += 1;
        }
        for i in 0..n_pre {
            offsets[i + 1] += offsets[i];
        }
        let mut cursor = offsets.clone();
        let mut targets = vec![0u32; sources.len()];
        for (s, &pre) in sources.iter().enumerate() {
            let slot = &mut cursor[pre as usize];
            targets[*slot as usize] = (s / self.degree) as u32;
            *slot += 1;
        }
        Topology::from_csr(n_pre, n_post, offsets, targets)
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{ConnectionRule, FixedInDegree};
    use neurodim_state::StreamKey;

    #[test]
    fn an_empty_target_is_refused() {
        assert!(FixedInDegree::new(3).connect(10, 0, &mut StreamKey::new(0, "c").rng()).is_err());
    }

    #[test]
    fn all_others_without_self_connections_or_multapses() -> Result<(), Box<dyn std::error::Error>>
    {
        let t = FixedInDegree::new(19).self_connections(false).multapses(false).connect(
            20,
            20,
            &mut StreamKey::new(2, "c").rng(),
        )?;
        // every neuron receives from all the others, and from no one else
        assert!((0..20).all(|i| t.out_degree(i) == 19 && !t.targets_of(i).contains(&(i as u32))));
        Ok(())
    }

    #[test]
    fn without_multapses_the_degree_must_fit() {
        assert!(
            FixedInDegree::new(4)
                .multapses(false)
                .connect(3, 5, &mut StreamKey::new(0, "c").rng())
                .is_err()
        );
    }

    #[test]
    fn degree_as_given() {
        assert_eq!(FixedInDegree::new(2).degree(), 2);
    }
}
