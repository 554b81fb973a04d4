//! Spikes at given times: brainstate's `SpikeTime`.

use neurodim_state::StepContext;
use neurodim_units::{DisplayField, Time};

use super::batch_items::batch_items;
use super::timing::first_step_at_or_after;
use crate::DynError;

/// A population of `size` neurons that spikes at given times: neuron `indices[k]` spikes at
/// `times[k]`.
///
/// **When a spike is emitted.** Step `i` starts at `t = i · dt` (the `t` of
/// [`StepContext`], computed as a product, not accumulated). A spike at time `τ` is emitted
/// in the first step with `t ≥ τ`, that is at step `⌈τ / dt⌉`; a time on a step boundary
/// (`τ = k · dt`, written for instance `4.9 * ms` with `dt = 0.1 * ms`) falls due at step `k`
/// although floating-point rounding of `τ / dt` or of `k · dt` lands a hair on either side
/// (the comparison allows 10⁻⁶ of a step). Each spike is emitted exactly once, in that step.
///
/// Several spikes of one neuron falling due in the same step (times closer than `dt`) give
/// that neuron one spike in that step: the output is one boolean per neuron per step. A
/// smaller `dt` keeps them apart.
///
/// This fixes brainstate's `SpikeTime`, whose index starts at −1, so that nothing is emitted
/// before `max(times)` and then everything is emitted at once.
///
/// The spikes are sorted by time on construction (stably: equal times keep their order).
/// `SpikeTime` holds no state that evolves: what it emits depends only on the step, so it
/// needs no reset and may be stepped from any step.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let input = SpikeTime::new(3, vec![2, 0, 1], vec![0.3 * ms, 0.0 * ms, 0.25 * ms])?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut spikes = [false; 3];
/// let mut raster = Vec::new();
/// for i in 0..5 {
///     input.update(&env.step(i), &mut spikes)?;
///     raster.push(spikes);
/// }
/// assert_eq!(raster, [
///     [true, false, false],  // t = 0:      0 ms
///     [false, false, false],
///     [false, false, false],
///     [false, true, true],   // t = 0.3 ms: 0.25 ms and 0.3 ms
///     [false, false, false],
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SpikeTime {
    size: usize,
    /// Spike times, ascending.
    times: Vec<Time>,
    /// The neuron of each spike, in the order of `times`.
    indices: Vec<usize>,
}

impl SpikeTime {
    /// A population of `size` (> 0) neurons in which neuron `indices[k]` spikes at `times[k]`.
    ///
    /// Errors: `size` is 0; `indices` and `times` differ in length; an index is not below
    /// `size`; a time is negative, NaN or infinite.
    pub fn new(size: usize, indices: Vec<usize>, times: Vec<Time>) -> Result<Self, DynError> {
        if size == 0 {
            return Err(DynError::invalid("SpikeTime size", size, "must be > 0"));
        }
        if indices.len() != times.len() {
            return Err(DynError::SizeMismatch {
                what: "SpikeTime indices (one per time)".into(),
                expected: times.len(),
                found: indices.len(),
            });
        }
        for (k, (&index, &time)) in indices.iter().zip(&times).enumerate() {
            if index >= size {
                return Err(DynError::IndexOutOfRange {
                    what: format!("SpikeTime index of spike {k}"),
                    index,
                    len: size,
                });
            }
            if !(time.value.is_finite() && time.value >= 0.0) {
                return Err(DynError::invalid(
                    "SpikeTime time",
                    format_args!("{}, spike {k}", time.display()),
                    "must be finite and >= 0",
                ));
            }
        }
        let mut order: Vec<usize> = (0..times.len()).collect();
        order.sort_by(|&a, &b| times[a].value.total_cmp(&times[b].value));
        Ok(SpikeTime {
            size,
            times: order.iter().map(|&k| times[k]).collect(),
            indices: order.iter().map(|&k| indices[k]).collect(),
        })
    }

    /// The population size.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The spikes, sorted by time: `(neuron, time)` pairs.
    pub fn spikes(&self) -> impl ExactSizeIterator<Item = (usize, Time)> + '_ {
        self.indices.iter().copied().zip(self.times.iter().copied())
    }

    /// The neurons that spike in the step of `ctx` (one entry per spike, so a neuron with two
    /// spikes in the step appears twice), found by binary search in `O(log spikes)`.
    pub fn due(&self, ctx: &StepContext) -> &[usize] {
        // The step of a time is monotone in the time, so the spikes due form a sorted run.
        let step_of = |time: &Time| first_step_at_or_after(*time, ctx.dt);
        let start = self.times.partition_point(|time| step_of(time) < ctx.i);
        let end = self.times.partition_point(|time| step_of(time) <= ctx.i);
        &self.indices[start..end]
    }

    /// Writes this step's spikes into `out`: `true` for each neuron that spikes in the step of
    /// `ctx` ([`due`](Self::due)), `false` elsewhere. `out` holds one item of `size` neurons
    /// per batch element (`batch × size` values); every item receives the same spikes.
    ///
    /// Error: `out.len()` is not a non-zero multiple of `size`.
    pub fn update(&self, ctx: &StepContext, out: &mut [bool]) -> Result<(), DynError> {
        batch_items("SpikeTime output", out.len(), self.size)?;
        out.fill(false);
        let due = self.due(ctx);
        for item in out.chunks_exact_mut(self.size) {
            for &index in due {
                item[index] = true;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::input::SpikeTime;
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_indices_out_of_range_and_negative_times() {
        assert!(SpikeTime::new(10, vec![3, 7], vec![5.0 * ms, 1.0 * ms]).is_ok());
        let err = SpikeTime::new(10, vec![3, 10], vec![5.0 * ms, 1.0 * ms]).unwrap_err();
        assert_eq!(err.to_string(), "SpikeTime index of spike 1: index 10 out of range 0..10");
        let err = SpikeTime::new(10, vec![3], vec![-5.0 * ms]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid SpikeTime time: -5 ms, spike 0 (must be finite and >= 0)"
        );
    }

    #[test]
    fn size_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(SpikeTime::new(4, vec![1], vec![1.0 * ms])?.size(), 4);
        Ok(())
    }

    #[test]
    fn spikes_sorted_by_time() -> Result<(), Box<dyn std::error::Error>> {
        let input = SpikeTime::new(4, vec![1, 3], vec![2.0 * ms, 1.0 * ms])?;
        let spikes: Vec<_> = input.spikes().collect();
        assert_eq!(spikes, [(3, 1.0 * ms), (1, 2.0 * ms)]);
        Ok(())
    }

    #[test]
    fn due_lists_the_spikes_of_a_step() -> Result<(), Box<dyn std::error::Error>> {
        let input = SpikeTime::new(4, vec![1, 3, 1], vec![0.1 * ms, 0.15 * ms, 0.2 * ms])?;
        let env = Environment::new(0.1 * ms)?;
        assert_eq!(input.due(&env.step(1)), [1]);
        assert_eq!(input.due(&env.step(2)), [3, 1]);
        assert!(input.due(&env.step(3)).is_empty());
        Ok(())
    }

    #[test]
    fn update_every_batch_item_and_check_the_length() -> Result<(), Box<dyn std::error::Error>> {
        let input = SpikeTime::new(2, vec![1], vec![0.0 * ms])?;
        let mut batch = [true; 4]; // 2 items of 2
        input.update(&Environment::new(0.1 * ms)?.step(0), &mut batch)?;
        assert_eq!(batch, [false, true, false, true]);
        assert!(input.update(&Environment::new(0.1 * ms)?.step(0), &mut [false; 3]).is_err());
        Ok(())
    }
}
