//! The weights of a projection as a state: `"<projection>.w"`, of kind
//! [`Param`](neurodim_state::StateKind::Param), what plasticity changes and training will fit.

use neurodim_state::{AnyState, StateError, StateKind, StreamKey, ValueType};

use crate::connect::{SynapticWeight, Weights};
use crate::kernel::checks::stored_finite;

/// A projection's weights are a param state: listed, checkpointed and restored, recorded by
/// path, and kept by [`reset_all`](neurodim_state::reset_all). A homogeneous weight is a state of
/// shape `[]` (one value, nothing stored per synapse); per-synapse weights one of shape
/// `[n_synapses]`, in CSR order. `init` keeps them: they are set when the projection is built
/// (or its synapses drawn), as brainstate's `ParamState`s survive `init_all_states`. Values
/// loaded into them (a checkpoint, a user's) must number as many and be finite.
///
/// ```
/// use neurodim_dyn::connect::Weights;
/// use neurodim_state::{AnyState, StateKind};
/// use neurodim_units::prelude::*;
/// let mut w = Weights::PerSynapse(vec![1.0 * nS, 2.0 * nS]);
/// assert_eq!((w.kind(), w.full_shape()), (StateKind::Param, vec![2]));
/// w.load_si(&[3e-9, 4e-9])?;
/// assert_eq!(w.get(1), 4.0 * nS);
/// assert!(w.load_si(&[f64::NAN, 0.0]).is_err());
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
impl<W: SynapticWeight> AnyState for Weights<W> {
    fn kind(&self) -> StateKind {
        StateKind::Param
    }

    fn value_type(&self) -> ValueType {
        W::VALUE_TYPE
    }

    fn full_shape(&self) -> Vec<usize> {
        match self {
            Weights::Homogeneous(_) => Vec::new(),
            Weights::PerSynapse(ws) => vec![ws.len()],
        }
    }

    fn init(&mut self, _batch: Option<usize>, _key: StreamKey) -> Result<(), StateError> {
        Ok(())
    }

    fn reset(&mut self) -> Result<(), StateError> {
        Ok(())
    }

    fn to_si(&self) -> Vec<f64> {
        match self {
            Weights::Homogeneous(w) => vec![w.to_si()],
            Weights::PerSynapse(ws) => ws.iter().map(|w| w.to_si()).collect(),
        }
    }

    fn si_at(&self, index: usize) -> Option<f64> {
        match self {
            Weights::Homogeneous(w) => (index == 0).then(|| w.to_si()),
            Weights::PerSynapse(ws) => ws.get(index).map(|w| w.to_si()),
        }
    }

    fn load_si(&mut self, values: &[f64]) -> Result<(), StateError> {
        let stored = match self {
            Weights::Homogeneous(w) => core::slice::from_mut(w),
            Weights::PerSynapse(ws) => ws.as_mut_slice(),
        };
        if values.len() != stored.len() {
            let (expected, found) = (stored.len(), values.len());
            return Err(StateError::LengthMismatch { what: "weights".into(), expected, found });
        }
        // all checked before any is written: a refused load changes nothing
        let new: Vec<W> =
            values.iter().map(|&x| stored_finite("weight", x)).collect::<Result<_, _>>()?;
        stored.copy_from_slice(&new);
        Ok(())
    }
}
