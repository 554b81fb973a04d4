//! A population of any [`NeuronModel`], and the interface through which a population is driven
//! step by step ([`Neuron`]).

use core::ops::Range;
use std::sync::Arc;

use neurodim_state::init::Initializer;
use neurodim_state::{
    IntoShape, Precision, RealValue, Shape, Stateful, StepContext, Visit, VisitMut,
};
use neurodim_units::{Time, Voltage};

use crate::DynError;
use crate::kernel::checks::{check_initialised, check_len, check_range};
use crate::kernel::drive::with_drive_inputs;
use crate::kernel::staged::{BlockInputs, STAGE_BLOCK, StageBuffers, StagedInputs};
use crate::kernel::{
    Broadcast, Drive, GivenValues, NeuronInputs, NeuronModel, NeuronState, Par, PerElement,
    PerNeuronParameters, SpikeWeight, SplitParts, for_each_chunk,
};

/// A population of neurons of the model `M`, with states stored in precision `F`: the one
/// driver of every neuron model, built-in or user-written. It validates the parameters,
/// derives the model's constants once per `dt`, and runs the model's update over ranges of
/// neurons, split between threads by a [`Par`].
///
/// The built-in models are its instances: [`LifRef`](crate::neuron::LifRef) is
/// `Neurons<LifRefParams>`, and so on.
///
/// A parameter the model declares ([`NeuronModel::visit_parameters`]) may take one value per
/// neuron ([`with_parameter`](Self::with_parameter)): the values are a param state of the
/// population, and the driver derives the constants of each neuron from them, once per `dt`
/// and again whenever the states are visited mutably (init, reset, a checkpoint restored).
/// Whether the constants are one for all or one per neuron is decided there, not per neuron.
///
/// ```
/// use neurodim_dyn::neuron::Drive;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut pop: Neurons<_> = Neurons::new(3, LifParams { tau: 10.0 * ms, ..LifParams::default() })?;
/// init_all(&mut pop, None, 0)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false; 3];
/// for i in 0..110 {
///     pop.update(&env.step(i), &Drive::current(1.5 * mA), &mut spikes)?;
/// }
/// assert_eq!(spikes, [true; 3]); // brainstate's LIF test cell fires at step 109
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Neurons<M: NeuronModel, F: Precision = f64> {
    model: M,
    state: M::State<F>,
    /// The parameters with one value per neuron (none: `model`'s values for all).
    parameters: PerNeuronParameters,
    /// The constants of the last `dt` a step used; dropped when the states are visited
    /// mutably, since the per-neuron parameters may have changed.
    consts: Option<(Time, Constants<M::Consts<F>>)>,
}

/// The constants of a population's neurons for one `dt`.
#[derive(Debug, Clone)]
enum Constants<C> {
    /// The same for every neuron: the parameters have one value each.
    Broadcast(C),
    /// One set per neuron of the flat layout (`[batch, ..shape]`), from per-neuron parameters.
    PerNeuron(Vec<C>),
}

impl<M: NeuronModel, F: Precision> Neurons<M, F> {
    /// A population of `shape` with the validated parameters `model`.
    pub fn new(shape: impl IntoShape, model: M) -> Result<Self, DynError> {
        let shape = shape.into_shape()?;
        model.validate()?;
        let state = model.state(shape);
        Ok(Neurons { model, state, parameters: PerNeuronParameters::default(), consts: None })
    }

