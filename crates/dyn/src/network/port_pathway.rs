//! A [`StaticSynapses`](crate::projection::StaticSynapses) projection as a network runs it: its
//! delay ring, of currents or of conductances, feeding one port of its post population.

use neurodim_state::{Delay, StateValue, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::{Conductance, Current};

use crate::DynError;
use crate::kernel::Par;
use crate::network::PopulationId;
use crate::projection::pathway::Pathway;

/// The delay ring of a static projection, in the unit of its weights.
#[derive(Debug, Clone)]
pub(crate) enum PortRing {
    Current(Pathway<Current>),
    Conductance(Pathway<Conductance>),
}

/// A static projection in a network: its ring, its post population and the port it feeds
/// (0 excitatory, 1 inhibitory).
#[derive(Debug, Clone)]
pub(crate) struct PortPathway {
    pub(crate) post: PopulationId,
    pub(crate) port: usize,
    pub(crate) ring: PortRing,
}

/// Runs `$body` with `$pathway` bound to the ring's pathway, whatever its unit.
macro_rules! with_pathway {
    ($ring:expr, |$pathway:ident| $body:expr) => {
        match $ring {
            PortRing::Current($pathway) => $body,
            PortRing::Conductance($pathway) => $body,
        }
    };
}

impl PortPathway {
    /// The projection's name.
    pub(crate) fn name(&self) -> &str {
        with_pathway!(&self.ring, |pathway| &pathway.name)
    }

    /// The presynaptic population.
    pub(crate) fn pre(&self) -> PopulationId {
        with_pathway!(&self.ring, |pathway| pathway.pre)
    }

    /// The number of synapses.
    pub(crate) fn n_synapses(&self) -> usize {
        with_pathway!(&self.ring, |pathway| pathway.connectivity().topology().n_synapses())
    }

    /// The longest delay, in steps.
    pub(crate) fn max_delay_steps(&self) -> usize {
        with_pathway!(&self.ring, |pathway| pathway.max_delay_steps())
    }

    /// How its delivery is shared between threads under `par`.
    pub(crate) fn delivery_par(&self, par: Par) -> Par {
        with_pathway!(&self.ring, |pathway| pathway.delivery_par(par))
    }

    /// Delivers the spikes due in step `ctx.i` and adds what arrives for each post neuron, in
    /// SI units, to `port` (the post population's sums of this projection's port).
    pub(crate) fn arrive_into(
        &mut self,
        ctx: &StepContext,
        pre_fired: &[u32],
        post_fired: &[u32],
        par: Par,
        port: &mut [f64],
    ) -> Result<(), DynError> {
        with_pathway!(&mut self.ring, |pathway| {
            let arrived = pathway.arrive(ctx, pre_fired, post_fired, par)?;
            port.iter_mut().zip(arrived).for_each(|(sum, w)| *sum += w.to_si());
        });
        Ok(())
    }

    /// Rebuilds the spikes in flight for a restart at `step` (see
    /// [`Network::resume_at`](crate::network::Network::resume_at)).
    pub(crate) fn restart(
        &mut self,
        step: u64,
        history: Option<&Delay<bool>>,
    ) -> Result<(), DynError> {
        with_pathway!(&mut self.ring, |pathway| pathway.restart(step, history))
    }
}

impl Stateful for PortPathway {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        with_pathway!(&self.ring, |pathway| pathway.visit_states(visitor))
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        with_pathway!(&mut self.ring, |pathway| pathway.visit_states_mut(visitor))
    }
}
