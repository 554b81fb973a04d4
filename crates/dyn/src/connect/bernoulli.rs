use neurodim_state::StreamRng;
use neurodim_units::Probability;

use crate::DynError;
use crate::connect::sampling::uniform_open_closed;
use crate::connect::topology::{CsrBuilder, check_sizes, check_synapse_count};
use crate::connect::{ConnectionRule, Topology};

/// Each pair `(i, j)` is connected independently with probability `p` — true pairwise
/// Bernoulli, unlike brainstate's `EventFixedProb` (which fixes the out-degree). Out-degrees are
/// Binomial(`n_post`, `p`). No multapses; self-connections allowed by default.
///
/// **Sampling** in time proportional to the number of synapses (geometric skipping): rows
/// `i = 0 .. n_pre` in order; row `i` walks its `m` candidates (`m = n_post`, or `n_post − 1`
/// skipping `i` when self-connections are off and `i < n_post`; a candidate `c ≥ i` is then
/// target `c + 1`). With `u = 1 − (next_u64 >> 11) · 2⁻⁵³ ∈ (0, 1]`, the gap before the next
/// connected candidate is `⌊ln u / ln(1 − p)⌋` (Geometric(p) failures): starting at
/// `c = gap`, while `c < m` connect `c` and advance `c += 1 + gap`, drawing a fresh gap each
/// time. `p = 0` draws nothing; `p = 1` draws nothing and connects every candidate.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let t = PairwiseBernoulli::new(Probability::new(0.02)?)
///     .connect(1000, 1000, &mut StreamKey::new(0, "E.conn").rng())?;
/// // 20 000 synapses expected, standard deviation ≈ 140
/// assert!((t.n_synapses() as f64 - 20_000.0).abs() < 5.0 * 140.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairwiseBernoulli {
    p: Probability,
    self_connections: bool,
}

impl PairwiseBernoulli {
    /// Connects each pair with probability `p` (a checked [`Probability`], so values outside
    /// `[0, 1]` are rejected where it is made).
    ///
    /// See [`PairwiseBernoulli`] for an example.
    pub fn new(p: Probability) -> Self {
        PairwiseBernoulli { p, self_connections: true }
    }

    /// Allows or forbids `i → i` synapses (default: allowed).
    pub fn self_connections(mut self, allowed: bool) -> Self {
        self.self_connections = allowed;
        self
    }
}

impl ConnectionRule for PairwiseBernoulli {
    fn connect(
        &self,
        n_pre: usize,
        n_post: usize,
        rng: &mut StreamRng,
    ) -> Result<Topology, DynError> {
        check_sizes(n_pre, n_post)?;
        let p = self.p.get();
        let expected = check_synapse_count(n_pre as f64 * n_post as f64 * p)?;
        let mut csr = CsrBuilder::new(n_pre, n_post, expected);
        // ln(1 − p) computed as ln_1p(−p) keeps precision for small p.
        let log_q = (-p).ln_1p();
        for i in 0..n_pre {
            let excluded = (!self.self_connections && i < n_post).then_some(i as u32);
            let m = n_post as u32 - u32::from(excluded.is_some());
            let to_target = |c: u32| match excluded {
                Some(x) if c >= x => c + 1,
                _ => c,
            };
            if p == 1.0 {
                csr.targets_mut().extend((0..m).map(to_target));
            } else if p > 0.0 {
                let mut gap = || (uniform_open_closed(rng).ln() / log_q).floor();
                let mut c = gap();
                while c < f64::from(m) {
                    csr.targets_mut().push(to_target(c as u32));
                    c += 1.0 + gap();
                }
            }
            csr.finish_row()?;
        }
        Ok(csr.finish())
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{ConnectionRule, PairwiseBernoulli};
    use neurodim_state::StreamKey;
    use neurodim_units::Probability;

    #[test]
    fn probability_one_without_self_connections() -> Result<(), Box<dyn std::error::Error>> {
        let t = PairwiseBernoulli::new(Probability::ONE).self_connections(false).connect(
            30,
            30,
            &mut StreamKey::new(0, "c").rng(),
        )?;
        assert_eq!(t.n_synapses(), 30 * 29);
        Ok(())
    }
}
