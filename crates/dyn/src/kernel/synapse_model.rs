//! The interface every synapse model implements, built-in or written by a user: NEST's four
//! parts (parameters, constants derived from them and `dt`, state, the per-element update), for
//! the synapses of a post-synaptic population driven by conductance increments.

use core::fmt::Debug;
use core::ops::Range;

use neurodim_state::{Precision, Shape, Stateful};
use neurodim_units::{Conductance, Time};

use crate::DynError;
use crate::kernel::{PerElement, SplitParts};

/// A synapse model driven by conductance increments `Δg` (what the spikes of a step bring, the
/// summed weights) and read by an [output](crate::output::SynapticOutput) as a conductance `g`
/// per post-synaptic neuron; the type that implements it holds the model's parameters.
///
/// The parts, as NEST writes a model:
/// - the parameters: `Self`, checked by [`validate`](Self::validate);
/// - the constants: [`Consts`](Self::Consts), derived from the parameters and `dt` by
///   [`consts`](Self::consts) once per `dt` (propagators such as `e^{−dt/τ}`);
/// - the state: [`State`](Self::State), one array per variable, of which one is the
///   conductance outputs read ([`SynapseState::conductance`]);
/// - the update: [`update`](Self::update) steps a chunk of elements — each decays over `dt`,
///   then takes its increment.
///
/// [`Synapses`](crate::kernel::Synapses) is the one driver of every model, standalone and in
/// a network, where a model is wired by passing its parameters to
/// [`AlignPost::new`](crate::projection::AlignPost::new). A model whose update is exactly
/// `g ← g·keep + Δg` says so in [`single_exponential`](Self::single_exponential); the
/// network then fuses it with the neurons' update (the `fused` and `one-loop` plans).
///
/// An exponential synapse with a τ of its own, written outside the crate:
///
/// ```
/// use core::ops::Range;
/// use std::sync::Arc;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::kernel::{PerElement, Precision, SynapseState};
/// use neurodim_dyn::synapse::ConductanceSynapse;
///
/// #[derive(Debug, Clone, Copy, PartialEq)]
/// struct Decay { tau: Time }
///
/// #[derive(Debug, Clone)]
/// struct DecayState<F: Precision> { g: State<F::Stored<Conductance>> }
/// neurodim_state::stateful_fields!(DecayState<F: Precision> { state "g" => g });
///
/// impl<F: Precision> SynapseState<F> for DecayState<F> {
///     fn shape(&self) -> &Shape { self.g.shape() }
///     fn conductance(&self) -> &[F::Stored<Conductance>] { self.g.values() }
/// }
///
/// impl SynapseModel for Decay {
///     const NAME: &'static str = "Decay";
///     type Consts<F: Precision> = F;
///     type State<F: Precision> = DecayState<F>;
///     type Chunk<'a, F: Precision> = &'a mut [F::Stored<Conductance>];
///     fn validate(&self) -> Result<(), DynError> {
///         neurodim_units::validate::positive("tau", self.tau)?;
///         Ok(())
///     }
///     // the exact propagator e^(−dt/τ)
///     fn consts<F: Precision>(&self, dt: Time) -> F { F::of((-dt / self.tau).value.exp()) }
///     fn state<F: Precision>(&self, shape: Shape) -> DecayState<F> {
///         let zero = F::stored_initializer(Arc::new(Zero));
///         DecayState { g: State::shared(StateKind::Hidden, shape, zero) }
///     }
///     fn chunk<F: Precision>(state: &mut DecayState<F>, range: Range<usize>) -> Self::Chunk<'_, F> {
///         &mut state.g.values_mut()[range]
///     }
///     fn update<F: Precision, I: PerElement<F>>(keep: &F, g: Self::Chunk<'_, F>, dg: I) {
///         for (i, g) in g.iter_mut().enumerate() {
///             *g = F::store(F::load(*g) * *keep + dg.at(i));
///         }
///     }
/// }
///
/// let mut syn: Synapses<_> = Synapses::new(1, Decay { tau: 10.0 * ms })?;
/// init_all(&mut syn, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// syn.update(&env.step(0), Some(&[1.0 * nS]))?;
/// syn.update(&env.step(1), None)?;
/// assert!((syn.g()[0].value_in(nS) - (-0.01f64).exp()).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait SynapseModel: Clone + Debug + PartialEq + Send + Sync + 'static {
    /// The model's name, as the network's [plan](crate::network::NetworkPlan) prints it.
    const NAME: &'static str;

    /// The constants of one `dt`, in the precision of the state.
    type Consts<F: Precision>: Copy + Debug + Send + Sync;

    /// The state: one array per variable, `[batch, ..shape]` flat.
    type State<F: Precision>: SynapseState<F>;

    /// Mutable views of the state's arrays for a range of elements, split between threads.
    type Chunk<'a, F: Precision>: SplitParts;

    /// Checks the parameters: each out-of-range value is an error naming it.
    fn validate(&self) -> Result<(), DynError>;

    /// Checks that the validated parameters can be stepped with `dt`: each time constant τ
    /// with a finite `dt/τ` ([`time_step`](neurodim_units::validate::time_step)), so that the
    /// constants of [`consts`](Self::consts) are what they should be. A network calls it when
    /// the synapses are added (its `dt` is known then). The default accepts every `dt`.
    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        let _ = dt;
        Ok(())
    }

    /// The constants for a step of `dt` (called once per `dt`, not per step).
    fn consts<F: Precision>(&self, dt: Time) -> Self::Consts<F>;

    /// A state of `shape`, its initial values set by [`init_all`](neurodim_state::init_all).
    fn state<F: Precision>(&self, shape: Shape) -> Self::State<F>;

    /// The state's arrays restricted to `range` (flat indices).
    fn chunk<F: Precision>(state: &mut Self::State<F>, range: Range<usize>) -> Self::Chunk<'_, F>;

    /// One step of every element of `chunk`: decay over `dt`, then add `increment.at(i)` (in
    /// siemens), leaving in the state the conductance outputs read. Any partition of a
    /// population into chunks gives the same bits.
    fn update<F: Precision, I: PerElement<F>>(
        consts: &Self::Consts<F>,
        chunk: Self::Chunk<'_, F>,
        increment: I,
    );

    /// `Some(keep)` if the update is exactly `g ← g·keep + Δg` with the conductance as the
    /// only state (a single exponential, `keep = 1 − dt·exprel(−dt/τ)/τ`): the network then
    /// steps it inside the neurons' pass. `None` (the default) for any other model.
    fn single_exponential<F: Precision>(_consts: &Self::Consts<F>) -> Option<F> {
        None
    }
}

/// The state of a [`SynapseModel`]: its arrays, visited by path, and the conductance that
/// outputs read.
///
/// See [`SynapseModel`] for an example: a model of one's own defines its state with it.
pub trait SynapseState<F: Precision>: Stateful + Clone + Debug + Send + Sync + 'static {
    /// The shape of the synapses, that of their post-synaptic population.
    fn shape(&self) -> &Shape;

    /// The conductance read by outputs, `[batch, ..shape]` flat (empty before initialisation).
    fn conductance(&self) -> &[F::Stored<Conductance>];

    /// The conductance, writable: [`SynapseModel::single_exponential`] models only (the fused
    /// pass updates it in place). The default is `None`.
    fn conductance_mut(&mut self) -> Option<&mut [F::Stored<Conductance>]> {
        None
    }
}