    /// Gives the parameter `name` one value per neuron, drawn by `init` when the population
    /// is initialised. The values are the param state `name` of the population (`"E.V_th"`
    /// in a network with the population `"E"`): drawn from their own random stream by
    /// [`init_all`](neurodim_state::init_all), kept by resets, saved and restored by
    /// checkpoints, listed by [`list_states`](neurodim_state::list_states). A batch shares
    /// them, like every param state.
    ///
    /// `name` must be a parameter the model declares
    /// ([`NeuronModel::visit_parameters`]), else the error lists those it has; `init` must
    /// give values of its unit (a `Time` for `"tau"`, a `Voltage` for `"V_th"`), else the
    /// error names both. Each neuron's parameters are validated as the model validates them,
    /// when a step first derives the constants: an invalid value is an error naming the
    /// parameter, the neuron and the value.
    ///
    /// ```
    /// use neurodim_dyn::neuron::Drive;
    /// use neurodim_dyn::prelude::*;
    /// use neurodim_state::prelude::*;
    /// use neurodim_units::prelude::*;
    /// let params = LifParams { v_reset: -60.0 * mV, v_rest: -60.0 * mV, ..LifParams::default() };
    /// let mut pop = Lif::new(100, params)?
    ///     .with_parameter("V_th", Normal::new(-50.0 * mV, 1.0 * mV)?)?
    ///     .with_v_initializer(Constant(-60.0 * mV));
    /// init_all(&mut pop, None, 0)?;
    /// let mut spikes = vec![false; 100];
    /// let drive = Drive::current(10.2 * mA); // V tends to −49.8 mV
    /// let env = Environment::new(0.1 * ms)?;
    /// let mut fired = vec![false; 100];
    /// for i in 0..2000 {
    ///     pop.update(&env.step(i), &drive, &mut spikes)?;
    ///     fired.iter_mut().zip(&spikes).for_each(|(f, &spiked)| *f |= spiked);
    /// }
    /// let count = fired.iter().filter(|&&f| f).count();
    /// assert!(count > 20 && count < 80, "{count}"); // those with V_th below −49.8 mV
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_parameter<Q: RealValue>(
        mut self,
        name: &str,
        init: impl Initializer<Q> + 'static,
    ) -> Result<Self, DynError> {
        let shape = self.state.shape().clone();
        self.parameters.insert(&self.model, name, shape, init)?;
        self.consts = None;
        Ok(self)
    }

    /// Gives the parameter `name` the values `values`, one per neuron (in the flat order of
    /// the population's shape): [`with_parameter`](Self::with_parameter) with given values
    /// instead of drawn ones. Another number of values than of neurons is a
    /// [`DynError::SizeMismatch`].
    ///
    /// See [`with_parameter`](Self::with_parameter) for an example.
    pub fn with_parameter_values<Q: RealValue>(
        self,
        name: &str,
        values: Vec<Q>,
    ) -> Result<Self, DynError> {
        check_len(&format!("values of {name}"), self.state.shape().len(), values.len())?;
        self.with_parameter(name, GivenValues(values))
    }

    /// Replaces the initialiser of V.
    pub fn with_v_initializer(mut self, init: impl Initializer<Voltage> + 'static) -> Self {
        self.state.set_v_initializer(Arc::new(init));
        self
    }

    /// The parameters.
    pub fn params(&self) -> M {
        self.model.clone()
    }

    /// The state (read-only).
    pub fn state(&self) -> &M::State<F> {
        &self.state
    }

    /// The state, to replace initialisers before init (or to set values between steps).
    pub fn state_mut(&mut self) -> &mut M::State<F> {
        &mut self.state
    }

    /// The number of neurons with values (`batch · n` once initialised, 0 before).
    pub(crate) fn len(&self) -> usize {
        self.state.v().len()
    }

    /// The constants for `dt`, taken out of the cache: those of the last step if its `dt` was
    /// the same, else derived — one set for all neurons, or one per neuron if a parameter has
    /// a value per neuron. The caller puts them back.
    fn take_consts(&mut self, dt: Time) -> Result<Constants<M::Consts<F>>, DynError> {
        match self.consts.take() {
            Some((cached, consts)) if cached == dt => Ok(consts),
            _ if self.parameters.is_empty() => Ok(Constants::Broadcast(self.model.consts(dt))),
            _ => {
                let n = self.state.shape().len();
                let consts = self.parameters.consts(&self.model, dt, n, self.len())?;
                Ok(Constants::PerNeuron(consts))
            }
        }
    }

    /// The checks of a step of the neurons in `range` with `spikes` for the whole population.
    fn check(&self, spikes: usize, range: &Range<usize>) -> Result<(), DynError> {
        let len = self.len();
        check_initialised("V", len)?;
        check_len("spikes", len, spikes)?;
        check_range(len, range)
    }

