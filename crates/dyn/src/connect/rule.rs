use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::Topology;

/// A rule that generates a [`Topology`]: fixed out-degree, fixed in-degree, pairwise
/// Bernoulli, all-to-all, one-to-one.
///
/// Random rules draw only from `rng` and only through the algorithms documented on each rule
/// (and in `docs/connectivity.md`), so a stream — e.g. `StreamKey::new(seed, "E2I.conn").rng()`
/// — defines the network exactly, on every platform. Deterministic rules ignore `rng`.
///
/// ```
/// use neurodim_dyn::connect::{ConnectionRule, FixedOutDegree};
/// use neurodim_state::StreamKey;
/// let rule = FixedOutDegree::new(3200, 4000, 80)?;
/// let a = rule.connect(&mut StreamKey::new(7, "E2I.conn").rng())?;
/// let b = rule.connect(&mut StreamKey::new(7, "E2I.conn").rng())?;
/// assert_eq!(a, b);
/// assert_eq!(a.n_synapses(), 3200 * 80);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
pub trait ConnectionRule {
    /// Generates the topology, drawing from `rng`. Fails when the rule's options cannot be met
    /// (a degree above the number of distinct candidates without multapses) or when the
    /// network has more than `u32::MAX` synapses.
    ///
    /// ```
    /// use neurodim_dyn::connect::{ConnectionRule, FixedInDegree};
    /// use neurodim_state::StreamKey;
    /// let t = FixedInDegree::new(10, 5, 3)?.connect(&mut StreamKey::new(1, "c").rng())?;
    /// assert_eq!(t.in_degrees(), vec![3; 5]);
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    fn connect(&self, rng: &mut StreamRng) -> Result<Topology, DynError>;
}
