use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::topology::{CsrBuilder, check_sizes, check_synapse_count};
use crate::connect::{ConnectionRule, Topology};

/// Every presynaptic neuron connects to every postsynaptic neuron, optionally without the
/// `i → i` pairs (brainstate's `AllToAll(include_self=…)`). Deterministic.
///
/// For a small dense layer, [`EventLinear`](super::EventLinear) stores a dense matrix instead
/// of `n_pre · n_post` indices.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// let t = AllToAll::new().self_connections(false).topology(3, 3)?;
/// assert_eq!(t.targets_of(1), &[0, 2]);
/// assert_eq!(t.n_synapses(), 6);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllToAll {
    self_connections: bool,
}

impl Default for AllToAll {
    fn default() -> Self {
        AllToAll::new()
    }
}

impl AllToAll {
    /// All pairs (self-connections included by default).
    ///
    /// See [`AllToAll`] for an example.
    pub fn new() -> Self {
        AllToAll { self_connections: true }
    }

    /// Includes or leaves out the `i → i` pairs (default: included).
    ///
    /// See [`AllToAll`] for an example.
    pub fn self_connections(mut self, included: bool) -> Self {
        self.self_connections = included;
        self
    }

    /// The topology from `n_pre` to `n_post` neurons. Fails for a size of 0 and (before
    /// allocating) above `u32::MAX` synapses.
    pub fn topology(&self, n_pre: usize, n_post: usize) -> Result<Topology, DynError> {
        check_sizes(n_pre, n_post)?;
        let self_pairs = if self.self_connections { 0 } else { n_pre.min(n_post) };
        let count = check_synapse_count(n_pre as f64 * n_post as f64 - self_pairs as f64)?;
        let mut csr = CsrBuilder::new(n_pre, n_post, count);
        for i in 0..n_pre {
            let skip = (!self.self_connections).then_some(i);
            let row = (0..n_post).filter(|&j| Some(j) != skip).map(|j| j as u32);
            csr.targets_mut().extend(row);
            csr.finish_row()?;
        }
        Ok(csr.finish())
    }
}

impl ConnectionRule for AllToAll {
    /// [`AllToAll::topology`]; draws nothing.
    fn connect(
        &self,
        n_pre: usize,
        n_post: usize,
        _rng: &mut StreamRng,
    ) -> Result<Topology, DynError> {
        self.topology(n_pre, n_post)
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::AllToAll;

    #[test]
    fn topology_lists_every_pair_and_refuses_an_empty_side()
    -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(AllToAll::new().topology(2, 2)?.targets(), &[0, 1, 0, 1]);
        assert!(AllToAll::new().topology(2, 0).is_err());
        Ok(())
    }
}
