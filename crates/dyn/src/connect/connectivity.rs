use neurodim_state::StreamRng;
use neurodim_state::init::Initializer;

use crate::DynError;
use crate::connect::prefetch::{ROWS_AHEAD, prefetch};
use crate::connect::{SpikeEvent, SynapticWeight, Topology, Weights};
use crate::kernel::checks::stored_finite;

/// A [`Topology`] with its weights: the event-driven communication of a projection
/// (brainstate's `EventFixedProb` and friends).
///
/// [`propagate`](Connectivity::propagate) adds, for every presynaptic neuron that spiked, the
/// weight of each of its synapses into the accumulator of the synapse's target:
/// `post[j] += Σ_{i spiking} Σ_{s: i → j} w_s`. The work is proportional to the number of
/// spikes times their fan-out, never `n_pre · n_post`, and nothing is allocated.
///
/// A homogeneous weight is stored once (4 bytes of topology per synapse in total); per-synapse
/// weights add `size_of::<W>()` per synapse.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let conn = FixedOutDegree::new(80)
///     .connect(3200, 4000, &mut StreamKey::new(0, "E.conn").rng())?
///     .with_weight(0.6 * nS)?;
/// let mut spikes = vec![false; 3200];
/// spikes[7] = true;
/// let mut g = vec![0.0 * nS; 4000];
/// conn.propagate(&spikes, &mut g)?;
/// let total: f64 = g.iter().map(|g| g.value_in(nS)).sum();
/// assert!((total - 80.0 * 0.6).abs() < 1e-9);
///
/// // synapse by synapse, as (pre, post, weight)
/// let conn = Connectivity::from_triples(2, 2, &[(1, 0, 2.0 * nS), (0, 1, 1.0 * nS)])?;
/// let mut g = [0.0 * nS; 2];
/// conn.propagate(&[true, true], &mut g)?;
/// assert_eq!(g, [2.0 * nS, 1.0 * nS]);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Connectivity<W> {
    topology: Topology,
    weights: Weights<W>,
}

impl Topology {
    /// This topology with one weight shared by every synapse (nothing stored per synapse).
    /// The weight must be finite.
    pub fn with_weight<W: SynapticWeight>(self, weight: W) -> Result<Connectivity<W>, DynError> {
        Connectivity::new(self, Weights::Homogeneous(weight))
    }

    /// This topology with per-synapse weights drawn from an initialiser, as one array of shape
    /// `[n_synapses]` in CSR order (brainstate's `init.param(conn_weight, …)` with a callable).
    pub fn with_weights<W: SynapticWeight>(
        self,
        init: &dyn Initializer<W>,
        rng: &mut StreamRng,
    ) -> Result<Connectivity<W>, DynError> {
        let values = init.values(&[self.n_synapses()], rng)?;
        Connectivity::new(self, Weights::PerSynapse(values))
    }
}

impl<W: SynapticWeight> Connectivity<W> {
    /// The same synapses with each weight held as a `V` of the same value (a network's
    /// accumulators in its precision: an `f32` network sums `f32` weights), validated again:
    /// a weight beyond the range of `V` is an error, not an infinity.
    pub(crate) fn stored_as<V: SynapticWeight>(self) -> Result<Connectivity<V>, DynError> {
        let store = |w: W| stored_finite::<V>("weight", w.to_si());
        let weights = match self.weights {
            Weights::Homogeneous(w) => Weights::Homogeneous(store(w)?),
            Weights::PerSynapse(ws) => {
                Weights::PerSynapse(ws.into_iter().map(store).collect::<Result<_, _>>()?)
            }
        };
        Connectivity::new(self.topology, weights)
    }

    /// A topology and its weights, validated: per-synapse weights must number one per synapse,
    /// and every weight must be finite.
    pub fn new(topology: Topology, weights: Weights<W>) -> Result<Self, DynError> {
        weights.validate("per-synapse weights", topology.n_synapses())?;
        Ok(Connectivity { topology, weights })
    }

    /// Who connects to whom.
    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// The weights.
    pub fn weights(&self) -> &Weights<W> {
        &self.weights
    }

    /// The weights, writable (their state: see [`Weights`]' `AnyState`); their number cannot
    /// change.
    pub(crate) fn weights_mut(&mut self) -> &mut Weights<W> {
        &mut self.weights
    }

