use core::ops::{AddAssign, Mul};

use neurodim_state::StateValue;

use crate::DynError;

/// A quantity a synapse can carry and a post-synaptic accumulator can sum: a conductance, a
/// voltage, a current, a bare `f64`, …
///
/// Any [`StateValue`] that adds in place and scales by a number qualifies (every neurodim
/// quantity and `f64`; not `bool`). The zero is `W::from_si(0.0)`.
///
/// ```
/// use neurodim_dyn::connect::SynapticWeight;
/// use neurodim_units::prelude::*;
/// fn total<W: SynapticWeight>(ws: &[W]) -> W {
///     let mut sum = W::zero();
///     for &w in ws {
///         sum += w;
///     }
///     sum
/// }
/// assert_eq!(total(&[0.5 * nS, 0.25 * nS]), 0.75 * nS);
/// assert_eq!(total(&[1.0, 2.0]), 3.0);
/// ```
pub trait SynapticWeight: StateValue + AddAssign + Mul<f64, Output = Self> {
    /// The additive identity, `0` in SI units.
    #[inline]
    fn zero() -> Self {
        Self::from_si(0.0)
    }
}

impl<W: StateValue + AddAssign + Mul<f64, Output = W>> SynapticWeight for W {}

/// The weights of a connectivity: one value shared by every synapse (no per-synapse storage),
/// or one value per synapse in CSR order.
///
/// ```
/// use neurodim_dyn::connect::Weights;
/// use neurodim_units::prelude::*;
/// let w = Weights::Homogeneous(0.6 * nS);
/// assert_eq!(w.get(17), 0.6 * nS);
/// let w = Weights::PerSynapse(vec![1.0 * nS, 2.0 * nS]);
/// assert_eq!(w.get(1), 2.0 * nS);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Weights<W> {
    /// Every synapse has this weight; nothing is stored per synapse.
    Homogeneous(W),
    /// The weight of synapse `s` (its position in CSR order) is element `s`.
    PerSynapse(Vec<W>),
}

impl<W: SynapticWeight> Weights<W> {
    /// The weight of synapse `s` (CSR position). For per-synapse weights `s` must be in range.
    #[inline]
    pub fn get(&self, s: usize) -> W {
        match self {
            Weights::Homogeneous(w) => *w,
            Weights::PerSynapse(ws) => ws[s],
        }
    }

    /// Bytes of weight storage: 0 for a homogeneous weight, `size_of::<W>()` per synapse
    /// otherwise.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Weights::Homogeneous(_) => 0,
            Weights::PerSynapse(ws) => ws.len() * size_of::<W>(),
        }
    }

    /// Checks that every weight is finite and, for per-synapse weights, that there are
    /// `n_synapses` of them (`what` names the array in the error).
    pub(crate) fn validate(&self, what: &str, n_synapses: usize) -> Result<(), DynError> {
        match self {
            Weights::Homogeneous(w) => check_finite(*w),
            Weights::PerSynapse(ws) => {
                if ws.len() != n_synapses {
                    return Err(DynError::SizeMismatch {
                        what: what.into(),
                        expected: n_synapses,
                        found: ws.len(),
                    });
                }
                ws.iter().try_for_each(|&w| check_finite(w))
            }
        }
    }
}

fn check_finite<W: SynapticWeight>(w: W) -> Result<(), DynError> {
    if w.to_si().is_finite() {
        Ok(())
    } else {
        Err(DynError::invalid("weight", format_args!("{w:?}"), "must be finite"))
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::{SynapticWeight, Weights};
    use neurodim_units::prelude::*;

    #[test]
    fn zero_conductance() {
        assert_eq!(Conductance::zero(), 0.0 * nS);
    }

    #[test]
    fn homogeneous_weight_of_any_synapse() {
        assert_eq!(Weights::Homogeneous(1.5).get(0), 1.5);
    }

    #[test]
    fn heap_bytes_of_per_synapse_weights() {
        assert_eq!(Weights::Homogeneous(1.0).heap_bytes(), 0);
        assert_eq!(Weights::PerSynapse(vec![1.0; 10]).heap_bytes(), 80);
    }
}
