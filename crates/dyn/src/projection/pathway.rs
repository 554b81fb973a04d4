use core::ops::Range;

use neurodim_state::{AnyState, Delay, StateError, Stateful, StepContext, Visit, VisitMut};
use neurodim_units::Time;

use crate::DynError;
use crate::connect::{Connectivity, DelayedDelivery, SynapseDelays, SynapticWeight, Weights};
use crate::kernel::Par;
use crate::network::PopulationId;
use crate::plasticity::spike_timing::PlasticKernel;
use crate::projection::ShortTermPlasticity;
use crate::projection::short_term::PathwayPlasticity;

/// The delivery side of one projection: which presynaptic neurons it reads and the ring of
/// accumulators that holds their spikes until their delay has passed.
///
/// The spikes of step `n` are sent at the start of step `n + 1`, just before that step's
/// arrivals are taken. That is the ring's schedule (a spike of step `n` arrives at
/// `n + 1 + k`) with the sending moved to where the network reads the spike states, so that
/// between steps a zero-delay projection holds nothing that is not in a state.
#[derive(Debug, Clone)]
pub(crate) struct Pathway<W> {
    pub(crate) name: String,
    pub(crate) pre: PopulationId,
    pub(crate) neurons: Range<usize>,
    ring: DelayedDelivery<W>,
    /// Scratch: the spiking sources of the step, numbered within `neurons` (capacity for all
    /// of them, so that a step never allocates).
    sources: Vec<u32>,
    /// The short-term plasticity that scales what each source's spikes deliver, if any.
    plasticity: Option<PathwayPlasticity>,
    /// The spike-timing rule that changes the weights before the spikes are sent, if any.
    stdp: Option<Box<dyn PlasticKernel<W>>>,
}

impl<W: SynapticWeight> Pathway<W> {
    pub(crate) fn new(
        name: String,
        pre: PopulationId,
        neurons: Range<usize>,
        connectivity: Connectivity<W>,
        delays: SynapseDelays,
    ) -> Result<Self, DynError> {
        let sources = Vec::with_capacity(neurons.len());
        let ring = DelayedDelivery::new(connectivity, delays)?;
        Ok(Pathway { name, pre, neurons, ring, sources, plasticity: None, stdp: None })
    }

    /// The summed weights arriving at the start of `step`, after sending the spikes of
    /// `step − 1` (`pre_fired`: the indices of the presynaptic population that spiked, in
    /// increasing order; `post_fired`: those of the postsynaptic one, read by a spike-timing
    /// rule, which changes the weights before they are sent), shared between the threads of
    /// [`delivery_par`](Self::delivery_par).
    pub(crate) fn arrive(
        &mut self,
        ctx: &StepContext,
        pre_fired: &[u32],
        post_fired: &[u32],
        par: Par,
    ) -> Result<&[W], DynError> {
        if let Some(previous) = ctx.i.checked_sub(1) {
            // the sources of this pathway: a contiguous run of the sorted list, renumbered
            let (start, end) = (self.neurons.start as u32, self.neurons.end as u32);
            let first = pre_fired.partition_point(|&i| i < start);
            let last = pre_fired.partition_point(|&i| i < end);
            self.sources.clear();
            self.sources.extend(pre_fired[first..last].iter().map(|&i| i - start));
            if let Some(stdp) = &mut self.stdp {
                let (topology, delays, weights) = self.ring.plastic_parts();
                stdp.step(previous, &self.sources, post_fired, topology, delays, weights);
            }
            match &mut self.plasticity {
                Some(plasticity) => {
                    let scales = plasticity.take_spikes(ctx, &self.sources)?;
                    self.ring.deliver_listed(previous, &self.sources, Some(scales), par)?;
                }
                None => self.ring.deliver_listed(previous, &self.sources, None, par)?,
            }
        }
        self.ring.take(ctx.i)
    }

    /// Replaces the connectivity (same sizes, same delays); see [`DelayedDelivery::rewire`].
    /// A spike-timing rule indexes the new synapses and checks their weights.
    pub(crate) fn rewire(&mut self, connectivity: Connectivity<W>) -> Result<(), DynError> {
        self.ring.rewire(connectivity)?;
        self.index_plastic_synapses()
    }

    /// Changes the weights by `stdp` from now on: they become one per synapse, and must be
    /// weights the rule can start from.
    pub(crate) fn with_stdp(mut self, stdp: Box<dyn PlasticKernel<W>>) -> Result<Self, DynError> {
        self.stdp = Some(stdp);
        self.index_plastic_synapses()?;
        Ok(self)
    }

    /// The rule's index of the synapses by target, and a check of their weights.
    fn index_plastic_synapses(&mut self) -> Result<(), DynError> {
        if let Some(stdp) = &mut self.stdp {
            let (topology, _, weights) = self.ring.plastic_parts();
            let check = |w: &W| stdp.check_weight(w.to_si());
            weights
                .iter()
                .try_for_each(check)
                .map_err(|e| in_projection(&self.name, stdp.as_ref(), e))?;
            stdp.rewire(topology);
        }
        Ok(())
    }

    /// The threads this pathway's deliveries are shared between, of those of `par` (one
    /// unless its connectivity is large and dense enough, decided when it was built).
    pub(crate) fn delivery_par(&self, par: Par) -> Par {
        self.ring.delivery_par(par)
    }

