//! The driver of a spike-timing rule on one projection: the events of a step, in NEST's order.

use neurodim_state::{Stateful, Visit, VisitMut};
use neurodim_units::Time;

use crate::DynError;
use crate::connect::prefetch::prefetch;
use crate::connect::{DelaySteps, SynapticWeight, Topology};
use crate::plasticity::columns::Columns;
use crate::plasticity::post_archive::PostArchive;
use crate::plasticity::pre_traces::PreTraces;
use crate::plasticity::rule::{Pairing, SpikeTimingRule};

/// A rule on a projection, as its pathway holds it: the rule's type is fixed when the
/// projection is built, the pathway calls it through this interface once per step.
pub trait PlasticKernel<W>: Stateful + core::fmt::Debug + Send + Sync {
    /// The events of step `t`: the postsynaptic spikes `post_fired` of step `t` are archived,
    /// the arrivals due at `t` potentiate, the spikes of `sources` (of step `t`) depress, then
    /// the sources' traces take their spikes. `weights` are the projection's, in CSR order.
    fn step(
        &mut self,
        t: u64,
        sources: &[u32],
        post_fired: &[u32],
        topology: &Topology,
        delays: &DelaySteps,
        weights: &mut [W],
    );

    /// The connectivity was drawn again: index its synapses by target.
    fn rewire(&mut self, topology: &Topology);

    /// The next [`step`](Self::step) names step `t`: the lists of recent postsynaptic spikes
    /// are rebuilt from the archive (a state).
    fn restart(&mut self, t: u64);

    /// A weight (SI) is one the rule can start from.
    fn check_weight(&self, w: f64) -> Result<(), DynError>;

    /// The name of NEST's synapse model the rule follows.
    fn nest_model(&self) -> &'static str;

    /// Heap bytes of its states and index.
    fn heap_bytes(&self) -> usize;

    /// A copy, for a cloned pathway.
    fn clone_box(&self) -> Box<dyn PlasticKernel<W>>;
}

impl<W> Clone for Box<dyn PlasticKernel<W>> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// How far ahead in a column the weights, and in a row the targets' archives, are prefetched.
const SYNAPSES_AHEAD: usize = 8;

/// A spike-timing rule `R` driven on one projection: its pre- and postsynaptic traces, the
/// synapses by target, and the postsynaptic spikes of the last `D + 1` steps.
///
/// The events of step `t`, for a synapse `i → j` of delay `d` steps: a spike of `j` of step
/// `t − d` *arrives* at `t` and potentiates with the traces of `i` at `t` (its spikes before
/// `t`); then a spike of `i` of step `t` depresses with the traces of `j` at `t − d` (its spikes
/// before `t − d`) — NEST's order, with the whole delay dendritic.
#[derive(Debug, Clone)]
pub(crate) struct SpikeTiming<R> {
    rule: R,
    pairing: Pairing,
    pre: PreTraces,
    post: PostArchive,
    columns: Columns,
    /// `recent[t % len]`: the postsynaptic spikes of step `recent_step[t % len]`.
    recent: Vec<Vec<u32>>,
    recent_step: Vec<u64>,
}

impl<R: SpikeTimingRule> SpikeTiming<R> {
    /// The rule on a projection of `topology` with delays of at most `max_delay` steps of `dt`.
    pub(crate) fn new(
        rule: R,
        topology: &Topology,
        max_delay: u16,
        dt: Time,
    ) -> Result<Self, DynError> {
        rule.validate()?;
        let traces = rule.traces();
        let dt = dt.value;
        let len = usize::from(max_delay) + 1;
        let n_post = topology.n_post();
        Ok(SpikeTiming {
            pairing: rule.pairing(),
            pre: PreTraces::new(topology.n_pre(), &traces.pre, dt)?,
            post: PostArchive::new(n_post, len + 1, &traces.post, dt)?,
            columns: Columns::of(topology),
            recent: (0..len).map(|_| Vec::with_capacity(n_post)).collect(),
            recent_step: vec![u64::MAX; len],
            rule,
        })
    }

    /// Holds `fired` as the postsynaptic spikes of step `t`.
    fn hold_recent(&mut self, t: u64, fired: impl IntoIterator<Item = u32>) {
        let slot = (t % self.recent.len() as u64) as usize;
        self.recent[slot].clear();
        self.recent[slot].extend(fired);
        self.recent_step[slot] = t;
    }

