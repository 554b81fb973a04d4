//! The presynaptic side of a spike-timing rule: per source, the step of its last spike and
//! its traces just after it.

use neurodim_state::init::Constant;
use neurodim_state::{Shape, State, Stateful, Visit, VisitMut};

use crate::DynError;
use crate::plasticity::decay::StepDecay;
use crate::plasticity::rule::{Trace, TraceUpdate};

/// Per presynaptic neuron: `"pre_step"`, the step its last spike was emitted in (`−1` before
/// any: NEST's synapses start with a last spike at `t = 0`, the end of step −1), and
/// `"pre_x1"`, `"pre_x2"`, the traces just after that spike (0 to start with for a trace that
/// accumulates, 1 for one that is reset — NEST's nearest-neighbour phantom spike). Kept per
/// source rather than per synapse: every synapse of a source sees the same spikes.
#[derive(Debug, Clone)]
pub(crate) struct PreTraces {
    last: State<f64>,
    x: [Option<State<f64>>; 2],
    updates: [Option<TraceUpdate>; 2],
    /// `e^{−k·dt/τ}` per trace.
    decays: [StepDecay; 2],
}

impl PreTraces {
    pub(crate) fn new(
        n_pre: usize,
        traces: &[Option<Trace>; 2],
        dt: f64,
    ) -> Result<Self, DynError> {
        let shape = Shape::vector(n_pre)?;
        let x = traces.map(|trace| {
            trace.map(|t| {
                let start = match t.update {
                    TraceUpdate::Accumulate => 0.0,
                    TraceUpdate::Reset => 1.0,
                };
                State::hidden(shape.clone(), Constant(start))
            })
        });
        Ok(PreTraces {
            last: State::hidden(shape, Constant(-1.0)),
            x,
            updates: traces.map(|t| t.map(|t| t.update)),
            decays: traces.map(|t| StepDecay::new(t.map_or(0.0, |t| dt / t.tau.value))),
        })
    }

    /// The step of the last spike of source `i`.
    #[inline]
    pub(crate) fn last(&self, i: usize) -> f64 {
        self.last.values()[i]
    }

    /// The traces of source `i` at step `t`, from its spikes strictly before `t`.
    #[inline]
    pub(crate) fn at(&self, i: usize, t: f64) -> [f64; 2] {
        let elapsed = t - self.last(i);
        let mut out = [0.0; 2];
        for ((out, x), decay) in out.iter_mut().zip(&self.x).zip(&self.decays) {
            if let Some(x) = x {
                *out = x.values()[i] * decay.over(elapsed);
            }
        }
        out
    }

    /// Source `i` spikes at step `t`; `before` are its traces just before ([`at`](Self::at)).
    #[inline]
    pub(crate) fn spike(&mut self, i: usize, t: f64, before: [f64; 2]) {
        for ((x, update), before) in self.x.iter_mut().zip(self.updates).zip(before) {
            if let (Some(x), Some(update)) = (x, update) {
                x.values_mut()[i] = update.after_spike(before);
            }
        }
        self.last.values_mut()[i] = t;
    }
}

impl Stateful for PreTraces {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("pre_step", &self.last);
        for (name, x) in ["pre_x1", "pre_x2"].into_iter().zip(&self.x) {
            if let Some(x) = x {
                visitor.state(name, x);
            }
        }
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("pre_step", &mut self.last);
        for (name, x) in ["pre_x1", "pre_x2"].into_iter().zip(&mut self.x) {
            if let Some(x) = x {
                visitor.state(name, x);
            }
        }
    }
}
