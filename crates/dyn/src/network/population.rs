use neurodim_state::init::Constant;
use neurodim_state::{
    Delay, Shape, State, Stateful, StepContext, StreamKey, StreamState, Visit, VisitMut,
};
use neurodim_units::{Conductance, Current, Time, Voltage};

use crate::DynError;
use crate::input::CurrentWaveform;
use crate::network::SpikeSource;
use crate::neuron::{Drive, Neuron, PerNeuron, SynapticDrive};
use crate::output::SynapticOutput;

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
    /// The current of the step: one for all, or one per neuron.
    fn at<'a>(&'a self, ctx: &StepContext) -> PerNeuron<'a, Current> {
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
    /// Currents linear in V (COBA) or linearised at the post-reset V (MgBlock).
    Linear,
}

/// What emits a population's spikes.
pub(crate) enum Unit {
    /// Neurons, driven by currents, synapses and jumps.
    Neurons(Box<dyn Neuron>),
    /// A spike generator with its own random stream (short-term state `"<name>.rng"`).
    Source(Box<dyn SpikeSource>, StreamState),
}

/// A population inside a network — neurons or a spike source — with its per-step buffers.
pub(crate) struct Population {
    pub(crate) name: String,
    pub(crate) unit: Unit,
    shape: Shape,
    /// The spikes of the last step (short-term state `"<name>.spike"`).
    pub(crate) spikes: State<bool>,
    /// The spikes of the last `K + 1` steps, kept when a projection of up to `K ≥ 1` steps of
    /// delay reads this population (short-term state `"<name>.spike_history"`), so that spikes
    /// in flight can be rebuilt after a checkpoint is restored.
    pub(crate) history: Option<Delay<bool>>,
    pub(crate) current: ExternalCurrent,
    /// Filled by the outputs of the synapse groups that target this population (with
    /// [`SynapticInput::Currents`], its offset also holds the external current).
    pub(crate) synaptic: SynapticDrive,
    pub(crate) synaptic_input: SynapticInput,
}

impl Population {
    pub(crate) fn new(name: String, unit: Unit, shape: Shape) -> Self {
        let len = shape.len();
        Population {
            name,
            unit,
            shape: shape.clone(),
            spikes: State::short_term(shape, Constant(false)),
            history: None,
            current: ExternalCurrent::All(Current::default()),
            synaptic: SynapticDrive::new(len),
            synaptic_input: SynapticInput::None,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.shape.len()
    }

    pub(crate) fn shape(&self) -> &Shape {
        &self.shape
    }

    /// The neurons, `None` for a spike source.
    pub(crate) fn neurons(&self) -> Option<&dyn Neuron> {
        match &self.unit {
            Unit::Neurons(neurons) => Some(neurons.as_ref()),
            Unit::Source(..) => None,
        }
    }

    /// The membrane potentials (empty for a spike source).
    pub(crate) fn v(&self) -> &[Voltage] {
        self.neurons().map_or(&[], |neurons| neurons.v())
    }

    /// Adds the current of `output` with conductance `g` at the post-reset V to the drive.
    pub(crate) fn add_output(
        &mut self,
        output: &impl SynapticOutput,
        g: &[Conductance],
    ) -> Result<(), DynError> {
        let v = match &self.unit {
            Unit::Neurons(neurons) => neurons.v(),
            Unit::Source(..) => &[],
        };
        output.add_to(g, v, &mut self.synaptic)
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
        if let Unit::Source(_, rng) = &mut self.unit {
            rng.restart(StreamKey::new(seed, &self.name));
        }
    }

    /// Readies the synaptic drive for the outputs: the external current in its offset for
    /// [`SynapticInput::Currents`]; zero, and the pending reset applied so that the outputs see
    /// the post-reset V, for [`SynapticInput::Linear`].
    pub(crate) fn prepare(&mut self, ctx: &StepContext) {
        match self.synaptic_input {
            SynapticInput::None => {}
            SynapticInput::Currents => {
                let (offset, _) = self.synaptic.parts_mut();
                match self.current.at(ctx) {
                    PerNeuron::All(current) => offset.fill(current),
                    PerNeuron::Each(currents) => offset.copy_from_slice(currents),
                }
            }
            SynapticInput::Linear => {
                self.synaptic.clear();
                if let Unit::Neurons(neurons) = &mut self.unit {
                    neurons.apply_reset();
                }
            }
        }
    }

    /// Integrates one step with the external current, the synaptic drive (if any) and the
    /// voltage jumps `delta` (empty for none), writing the spike state; a spike source emits
    /// its spikes of the step.
    pub(crate) fn update(&mut self, ctx: &StepContext, delta: &[Voltage]) -> Result<(), DynError> {
        self.emit(ctx, delta)?;
        if let Some(history) = &mut self.history {
            history.push(ctx.i, self.spikes.values())?;
        }
        Ok(())
    }

    fn emit(&mut self, ctx: &StepContext, delta: &[Voltage]) -> Result<(), DynError> {
        let neurons = match &mut self.unit {
            Unit::Neurons(neurons) => neurons,
            Unit::Source(source, rng) => return source.emit(ctx, rng, self.spikes.values_mut()),
        };
        let mut drive = match self.synaptic_input {
            SynapticInput::Currents => Drive::currents(self.synaptic.offset()),
            _ => Drive { current: self.current.at(ctx), ..Drive::none() },
        };
        if self.synaptic_input == SynapticInput::Linear {
            drive = drive.with_synaptic(&self.synaptic);
        }
        if !delta.is_empty() {
            drive = drive.with_delta(delta);
        }
        let spikes = self.spikes.values_mut();
        if self.synaptic_input == SynapticInput::Linear {
            neurons.integrate(ctx, &drive, spikes)
        } else {
            neurons.update(ctx, &drive, spikes)
        }
    }
}

impl Stateful for Population {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        if let Unit::Neurons(neurons) = &self.unit {
            neurons.visit_states(visitor);
        }
        visitor.state("spike", &self.spikes);
        if let Some(history) = &self.history {
            visitor.state("spike_history", history);
        }
        if let Unit::Source(_, rng) = &self.unit {
            visitor.state("rng", rng);
        }
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        if let Unit::Neurons(neurons) = &mut self.unit {
            neurons.visit_states_mut(visitor);
        }
        visitor.state("spike", &mut self.spikes);
        if let Some(history) = &mut self.history {
            visitor.state("spike_history", history);
        }
        if let Unit::Source(_, rng) = &mut self.unit {
            visitor.state("rng", rng);
        }
    }
}
