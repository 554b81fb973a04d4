//! The interface every neuron model implements, built-in or written by a user: NEST's four
//! parts (parameters, constants derived from them and `dt`, state, the per-element update).

use core::fmt::Debug;
use core::ops::Range;
use std::sync::Arc;

use neurodim_state::init::Initializer;
use neurodim_state::{Precision, Shape, Stateful, StepContext};
use neurodim_units::{Time, Voltage};

use crate::DynError;
use crate::kernel::{ParameterVisitor, PerElement, SplitParts};

/// A neuron model as a kernel. The type that implements it is the model's **parameters**
/// (validated by [`validate`](Self::validate)); from them and `dt` it derives its
/// **constants** once ([`consts`](Self::consts): propagators, refractory windows), it keeps its
/// **state** in arrays, one per variable ([`State`](Self::State)), and it writes the
/// **update** of one step of a chunk of neurons ([`update`](Self::update)), generic over the
/// precision `F` and over where its inputs come from ([`NeuronInputs`]).
///
/// A population of any model is a [`Neurons`](crate::kernel::Neurons): it runs the model
/// standalone ([`Neuron`](crate::neuron::Neuron)) and in a
/// [`Network`](crate::network::Network), on every step plan, with the same code for built-in
/// and user models.
///
/// The update receives per neuron a [`NeuronInput`]: the current `I` (A) of everything that
/// does not depend on V, the synaptic slope `s` (S) such that the total current at V is
/// `I + s·V`, and a voltage jump `δ` (V) added after integration. Without a slope
/// ([`NeuronInputs::HAS_SLOPE`] false) `s` is zero for every neuron, and a model can hoist its
/// propagators out of the loop.
///
/// The reset of a neuron that spiked is applied at the start of the next update (brainstate's
/// convention), so a model's spike test reads its stored state: `update::<true, _>` resets and
/// integrates, `update::<false, _>` only integrates (after [`reset`](Self::reset), when an
/// output must see the post-reset V).
///
/// ```
/// use core::ops::Range;
/// use neurodim_dyn::kernel::{NeuronInputs, NeuronState, PerElement};
/// use neurodim_dyn::neuron::Drive;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::Precision;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use std::sync::Arc;
///
/// /// A perfect integrator, `C dV/dt = I`, spiking at `V_th` and reset to 0.
/// #[derive(Debug, Clone, PartialEq)]
/// struct Perfect { c: Capacitance, v_th: Voltage }
///
/// #[derive(Debug, Clone)]
/// struct PerfectState<F: Precision> { v: State<F::Stored<Voltage>> }
/// neurodim_state::stateful_fields!(PerfectState<F: Precision> { state "V" => v });
///
/// impl<F: Precision> NeuronState<F> for PerfectState<F> {
///     fn shape(&self) -> &Shape { self.v.shape() }
///     fn v(&self) -> &[F::Stored<Voltage>] { self.v.values() }
///     fn set_v_initializer(&mut self, init: Arc<dyn Initializer<Voltage>>) {
///         self.v = State::shared(self.v.kind(), self.v.shape().clone(), F::stored_initializer(init));
///     }
/// }
///
/// impl NeuronModel for Perfect {
///     const NAME: &'static str = "Perfect";
///     type Consts<F: Precision> = (F, F); // (dt/C in V/A, V_th)
///     type State<F: Precision> = PerfectState<F>;
///     type Chunk<'a, F: Precision> = &'a mut [F::Stored<Voltage>];
///
///     fn validate(&self) -> Result<(), neurodim_dyn::DynError> {
///         neurodim_units::validate::positive("C", self.c)?;
///         Ok(())
///     }
///     fn consts<F: Precision>(&self, dt: Time) -> (F, F) {
///         (F::of((dt / self.c).value), F::of(self.v_th.value))
///     }
///     fn state<F: Precision>(&self, shape: Shape) -> PerfectState<F> {
///         let init = F::stored_initializer(Arc::new(Constant(0.0 * mV)));
///         PerfectState { v: State::shared(neurodim_state::StateKind::Hidden, shape, init) }
///     }
///     fn chunk<F: Precision>(state: &mut PerfectState<F>, range: Range<usize>)
///         -> &mut [F::Stored<Voltage>] {
///         &mut state.v.values_mut()[range]
///     }
///     fn reset<F: Precision, C: PerElement<(F, F)>>(c: C, v: &mut [F::Stored<Voltage>]) {
///         for (i, v) in v.iter_mut().enumerate() {
///             if F::load(*v) >= c.at(i).1 { *v = F::store(F::zero()); }
///         }
///     }
///     #[inline(always)]
///     fn update<F: Precision, const RESET: bool, C: PerElement<(F, F)>, I: NeuronInputs<F>>(
///         c: C, v: &mut [F::Stored<Voltage>], mut inputs: I, spikes: &mut [bool], _: &StepContext,
///     ) {
///         for (i, (v, spike)) in v.iter_mut().zip(spikes.iter_mut()).enumerate() {
///             let ((k, v_th), input) = (c.at(i), inputs.take(i));
///             let mut x = F::load(*v);
///             if RESET && x >= v_th { x = F::zero(); }
///             x = x + k * (input.current + input.slope * x) + input.delta;
///             *v = F::store(x);
///             *spike = x >= v_th;
///         }
///     }
/// }
///
/// let model = Perfect { c: 1.0 * nF, v_th: 9.95 * mV };
/// let mut pop: Neurons<_> = Neurons::new(1, model)?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false];
/// let mut first = None;
/// for i in 0..100 {
///     pop.update(&env.step(i), &Drive::current(1.0 * nA), &mut spikes)?;
///     if spikes[0] && first.is_none() { first = Some(i); }
/// }
/// assert_eq!(first, Some(99)); // 1 nA into 1 nF: 0.1 mV per step, 10 mV after 100 steps
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait NeuronModel: Clone + Debug + PartialEq + Send + Sync + 'static {
    /// The model's name, as step plans and the examples print it (`"LIFRef"`).
    const NAME: &'static str;

    /// The constants of one neuron derived from the parameters and `dt`, in precision `F`
    /// (NEST's internal variables): computed once per `dt`, never per step.
    type Consts<F: Precision>: Copy + Debug + Send + Sync;

    /// The state of a population, one array per variable (`"V"` among them).
    type State<F: Precision>: NeuronState<F>;

    /// The per-neuron arrays of the state that an update of a range of neurons reads and
    /// writes, cut to that range (split between threads at the same index).
    type Chunk<'a, F: Precision>: SplitParts;

    /// What the weights of the spikes on the model's two ports are
    /// ([`NeuronInputs::spike_weights`]); none by default.
    const SPIKE_WEIGHT: SpikeWeight = SpikeWeight::None;

    /// Checks the parameters: each error names the parameter, its value and the rule.
    fn validate(&self) -> Result<(), DynError>;

    /// Checks that the validated parameters can be stepped with `dt`: each time constant τ
    /// with a finite `dt/τ` ([`time_step`](neurodim_units::validate::time_step)), so that the
    /// constants of [`consts`](Self::consts) are what they should be. A network calls it when
    /// the neurons are added (its `dt` is known then). The default accepts every `dt`.
    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        let _ = dt;
        Ok(())
    }

    /// The constants for a step of `dt` (validated parameters).
    fn consts<F: Precision>(&self, dt: Time) -> Self::Consts<F>;

    /// Shows each parameter that may take one value per neuron to `visitor`, by name and with
    /// the field that holds it (`visitor.value("V_th", &mut self.v_th)`; the field's type is
    /// the parameter's unit). [`Neurons::with_parameter`](crate::kernel::Neurons::with_parameter)
    /// sets a population's values by these names; the driver then derives one set of
    /// [`consts`](Self::consts) per neuron, from the parameters with that neuron's values
    /// ([`validate`](Self::validate)d per neuron). The default shows none: every parameter
    /// has one value for the population.
    fn visit_parameters(&mut self, visitor: &mut ParameterVisitor<'_>) {
        let _ = visitor;
    }

    /// The state of a population of `shape`, with the model's default initialisers.
    fn state<F: Precision>(&self, shape: Shape) -> Self::State<F>;

    /// The arrays of the neurons in `range` (a range of the initialised state).
    fn chunk<F: Precision>(state: &mut Self::State<F>, range: Range<usize>) -> Self::Chunk<'_, F>;

    /// Applies the pending reset of the neurons of `chunk` whose stored state spiked. It must
    /// not depend on `dt` (it may run before any step, with the constants of any `dt`).
    fn reset<F: Precision, C: PerElement<Self::Consts<F>>>(consts: C, chunk: Self::Chunk<'_, F>);

    /// One step of the neurons of `chunk` (reset first when `RESET`): integrate with the
    /// inputs, take each neuron's input exactly once and in order (`inputs.take(i)`, which may
    /// update synapses on the way), and write each spike flag. `consts.at(i)` are neuron `i`'s
    /// constants. Mark it `#[inline(always)]`: the driver compiles it inside a loop with the widest
    /// vectors the CPU has enabled.
    fn update<F: Precision, const RESET: bool, C: PerElement<Self::Consts<F>>, I: NeuronInputs<F>>(
        consts: C,
        chunk: Self::Chunk<'_, F>,
        inputs: I,
        spikes: &mut [bool],
        ctx: &StepContext,
    );
}

