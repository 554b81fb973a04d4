//! A record of a projection's weights each time they change: NEST's `weight_recorder`.

use neurodim_state::{StateValue, StepContext};
use neurodim_units::{Conductance, Time};

use crate::DynError;
use crate::monitor::clock::RecordingClock;

/// The changes of chosen weights of a projection: for every step in which a weight changed,
/// `(t, synapse, w)` with `t = step · dt` of the step whose start changed it (a presynaptic spike
/// of step `n` changes its synapses' weights at the start of step `n + 1`). It compares the
/// chosen weights after each step with their values after the last, so its cost per step is one
/// comparison per chosen synapse; record all of them only on small projections.
///
/// Made by [`Network::monitor_weight_changes`](crate::network::Network::monitor_weight_changes).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let pre = net.add_population("pre", Lif::new(1, LifParams::default())?)?;
/// let post = net.add_population("post", Lif::new(1, LifParams::default())?)?;
/// net.set_current(pre, 2.0 * mA)?;
/// net.set_current(post, 1.5 * mA)?;
/// net.connect("p", pre, post)
///     .rule(OneToOne)
///     .weight(1.0 * nS)
///     .synapse(ExponParams::default())
///     .output(Coba::new(0.0 * mV)?)
///     .stdp(Stdp::additive(2.0 * nS))
///     .add()?;
/// net.init(0)?;
/// let changes = net.monitor_weight_changes("p", None)?;
/// net.run_for(100.0 * ms)?;
/// let recorded = net.weight_changes(changes)?;
/// assert!(recorded.len() > 0);
/// let (_, synapse, w) = recorded.events().last().unwrap();
/// assert_eq!((synapse, w), (0, net.weights("p")?[0]));
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WeightChanges {
    projection: String,
    /// The chosen synapses (CSR positions), increasing.
    synapses: Vec<u32>,
    /// Their weights (SI) after the last step recorded.
    last: Vec<f64>,
    clock: RecordingClock,
    steps: Vec<u64>,
    changed: Vec<u32>,
    values: Vec<f64>,
}

impl WeightChanges {
    /// Records the changes of the weights of `projection` (SI, CSR order: `weights`) at
    /// `synapses` (all of them for `None`), from the values they have now.
    pub(crate) fn new(
        projection: &str,
        synapses: Option<&[usize]>,
        weights: &[f64],
    ) -> Result<Self, DynError> {
        let synapses: Vec<u32> = match synapses {
            None => (0..weights.len() as u32).collect(),
            Some(chosen) => {
                let mut sorted = chosen.to_vec();
                sorted.sort_unstable();
                if sorted.windows(2).any(|w| w[0] == w[1]) {
                    return Err(DynError::invalid(
                        "synapses",
                        "a repeated index",
                        "must be distinct",
                    ));
                }
                if let Some(&bad) = sorted.iter().find(|&&s| s >= weights.len()) {
                    let rule = "must be below the projection's number of synapses";
                    return Err(DynError::invalid("synapses", bad, rule));
                }
                sorted.into_iter().map(|s| s as u32).collect()
            }
        };
        let last = synapses.iter().map(|&s| weights[s as usize]).collect();
        Ok(WeightChanges {
            projection: projection.to_string(),
            synapses,
            last,
            clock: RecordingClock::default(),
            steps: Vec::new(),
            changed: Vec::new(),
            values: Vec::new(),
        })
    }

    /// The projection recorded.
    pub fn projection(&self) -> &str {
        &self.projection
    }

    /// The number of changes recorded.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no change was recorded.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The changes in order: `(t, synapse, w)`, `synapse` the CSR position, `w` the weight after
    /// the change.
    pub fn events(&self) -> impl Iterator<Item = (Time, usize, Conductance)> + '_ {
        let dt = self.clock.dt().unwrap_or_default();
        let events = self.steps.iter().zip(&self.changed).zip(&self.values);
        events.map(move |((&n, &s), &w)| (n as f64 * dt, s as usize, Conductance::from_si(w)))
    }

    /// Offers step `ctx`, after which the weights are `weights` (SI, CSR order).
    pub(crate) fn record(
        &mut self,
        ctx: &StepContext,
        weights: impl Fn(usize) -> f64,
    ) -> Result<(), DynError> {
        self.clock.advance(ctx)?;
        for (&s, last) in self.synapses.iter().zip(&mut self.last) {
            let w = weights(s as usize);
            if w.to_bits() != last.to_bits() {
                *last = w;
                self.steps.push(ctx.i);
                self.changed.push(s);
                self.values.push(w);
            }
        }
        Ok(())
    }

    /// Forgets the changes recorded and takes `weights` as the values to compare with.
    pub(crate) fn clear(&mut self, weights: impl Fn(usize) -> f64) {
        self.clock = RecordingClock::default();
        self.steps.clear();
        self.changed.clear();
        self.values.clear();
        for (&s, last) in self.synapses.iter().zip(&mut self.last) {
            *last = weights(s as usize);
        }
    }
}