    /// One step of the neurons in `range` with `inputs` (cut to that range), reset first if
    /// `RESET`, split between threads by `par`: the model's update, the driver of every plan.
    /// `spikes` covers the whole population.
    pub(crate) fn run<const RESET: bool, I: NeuronInputs<F>>(
        &mut self,
        ctx: &StepContext,
        inputs: I,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        self.drive(Taken::<RESET, I>(inputs), ctx, spikes, range, par)
    }

    /// [`run`](Self::run) with inputs staged a block at a time ([`StagedInputs`]): per block
    /// of [`STAGE_BLOCK`] neurons, `staged` writes the block's drive into buffers on the stack,
    /// then the model updates the block from them.
    pub(crate) fn run_staged<const RESET: bool, S: StagedInputs<F>>(
        &mut self,
        ctx: &StepContext,
        staged: S,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        self.drive(Staged::<RESET, S>(staged), ctx, spikes, range, par)
    }

    /// Checks, derives the constants (once per `dt`), cuts the state to `range` and hands the
    /// chunk to `kernel` with the constants of one or of each neuron.
    fn drive<K: ChunkKernel<M, F>>(
        &mut self,
        kernel: K,
        ctx: &StepContext,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        self.check(spikes.len(), &range)?;
        let consts = self.take_consts(ctx.dt)?;
        let (_, consts) = self.consts.insert((ctx.dt, consts));
        let spikes = &mut spikes[range.clone()];
        let chunk = M::chunk(&mut self.state, range.clone());
        let inputs = kernel.into_inputs();
        match consts {
            Constants::Broadcast(consts) => {
                run_chunks::<M, F, K, _>(Broadcast(*consts), chunk, inputs, spikes, ctx, par)
            }
            Constants::PerNeuron(consts) => {
                run_chunks::<M, F, K, _>(&consts[range], chunk, inputs, spikes, ctx, par)
            }
        }
        Ok(())
    }

    /// Applies the pending reset of the neurons in `range`, split between threads by `par`.
    fn reset_range(&mut self, range: Range<usize>, par: Par) -> Result<(), DynError> {
        // A reset reads no constant that depends on `dt` (see `NeuronModel::reset`): those of
        // the last step, or of any `dt` before the first.
        let dt = self.consts.as_ref().map_or(1.0 * neurodim_units::ms, |(dt, _)| *dt);
        let consts = self.take_consts(dt)?;
        let (_, consts) = self.consts.insert((dt, consts));
        let chunk = M::chunk(&mut self.state, range.clone());
        match consts {
            Constants::Broadcast(consts) => reset_chunks::<M, F, _>(Broadcast(*consts), chunk, par),
            Constants::PerNeuron(consts) => reset_chunks::<M, F, _>(&consts[range], chunk, par),
        }
        Ok(())
    }
}

/// Where a step's inputs come from, and how the model's update runs on one chunk with them.
trait ChunkKernel<M: NeuronModel, F: Precision> {
    /// The inputs, split with the chunks.
    type Inputs: SplitParts;

    fn into_inputs(self) -> Self::Inputs;

    /// The model's update of one chunk, with its constants `C` (one for all neurons, or one
    /// each), `inputs` and `spikes` (all of the chunk's length). Compiled inside the
    /// vectorised function of [`run_chunks`]: mark it `#[inline(always)]`.
    fn update<C: PerElement<M::Consts<F>>>(
        consts: C,
        chunk: M::Chunk<'_, F>,
        inputs: Self::Inputs,
        spikes: &mut [bool],
        ctx: &StepContext,
    );
}