/// The state of a neuron population of some [`NeuronModel`]: its states (visited by path, so
/// that init, reset, checkpoints and monitors work on it) and the membrane potential that
/// outputs and monitors read.
///
/// See [`NeuronModel`] for an example: a model of one's own defines its state with it.
pub trait NeuronState<F: Precision>: Stateful + Clone + Debug + Send + Sync + 'static {
    /// The population shape (without the batch axis).
    fn shape(&self) -> &Shape;

    /// The membrane potentials, `[batch, ..shape]` flat (empty before init).
    fn v(&self) -> &[F::Stored<Voltage>];

    /// Replaces the initialiser of V.
    fn set_v_initializer(&mut self, init: Arc<dyn Initializer<Voltage>>);
}

/// One neuron's input in a step, in SI base units of precision `F`.
///
/// See [`NeuronModel`] for an example: a model's `update` takes one per neuron.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NeuronInput<F> {
    /// The current that does not depend on V: the external current plus the synaptic
    /// currents' offsets (A).
    pub current: F,
    /// The synaptic slope (S): the total current at V is `current + slope·V`. Zero without
    /// [`NeuronInputs::HAS_SLOPE`].
    pub slope: F,
    /// A voltage jump added after integration (V).
    pub delta: F,
}

/// Where the inputs of a chunk of neurons come from: precomputed arrays, or a pass that
/// updates the synapses of each neuron as its input is taken (the one-loop step plan).
///
/// See [`NeuronModel`] for an example: a model's `update` reads its inputs through it.
pub trait NeuronInputs<F: Precision>: SplitParts {
    /// Whether a slope can be nonzero.
    const HAS_SLOPE: bool;

