//! The synapses of a population for any [`SynapseModel`]: the one driver that steps a model,
//! standalone or in a network.

use core::ops::Range;

use neurodim_state::{IntoShape, Precision, Shape, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::{Conductance, Time};

use crate::DynError;
use crate::kernel::checks::check_input;
use crate::kernel::checks::check_range;
use crate::kernel::{
    Broadcast, Par, PerElement, SplitParts, SynapseModel, SynapseState, for_each_chunk, simd,
};

/// The synapses onto a population, of any [`SynapseModel`] `M`, with states stored in `F`
/// (`f64` by default): the model's parameters, its state, and its constants, computed once
/// per `dt`. [`Expon`](crate::synapse::Expon), [`Alpha`](crate::synapse::Alpha) and
/// [`DualExpon`](crate::synapse::DualExpon) are `Synapses` of their parameters; a user model
/// is stepped by the same code. The conductance it gives outputs, `g`, is in siemens.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_dyn::synapse::ConductanceSynapse;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut syn: Synapses<_> = Synapses::new(2, ExponParams { tau: 5.0 * ms })?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// syn.update(&env.step(0), Some(&[2.0 * nS, 0.0 * nS]))?;
/// assert_eq!(syn.g(), &[2.0 * nS, 0.0 * nS]);
/// assert_eq!(syn.model_name(), "Expon");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Synapses<M: SynapseModel, F: Precision = f64> {
    model: M,
    state: M::State<F>,
    consts: Option<(Time, M::Consts<F>)>,
}

impl<M: SynapseModel, F: Precision> Synapses<M, F> {
    /// Synapses of `shape` (that of the post-synaptic population) with the parameters `model`,
    /// validated; their states get values from [`init_all`](neurodim_state::init_all).
    pub fn new(shape: impl IntoShape, model: M) -> Result<Self, DynError> {
        let shape = shape.into_shape()?;
        model.validate()?;
        let state = model.state(shape);
        Ok(Synapses { model, state, consts: None })
    }

    /// The parameters.
    pub fn params(&self) -> M {
        self.model.clone()
    }

    /// The shape of the synapses.
    pub fn shape(&self) -> &Shape {
        self.state.shape()
    }

    /// The state (read its arrays, e.g. an [`Alpha`](crate::synapse::Alpha)'s `h`).
    pub fn state(&self) -> &M::State<F> {
        &self.state
    }

    /// The state, writable (to replace an initialiser before `init_all`).
    pub fn state_mut(&mut self) -> &mut M::State<F> {
        &mut self.state
    }

    /// The constants of `dt`, computed on the first step of each new `dt`.
    fn consts(&mut self, dt: Time) -> M::Consts<F> {
        match self.consts {
            Some((cached, consts)) if cached == dt => consts,
            _ => {
                let consts = self.model.consts(dt);
                self.consts = Some((dt, consts));
                consts
            }
        }
    }

    /// Steps the elements of `range`: decay, then `increment.at(i)` (siemens), split by `par`.
    fn run<I: PerElement<F>>(&mut self, dt: Time, increment: I, range: Range<usize>, par: Par) {
        let consts = self.consts(dt);
        let chunk = M::chunk(&mut self.state, range);
        for_each_chunk(par, (chunk, increment), &|_, (chunk, increment)| {
            simd::with_wide_vectors(
                #[inline(always)]
                move || M::update::<F, I>(&consts, chunk, increment),
            )
        });
    }
}

/// Conductance increments (siemens) stored in the precision of the state.
struct Increments<'a, F: Precision>(&'a [F::Stored<Conductance>]);

impl<F: Precision> Clone for Increments<'_, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: Precision> Copy for Increments<'_, F> {}

impl<F: Precision> PerElement<F> for Increments<'_, F> {
    #[inline(always)]
    fn at(self, i: usize) -> F {
        F::load(self.0[i])
    }
}

impl<F: Precision> SplitParts for Increments<'_, F> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (a, b) = self.0.split_at(mid);
        (Increments(a), Increments(b))
    }
}

