use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::topology::{CsrBuilder, check_population, check_synapse_count};
use crate::connect::{ConnectionRule, Topology};

/// Every presynaptic neuron connects to every postsynaptic neuron, optionally without the
/// `i → i` pairs (brainstate's `AllToAll(include_self=…)`). Deterministic.
///
/// For a small dense layer, [`EventLinear`](super::EventLinear) stores a dense matrix instead
/// of `n_pre · n_post` indices.
///
/// ```
/// use neurodim_dyn::connect::AllToAll;
/// let t = AllToAll::new(3, 3)?.self_connections(false).topology()?;
/// assert_eq!(t.targets_of(1), &[0, 2]);
/// assert_eq!(t.n_synapses(), 6);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllToAll {
    n_pre: usize,
    n_post: usize,
    self_connections: bool,
}

impl AllToAll {
    /// All `n_pre · n_post` pairs (self-connections included by default).
    ///
    /// ```
    /// use neurodim_dyn::connect::AllToAll;
    /// assert_eq!(AllToAll::new(2, 5)?.topology()?.n_synapses(), 10);
    /// assert!(AllToAll::new(2, 0).is_err());
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn new(n_pre: usize, n_post: usize) -> Result<Self, DynError> {
        check_population("n_pre", n_pre)?;
        check_population("n_post", n_post)?;
        Ok(AllToAll { n_pre, n_post, self_connections: true })
    }

    /// Includes or leaves out the `i → i` pairs (default: included).
    ///
    /// ```
    /// use neurodim_dyn::connect::AllToAll;
    /// assert_eq!(AllToAll::new(4, 4)?.self_connections(false).topology()?.n_synapses(), 12);
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn self_connections(mut self, included: bool) -> Self {
        self.self_connections = included;
        self
    }

    /// The topology. Fails (before allocating) above `u32::MAX` synapses.
    ///
    /// ```
    /// use neurodim_dyn::connect::AllToAll;
    /// assert_eq!(AllToAll::new(2, 2)?.topology()?.targets(), &[0, 1, 0, 1]);
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn topology(&self) -> Result<Topology, DynError> {
        let self_pairs = if self.self_connections { 0 } else { self.n_pre.min(self.n_post) };
        let count =
            check_synapse_count(self.n_pre as f64 * self.n_post as f64 - self_pairs as f64)?;
        let mut csr = CsrBuilder::new(self.n_pre, self.n_post, count);
        for i in 0..self.n_pre {
            let skip = (!self.self_connections).then_some(i);
            let row = (0..self.n_post).filter(|&j| Some(j) != skip).map(|j| j as u32);
            csr.targets_mut().extend(row);
            csr.finish_row()?;
        }
        Ok(csr.finish())
    }
}

impl ConnectionRule for AllToAll {
    /// [`AllToAll::topology`]; draws nothing.
    fn connect(&self, _rng: &mut StreamRng) -> Result<Topology, DynError> {
        self.topology()
    }
}
