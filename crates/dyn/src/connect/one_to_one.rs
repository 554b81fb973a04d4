use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::topology::check_population;
use crate::connect::{ConnectionRule, Topology};

/// Neuron `i` of the source connects to neuron `i` of the target, for two populations of the
/// same size `n`. Deterministic.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// let t = OneToOne.topology(3)?;
/// assert_eq!(t.targets(), &[0, 1, 2]);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OneToOne;

impl OneToOne {
    /// `i → i` for `i` in `0 .. n`; `n ≥ 1`.
    pub fn topology(&self, n: usize) -> Result<Topology, DynError> {
        check_population("n", n)?;
        let offsets = (0..=n as u32).collect();
        let targets = (0..n as u32).collect();
        Topology::from_csr(n, n, offsets, targets)
    }
}

impl ConnectionRule for OneToOne {
    /// [`OneToOne::topology`] when `n_pre == n_post`; draws nothing.
    fn connect(
        &self,
        n_pre: usize,
        n_post: usize,
        _rng: &mut StreamRng,
    ) -> Result<Topology, DynError> {
        if n_pre != n_post {
            return Err(DynError::invalid(
                "n_post",
                format!("{n_post} for {n_pre} sources"),
                "one-to-one needs as many targets as sources",
            ));
        }
        self.topology(n_pre)
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::OneToOne;

    #[test]
    fn one_synapse_per_neuron_and_an_empty_population_refused()
    -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(OneToOne.topology(4)?.in_degrees(), vec![1; 4]);
        assert_eq!(OneToOne.topology(0).unwrap_err().to_string(), "invalid n: 0 (must be >= 1)");
        Ok(())
    }
}
