use core::ops::Range;

use neurodim_state::init::Constant;
use neurodim_state::{
    Delay, Precision, Shape, State, StateError, StateValue, Stateful, StepContext, StreamKey,
    StreamState, Visit, VisitMut,
};
use neurodim_units::{Conductance, Current, Time, Voltage};

use crate::DynError;
use crate::input::CurrentWaveform;
use crate::kernel::checks::{check_len, check_range};
use crate::kernel::{Broadcast, NeuronModel, Neurons, Par, PerElement};
use crate::monitor::extend_fired;
use crate::network::SpikeSource;
use crate::network::linear_drive::{
    ChannelInputs, ChannelSet, ChannelSlices, ExponChannel, channel_count, check_channels,
    fill_linear_drive,
};
use crate::neuron::{Drive, Neuron, PerNeuron, SynapticDrive};
use crate::projection::OutputKind;

/// The external current of a population.
pub(crate) enum ExternalCurrent {
    /// The same constant current into every neuron.
    All(Current),
    /// A constant current per neuron.
    Each(Vec<Current>),
    /// The same current into every neuron, following a waveform in time.
    Waveform(Box<dyn CurrentWaveform<Current>>),
}

impl ExternalCurrent {
    /// The current of the step: one for all, or one per neuron; `summed` instead when it is
    /// not empty (the population's noise currents added to this one, see
    /// [`Population::sum_noise`]).
    fn at<'a>(&'a self, ctx: &StepContext, summed: &'a [Current]) -> PerNeuron<'a, Current> {
        if !summed.is_empty() {
            return PerNeuron::Each(summed);
        }
        match self {
            ExternalCurrent::All(current) => PerNeuron::All(*current),
            ExternalCurrent::Each(currents) => PerNeuron::Each(currents),
            ExternalCurrent::Waveform(waveform) => PerNeuron::All(waveform.value(ctx)),
        }
    }
}

/// What the synapse groups targeting a population add to its drive, from least to most work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SynapticInput {
    /// No synapse group targets the population.
    None,
    /// Only currents independent of V (CUBA): they are summed with the external current into
    /// one current per neuron, so the neuron keeps its leak-only propagator (no per-neuron
    /// `exprel`); the result is the same exponential-Euler step, since the slope is zero.
    Currents,
    /// Currents linear in V whose offset and slope do not depend on V (COBA): the outputs can
    /// be added before the reset, which the neuron then fuses into its update.
    AffineInV,
    /// Currents linearised at the post-reset V (MgBlock): the reset is applied first, then
    /// the outputs take their tangents, then the neurons integrate.
    Tangent,
}