    /// The topology and the weights, one per synapse (a homogeneous weight is copied to every
    /// synapse first): what a plasticity rule reads and changes.
    pub(crate) fn plastic_parts(&mut self) -> (&Topology, &mut [W]) {
        if let Weights::Homogeneous(w) = self.weights {
            self.weights = Weights::PerSynapse(vec![w; self.topology.n_synapses()]);
        }
        let weights = match &mut self.weights {
            Weights::PerSynapse(ws) => ws.as_mut_slice(),
            // (not reached: made per-synapse above)
            Weights::Homogeneous(w) => core::slice::from_mut(w),
        };
        (&self.topology, weights)
    }

    /// The weight of the synapse at CSR position `s`. Panics if `s >= n_synapses` with
    /// per-synapse weights.
    pub fn weight_of(&self, s: usize) -> W {
        self.weights.get(s)
    }

    /// Heap bytes of topology and weights; per synapse this is 4 bytes with a homogeneous
    /// weight and `4 + size_of::<W>()` with per-synapse weights, plus 4 bytes per source.
    pub fn heap_bytes(&self) -> usize {
        self.topology.heap_bytes() + self.weights.heap_bytes()
    }

    /// Adds the weights of the synapses of every spiking source into `post`.
    ///
    /// `spikes` holds `batch · n_pre` elements (`[batch, n_pre]`, row-major; `batch = 1`
    /// unbatched) and `post` the matching `batch · n_post`. A nonzero float spike counts as one
    /// event, not scaled by its value (brainstate's `float_as_event=True`). Cost:
    /// `O(batch · n_pre + spikes · fan-out)`.
    pub fn propagate<S: SpikeEvent>(&self, spikes: &[S], post: &mut [W]) -> Result<(), DynError> {
        let batch = batch_of(spikes.len(), self.topology.n_pre(), "spikes")?;
        check_len("post accumulator", batch * self.topology.n_post(), post.len())?;
        let n_pre = self.topology.n_pre();
        let n_post = self.topology.n_post();
        for (item_spikes, item_post) in
            spikes.chunks_exact(n_pre).zip(post.chunks_exact_mut(n_post))
        {
            for (pre, _) in item_spikes.iter().enumerate().filter(|(_, s)| s.is_event()) {
                self.scatter(pre, item_post, |w| w);
            }
        }
        Ok(())
    }

    /// Adds the weights of the synapses of the listed sources into `post` (`n_post` elements,
    /// unbatched): the same as [`propagate`](Connectivity::propagate) with a spike vector that
    /// is true at these indices, for an engine that keeps spike index lists. A repeated index
    /// is delivered as often as it is listed. Every index is checked before anything is added.
    pub fn propagate_indices(&self, active: &[u32], post: &mut [W]) -> Result<(), DynError> {
        check_len("post accumulator", self.topology.n_post(), post.len())?;
        check_indices(active, self.topology.n_pre())?;
        for &pre in active {
            self.scatter(pre as usize, post, |w| w);
        }
        Ok(())
    }

    /// Asks the CPU to load what the delivery of the spike list `active` needs a few sources
    /// after the `k`-th: the row (targets and weights) of the source [`ROWS_AHEAD`] further
    /// on, and the row bounds of the source twice as far, which locating that row will read
    /// then. (Prefetching only the row made the prefetch wait for its bounds, a miss of its
    /// own in a large network: at 400 000 neurons a quarter of a step's samples sat in it.)
    #[inline]
    pub(crate) fn prefetch_ahead(&self, active: &[u32], k: usize) {
        if let Some(&far) = active.get(k + 2 * ROWS_AHEAD) {
            prefetch(self.topology.row_bounds(far as usize));
        }
        if let Some(&ahead) = active.get(k + ROWS_AHEAD) {
            let range = self.topology.row_range(ahead as usize);
            prefetch(&self.topology.targets()[range.clone()]);
            if let Weights::PerSynapse(weights) = &self.weights {
                prefetch(&weights[range]);
            }
        }
    }

    /// `post[target] += map(w)` for each synapse of `pre`; `map` is the identity but where
    /// short-term plasticity scales what a spike delivers.
    #[inline]
    pub(crate) fn scatter(&self, pre: usize, post: &mut [W], map: impl Fn(W) -> W) {
        let range = self.topology.row_range(pre);
        let targets = &self.topology.targets()[range.clone()];
        match &self.weights {
            Weights::Homogeneous(w) => {
                let w = map(*w);
                for &t in targets {
                    post[t as usize] += w;
                }
            }
            Weights::PerSynapse(ws) => {
                for (&t, &w) in targets.iter().zip(&ws[range]) {
                    post[t as usize] += map(w);
                }
            }
        }
    }
}

