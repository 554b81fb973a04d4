use neurodim_state::StreamRng;

use crate::DynError;
use crate::connect::topology::check_population;
use crate::connect::{ConnectionRule, Topology};

/// Neuron `i` of the source connects to neuron `i` of the target, for two populations of the
/// same size `n`. Deterministic.
///
/// ```
/// use neurodim_dyn::connect::OneToOne;
/// let t = OneToOne::new(3)?.topology()?;
/// assert_eq!(t.targets(), &[0, 1, 2]);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OneToOne {
    n: usize,
}

impl OneToOne {
    /// `i → i` for `i` in `0 .. n`; `n ≥ 1`.
    ///
    /// ```
    /// use neurodim_dyn::connect::OneToOne;
    /// assert_eq!(OneToOne::new(0).unwrap_err().to_string(), "invalid n: 0 (must be >= 1)");
    /// ```
    pub fn new(n: usize) -> Result<Self, DynError> {
        check_population("n", n)?;
        Ok(OneToOne { n })
    }

    /// The topology.
    ///
    /// ```
    /// use neurodim_dyn::connect::OneToOne;
    /// assert_eq!(OneToOne::new(4)?.topology()?.in_degrees(), vec![1; 4]);
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn topology(&self) -> Result<Topology, DynError> {
        let offsets = (0..=self.n as u32).collect();
        let targets = (0..self.n as u32).collect();
        Topology::from_csr(self.n, self.n, offsets, targets)
    }
}

impl ConnectionRule for OneToOne {
    /// [`OneToOne::topology`]; draws nothing.
    fn connect(&self, _rng: &mut StreamRng) -> Result<Topology, DynError> {
        self.topology()
    }
}