    /// Adds short-term plasticity to what the sources' spikes deliver.
    pub(crate) fn with_plasticity(
        mut self,
        kind: ShortTermPlasticity,
        dt: Time,
    ) -> Result<Self, DynError> {
        let plasticity =
            PathwayPlasticity::new(kind, self.neurons.len(), self.max_delay_steps(), dt)?;
        self.plasticity = Some(plasticity);
        Ok(self)
    }

    pub(crate) fn arrived(&self) -> &[W] {
        self.ring.last_taken()
    }

    /// [`arrived`](Self::arrived), for a consumer that zeroes it and then calls
    /// [`mark_drained`](Self::mark_drained).
    pub(crate) fn arrived_mut(&mut self) -> &mut [W] {
        self.ring.last_taken_mut()
    }

    /// The arrivals of this step have all been zeroed by their consumer.
    pub(crate) fn mark_drained(&mut self) {
        self.ring.mark_drained();
    }

    /// The longest delay, in steps.
    pub(crate) fn max_delay_steps(&self) -> usize {
        usize::from(self.ring.delays().max_steps())
    }

    /// Restarts so that the next [`arrive`](Self::arrive) names `step`, with the spikes still
    /// in flight rebuilt from `history` (the presynaptic spikes of the last `K + 1` steps, up
    /// to step `step − 1`; `None` without delays, when nothing but the spikes of `step − 1`,
    /// sent by `arrive`, can be in flight). What arrived before `step` is dropped.
    pub(crate) fn restart(
        &mut self,
        step: u64,
        history: Option<&Delay<bool>>,
    ) -> Result<(), DynError> {
        if let Some(stdp) = &mut self.stdp {
            stdp.restart(step);
        }
        let Some(previous) = step.checked_sub(1) else {
            self.ring.reset(0);
            return Ok(());
        };
        // Spikes of step m are in flight at `step` when m + 1 + K ≥ step.
        let first = previous.saturating_sub(self.max_delay_steps() as u64);
        self.ring.reset(first);
        for m in first..previous {
            self.ring.take(m)?;
            if let Some(history) = history {
                let spikes = history.read_step(previous, (previous - m) as usize)?;
                let spikes = self.source_part(spikes)?;
                match &self.plasticity {
                    // each spike with the efficacy it was sent with
                    Some(plasticity) => {
                        let efficacy = plasticity.efficacy_of(previous, m)?;
                        let active: Vec<u32> =
                            (0..spikes.len() as u32).filter(|&k| spikes[k as usize]).collect();
                        let scales: Vec<f64> =
                            active.iter().map(|&k| efficacy[k as usize]).collect();
                        self.ring.deliver_indices_scaled(m, &active, &scales)?;
                    }
                    None => self.ring.deliver(m, spikes)?,
                }
            }
        }
        self.ring.take(previous)?;
        Ok(())
    }

    /// The source's part of its population's spikes (an error, not a panic, when the spike
    /// state has not been initialised).
    fn source_part<'a>(&self, spikes: &'a [bool]) -> Result<&'a [bool], DynError> {
        spikes.get(self.neurons.clone()).ok_or_else(|| {
            StateError::Uninitialised { path: format!("spikes read by {}", self.name) }.into()
        })
    }

    pub(crate) fn connectivity(&self) -> &Connectivity<W> {
        self.ring.connectivity()
    }

    /// The weights, writable (its param state `"w"`).
    pub(crate) fn weights_mut(&mut self) -> &mut Weights<W> {
        self.ring.weights_mut()
    }

    /// Replaces the weights by `values` (SI, one per synapse): each finite and, with a
    /// spike-timing rule, one the rule accepts; nothing changes on error.
    pub(crate) fn set_weights(&mut self, values: &[f64]) -> Result<(), DynError> {
        if let Some(stdp) = &self.stdp {
            let check = |&w: &f64| stdp.check_weight(w);
            values
                .iter()
                .try_for_each(check)
                .map_err(|e| in_projection(&self.name, stdp.as_ref(), e))?;
        }
        self.ring.weights_mut().load_si(values)?;
        Ok(())
    }
}

/// The pathway's states: its weights `"w"` (a param state), then those of its short-term
/// plasticity (`"stp.u"`, …), if any.
impl<W: SynapticWeight> Stateful for Pathway<W> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("w", self.ring.connectivity().weights());
        if let Some(plasticity) = &self.plasticity {
            visitor.child("stp", plasticity);
        }
        if let Some(stdp) = &self.stdp {
            visitor.child("stdp", stdp.as_ref());
        }
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("w", self.weights_mut());
        if let Some(plasticity) = &mut self.plasticity {
            visitor.child("stp", plasticity);
        }
        if let Some(stdp) = &mut self.stdp {
            visitor.child("stdp", stdp.as_mut());
        }
    }
}

/// A rule's error, naming the projection and the rule.
fn in_projection<W>(name: &str, stdp: &dyn PlasticKernel<W>, e: DynError) -> DynError {
    let model = stdp.nest_model();
    match e {
        DynError::Invalid { param, value, rule } => DynError::Invalid {
            param,
            value: format!("{value} (projection {name:?}, {model})"),
            rule,
        },
        other => other,
    }
}