/// The model's update of `chunk` with `consts` and `inputs` (cut to the chunk) by the kernel
/// `K`, split between threads by `par`, each share compiled for the widest vectors.
fn run_chunks<M, F, K, C>(
    consts: C,
    chunk: M::Chunk<'_, F>,
    inputs: K::Inputs,
    spikes: &mut [bool],
    ctx: &StepContext,
    par: Par,
) where
    M: NeuronModel,
    F: Precision,
    K: ChunkKernel<M, F>,
    C: PerElement<M::Consts<F>>,
{
    for_each_chunk(par, (chunk, spikes, inputs, consts), &|_, parts| {
        crate::kernel::simd::with_wide_vectors(
            #[inline(always)]
            move || {
                // Cut to the chunk inside the vectorised function, so that the compiler sees
                // every slice has the chunk's length and drops the bounds checks of the
                // model's loop.
                let (chunk, spikes, inputs, consts) = parts;
                let len = spikes.len();
                let (inputs, _) = inputs.split_at(len);
                let (consts, _) = consts.split_at(len);
                K::update(consts, chunk, inputs, spikes, ctx)
            },
        )
    });
}

/// Inputs taken neuron by neuron as the model asks for them ([`Neurons::run`]).
struct Taken<const RESET: bool, I>(I);

impl<M, F, const RESET: bool, I> ChunkKernel<M, F> for Taken<RESET, I>
where
    M: NeuronModel,
    F: Precision,
    I: NeuronInputs<F>,
{
    type Inputs = I;

    fn into_inputs(self) -> I {
        self.0
    }

    #[inline(always)]
    fn update<C: PerElement<M::Consts<F>>>(
        consts: C,
        chunk: M::Chunk<'_, F>,
        inputs: I,
        spikes: &mut [bool],
        ctx: &StepContext,
    ) {
        M::update::<F, RESET, _, I>(consts, chunk, inputs, spikes, ctx)
    }
}

/// Inputs staged a block at a time ([`Neurons::run_staged`]).
struct Staged<const RESET: bool, S>(S);

impl<M, F, const RESET: bool, S> ChunkKernel<M, F> for Staged<RESET, S>
where
    M: NeuronModel,
    F: Precision,
    S: StagedInputs<F>,
{
    type Inputs = S;

    fn into_inputs(self) -> S {
        self.0
    }

    #[inline(always)]
    fn update<C: PerElement<M::Consts<F>>>(
        consts: C,
        chunk: M::Chunk<'_, F>,
        staged: S,
        spikes: &mut [bool],
        ctx: &StepContext,
    ) {
        let mut buffers = StageBuffers::<F>::new();
        let mut rest = (chunk, spikes, staged, consts);
        while !rest.1.is_empty() {
            let len = rest.1.len().min(STAGE_BLOCK);
            let (block, tail) = rest.split_at(len);
            rest = tail;
            let (chunk, spikes, staged, consts) = block;
            let inputs = BlockInputs::stage(staged, &mut buffers);
            M::update::<F, RESET, _, _>(consts, chunk, inputs, spikes, ctx);
        }
    }
}

/// The model's reset of `chunk` with `consts` (cut to the chunk), split between threads by
/// `par`.
fn reset_chunks<M: NeuronModel, F: Precision, C: PerElement<M::Consts<F>>>(
    consts: C,
    chunk: M::Chunk<'_, F>,
    par: Par,
) {
    for_each_chunk(par, (chunk, consts), &|_, (chunk, consts)| M::reset::<F, _>(consts, chunk));
}

impl<M: NeuronModel, F: Precision> Stateful for Neurons<M, F> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        self.state.visit_states(visitor);
        self.parameters.visit_states(visitor);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        // A visitor may change the per-neuron parameters (init, a checkpoint restored):
        // the constants are derived again at the next step.
        self.consts = None;
        self.state.visit_states_mut(visitor);
        self.parameters.visit_states_mut(visitor);
    }
}