/// The batch size of a flat `[batch, n]` buffer of `len` elements.
pub(crate) fn batch_of(len: usize, n: usize, what: &str) -> Result<usize, DynError> {
    if len == 0 || !len.is_multiple_of(n) {
        return Err(DynError::SizeMismatch {
            what: format!("{what} (a positive multiple of the population size)"),
            expected: n,
            found: len,
        });
    }
    Ok(len / n)
}

/// `found` must equal `expected`.
pub(crate) fn check_len(what: &str, expected: usize, found: usize) -> Result<(), DynError> {
    if expected == found {
        Ok(())
    } else {
        Err(DynError::SizeMismatch { what: what.into(), expected, found })
    }
}

/// Every index of a spike list must name a source neuron.
pub(crate) fn check_indices(active: &[u32], n_pre: usize) -> Result<(), DynError> {
    match active.iter().find(|&&i| i as usize >= n_pre) {
        Some(&i) => Err(DynError::IndexOutOfRange {
            what: "spiking source".into(),
            index: i as usize,
            len: n_pre,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{Connectivity, OneToOne, Topology, Weights};
    use neurodim_state::StreamKey;
    use neurodim_state::init::Constant;
    use neurodim_units::prelude::*;

    #[test]
    fn with_weight_refuses_nan() -> Result<(), Box<dyn std::error::Error>> {
        let c = OneToOne.topology(3)?.with_weight(2.0 * mV)?;
        assert_eq!(c.weight_of(1), 2.0 * mV);
        assert!(OneToOne.topology(3)?.with_weight(f64::NAN * mV).is_err());
        Ok(())
    }

    #[test]
    fn with_weights_from_an_initializer() -> Result<(), Box<dyn std::error::Error>> {
        let c = OneToOne
            .topology(3)?
            .with_weights(&Constant(1.0 * nS), &mut StreamKey::new(0, "w").rng())?;
        assert_eq!(c.weight_of(2), 1.0 * nS);
        Ok(())
    }

    #[test]
    fn new_checks_the_number_of_weights() -> Result<(), Box<dyn std::error::Error>> {
        let t = OneToOne.topology(2)?;
        assert!(Connectivity::new(t.clone(), Weights::PerSynapse(vec![1.0, 2.0])).is_ok());
        let e = Connectivity::new(t, Weights::PerSynapse(vec![1.0])).unwrap_err();
        assert_eq!(e.to_string(), "per-synapse weights: expected size 2, found 1");
        Ok(())
    }

    #[test]
    fn topology_of_a_connectivity() -> Result<(), Box<dyn std::error::Error>> {
        let c = OneToOne.topology(2)?.with_weight(1.0)?;
        assert_eq!(c.topology().n_synapses(), 2);
        Ok(())
    }

    #[test]
    fn homogeneous_weights() -> Result<(), Box<dyn std::error::Error>> {
        let c = OneToOne.topology(2)?.with_weight(1.0)?;
        assert_eq!(c.weights(), &Weights::Homogeneous(1.0));
        Ok(())
    }

    #[test]
    fn weight_of_a_synapse() -> Result<(), Box<dyn std::error::Error>> {
        let c = Connectivity::new(OneToOne.topology(2)?, Weights::PerSynapse(vec![1.0, 2.0]))?;
        assert_eq!(c.weight_of(1), 2.0);
        Ok(())
    }

    #[test]
    fn heap_bytes_of_the_topology() -> Result<(), Box<dyn std::error::Error>> {
        let c = OneToOne.topology(100)?.with_weight(1.0 * nS)?;
        assert_eq!(c.heap_bytes(), 4 * 100 + 4 * 101);
        Ok(())
    }

    #[test]
    fn propagate_a_batch_of_two_items() -> Result<(), Box<dyn std::error::Error>> {
        // 0 → {1, 2}, 1 → {2}; weight 0.5; two batch items
        let c = Topology::from_csr(2, 3, vec![0, 2, 3], vec![1, 2, 2])?.with_weight(0.5)?;
        let spikes = [true, true, /* item 1: */ false, true];
        let mut post = [0.0; 6];
        c.propagate(&spikes, &mut post)?;
        assert_eq!(post, [0.0, 0.5, 1.0, 0.0, 0.0, 0.5]);
        Ok(())
    }

    #[test]
    fn propagate_indices_checks_the_sources() -> Result<(), Box<dyn std::error::Error>> {
        let c = Topology::from_csr(2, 3, vec![0, 2, 3], vec![1, 2, 2])?.with_weight(0.5)?;
        let mut post = [0.0; 3];
        c.propagate_indices(&[1], &mut post)?;
        assert_eq!(post, [0.0, 0.0, 0.5]);
        assert!(c.propagate_indices(&[2], &mut post).is_err());
        Ok(())
    }
}
