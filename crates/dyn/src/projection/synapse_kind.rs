use neurodim_state::{Shape, Stateful, Visit, VisitMut};

use crate::DynError;
use crate::synapse::{Alpha, AlphaParams, ConductanceSynapse, Expon, ExponParams};

/// The synapse model of an [`AlignPost`](crate::projection::AlignPost) projection, with its
/// parameter values. Two projections onto the same population whose synapse kinds are equal
/// (same model, same values) and whose [outputs](crate::projection::OutputKind) are equal share
/// one synapse state.
///
/// ```
/// use neurodim_dyn::projection::SynapseKind;
/// use neurodim_dyn::synapse::ExponParams;
/// use neurodim_units::*;
/// let e = SynapseKind::Expon(ExponParams { tau: 5.0 * ms });
/// assert_eq!(e, SynapseKind::Expon(ExponParams { tau: 5.0 * ms }));
/// assert_ne!(e, SynapseKind::Expon(ExponParams { tau: 10.0 * ms }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SynapseKind {
    /// A single-exponential conductance, `τ dg/dt = −g` ([`Expon`]).
    Expon(ExponParams),
    /// An alpha-function conductance ([`Alpha`]).
    Alpha(AlphaParams),
}

impl SynapseKind {
    /// A synapse of this kind for a population of `shape` (validates the parameters).
    pub(crate) fn build(&self, shape: Shape) -> Result<GroupSynapse, DynError> {
        Ok(match *self {
            SynapseKind::Expon(params) => GroupSynapse::Expon(Expon::new(shape, params)?),
            SynapseKind::Alpha(params) => GroupSynapse::Alpha(Alpha::new(shape, params)?),
        })
    }
}

/// The synapse state of a group, as its [`SynapseKind`] built it: concrete, so that the
/// network can fuse an [`Expon`]'s update with other per-neuron work.
#[derive(Debug, Clone)]
pub(crate) enum GroupSynapse {
    Expon(Expon),
    Alpha(Alpha),
}

impl GroupSynapse {
    pub(crate) fn as_dyn(&self) -> &dyn ConductanceSynapse {
        match self {
            GroupSynapse::Expon(syn) => syn,
            GroupSynapse::Alpha(syn) => syn,
        }
    }

    pub(crate) fn as_dyn_mut(&mut self) -> &mut dyn ConductanceSynapse {
        match self {
            GroupSynapse::Expon(syn) => syn,
            GroupSynapse::Alpha(syn) => syn,
        }
    }
}

impl Stateful for GroupSynapse {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        self.as_dyn().visit_states(visitor);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        self.as_dyn_mut().visit_states_mut(visitor);
    }
}
