use neurodim_state::StreamRng;
use neurodim_units::Probability;

use crate::DynError;
use crate::connect::fixed_degree::FixedDegree;
use crate::connect::topology::{CsrBuilder, check_sizes};
use crate::connect::{ConnectionRule, Topology};

/// Every presynaptic neuron connects to exactly `degree` postsynaptic neurons chosen at random
/// (brainstate's `EventFixedProb` / `EventFixedNumConn` with `conn_target='post'`).
///
/// Defaults as in brainstate: multapses (a target drawn twice gives two synapses) and
/// self-connections (`i → i` when both populations are the same) are allowed.
///
/// **Sampling** (defines the network a stream gives): rows `i = 0 .. n_pre` in order; row `i`
/// draws from `m = n_post` candidates (`m = n_post − 1` when self-connections are off and
/// `i < n_post`; then a drawn `c ≥ i` becomes `c + 1`).
/// - With multapses: `degree` independent uniform integers in `[0, m)` (Lemire's unbiased
///   multiply-shift on the high 32 bits of each `next_u64`).
/// - Without: Floyd's algorithm — for `j = m − degree .. m`, draw `t` uniform in `[0, j]`
///   and choose `t`, or `j` if `t` was already chosen.
///
/// Each row is then sorted ascending.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// // brainstate's EventFixedProb(3200, 4000, conn_num=0.02): int(0.02 · 4000) = 80 per source
/// let rule = FixedOutDegree::from_probability(Probability::new(0.02)?);
/// assert_eq!(rule.degree_for(4000), 80);
/// let t = rule.connect(3200, 4000, &mut StreamKey::new(0, "E.conn").rng())?;
/// assert!((0..3200).all(|i| t.out_degree(i) == 80));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FixedOutDegree {
    degree: Degree,
    self_connections: bool,
    multapses: bool,
}

/// How many targets each source has: a number, or brainstate's fraction of the targets.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Degree {
    Count(usize),
    FractionOfTargets(Probability),
}

impl FixedOutDegree {
    /// `degree` targets for each source. The degree is checked against the sizes and options
    /// when connecting.
    pub fn new(degree: usize) -> Self {
        FixedOutDegree { degree: Degree::Count(degree), self_connections: true, multapses: true }
    }

    /// brainstate's count for a connection probability: `degree = ⌊p · n_post⌋` (Python's
    /// `int(n_post * p)`), so `p = 0.02` of 4 000 gives 80.
    pub fn from_probability(p: Probability) -> Self {
        FixedOutDegree {
            degree: Degree::FractionOfTargets(p),
            self_connections: true,
            multapses: true,
        }
    }

    /// Allows or forbids `i → i` synapses (default: allowed).
    pub fn self_connections(mut self, allowed: bool) -> Self {
        self.self_connections = allowed;
        self
    }

    /// Allows or forbids several synapses between the same pair (default: allowed). Without
    /// them targets are drawn without replacement, so the degree may not exceed `n_post`.
    pub fn multapses(mut self, allowed: bool) -> Self {
        self.multapses = allowed;
        self
    }

    /// The number of targets per source onto a population of `n_post` neurons.
    pub fn degree_for(&self, n_post: usize) -> usize {
        match self.degree {
            Degree::Count(degree) => degree,
            Degree::FractionOfTargets(p) => (p.get() * n_post as f64) as usize,
        }
    }
}

impl ConnectionRule for FixedOutDegree {
    fn connect(
        &self,
        n_pre: usize,
        n_post: usize,
        rng: &mut StreamRng,
    ) -> Result<Topology, DynError> {
        check_sizes(n_pre, n_post)?;
        let spec = FixedDegree {
            n_rows: n_pre,
            n_candidates: n_post,
            degree: self.degree_for(n_post),
            self_connections: self.self_connections,
            multapses: self.multapses,
        };
        spec.validate()?;
        let mut csr = CsrBuilder::new(n_pre, n_post, n_pre * spec.degree);
        spec.for_each_row(rng, |row| {
            csr.targets_mut().extend_from_slice(row);
            csr.finish_row()
        })?;
        Ok(csr.finish())
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{ConnectionRule, FixedOutDegree};
    use neurodim_state::StreamKey;
    use neurodim_units::Probability;

    #[test]
    fn new_draws_the_degree_and_refuses_no_sources() -> Result<(), Box<dyn std::error::Error>> {
        let rule = FixedOutDegree::new(3);
        let rng = &mut StreamKey::new(0, "c").rng();
        assert_eq!(rule.connect(10, 10, rng)?.n_synapses(), 30);
        assert_eq!(
            rule.connect(0, 10, rng).unwrap_err().to_string(),
            "invalid n_pre: 0 (must be >= 1)"
        );
        Ok(())
    }

    #[test]
    fn from_probability_truncates_p_times_n_post() -> Result<(), Box<dyn std::error::Error>> {
        let rule = FixedOutDegree::from_probability(Probability::new(0.1)?);
        assert_eq!(rule.degree_for(1000), 100);
        Ok(())
    }

    #[test]
    fn no_self_connections() -> Result<(), Box<dyn std::error::Error>> {
        let t = FixedOutDegree::new(10).self_connections(false).connect(
            50,
            50,
            &mut StreamKey::new(1, "c").rng(),
        )?;
        assert!((0..50).all(|i| !t.targets_of(i).contains(&(i as u32))));
        Ok(())
    }

    #[test]
    fn without_multapses_the_degree_must_fit() {
        let rule = FixedOutDegree::new(5).multapses(false);
        assert!(rule.connect(5, 4, &mut StreamKey::new(1, "c").rng()).is_err());
    }

    #[test]
    fn a_fixed_degree_for_any_target_size() {
        assert_eq!(FixedOutDegree::new(2).degree_for(3), 2);
    }
}