/// A population of spiking neurons driven step by step: the object-safe face of
/// [`Neurons`] with states stored in `F` (`f64` by default; `V` is read in the stored form,
/// [`Precision::Stored`]), through which a model is stepped by hand or held by a network. The
/// drive is given in `f64` quantities whatever `F`.
///
/// All slices are flat in the layout of the states, `[batch, ..shape]`: a drive or spike
/// buffer of another length is a [`DynError::SizeMismatch`], and updating before
/// [`init_all`](neurodim_state::init_all) is a [`StateError::Uninitialised`](neurodim_state::StateError::Uninitialised).
/// The `_range` methods step the neurons of a range of flat indices, split between threads
/// by a [`Par`]; stepping a population in any partition into ranges, with any `Par`, gives the
/// same bits as one [`update`](Self::update): neurons do not interact within a step.
///
/// ```
/// use neurodim_dyn::neuron::Drive;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// // any model, driven the same way
/// fn run(pop: &mut dyn Neuron, steps: u64) -> Result<usize, DynError> {
///     let env = Environment::new(0.1 * ms)?;
///     let mut spikes = vec![false; pop.v().len()];
///     let mut count = 0;
///     for i in 0..steps {
///         pop.update(&env.step(i), &Drive::current(2.0 * mA), &mut spikes)?;
///         count += spikes.iter().filter(|&&spiked| spiked).count();
///     }
///     Ok(count)
/// }
/// let mut lif = Lif::new(2, LifParams::default())?;
/// init_all(&mut lif, None, 0)?;
/// assert!(run(&mut lif, 100)? > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Neuron<F: Precision = f64>: Stateful + Send {
    /// The model's name (`"LIFRef"`).
    fn model_name(&self) -> &'static str;

    /// What the weights of the spikes on the model's ports are
    /// ([`NeuronModel::SPIKE_WEIGHT`]).
    fn spike_weight(&self) -> SpikeWeight;

    /// The population shape (without the batch axis).
    fn shape(&self) -> &Shape;

    /// The membrane potentials, `[batch, ..shape]` flat.
    fn v(&self) -> &[F::Stored<Voltage>];

    /// Applies the pending reset of the neurons in `range` that spiked in the last update.
    /// Call it only before [`integrate_range`](Self::integrate_range) over the same range,
    /// to evaluate a nonlinear input at the post-reset V.
    fn apply_reset_range(&mut self, range: Range<usize>, par: Par) -> Result<(), DynError>;

    /// Integrates one step of the neurons in `range` from their current V (assumed already
    /// reset) and writes their spikes. `drive` and `spikes` cover the whole population.
    fn integrate_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError>;

    /// One full step of the neurons in `range`: reset, integrate, spike test.
    fn update_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError>;

    /// [`apply_reset_range`](Self::apply_reset_range) over the whole population.
    fn apply_reset(&mut self) -> Result<(), DynError> {
        self.apply_reset_range(0..self.v().len(), Par::Seq)
    }

    /// [`integrate_range`](Self::integrate_range) over the whole population.
    fn integrate(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
    ) -> Result<(), DynError> {
        self.integrate_range(ctx, drive, spikes, 0..self.v().len(), Par::Seq)
    }

    /// [`update_range`](Self::update_range) over the whole population.
    fn update(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
    ) -> Result<(), DynError> {
        self.update_range(ctx, drive, spikes, 0..self.v().len(), Par::Seq)
    }
}

impl<M: NeuronModel, F: Precision> Neurons<M, F> {
    /// [`Neuron::update_range`] or, without `RESET`, [`Neuron::integrate_range`].
    fn step_drive<const RESET: bool>(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        drive.check(self.len())?;
        check_range(self.len(), &range)?;
        if drive.spike_weights.is_some() && M::SPIKE_WEIGHT == SpikeWeight::None {
            return Err(DynError::invalid(
                "spike weights",
                M::NAME,
                "are for models with spike-weight ports (NeuronModel::SPIKE_WEIGHT)",
            ));
        }
        with_drive_inputs!(drive, range.clone(), |inputs| {
            self.run::<RESET, _>(ctx, inputs, spikes, range, par)
        })
    }
}

