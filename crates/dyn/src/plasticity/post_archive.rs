//! The postsynaptic side of a spike-timing rule: per target, its latest spikes with its
//! traces just after each.

use neurodim_state::init::Constant;
use neurodim_state::{Shape, State, Stateful, Visit, VisitMut};

use crate::DynError;
use crate::plasticity::decay::StepDecay;
use crate::plasticity::rule::{Trace, TraceUpdate};

/// Per postsynaptic neuron, its latest `depth` spikes, newest first: `"post_step"` (the step
/// each was emitted in), `"post_y1"`, `"post_y2"` (the traces just after it), and
/// `"post_count"` (how many of the `depth` slots hold a spike). NEST's archiving node keeps
/// the same values; a synapse of delay `d` steps at step `t` needs the spikes of the last
/// `d + 1` steps and the one before, so `depth = D + 2` for the longest delay `D` keeps all
/// it reads.
#[derive(Debug, Clone)]
pub(crate) struct PostArchive {
    depth: usize,
    step: State<f64>,
    y: [Option<State<f64>>; 2],
    count: State<f64>,
    updates: [Option<TraceUpdate>; 2],
    /// `e^{−k·dt/τ}` per trace.
    decays: [StepDecay; 2],
}

impl PostArchive {
    pub(crate) fn new(
        n_post: usize,
        depth: usize,
        traces: &[Option<Trace>; 2],
        dt: f64,
    ) -> Result<Self, DynError> {
        let slots = Shape::new([n_post, depth])?;
        Ok(PostArchive {
            depth,
            step: State::hidden(slots.clone(), Constant(0.0)),
            y: traces.map(|t| t.map(|_| State::hidden(slots.clone(), Constant(0.0)))),
            count: State::hidden(Shape::vector(n_post)?, Constant(0.0)),
            updates: traces.map(|t| t.map(|t| t.update)),
            decays: traces.map(|t| StepDecay::new(t.map_or(0.0, |t| dt / t.tau.value))),
        })
    }

    /// The number of neurons.
    pub(crate) fn len(&self) -> usize {
        self.count.shape().len()
    }

    /// How many spikes of neuron `j` are held.
    #[inline]
    pub(crate) fn count(&self, j: usize) -> usize {
        self.count.values()[j] as usize
    }

    /// The step of the `k`-th latest spike of neuron `j` (`k < count(j)`).
    #[inline]
    pub(crate) fn step_of(&self, j: usize, k: usize) -> f64 {
        self.step.values()[j * self.depth + k]
    }

    /// The traces just after the `k`-th latest spike of neuron `j`.
    #[inline]
    pub(crate) fn after(&self, j: usize, k: usize) -> [f64; 2] {
        let at = j * self.depth + k;
        self.y.each_ref().map(|y| y.as_ref().map_or(0.0, |y| y.values()[at]))
    }

    /// The traces of neuron `j` at step `t` from its `k`-th latest spike (`t` after it).
    #[inline]
    pub(crate) fn decayed(&self, j: usize, k: usize, t: f64) -> [f64; 2] {
        let elapsed = t - self.step_of(j, k);
        let after = self.after(j, k);
        let mut out = [0.0; 2];
        let traces = self.y.iter().zip(&self.decays);
        for ((out, after), (y, decay)) in out.iter_mut().zip(after).zip(traces) {
            if y.is_some() {
                *out = after * decay.over(elapsed);
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
        let row = j * self.depth..(j + 1) * self.depth;
        let keep = held.min(self.depth - 1);
        let shift = |values: &mut [f64]| values[row.clone()].copy_within(0..keep, 1);
        shift(self.step.values_mut());
        self.step.values_mut()[row.start] = t;
        for ((y, update), before) in self.y.iter_mut().zip(self.updates).zip(before) {
            if let (Some(y), Some(update)) = (y, update) {
                shift(y.values_mut());
                y.values_mut()[row.start] = update.after_spike(before);
            }
        }
        self.count.values_mut()[j] = (keep + 1) as f64;
    }
}

impl Stateful for PostArchive {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("post_step", &self.step);
        for (name, y) in ["post_y1", "post_y2"].into_iter().zip(&self.y) {
            if let Some(y) = y {
                visitor.state(name, y);
            }
        }
        visitor.state("post_count", &self.count);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("post_step", &mut self.step);
        for (name, y) in ["post_y1", "post_y2"].into_iter().zip(&mut self.y) {
            if let Some(y) = y {
                visitor.state(name, y);
            }
        }
        visitor.state("post_count", &mut self.count);
    }
}