    /// The synaptic slope of neuron `i` (S; zero without [`HAS_SLOPE`](Self::HAS_SLOPE)),
    /// for a model's pass over the chunk before its update loop.
    fn slope(&self, i: usize) -> F;

    /// The input of neuron `i`; take each neuron's once, in order.
    fn take(&mut self, i: usize) -> NeuronInput<F>;

    /// The summed weights of the spikes arriving for neuron `i` in this step on the model's
    /// two spike-weight ports ([`NeuronModel::SPIKE_WEIGHT`]), in SI units of that kind:
    /// `[excitatory, inhibitory]`, the inhibitory sum negative (NEST's convention: a spike
    /// goes to the port of its weight's sign). Zero for inputs without such spikes (the
    /// default).
    fn spike_weights(&self, i: usize) -> [F; 2] {
        let _ = i;
        [F::zero(); 2]
    }
}

/// What the weights of the spikes a neuron model receives on its two ports are (NEST's
/// models: currents for `iaf_psc_*`, conductances for `iaf_cond_*`), declared by the model
/// ([`NeuronModel::SPIKE_WEIGHT`]) so that a network connects only weights of that kind to it
/// ([`StaticSynapses`](crate::projection::StaticSynapses)).
///
/// ```
/// use neurodim_dyn::kernel::{NeuronModel, SpikeWeight};
/// use neurodim_dyn::neuron::{IafPscExpParams, LifParams};
/// assert_eq!(IafPscExpParams::SPIKE_WEIGHT, SpikeWeight::Current);
/// assert_eq!(LifParams::SPIKE_WEIGHT, SpikeWeight::None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpikeWeight {
    /// No ports: the model takes its synaptic input from synapse models and outputs, and
    /// voltage jumps.
    None,
    /// Each spike adds its weight to a synaptic current (A).
    Current,
    /// Each spike adds its weight to a synaptic conductance (S).
    Conductance,
}

impl SpikeWeight {
    /// The unit's name, for messages.
    pub fn unit(self) -> &'static str {
        match self {
            SpikeWeight::None => "none",
            SpikeWeight::Current => "current (A)",
            SpikeWeight::Conductance => "conductance (S)",
        }
    }
}
