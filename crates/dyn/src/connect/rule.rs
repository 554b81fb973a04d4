use core::fmt;

use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::Topology;

/// A rule that generates a [`Topology`] between two populations: fixed out-degree, fixed
/// in-degree, pairwise Bernoulli, all-to-all, one-to-one. A rule says how neurons connect, not
/// how many there are (NEST's `conn_spec`, Brian2's `connect(p=…)`): the sizes come with
/// [`connect`](ConnectionRule::connect), so a network's
/// [`connect`](crate::network::Network::connect) builder fills them in from its populations.
///
/// Random rules draw only from `rng` and only through the algorithms documented on each rule
/// (and in `docs/connectivity.md`), so a stream — e.g. `StreamKey::new(seed, "E2I.conn").rng()`
/// — defines the network exactly, on every platform. Deterministic rules ignore `rng`.
///
/// A rule's `Debug` form names it and all its options: a network keys its fingerprint on it,
/// so a checkpoint of a network built with other connectivity is refused.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// let rule = FixedOutDegree::new(80);
/// let a = rule.connect(3200, 4000, &mut StreamKey::new(7, "E2I.conn").rng())?;
/// let b = rule.connect(3200, 4000, &mut StreamKey::new(7, "E2I.conn").rng())?;
/// assert_eq!(a, b);
/// assert_eq!(a.n_synapses(), 3200 * 80);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
pub trait ConnectionRule: fmt::Debug + Send + Sync {
    /// Generates the topology from `n_pre` to `n_post` neurons, drawing from `rng`. Fails when
    /// a size is 0 or above `u32::MAX`, when the rule's options cannot be met (a degree above
    /// the number of distinct candidates without multapses, one-to-one between populations of
    /// different sizes) or when the network has more than `u32::MAX` synapses.
    fn connect(
        &self,
        n_pre: usize,
        n_post: usize,
        rng: &mut StreamRng,
    ) -> Result<Topology, DynError>;
}

#[cfg(test)]
mod tests {
    use crate::connect::{ConnectionRule, FixedInDegree};
    use neurodim_state::StreamKey;

    #[test]
    fn connect_draws_the_in_degree() -> Result<(), Box<dyn std::error::Error>> {
        let t = FixedInDegree::new(3).connect(10, 5, &mut StreamKey::new(1, "c").rng())?;
        assert_eq!(t.in_degrees(), vec![3; 5]);
        Ok(())
    }
}