/// A population of neurons as the network holds it: any [`Neurons`], with the one-loop step
/// of every model.
pub(crate) trait NetworkNeurons<F: Precision>: Neuron<F> {
    /// The whole step of the neurons in `range` and of their synapse groups' exponential
    /// `channels` in one pass ([`ChannelInputs`]), with the base current `base` and the voltage
    /// jumps `jumps` (empty for none); the outputs have a slope in V (COBA) if `with_slope`,
    /// are current-based (CUBA) otherwise. `spikes` covers the population.
    #[allow(clippy::too_many_arguments)]
    fn step_channels(
        &mut self,
        ctx: &StepContext,
        channels: &mut [ExponChannel<'_, F>],
        base: PerNeuron<'_, Current>,
        jumps: &[Voltage],
        with_slope: bool,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError>;
}

impl<M: NeuronModel, F: Precision> NetworkNeurons<F> for Neurons<M, F> {
    fn step_channels(
        &mut self,
        ctx: &StepContext,
        channels: &mut [ExponChannel<'_, F>],
        base: PerNeuron<'_, Current>,
        jumps: &[Voltage],
        with_slope: bool,
        spikes: &mut [bool],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let len = spikes.len();
        check_range(len, &range)?;
        check_len("external current", len, base.count())?;
        if !jumps.is_empty() {
            check_len("voltage jumps", len, jumps.len())?;
        }
        check_channels(channels, len)?;
        let step = ChannelStep { neurons: self, ctx, spikes, range: range.clone(), par };
        match channels {
            [channel] => step.run((ChannelSlices::new(channel, range),), base, jumps, with_slope),
            [first, second] => {
                let channels =
                    (ChannelSlices::new(first, range.clone()), ChannelSlices::new(second, range));
                step.run(channels, base, jumps, with_slope)
            }
            channels => Err(channel_count(channels)),
        }
    }
}

/// A one-loop step of the neurons of `range`, waiting for its channels and inputs.
struct ChannelStep<'a, M: NeuronModel, F: Precision> {
    neurons: &'a mut Neurons<M, F>,
    ctx: &'a StepContext,
    spikes: &'a mut [bool],
    range: Range<usize>,
    par: Par,
}

impl<M: NeuronModel, F: Precision> ChannelStep<'_, M, F> {
    /// Runs the step with `channels`: the base current and the jumps as one value or a slice
    /// each, so that each combination compiles to its own loop.
    fn run<L: ChannelSet<F>>(
        self,
        channels: L,
        base: PerNeuron<'_, Current>,
        jumps: &[Voltage],
        with_slope: bool,
    ) -> Result<(), DynError> {
        let no_jump = Broadcast(Voltage::default());
        let r = self.range.clone();
        match (base, jumps.is_empty()) {
            (PerNeuron::All(c), true) => self.with(channels, Broadcast(c), no_jump, with_slope),
            (PerNeuron::All(c), false) => self.with(channels, Broadcast(c), &jumps[r], with_slope),
            (PerNeuron::Each(c), true) => self.with(channels, &c[r], no_jump, with_slope),
            (PerNeuron::Each(c), false) => {
                self.with(channels, &c[r.clone()], &jumps[r], with_slope)
            }
        }
    }

    /// Runs the step with its inputs: staged a block at a time with a slope, taken neuron by
    /// neuron without.
    fn with<L: ChannelSet<F>, B: PerElement<Current>, D: PerElement<Voltage>>(
        self,
        channels: L,
        base: B,
        delta: D,
        with_slope: bool,
    ) -> Result<(), DynError> {
        let ChannelStep { neurons, ctx, spikes, range, par } = self;
        let inputs = ChannelInputs { channels, base, delta };
        if with_slope {
            neurons.run_staged::<true, _>(ctx, inputs, spikes, range, par)
        } else {
            neurons.run::<true, _>(ctx, inputs, spikes, range, par)
        }
    }
}

/// What emits a population's spikes.
pub(crate) enum Unit<F: Precision> {
    /// Neurons, driven by currents, synapses and jumps.
    Neurons(Box<dyn NetworkNeurons<F>>),
    /// A spike generator with its own random stream (short-term state `"<name>.rng"`).
    SpikeSource(Box<dyn SpikeSource>, StreamState),
}

/// A population inside a network — neurons or a spike source — with its per-step buffers.
pub(crate) struct Population<F: Precision> {
    pub(crate) name: String,
    pub(crate) unit: Unit<F>,
    shape: Shape,
    /// The spikes of the last step (short-term state `"<name>.spike"`).
    pub(crate) spikes: State<bool>,
    /// The spikes of the last `K + 1` steps, kept when a projection of up to `K ≥ 1` steps of
    /// delay reads this population (short-term state `"<name>.spike_history"`), so that spikes
    /// in flight can be rebuilt after a checkpoint is restored.
    pub(crate) history: Option<Delay<bool>>,
    /// The indices of the neurons that spiked in the last step, in increasing order, listed
    /// from `spikes` when a step ends (and after a state walk) for the projections to deliver
    /// and the monitors to record (capacity for every neuron: listing never allocates).
    pub(crate) fired: Vec<u32>,
    pub(crate) current: ExternalCurrent,
    /// The external current of the step per neuron when noise currents drive the population
    /// ([`sum_noise`](Self::sum_noise)): `current` plus each noise's; empty without.
    pub(crate) noise_sum: Vec<Current>,
    /// Filled by the outputs of the synapse groups that target this population (with
    /// [`SynapticInput::Currents`], its offset also holds the external current).
    pub(crate) synaptic: SynapticDrive,
    pub(crate) synaptic_input: SynapticInput,
    /// Whether static projections feed the neurons' spike-weight ports (then the neurons are
    /// updated through a [`Drive`], never in the one-loop plan, whose inputs have no ports).
    pub(crate) takes_spike_weights: bool,
}

impl<F: Precision> Population<F> {
    pub(crate) fn new(name: String, unit: Unit<F>, shape: Shape) -> Self {
        let len = shape.len();
        Population {
            name,
            unit,
            shape: shape.clone(),
            spikes: State::short_term(shape, Constant(false)),
            history: None,
            fired: Vec::with_capacity(len),
            current: ExternalCurrent::All(Current::default()),
            noise_sum: Vec::new(),
            synaptic: SynapticDrive::new(len),
            synaptic_input: SynapticInput::None,
            takes_spike_weights: false,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.shape.len()
    }

    pub(crate) fn shape(&self) -> &Shape {
        &self.shape
    }

    /// The neurons, `None` for a spike source.
    pub(crate) fn neurons(&self) -> Option<&dyn Neuron<F>> {
        match &self.unit {
            Unit::Neurons(neurons) => Some(neurons.as_ref() as &dyn Neuron<F>),
            Unit::SpikeSource(..) => None,
        }
    }

    /// The membrane potentials (empty for a spike source).
    pub(crate) fn v(&self) -> &[F::Stored<Voltage>] {
        self.neurons().map_or(&[], |neurons| neurons.v())
    }

    /// Adds the current of `output` with conductance `g` to the drive of the neurons in `range`,
    /// linearised at their stored V (the post-reset V for [`SynapticInput::Tangent`], the only
    /// case where the linearisation depends on it).
    pub(crate) fn add_output<G: StateValue>(
        &mut self,
        output: &OutputKind,
        g: &[G],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let v = match &self.unit {
            Unit::Neurons(neurons) => neurons.v(),
            Unit::SpikeSource(..) => &[],
        };
        output.add_stored(g, v, &mut self.synaptic, range, par)
    }

    /// Keeps the spikes of the last `steps + 1` steps for the delayed projection `name`.
    pub(crate) fn keep_history(
        &mut self,
        name: &str,
        steps: usize,
        dt: Time,
    ) -> Result<(), DynError> {
        if steps > 0 {
            let history = match &mut self.history {
                Some(history) => history,
                None => self.history.insert(Delay::new(self.shape.clone(), dt)?),
            };
            history.register_steps(name, steps)?;
        }
        Ok(())
    }

    /// Restarts a spike source's stream from `seed` (`StreamKey::new(seed, name)`).
    pub(crate) fn reseed(&mut self, seed: u64) {
        if let Unit::SpikeSource(_, rng) = &mut self.unit {
            rng.restart(StreamKey::new(seed, &self.name));
        }
    }

    /// Sets the external current of the step of `ctx` of a population driven by noise
    /// currents: its own current plus the current of each of `noise` (one per neuron each).
    /// Does nothing for a population without noise currents.
    pub(crate) fn sum_noise<'a>(
        &mut self,
        ctx: &StepContext,
        noise: impl Iterator<Item = &'a [Current]>,
    ) -> Result<(), DynError> {
        let sum = &mut self.noise_sum;
        if sum.is_empty() {
            return Ok(());
        }
        match self.current.at(ctx, &[]) {
            PerNeuron::All(current) => sum.fill(current),
            PerNeuron::Each(currents) => sum.copy_from_slice(currents),
        }
        for currents in noise {
            check_len("noise current", sum.len(), currents.len())?;
            sum.iter_mut().zip(currents).for_each(|(sum, &current)| *sum += current);
        }
        Ok(())
    }