    /// The arrivals at `t` of the spikes of step `t − d` potentiate the synapses of delay `d`
    /// (every synapse when `delays` is `None`).
    fn potentiate<W: SynapticWeight>(
        &mut self,
        t: u64,
        d: u16,
        delays: Option<&[u16]>,
        weights: &mut [W],
    ) {
        let Some(spiked) = t.checked_sub(u64::from(d)) else { return };
        let now = t as f64;
        let post_step = spiked as f64;
        let SpikeTiming { rule, pairing, pre, post, columns, recent, recent_step } = self;
        let slot = (spiked % recent.len() as u64) as usize;
        if recent_step[slot] != spiked {
            return;
        }
        for &j in &recent[slot] {
            let j = j as usize;
            let Some(k) = post.slot_of(j, post_step) else { continue };
            let after = post.after(j, k);
            // the spike before it, for rules that pair only the first arrival after a source's
            let previous = (k + 1 < post.count(j)).then(|| post.step_of(j, k + 1));
            let (synapses, sources) = columns.of_target(j);
            for (k, (&s, &i)) in synapses.iter().zip(sources).enumerate() {
                // the synapses of a column lie anywhere in the weights: ask for those ahead
                if let Some(&ahead) = synapses.get(k + SYNAPSES_AHEAD) {
                    prefetch(core::slice::from_ref(&weights[ahead as usize]));
                }
                let (s, i) = (s as usize, i as usize);
                if delays.is_some_and(|ds| ds[s] != d) {
                    continue;
                }
                if *pairing == Pairing::FirstArrival
                    && previous.is_some_and(|p| p + f64::from(d) > pre.last(i))
                {
                    continue;
                }
                let x = pre.at(i, now);
                weights[s] = W::from_si(rule.potentiate(weights[s].to_si(), x, after));
            }
        }
    }

    /// The spikes of `sources` of step `t` depress their synapses.
    fn depress<W: SynapticWeight>(
        &mut self,
        t: u64,
        sources: &[u32],
        topology: &Topology,
        delays: &DelaySteps,
        weights: &mut [W],
    ) {
        let now = t as f64;
        let targets = topology.targets();
        for &i in sources {
            let i = i as usize;
            let x = self.pre.at(i, now);
            let last = self.pre.last(i);
            let row = topology.row_range(i);
            for s in row.clone() {
                // the targets' archives lie anywhere: ask for those ahead
                if let Some(&ahead) =
                    targets.get(s + SYNAPSES_AHEAD).filter(|_| s + SYNAPSES_AHEAD < row.end)
                {
                    prefetch(&self.post.row(ahead as usize)[..1]);
                }
                let j = targets[s] as usize;
                let d = f64::from(match delays {
                    DelaySteps::Uniform(d) => *d,
                    DelaySteps::PerSynapse(ds) => ds[s],
                });
                let seen = now - d;
                if self.pairing == Pairing::FirstArrival {
                    // only if a spike of j arrived since the source's last spike
                    let latest = (0..self.post.count(j)).find(|&k| self.post.step_of(j, k) <= seen);
                    if !latest.is_some_and(|k| self.post.step_of(j, k) + d > last) {
                        continue;
                    }
                }
                let y = match self.post.latest_before(j, seen) {
                    Some(k) => self.post.decayed(j, k, seen),
                    None => [0.0; 2],
                };
                weights[s] = W::from_si(self.rule.depress(weights[s].to_si(), x, y));
            }
            self.pre.spike(i, now, x);
        }
    }
}

impl<R: SpikeTimingRule, W: SynapticWeight> PlasticKernel<W> for SpikeTiming<R> {
    fn step(
        &mut self,
        t: u64,
        sources: &[u32],
        post_fired: &[u32],
        topology: &Topology,
        delays: &DelaySteps,
        weights: &mut [W],
    ) {
        let now = t as f64;
        for &j in post_fired {
            self.post.push(j as usize, now);
        }
        self.hold_recent(t, post_fired.iter().copied());
        match delays {
            DelaySteps::Uniform(d) => self.potentiate(t, *d, None, weights),
            DelaySteps::PerSynapse(ds) => {
                for d in 0..=delays.max() {
                    self.potentiate(t, d, Some(ds), weights);
                }
            }
        }
        self.depress(t, sources, topology, delays, weights);
    }

    fn rewire(&mut self, topology: &Topology) {
        self.columns = Columns::of(topology);
    }

    fn restart(&mut self, t: u64) {
        self.recent_step.fill(u64::MAX);
        let len = self.recent.len() as u64;
        // the spikes of steps t − len .. t − 1 are archived (step t − 1's are taken at step t)
        for spiked in t.saturating_sub(len)..t {
            let post = &self.post;
            let fired: Vec<u32> = (0..post.len())
                .filter(|&j| post.slot_of(j, spiked as f64).is_some())
                .map(|j| j as u32)
                .collect();
            self.hold_recent(spiked, fired);
        }
    }

    fn check_weight(&self, w: f64) -> Result<(), DynError> {
        self.rule.check_weight(w)
    }

    fn nest_model(&self) -> &'static str {
        R::NEST_MODEL
    }

    fn heap_bytes(&self) -> usize {
        self.columns.heap_bytes() + self.recent.iter().map(|r| 4 * r.capacity()).sum::<usize>()
    }

    fn clone_box(&self) -> Box<dyn PlasticKernel<W>> {
        Box::new(self.clone())
    }
}

/// The states of the rule on the projection: `"pre"` (see [`PreTraces`]) and `"post"` (see
/// [`PostArchive`]).
impl<R: SpikeTimingRule> Stateful for SpikeTiming<R> {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        self.pre.visit_states(visitor);
        self.post.visit_states(visitor);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        self.pre.visit_states_mut(visitor);
        self.post.visit_states_mut(visitor);
    }
}
