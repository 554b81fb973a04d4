use neurodim_state::Shape;

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
    pub(crate) fn build(&self, shape: Shape) -> Result<Box<dyn ConductanceSynapse>, DynError> {
        Ok(match *self {
            SynapseKind::Expon(params) => Box::new(Expon::new(shape, params)?),
            SynapseKind::Alpha(params) => Box::new(Alpha::new(shape, params)?),
        })
    }
}