    /// Fails unless the states have values (after `init`): a step would read none.
    pub(crate) fn check_initialised(&self) -> Result<(), DynError> {
        if self.spikes.values().is_empty() {
            let path = format!("{}.spike", self.name);
            return Err(StateError::Uninitialised { path }.into());
        }
        Ok(())
    }

    /// Lists the neurons whose spike state is set in [`fired`](Self::fired): called when a
    /// step ends and after every walk that may write the spike state.
    pub(crate) fn collect_fired(&mut self) {
        self.fired.clear();
        // fits: a population's size is checked against `u32` when it is added
        extend_fired(self.spikes.values(), &mut self.fired);
    }

    /// Readies the synaptic drive of the neurons in `range` for the outputs: the external
    /// current in its offset for [`SynapticInput::Currents`]; zero for
    /// [`SynapticInput::AffineInV`]; zero, and the pending reset applied so that the outputs see
    /// the post-reset V, for [`SynapticInput::Tangent`].
    pub(crate) fn prepare(
        &mut self,
        ctx: &StepContext,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let (offset, slope) = self.synaptic.parts_mut();
        match self.synaptic_input {
            SynapticInput::None => {}
            SynapticInput::Currents => match self.current.at(ctx, &self.noise_sum) {
                PerNeuron::All(current) => offset[range].fill(current),
                PerNeuron::Each(currents) => {
                    offset[range.clone()].copy_from_slice(&currents[range])
                }
            },
            SynapticInput::AffineInV | SynapticInput::Tangent => {
                offset[range.clone()].fill(Current::default());
                slope[range.clone()].fill(Conductance::default());
                if let (SynapticInput::Tangent, Unit::Neurons(neurons)) =
                    (self.synaptic_input, &mut self.unit)
                {
                    neurons.apply_reset_range(range, par)?;
                }
            }
        }
        Ok(())
    }

    /// Whether this population's drive can be filled by the fused pass
    /// ([`fill_linear_drive`]): it has outputs and they are linear in V (not an Mg²⁺ block,
    /// which needs the post-reset V).
    ///
    /// [`fill_linear_drive`]: crate::network::linear_drive::fill_linear_drive
    pub(crate) fn takes_linear_drive(&self) -> bool {
        matches!(self.synaptic_input, SynapticInput::Currents | SynapticInput::AffineInV)
    }

