//! The postsynaptic side of a spike-timing rule: per target, its latest spikes with its
//! traces just after each.

use neurodim_state::init::Constant;
use neurodim_state::{Shape, State, Stateful, Visit, VisitMut};

use crate::DynError;
use crate::plasticity::decay::StepDecay;
use crate::plasticity::rule::{Trace, TraceUpdate};

/// Values per held spike: its step, `y₁`, `y₂`.
const ENTRY: usize = 3;

/// Per postsynaptic neuron, its latest `depth` spikes, newest first, as one row of the state
/// `"post"` (shape `[n_post, 1 + 3·depth]`): how many spikes are held, then per spike the step
/// it was emitted in and the traces `y₁`, `y₂` just after it (0 for a trace the rule does not
/// read). NEST's archiving node keeps the same values; a synapse of delay `d` steps at step `t`
/// needs the spikes of the last `d + 1` steps and the one before, so `depth = D + 2` for the
/// longest delay `D` keeps all it reads. One row per neuron, so that an event reads one or two
/// cache lines.
#[derive(Debug, Clone)]
pub(crate) struct PostArchive {
    depth: usize,
    rows: State<f64>,
    updates: [Option<TraceUpdate>; 2],
    decays: [StepDecay; 2],
}

impl PostArchive {
    pub(crate) fn new(
        n_post: usize,
        depth: usize,
        traces: &[Option<Trace>; 2],
        dt: f64,
    ) -> Result<Self, DynError> {
        Ok(PostArchive {
            depth,
            rows: State::hidden(Shape::new([n_post, 1 + ENTRY * depth])?, Constant(0.0)),
            updates: traces.map(|t| t.map(|t| t.update)),
            decays: traces.map(|t| StepDecay::new(t.map_or(0.0, |t| dt / t.tau.value))),
        })
    }

    /// The number of neurons.
    pub(crate) fn len(&self) -> usize {
        self.rows.shape().dims()[0]
    }

    /// The row of neuron `j` (for a prefetch, too).
    #[inline]
    pub(crate) fn row(&self, j: usize) -> &[f64] {
        let width = 1 + ENTRY * self.depth;
        &self.rows.values()[j * width..(j + 1) * width]
    }

    /// How many spikes of neuron `j` are held.
    #[inline]
    pub(crate) fn count(&self, j: usize) -> usize {
        self.row(j)[0] as usize
    }

    /// The step of the `k`-th latest spike of neuron `j` (`k < count(j)`).
    #[inline]
    pub(crate) fn step_of(&self, j: usize, k: usize) -> f64 {
        self.row(j)[1 + ENTRY * k]
    }

    /// The traces just after the `k`-th latest spike of neuron `j`.
    #[inline]
    pub(crate) fn after(&self, j: usize, k: usize) -> [f64; 2] {
        let entry = &self.row(j)[1 + ENTRY * k..1 + ENTRY * (k + 1)];
        [entry[1], entry[2]]
    }

    /// The traces of neuron `j` at step `t` from its `k`-th latest spike (`t` after it).
    #[inline]
    pub(crate) fn decayed(&self, j: usize, k: usize, t: f64) -> [f64; 2] {
        let entry = &self.row(j)[1 + ENTRY * k..1 + ENTRY * (k + 1)];
        let elapsed = t - entry[0];
        let mut out = [0.0; 2];
        for (m, (out, update)) in out.iter_mut().zip(self.updates).enumerate() {
            if update.is_some() {
                *out = entry[1 + m] * self.decays[m].over(elapsed);
            }
        }
        out
    }

    /// The latest spike of neuron `j` emitted strictly before step `t`, by its slot.
    #[inline]
    pub(crate) fn latest_before(&self, j: usize, t: f64) -> Option<usize> {
        (0..self.count(j)).find(|&k| self.step_of(j, k) < t)
    }

    /// The slot of neuron `j`'s spike of step `t`, if it is held.
    #[inline]
    pub(crate) fn slot_of(&self, j: usize, t: f64) -> Option<usize> {
        (0..self.count(j)).find(|&k| self.step_of(j, k) <= t).filter(|&k| self.step_of(j, k) == t)
    }

    /// Neuron `j` spikes at step `t` (after every spike it holds): its traces become
    /// `y ← y·e^{−Δt/τ} + 1` (or `1`), held in the newest slot; the oldest slot is dropped
    /// when all are full.
    pub(crate) fn push(&mut self, j: usize, t: f64) {
        let held = self.count(j);
        let before = if held > 0 { self.decayed(j, 0, t) } else { [0.0; 2] };
        let keep = held.min(self.depth - 1);
        let width = 1 + ENTRY * self.depth;
        let row = &mut self.rows.values_mut()[j * width..(j + 1) * width];
        row.copy_within(1..1 + ENTRY * keep, 1 + ENTRY);
        row[1] = t;
        for (m, (update, before)) in self.updates.into_iter().zip(before).enumerate() {
            row[2 + m] = update.map_or(0.0, |update| update.after_spike(before));
        }
        row[0] = (keep + 1) as f64;
    }
}

impl Stateful for PostArchive {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("post", &self.rows);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("post", &mut self.rows);
    }
}
