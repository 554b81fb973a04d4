use neurodim_state::init::Constant;
use neurodim_state::{State, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::{Current, Voltage};

use crate::DynError;
use crate::neuron::{Drive, Neuron, SynapticDrive};

/// The external current of a population: constant in time.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ExternalCurrent {
    All(Current),
    Each(Vec<Current>),
}

/// A neuron population inside a network, with its per-step buffers.
pub(crate) struct Population {
    pub(crate) name: String,
    pub(crate) neuron: Box<dyn Neuron>,
    /// The spikes of the last step (short-term state `"<name>.spike"`).
    pub(crate) spikes: State<bool>,
    pub(crate) current: ExternalCurrent,
    /// Filled by the outputs of the synapse groups that target this population.
    pub(crate) synaptic: SynapticDrive,
    pub(crate) has_synaptic: bool,
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
            has_synaptic: false,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.neuron.shape().len()
    }

    /// Clears the synaptic drive and applies the pending reset, so that the outputs see the
    /// post-reset V (exact for nonlinear outputs; COBA and CUBA do not depend on V).
    pub(crate) fn prepare(&mut self) {
        if self.has_synaptic {
            self.synaptic.clear();
            self.neuron.apply_reset();
        }
    }

    /// Integrates one step with the external current, the synaptic drive (if any) and the
    /// voltage jumps `delta` (empty for none), writing the spike state.
    pub(crate) fn update(&mut self, ctx: &StepContext, delta: &[Voltage]) -> Result<(), DynError> {
        let mut drive = match &self.current {
            ExternalCurrent::All(current) => Drive::current(*current),
            ExternalCurrent::Each(currents) => Drive::currents(currents),
        };
        if self.has_synaptic {
            drive = drive.with_synaptic(&self.synaptic);
        }
        if !delta.is_empty() {
            drive = drive.with_delta(delta);
        }
        let spikes = self.spikes.values_mut();
        if self.has_synaptic {
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
