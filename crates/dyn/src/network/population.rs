use neurodim_state::init::Constant;
use neurodim_state::{State, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::{Current, Voltage};

use crate::DynError;
use crate::input::CurrentWaveform;
use crate::neuron::{Drive, Neuron, PerNeuron, SynapticDrive};

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

/// A neuron population inside a network, with its per-step buffers.
pub(crate) struct Population {
    pub(crate) name: String,
    pub(crate) neuron: Box<dyn Neuron>,
    /// The spikes of the last step (short-term state `"<name>.spike"`).
    pub(crate) spikes: State<bool>,
    pub(crate) current: ExternalCurrent,
    /// Filled by the outputs of the synapse groups that target this population (with
    /// [`SynapticInput::Currents`], its offset also holds the external current).
    pub(crate) synaptic: SynapticDrive,
    pub(crate) synaptic_input: SynapticInput,
}

impl Population {
    pub(crate) fn new(name: String, neuron: Box<dyn Neuron>) -> Self {
        let shape = neuron.shape().clone();
        let len = shape.len();
        Population {
            name,
            neuron,
            spikes: State::short_term(shape, Constant(false)),
            current: ExternalCurrent::All(Current::default()),
            synaptic: SynapticDrive::new(len),
            synaptic_input: SynapticInput::None,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.neuron.shape().len()
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
                self.neuron.apply_reset();
            }
        }
    }

    /// Integrates one step with the external current, the synaptic drive (if any) and the
    /// voltage jumps `delta` (empty for none), writing the spike state.
    pub(crate) fn update(&mut self, ctx: &StepContext, delta: &[Voltage]) -> Result<(), DynError> {
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
            self.neuron.integrate(ctx, &drive, spikes)
        } else {
            self.neuron.update(ctx, &drive, spikes)
        }
    }
}

impl Stateful for Population {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        self.neuron.visit_states(visitor);
        visitor.state("spike", &self.spikes);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        self.neuron.visit_states_mut(visitor);
        visitor.state("spike", &mut self.spikes);
    }
}