impl<M: NeuronModel, F: Precision> Neuron<F> for Neurons<M, F> {
    fn model_name(&self) -> &'static str {
        M::NAME
    }

    fn spike_weight(&self) -> SpikeWeight {
        M::SPIKE_WEIGHT
    }

    fn shape(&self) -> &Shape {
        self.state.shape()
    }

    fn v(&self) -> &[F::Stored<Voltage>] {
        self.state.v()
    }

    fn apply_reset_range(&mut self, range: Range<usize>, par: Par) -> Result<(), DynError> {
        check_initialised("V", self.len())?;
        check_range(self.len(), &range)?;
        self.reset_range(range, par)
    }

    fn integrate_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        self.step_drive::<false>(ctx, drive, spikes, range, par)
    }

    fn update_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        self.step_drive::<true>(ctx, drive, spikes, range, par)
    }
}

#[cfg(test)]
mod tests {
    use crate::kernel::{NeuronState, Neurons, Par};
    use crate::neuron::{Lif, LifParams, LifRef, LifRefParams, Neuron, *};
    use neurodim_state::init::{Constant, Normal};
    use neurodim_state::{Environment, init_all, list_states};
    use neurodim_units::prelude::*;

    #[test]
    fn invalid_parameters_are_refused() {
        let bad = LifParams { tau: -1.0 * ms, ..LifParams::default() };
        assert!(Neurons::<_, f64>::new(2, bad).is_err());
    }

    #[test]
    fn per_neuron_values_become_a_state() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = Lif::new(3, LifParams::default())?
            .with_parameter_values("tau", vec![5.0 * ms, 10.0 * ms, 20.0 * ms])?;
        init_all(&mut pop, None, 0)?;
        let paths: Vec<String> = list_states(&pop).into_iter().map(|info| info.path).collect();
        assert_eq!(paths, ["V", "tau"]);
        assert!(
            Lif::new(3, LifParams::default())?
                .with_parameter_values("tau", vec![5.0 * ms; 2])
                .is_err()
        );
        Ok(())
    }

    #[test]
    fn v_initializer_sets_the_initial_v() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = Lif::new(1, LifParams::default())?.with_v_initializer(Constant(0.5 * mV));
        init_all(&mut pop, None, 0)?;
        assert_eq!(pop.v()[0], 0.5 * mV);
        Ok(())
    }

    #[test]
    fn params_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(LifRef::new(1, LifRefParams::default())?.params(), LifRefParams::default());
        Ok(())
    }

    #[test]
    fn state_has_the_shape() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Lif::new(4, LifParams::default())?.state().shape().len(), 4);
        Ok(())
    }

    #[test]
    fn state_mut_is_available() -> Result<(), Box<dyn std::error::Error>> {
        let mut pop = Lif::new(4, LifParams::default())?;
        let _state = pop.state_mut();
        Ok(())
    }

    #[test]
    fn update_range_in_tiles_is_update() -> Result<(), Box<dyn std::error::Error>> {
        let mut whole = Lif::new(5, LifParams::default())?;
        init_all(&mut whole, None, 0)?;
        let mut tiled = whole.clone();
        let (ctx, drive) = (Environment::new(0.1 * ms)?.step(0), Drive::current(20.0 * mA));
        let (mut a, mut b) = ([false; 5], [false; 5]);
        whole.update(&ctx, &drive, &mut a)?;
        tiled.update_range(&ctx, &drive, &mut b, 0..2, Par::Seq)?;
        tiled.update_range(&ctx, &drive, &mut b, 2..5, Par::Seq)?;
        assert_eq!((whole.v(), a), (tiled.v(), b));
        assert!(tiled.update_range(&ctx, &drive, &mut b, 3..6, Par::Seq).is_err()); // past the end
        Ok(())
    }

    #[test]
    fn with_parameter_refuses_unknown_names_and_other_units()
    -> Result<(), Box<dyn std::error::Error>> {
        let params = LifParams { v_reset: -60.0 * mV, v_rest: -60.0 * mV, ..LifParams::default() };
        let v_th = || Normal::new(-50.0 * mV, 1.0 * mV);
        assert!(Lif::new(2, params)?.with_parameter("V_thr", v_th()?).is_err());
        assert!(Lif::new(2, params)?.with_parameter("tau", v_th()?).is_err());
        Ok(())
    }
}
