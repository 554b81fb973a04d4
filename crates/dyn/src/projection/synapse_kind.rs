use core::fmt;
use std::sync::Arc;

use neurodim_state::{Precision, Shape, Stateful, Visit, VisitMut};
use neurodim_units::Time;

use crate::DynError;
use crate::kernel::{ConductanceSynapse, SynapseModel, Synapses};
use crate::network::NetworkPrecision;

/// The synapse model of an [`AlignPost`](crate::projection::AlignPost) projection, with its
/// parameter values: any [`SynapseModel`] — [`ExponParams`](crate::synapse::ExponParams),
/// [`AlphaParams`](crate::synapse::AlphaParams),
/// [`DualExponParams`](crate::synapse::DualExponParams) or a user's model. Every model converts
/// into it, so a projection takes the parameters themselves.
///
/// Two projections onto the same population whose synapse kinds are equal (the same model,
/// the same parameter values, compared by the model's `PartialEq`-consistent `Debug` form) and
/// whose [outputs](crate::projection::OutputKind) are equal share one synapse state.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let e = SynapseKind::new(ExponParams { tau: 5.0 * ms });
/// assert_eq!(e, ExponParams { tau: 5.0 * ms }.into());
/// assert_ne!(e, SynapseKind::new(ExponParams { tau: 10.0 * ms }));
/// assert_ne!(e, SynapseKind::new(AlphaParams { tau: 5.0 * ms }));
/// assert_eq!(e.model_name(), "Expon");
/// ```
#[derive(Clone)]
pub struct SynapseKind(Arc<dyn SynapseSpec>);

impl SynapseKind {
    /// The kind of synapse of the parameters `model` (validated when a projection is added).
    pub fn new<M: SynapseModel>(model: M) -> Self {
        SynapseKind(Arc::new(model))
    }

    /// The model's name, [`SynapseModel::NAME`].
    pub fn model_name(&self) -> &'static str {
        self.0.name()
    }

    /// Synapses of this kind for a population of `shape`, stored in `F` (validates the
    /// parameters).
    pub(crate) fn build<F: NetworkPrecision>(
        &self,
        shape: Shape,
    ) -> Result<GroupSynapse<F>, DynError> {
        Ok(GroupSynapse(F::synapses_of(self, shape)?))
    }

    /// [`build`](Self::build) in `f64`.
    pub(crate) fn build_f64(
        &self,
        shape: Shape,
    ) -> Result<Box<dyn ConductanceSynapse<f64>>, DynError> {
        self.0.build_f64(shape)
    }

    /// [`build`](Self::build) in `f32`.
    pub(crate) fn build_f32(
        &self,
        shape: Shape,
    ) -> Result<Box<dyn ConductanceSynapse<f32>>, DynError> {
        self.0.build_f32(shape)
    }

    /// Whether the model is a single exponential at step `dt`
    /// ([`SynapseModel::single_exponential`]), which the network fuses with the neurons.
    pub(crate) fn is_single_exponential(&self, dt: Time) -> bool {
        self.0.is_single_exponential(dt)
    }

    /// [`SynapseModel::check_dt`] of the model.
    pub(crate) fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        self.0.check_dt(dt)
    }
}

impl<M: SynapseModel> From<M> for SynapseKind {
    fn from(model: M) -> Self {
        SynapseKind::new(model)
    }
}

impl PartialEq for SynapseKind {
    fn eq(&self, other: &Self) -> bool {
        self.0.name() == other.0.name() && self.0.key() == other.0.key()
    }
}

impl fmt::Debug for SynapseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

/// What a network needs of a synapse model without knowing its type.
trait SynapseSpec: fmt::Debug + Send + Sync {
    fn name(&self) -> &'static str;
    fn build_f64(&self, shape: Shape) -> Result<Box<dyn ConductanceSynapse<f64>>, DynError>;
    fn build_f32(&self, shape: Shape) -> Result<Box<dyn ConductanceSynapse<f32>>, DynError>;
    fn is_single_exponential(&self, dt: Time) -> bool;
    fn check_dt(&self, dt: Time) -> Result<(), DynError>;
    /// The parameter values, for merging groups: `Debug` prints every field, and a float's
    /// `Debug` form round-trips, so equal keys mean equal values.
    fn key(&self) -> String;
}

impl<M: SynapseModel> SynapseSpec for M {
    fn name(&self) -> &'static str {
        M::NAME
    }

    fn build_f64(&self, shape: Shape) -> Result<Box<dyn ConductanceSynapse<f64>>, DynError> {
        Ok(Box::new(Synapses::<M, f64>::new(shape, self.clone())?))
    }

    fn build_f32(&self, shape: Shape) -> Result<Box<dyn ConductanceSynapse<f32>>, DynError> {
        Ok(Box::new(Synapses::<M, f32>::new(shape, self.clone())?))
    }

    fn is_single_exponential(&self, dt: Time) -> bool {
        M::single_exponential::<f64>(&self.consts(dt)).is_some()
    }

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        SynapseModel::check_dt(self, dt)
    }

    fn key(&self) -> String {
        format!("{self:?}")
    }
}

/// The synapse state of a group, as its [`SynapseKind`] built it.
pub(crate) struct GroupSynapse<F: Precision>(Box<dyn ConductanceSynapse<F>>);

impl<F: Precision> GroupSynapse<F> {
    pub(crate) fn as_dyn(&self) -> &dyn ConductanceSynapse<F> {
        &*self.0
    }

    pub(crate) fn as_dyn_mut(&mut self) -> &mut dyn ConductanceSynapse<F> {
        &mut *self.0
    }
}

impl<F: Precision> Stateful for GroupSynapse<F> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        self.0.visit_states(visitor);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        self.0.visit_states_mut(visitor);
    }
}