    /// Fills the drive of the neurons in `range` by the fused pass over `channels` (the
    /// population's synapse groups), in place of [`prepare`](Self::prepare) and the outputs:
    /// the offset starts from the external current when the outputs are all current-based
    /// (as `prepare` does), from zero with a slope otherwise.
    pub(crate) fn fill_fused(
        &mut self,
        ctx: &StepContext,
        channels: &mut [ExponChannel<'_, F>],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let (base, with_slope) = match self.synaptic_input {
            SynapticInput::Currents => (self.current.at(ctx, &self.noise_sum), false),
            SynapticInput::AffineInV => (PerNeuron::All(Current::default()), true),
            SynapticInput::None | SynapticInput::Tangent => {
                return Err(DynError::invalid(
                    "fused synaptic pass",
                    &self.name,
                    "needs outputs linear in V (COBA or CUBA)",
                ));
            }
        };
        fill_linear_drive(channels, base, &mut self.synaptic, with_slope, range, par)
    }

    /// The whole step of the neurons in `range` and of their synapse groups' `channels` in one
    /// pass ([`ChannelInputs`]), in place of [`fill_fused`](Self::fill_fused) and
    /// [`update`](Self::update); the voltage jumps `delta` are empty for none. Only for a
    /// population whose outputs are all linear in V, with no current projection into it (the
    /// one-loop plan).
    pub(crate) fn step_with_channels(
        &mut self,
        ctx: &StepContext,
        channels: &mut [ExponChannel<'_, F>],
        delta: &[Voltage],
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let with_slope = match self.synaptic_input {
            SynapticInput::Currents => false,
            SynapticInput::AffineInV => true,
            SynapticInput::None | SynapticInput::Tangent => {
                return Err(DynError::invalid(
                    "one-loop step",
                    &self.name,
                    "needs outputs linear in V (COBA or CUBA)",
                ));
            }
        };
        let Unit::Neurons(neurons) = &mut self.unit else {
            return Err(DynError::invalid("one-loop step", &self.name, "needs neurons"));
        };
        let (base, spikes) = (self.current.at(ctx, &self.noise_sum), self.spikes.values_mut());
        neurons.step_channels(ctx, channels, base, delta, with_slope, spikes, range, par)
    }

    /// Integrates one step of the neurons in `range` with the external current, the synaptic
    /// drive (if any) and the voltage jumps `delta` (empty for none), writing their spikes.
    /// Does nothing for a spike source (see [`emit`](Self::emit)).
    pub(crate) fn update(
        &mut self,
        ctx: &StepContext,
        delta: &[Voltage],
        spike_weights: Option<[&[f64]; 2]>,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let Unit::Neurons(neurons) = &mut self.unit else {
            return Ok(());
        };
        let mut drive = match self.synaptic_input {
            SynapticInput::Currents => Drive::currents(self.synaptic.offset()),
            _ => Drive { current: self.current.at(ctx, &self.noise_sum), ..Drive::none() },
        };
        if self.synaptic_input >= SynapticInput::AffineInV {
            drive = drive.with_synaptic(&self.synaptic);
        }
        if !delta.is_empty() {
            drive = drive.with_delta(delta);
        }
        if let Some(weights) = spike_weights {
            drive = drive.with_spike_weights(weights);
        }
        let spikes = self.spikes.values_mut();
        if self.synaptic_input == SynapticInput::Tangent {
            neurons.integrate_range(ctx, &drive, spikes, range, par)
        } else {
            neurons.update_range(ctx, &drive, spikes, range, par)
        }
    }

    /// Ends the step once every neuron is updated: a spike source emits its spikes, the spike
    /// history (if kept) records the step, and the neurons that spiked are listed.
    pub(crate) fn emit(&mut self, ctx: &StepContext) -> Result<(), DynError> {
        if let Unit::SpikeSource(source, rng) = &mut self.unit {
            source.emit(ctx, rng, self.spikes.values_mut())?;
        }
        if let Some(history) = &mut self.history {
            history.push(ctx.i, self.spikes.values())?;
        }
        self.collect_fired();
        Ok(())
    }
}

impl<F: Precision> Stateful for Population<F> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        if let Unit::Neurons(neurons) = &self.unit {
            neurons.visit_states(visitor);
        }
        visitor.state("spike", &self.spikes);
        if let Some(history) = &self.history {
            visitor.state("spike_history", history);
        }
        if let Unit::SpikeSource(_, rng) = &self.unit {
            visitor.state("rng", rng);
        }
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        if let Unit::Neurons(neurons) = &mut self.unit {
            neurons.visit_states_mut(visitor);
        }
        visitor.state("spike", &mut self.spikes);
        // the spike state may have been set (init, reset, a checkpoint): list it anew
        self.collect_fired();
        if let Some(history) = &mut self.history {
            visitor.state("spike_history", history);
        }
        if let Unit::SpikeSource(_, rng) = &mut self.unit {
            visitor.state("rng", rng);
        }
    }
}