/// A synapse whose output is a conductance per element, driven by conductance increments: the
/// object-safe face of [`Synapses`] of any model ([`Expon`](crate::synapse::Expon),
/// [`Alpha`](crate::synapse::Alpha), [`DualExpon`](crate::synapse::DualExpon), a user's), as a
/// network holds them.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_dyn::synapse::{Alpha, ConductanceSynapse, Expon};
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut synapses: Vec<Box<dyn ConductanceSynapse>> = vec![
///     Box::new(Expon::new(1, ExponParams::default())?),
///     Box::new(Alpha::new(1, AlphaParams::default())?),
/// ];
/// let env = Environment::new(0.1 * ms)?;
/// for syn in &mut synapses {
///     init_all(syn.as_mut(), None, 0)?;
///     syn.update(&env.step(0), Some(&[1.0 * nS]))?;
/// }
/// assert_eq!(synapses[0].g()[0], 1.0 * nS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ConductanceSynapse<F: Precision = f64>: Stateful + Send {
    /// The model's name, as the network's [plan](crate::network::NetworkPlan) prints it.
    fn model_name(&self) -> &'static str;

    /// One step of the elements in `range` (flat indices): decay, then add `increment` if
    /// given, stored in the precision of the state (a [`Conductance`] in an `f64` network, an
    /// `f32` one in an `f32` network). `increment` covers all elements (one value each); only those in `range` are
    /// read, so the engine can step a population's synapses and neurons tile by tile, split
    /// between threads by `par`. Any partition into ranges, with any `par`, gives the same
    /// bits as one [`update`](Self::update).
    fn update_range(
        &mut self,
        ctx: &StepContext,
        increment: Option<&[F::Stored<Conductance>]>,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError>;

    /// One step of all elements: decay, then add `increment` (one value per element) if given.
    fn update(
        &mut self,
        ctx: &StepContext,
        increment: Option<&[F::Stored<Conductance>]>,
    ) -> Result<(), DynError> {
        self.update_range(ctx, increment, 0..self.g().len(), Par::Seq)
    }

    /// The conductance, `[batch, ..shape]` flat, in the stored form of `F`.
    fn g(&self) -> &[F::Stored<Conductance>];

    /// The conductance, writable, and the factor `keep` of a single-exponential synapse
    /// (one whose update is exactly `g ← g·keep + Δg`, see
    /// [`SynapseModel::single_exponential`]); `None` for any other. The network fuses such
    /// synapses with the neurons' update.
    #[allow(clippy::type_complexity)]
    fn single_exponential(
        &mut self,
        dt: Time,
    ) -> Result<Option<(&mut [F::Stored<Conductance>], F)>, DynError>;
}

impl<M: SynapseModel, F: Precision> Stateful for Synapses<M, F> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        self.state.visit_states(visitor)
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        self.state.visit_states_mut(visitor)
    }
}

impl<M: SynapseModel, F: Precision> ConductanceSynapse<F> for Synapses<M, F> {
    fn model_name(&self) -> &'static str {
        M::NAME
    }

    fn update_range(
        &mut self,
        ctx: &StepContext,
        increment: Option<&[F::Stored<Conductance>]>,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let len = self.state.conductance().len();
        check_input("g", len, "conductance increment", increment.map(<[_]>::len))?;
        check_range(len, &range)?;
        match increment {
            Some(inc) => self.run(ctx.dt, Increments::<F>(&inc[range.clone()]), range, par),
            None => self.run(ctx.dt, Broadcast(F::zero()), range, par),
        }
        Ok(())
    }

    fn g(&self) -> &[F::Stored<Conductance>] {
        self.state.conductance()
    }

    fn single_exponential(
        &mut self,
        dt: Time,
    ) -> Result<Option<(&mut [F::Stored<Conductance>], F)>, DynError> {
        check_input("g", self.state.conductance().len(), "", None)?;
        let consts = self.consts(dt);
        Ok(match (M::single_exponential(&consts), self.state.conductance_mut()) {
            (Some(keep), Some(g)) => Some((g, keep)),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::kernel::{Par, Synapses};
    use crate::synapse::{ExponParams, *};
    use neurodim_state::{Environment, init_all};
    use neurodim_units::prelude::*;

    #[test]
    fn invalid_parameters_are_refused() {
        assert!(Synapses::<ExponParams>::new(3, ExponParams { tau: -1.0 * ms }).is_err());
    }

    #[test]
    fn update_range_in_tiles_is_update() -> Result<(), Box<dyn std::error::Error>> {
        let mut whole = Expon::new(3, ExponParams::default())?;
        init_all(&mut whole, None, 0)?;
        let mut tiled = whole.clone();
        let ctx = Environment::new(0.1 * ms)?.step(0);
        let dg = [1.0 * nS, 2.0 * nS, 3.0 * nS];
        whole.update(&ctx, Some(&dg))?;
        tiled.update_range(&ctx, Some(&dg), 0..1, Par::Seq)?;
        tiled.update_range(&ctx, Some(&dg), 1..3, Par::Seq)?;
        assert_eq!(whole.g(), tiled.g());
        assert!(tiled.update_range(&ctx, Some(&dg), 2..4, Par::Seq).is_err()); // past the end
        Ok(())
    }

    #[test]
    fn expon_is_a_single_exponential_alpha_is_not() -> Result<(), Box<dyn std::error::Error>> {
        let mut expon = Expon::new(1, ExponParams::default())?;
        let mut alpha = Alpha::new(1, AlphaParams::default())?;
        init_all(&mut expon, None, 0)?;
        init_all(&mut alpha, None, 0)?;
        let (_, keep) = expon.single_exponential(0.1 * ms)?.unwrap();
        assert!((keep - (-0.1f64 / 8.0).exp()).abs() < 1e-15);
        assert!(alpha.single_exponential(0.1 * ms)?.is_none());
        Ok(())
    }
}
