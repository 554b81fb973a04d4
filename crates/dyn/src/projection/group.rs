use core::ops::Range;

use neurodim_state::{Precision, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::{Conductance, Time};

use crate::DynError;
use crate::connect::SynapticWeight;
use crate::kernel::Par;
use crate::network::PopulationId;
use crate::network::linear_drive::ExponChannel;
use crate::network::poisson::PoissonFeed;
use crate::projection::pathway::Pathway;
use crate::projection::synapse_kind::GroupSynapse;
use crate::projection::{OutputKind, SynapseKind};

/// What the spikes of a step bring a synapse of a network in precision `F`: a conductance
/// stored as the network's states are, so that an `f32` network's delivery scatters into and
/// its synapses read half the bytes of an `f64` one (the weights are held in `F` too).
pub(crate) type Arrival<F> = <F as Precision>::Stored<Conductance>;

/// The projections merged onto one synapse state: same post population, equal synapse kind
/// and output. Their arrivals are summed into one increment per step.
pub(crate) struct SynapseGroup<F: Precision> {
    /// The path of the shared state, the name of the first projection.
    pub(crate) name: String,
    pub(crate) post: PopulationId,
    pub(crate) kind: SynapseKind,
    pub(crate) output: OutputKind,
    pub(crate) synapse: GroupSynapse<F>,
    pub(crate) members: Vec<Pathway<Arrival<F>>>,
    /// Poisson inputs added to the increment (brainstate's `PoissonInput` into `g`).
    pub(crate) inputs: Vec<PoissonFeed<Arrival<F>>>,
    /// The summed arrivals of several members (unused with one member).
    increment: Vec<Arrival<F>>,
}

impl<F: Precision> SynapseGroup<F> {
    /// A group named `name` onto the `n_post` neurons of `post`, without members yet (a
    /// projection or a Poisson drive joins it next).
    pub(crate) fn new(
        name: String,
        post: PopulationId,
        n_post: usize,
        kind: SynapseKind,
        output: OutputKind,
        synapse: GroupSynapse<F>,
    ) -> Self {
        SynapseGroup {
            name,
            post,
            kind,
            output,
            synapse,
            members: Vec::new(),
            inputs: Vec::new(),
            increment: vec![Arrival::<F>::zero(); n_post],
        }
    }

    /// Whether a projection onto `post` with this synapse and output joins this group.
    pub(crate) fn accepts(
        &self,
        post: PopulationId,
        kind: &SynapseKind,
        output: &OutputKind,
    ) -> bool {
        self.post == post && self.kind == *kind && self.output == *output
    }

    /// Takes what arrives at the start of the step through every member, plus the counts of
    /// the Poisson inputs (for the whole population, before its tiles: their streams are keyed
    /// by fixed blocks of neurons, not by tiles), each shared between the threads of `par` as
    /// its own plan says. `fired(p)` lists the neurons of population `p` that spiked in the
    /// last step.
    pub(crate) fn arrive<'s>(
        &mut self,
        ctx: &StepContext,
        fired: impl Fn(PopulationId) -> &'s [u32],
        par: Par,
    ) -> Result<(), DynError> {
        if let ([only], []) = (self.members.as_mut_slice(), self.inputs.as_slice()) {
            only.arrive(ctx, fired(only.pre), fired(self.post), par)?;
            return Ok(());
        }
        self.increment.fill(Arrival::<F>::zero());
        for member in &mut self.members {
            let arrived = member.arrive(ctx, fired(member.pre), fired(self.post), par)?;
            self.increment.iter_mut().zip(arrived).for_each(|(sum, &dg)| *sum += dg);
        }
        for input in &mut self.inputs {
            input.add_into(ctx, &mut self.increment, par)?;
        }
        Ok(())
    }

    /// Whether [`expon_channel`](Self::expon_channel) gives this group's part of a fused pass at
    /// step `dt`: a single-exponential synapse with an output linear in V.
    pub(crate) fn has_expon_channel(&self, dt: Time) -> bool {
        self.kind.is_single_exponential(dt) && self.output.linear_coefficients().is_some()
    }

    /// This group's part of a fused synaptic pass ([`fill_linear_drive`]): the conductances
    /// of its single-exponential synapse (such as [`Expon`]) with what arrived for them this
    /// step, and its output as coefficients; `None` if the synapse or the output is of another
    /// kind.
    ///
    /// [`fill_linear_drive`]: crate::network::linear_drive::fill_linear_drive
    /// [`Expon`]: crate::synapse::Expon
    pub(crate) fn expon_channel(
        &mut self,
        dt: Time,
    ) -> Result<Option<ExponChannel<'_, F>>, DynError> {
        let Some((a, b)) = self.output.linear_coefficients() else {
            return Ok(None);
        };
        let Some((g, keep)) = self.synapse.as_dyn_mut().single_exponential(dt)? else {
            return Ok(None);
        };
        let arrived = match (self.members.as_mut_slice(), self.inputs.as_slice()) {
            ([only], []) => only.arrived_mut(),
            _ => &mut self.increment,
        };
        Ok(Some(ExponChannel { g, arrived, keep, a, b }))
    }

    /// After a fused pass has zeroed every arrival of the step: the delay ring of a single
    /// member need not clear them again.
    pub(crate) fn mark_drained(&mut self) {
        if let ([only], []) = (self.members.as_mut_slice(), self.inputs.as_slice()) {
            only.mark_drained();
        }
    }

    /// Decays the synapses in `range` (flat indices of the post population) and adds what
    /// [`arrive`](Self::arrive) took for them.
    pub(crate) fn update_range(
        &mut self,
        ctx: &StepContext,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        let increment = match (self.members.as_slice(), self.inputs.as_slice()) {
            ([only], []) => only.arrived(),
            _ => &self.increment,
        };
        self.synapse.as_dyn_mut().update_range(ctx, Some(increment), range, par)
    }
}

impl<F: Precision> Stateful for SynapseGroup<F> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.child("syn", &self.synapse);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.child("syn", &mut self.synapse);
    }
}
