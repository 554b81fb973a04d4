//! The presynaptic side of a spike-timing rule: per source, the step of its last spike and
//! its traces just after it.

use neurodim_state::init::Initializer;
use neurodim_state::{Shape, State, StateError, Stateful, StreamRng, Visit, VisitMut};

use crate::DynError;
use crate::plasticity::decay::StepDecay;
use crate::plasticity::rule::{Trace, TraceUpdate};

/// Values per source: the step of the last spike, `x₁`, `x₂`.
const ROW: usize = 3;

/// Per presynaptic neuron, one row of the state `"pre"` (shape `[n_pre, 3]`): the step its
/// last spike was emitted in (`−1` before any: NEST's synapses start with a last spike at
/// `t = 0`, the end of step −1), then the traces `x₁`, `x₂` just after that spike (0 to start
/// with for a trace that accumulates, 1 for one that is reset — NEST's nearest-neighbour phantom
/// spike; 0 for a trace the rule does not read). Kept per source rather than per synapse: every
/// synapse of a source sees the same spikes. One row per source, so that an event reads one
/// cache line.
#[derive(Debug, Clone)]
pub(crate) struct PreTraces {
    rows: State<f64>,
    updates: [Option<TraceUpdate>; 2],
    decays: [StepDecay; 2],
}

/// The initial rows: `[−1, x₁(0), x₂(0)]` for every source.
#[derive(Debug, Clone, Copy)]
struct InitialRows([f64; 2]);

impl Initializer<f64> for InitialRows {
    fn values(&self, shape: &[usize], _: &mut StreamRng) -> Result<Vec<f64>, StateError> {
        let n = shape.iter().product::<usize>() / ROW;
        Ok((0..n).flat_map(|_| [-1.0, self.0[0], self.0[1]]).collect())
    }
}

impl PreTraces {
    pub(crate) fn new(
        n_pre: usize,
        traces: &[Option<Trace>; 2],
        dt: f64,
    ) -> Result<Self, DynError> {
        let start = traces.map(|trace| match trace.map(|t| t.update) {
            Some(TraceUpdate::Reset) => 1.0,
            Some(TraceUpdate::Accumulate) | None => 0.0,
        });
        Ok(PreTraces {
            rows: State::hidden(Shape::new([n_pre, ROW])?, InitialRows(start)),
            updates: traces.map(|t| t.map(|t| t.update)),
            decays: traces.map(|t| StepDecay::new(t.map_or(0.0, |t| dt / t.tau.value))),
        })
    }

    /// The row of source `i`.
    #[inline]
    fn row(&self, i: usize) -> &[f64] {
        &self.rows.values()[i * ROW..(i + 1) * ROW]
    }

    /// The step of the last spike of source `i`.
    #[inline]
    pub(crate) fn last(&self, i: usize) -> f64 {
        self.rows.values()[i * ROW]
    }

    /// The traces of source `i` at step `t`, from its spikes strictly before `t`.
    #[inline]
    pub(crate) fn at(&self, i: usize, t: f64) -> [f64; 2] {
        let row = self.row(i);
        let elapsed = t - row[0];
        let mut out = [0.0; 2];
        for (k, (out, update)) in out.iter_mut().zip(self.updates).enumerate() {
            if update.is_some() {
                *out = row[1 + k] * self.decays[k].over(elapsed);
            }
        }
        out
    }

    /// Source `i` spikes at step `t`; `before` are its traces just before ([`at`](Self::at)).
    #[inline]
    pub(crate) fn spike(&mut self, i: usize, t: f64, before: [f64; 2]) {
        let row = &mut self.rows.values_mut()[i * ROW..(i + 1) * ROW];
        row[0] = t;
        for (k, (update, before)) in self.updates.into_iter().zip(before).enumerate() {
            if let Some(update) = update {
                row[1 + k] = update.after_spike(before);
            }
        }
    }
}

impl Stateful for PreTraces {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("pre", &self.rows);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("pre", &mut self.rows);
    }
}
