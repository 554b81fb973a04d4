//! Poisson input added straight into a state: brainstate's `PoissonInput` and `poisson_input`.

use core::ops::{AddAssign, Mul};

use neurodim_state::{StateValue, StepContext, StreamRng};
use neurodim_units::{DisplayField, Frequency, Time, validate};

use super::POISSON_BLOCK;
use super::batch_items::batch_items;
use super::count::{CountMethod, CountSampler};
use super::poisson_draw::spike_probability;
use crate::DynError;
use crate::kernel::checks::stored_finite;
use crate::kernel::simd::with_wide_vectors;

/// `num_input` independent Poisson sources firing at `freq`, each spike adding `weight` to a
/// target state (a voltage, a conductance) of a post population.
///
/// In each step every target `j` receives
///
/// ```text
/// target[j] ← target[j] + count_j · weight,   count_j ~ Binomial(num_input, p),   p = freq · dt
/// ```
///
/// with one count per target and step, independent across targets and steps, drawn by
/// [`CountSampler`] as [`CountMethod`] says (by default an exact draw for small `np`, from an
/// alias table built once per `dt` — [`CountSampler::is_table`] — and a rounded normal with
/// the Binomial's variance above `np > 5` and `n(1 − p) > 5`). Only the targets listed in
/// [`with_indices`](Self::with_indices) receive input, if any are listed; where the
/// refractory mask passed to [`update`](Self::update) is `true` the target is left unchanged
/// (its count is still drawn, so that which neurons are refractory does not shift the random
/// stream of the others).
///
/// This is brainstate's `PoissonInput(target, indices, num_input, freq, weight)` and its
/// function `poisson_input(freq, num_input, weight, target, indices, refractory)`: the target
/// state is passed to each update as a slice, `freq · dt` must not exceed 1, and the counts
/// follow the Binomial exactly or with its true variance (brainstate's normal branch uses the
/// variance as standard deviation and neither rounds nor clips).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let e = net.add_population("E", Lif::new(100, LifParams { tau: 20.0 * ms, v_th: 50.0 * mV, ..LifParams::default() })?)?;
/// // each neuron driven by 500 sources at 8 Hz through 0.25 mV jumps of V:
/// // 0.4 inputs per step, 0.1 mV, on average
/// net.add_poisson_to_v("ext", e, PoissonInput::new(100, 500, 8.0 * Hz, 0.25 * mV)?)?;
/// net.init(0)?;
/// net.run_for(10.0 * ms)?;
/// let v = net.neurons(e)?.v();
/// let mean = v.iter().map(|v| v.value_in(mV)).sum::<f64>() / 100.0;
/// // 100 steps of 0.1 mV, less the leak (τ = 20 ms): τ/T · (1 − e^(−T/τ)) · 10 mV ≈ 7.9 mV
/// assert!((mean - 7.9).abs() < 0.5, "{mean}");
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PoissonInput<W> {
    size: usize,
    num_input: u64,
    freq: Frequency,
    weight: W,
    indices: Option<Vec<usize>>,
    method: CountMethod,
    /// The sampler for `freq · dt`, and that `dt`.
    sampler: Option<(Time, CountSampler)>,
}

impl<W> PoissonInput<W>
where
    W: DisplayField + AddAssign + Mul<f64, Output = W>,
{
    /// Input into a target population of `size` (> 0) neurons from `num_input` (> 0) sources
    /// per neuron, each firing at `freq` (finite, ≥ 0; in Hz or any frequency unit), each
    /// spike adding `weight` (finite; any quantity: a [`Voltage`](neurodim_units::Voltage) for
    /// a jump in V, a [`Conductance`](neurodim_units::Conductance) for a jump in g).
    ///
    /// Errors name the parameter: `PoissonInput size` or `PoissonInput num_input` of 0,
    /// `PoissonInput freq` negative or not finite, `PoissonInput weight` not finite.
    /// (`freq · dt ≤ 1` is checked once `dt` is known: [`sampler`](Self::sampler).)
    pub fn new(size: usize, num_input: u64, freq: Frequency, weight: W) -> Result<Self, DynError> {
        if size == 0 {
            return Err(DynError::invalid("PoissonInput size", size, "must be > 0"));
        }
        if num_input == 0 {
            return Err(DynError::invalid("PoissonInput num_input", num_input, "must be > 0"));
        }
        Ok(PoissonInput {
            size,
            num_input,
            freq: validate::non_negative("PoissonInput freq", freq)?,
            weight: validate::finite("PoissonInput weight", weight)?,
            indices: None,
            method: CountMethod::default(),
            sampler: None,
        })
    }
}

impl<W> PoissonInput<W>
where
    W: AddAssign + Mul<f64, Output = W> + Copy,
{
    /// The same input with its weight held as a `V` of the same value (a network's
    /// accumulators in its precision); an error if the weight is beyond the range of `V`.
    pub(crate) fn stored_as<V>(self) -> Result<PoissonInput<V>, DynError>
    where
        W: StateValue,
        V: StateValue,
    {
        let weight = stored_finite::<V>("PoissonInput weight", self.weight.to_si())?;
        let PoissonInput { size, num_input, freq, indices, method, sampler, .. } = self;
        Ok(PoissonInput { size, num_input, freq, weight, indices, method, sampler })
    }

    /// Input into the listed targets only (each below `size`; a target listed twice receives
    /// two independent counts).
    pub fn with_indices(mut self, indices: Vec<usize>) -> Result<Self, DynError> {
        if let Some(&index) = indices.iter().find(|&&index| index >= self.size) {
            return Err(DynError::IndexOutOfRange {
                what: "PoissonInput indices".into(),
                index,
                len: self.size,
            });
        }
        self.indices = Some(indices);
        Ok(self)
    }

    /// Draws counts by `method` instead of the default [`CountMethod::NormalApproximation`].
    pub fn with_method(mut self, method: CountMethod) -> Self {
        self.method = method;
        self.sampler = None;
        self
    }

    /// The size of the target population (one item).
    pub fn size(&self) -> usize {
        self.size
    }

    /// The number of sources per target.
    pub fn num_input(&self) -> u64 {
        self.num_input
    }

    /// The rate of each source.
    pub fn freq(&self) -> Frequency {
        self.freq
    }

    /// What one input spike adds to its target.
    pub fn weight(&self) -> W {
        self.weight
    }

    /// The targets receiving input, if restricted.
    pub fn indices(&self) -> Option<&[usize]> {
        self.indices.as_deref()
    }

    /// How counts are drawn.
    pub fn method(&self) -> CountMethod {
        self.method
    }

    /// The sampler of one target's count per step of `dt`: Binomial(`num_input`, `freq · dt`).
    /// Computed once per `dt` and kept.
    ///
    /// Error: `freq · dt > 1`, naming `freq` and `dt`.
    pub fn sampler(&mut self, dt: Time) -> Result<CountSampler, DynError> {
        match self.sampler {
            Some((cached_dt, sampler)) if cached_dt == dt => Ok(sampler),
            _ => {
                let p = spike_probability("PoissonInput freq · dt", self.freq, dt)?;
                let sampler = CountSampler::new(self.num_input, p, self.method);
                self.sampler = Some((dt, sampler));
                Ok(sampler)
            }
        }
    }

    /// Adds this step's input into `target`: `target[j] ← target[j] + count_j · weight` into
    /// each target (or each listed target), except where `refractory` is `true`, with
    /// `count_j ~ Binomial(num_input, freq · dt)` drawn from `rng` (the model's own stream).
    /// `target`, and `refractory` if given, hold one item of `size` values per batch element
    /// (`batch × size`); items draw independently, item by item.
    ///
    /// The counts of a item are drawn in blocks of [`POISSON_BLOCK`] (1 024) consecutive
    /// targets (or listed targets), one block after the other from `rng`, each as a network
    /// draws one of its blocks ([`update_blocks`](Self::update_blocks)): with a table
    /// ([`CountSampler::is_table`]), from eight generators forked from `rng` (32 of its
    /// outputs per block), count `j` of the block from output `⌊j / 8⌋` of fork `j mod 8`;
    /// otherwise one draw after the other from `rng` itself.
    ///
    /// Errors: `target.len()` is not a non-zero multiple of `size`; `refractory` differs from
    /// `target` in length; `freq · dt > 1`. Nothing is changed on error.
    pub fn update(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        target: &mut [W],
        refractory: Option<&[bool]>,
    ) -> Result<(), DynError> {
        batch_items("PoissonInput target", target.len(), self.size)?;
        if let Some(mask) = refractory
            && mask.len() != target.len()
        {
            return Err(DynError::SizeMismatch {
                what: "PoissonInput refractory mask (one per target)".into(),
                expected: target.len(),
                found: mask.len(),
            });
        }
        let sampler = self.sampler(ctx.dt)?;
        let weight = self.weight;
        let mut counts = [0.0; POISSON_BLOCK];
        for (item_index, item) in target.chunks_exact_mut(self.size).enumerate() {
            let mask = refractory.map(|mask| &mask[item_index * self.size..][..self.size]);
            match &self.indices {
                None => {
                    for (block_index, block) in item.chunks_mut(POISSON_BLOCK).enumerate() {
                        let counts = &mut counts[..block.len()];
                        sampler.fill_counts(rng, counts);
                        match mask {
                            None => add_counts(block, counts, weight),
                            Some(mask) => {
                                let held = &mask[block_index * POISSON_BLOCK..][..block.len()];
                                for ((t, &count), &held) in block.iter_mut().zip(&*counts).zip(held)
                                {
                                    if !held {
                                        *t += weight * count;
                                    }
                                }
                            }
                        }
                    }
                }
                Some(indices) => {
                    for block in indices.chunks(POISSON_BLOCK) {
                        let counts = &mut counts[..block.len()];
                        sampler.fill_counts(rng, counts);
                        for (&j, &count) in block.iter().zip(&*counts) {
                            if !mask.is_some_and(|mask| mask[j]) {
                                item[j] += weight * count;
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// `target[j] ← target[j] + counts[j] · weight` for every `j` (vectorised with the widest
/// vectors of the CPU; the same bits as one at a time).
#[inline]
pub(crate) fn add_counts<W>(target: &mut [W], counts: &[f64], weight: W)
where
    W: AddAssign + Mul<f64, Output = W> + Copy,
{
    with_wide_vectors(
        #[inline(always)]
        || target.iter_mut().zip(counts).for_each(|(t, &count)| *t += weight * count),
    );
}

#[cfg(test)]
mod tests {
    use crate::input::{CountMethod, PoissonInput};
    use neurodim_state::{Environment, StreamKey};
    use neurodim_units::prelude::*;
    use neurodim_units::s;

    #[test]
    fn new_refuses_negative_freq_nan_weight_and_no_inputs() {
        assert!(PoissonInput::new(100, 200, 5.0 * Hz, 0.5 * nS).is_ok());
        let err = PoissonInput::new(100, 200, -5.0 * Hz, 0.5 * nS).unwrap_err();
        assert_eq!(err.to_string(), "invalid PoissonInput freq: -5 Hz (must be >= 0)");
        let err = PoissonInput::new(100, 200, 5.0 * Hz, f64::NAN * nS).unwrap_err();
        assert_eq!(err.to_string(), "invalid PoissonInput weight: NaN nS (must be finite)");
        let err = PoissonInput::new(100, 0, 5.0 * Hz, 0.5 * nS).unwrap_err();
        assert_eq!(err.to_string(), "invalid PoissonInput num_input: 0 (must be > 0)");
    }

    #[test]
    fn with_indices_checks_the_indices() -> Result<(), Box<dyn std::error::Error>> {
        let input = PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.with_indices(vec![0, 9])?;
        assert_eq!(input.indices(), Some(&[0, 9][..]));
        let err =
            PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.with_indices(vec![3, 10]).unwrap_err();
        assert_eq!(err.to_string(), "PoissonInput indices: index 10 out of range 0..10");
        Ok(())
    }

    #[test]
    fn with_method_sets_the_method() -> Result<(), Box<dyn std::error::Error>> {
        let input = PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.with_method(CountMethod::Exact);
        assert_eq!(input.method(), CountMethod::Exact);
        Ok(())
    }

    #[test]
    fn size_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.size(), 10);
        Ok(())
    }

    #[test]
    fn num_input_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.num_input(), 200);
        Ok(())
    }

    #[test]
    fn freq_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.freq(), 5.0 * Hz);
        Ok(())
    }

    #[test]
    fn weight_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.weight(), 0.5 * mV);
        Ok(())
    }

    #[test]
    fn no_indices_by_default() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?.indices(), None);
        Ok(())
    }

    #[test]
    fn the_default_method() -> Result<(), Box<dyn std::error::Error>> {
        let input = PoissonInput::new(10, 200, 5.0 * Hz, 0.5 * mV)?;
        assert_eq!(input.method(), CountMethod::NormalApproximation);
        Ok(())
    }

    #[test]
    fn sampler_refuses_freq_dt_above_one() -> Result<(), Box<dyn std::error::Error>> {
        let mut input = PoissonInput::new(10, 1000, 10.0 * Hz, 0.5 * mV)?;
        let sampler = input.sampler(1.0 * ms)?;
        assert!((sampler.mean() - 10.0).abs() < 1e-12);
        assert_eq!(
            input.sampler(0.2 * s).unwrap_err().to_string(),
            "invalid PoissonInput freq · dt: 10 Hz · 200 ms = 2 (must lie in [0, 1])"
        );
        Ok(())
    }

    #[test]
    fn refractory_targets_are_left_unchanged() -> Result<(), Box<dyn std::error::Error>> {
        // freq · dt = 1: every source spikes in every step.
        let mut input = PoissonInput::new(3, 50, 1.0 * kHz, 0.2 * mV)?;
        let ctx = Environment::new(1.0 * ms)?.step(0);
        let mut rng = StreamKey::new(0, "in").rng();
        let mut v = [0.0 * mV; 3];
        input.update(&ctx, &mut rng, &mut v, Some(&[false, true, false]))?;
        assert_eq!(v, [50.0 * (0.2 * mV), 0.0 * mV, 50.0 * (0.2 * mV)]);
        Ok(())
    }

    #[test]
    fn counts_only_add_to_the_target() -> Result<(), Box<dyn std::error::Error>> {
        // 4 neurons, each driven by 1000 sources at 10 Hz through 0.1 mV synapses.
        let mut input = PoissonInput::new(4, 1000, 10.0 * Hz, 0.1 * mV)?;
        let env = Environment::new(0.1 * ms)?;
        let mut rng = StreamKey::new(42, "E.poisson").rng();
        let mut v = vec![-60.0 * mV; 4];
        input.update(&env.step(0), &mut rng, &mut v, None)?;
        // each neuron gained count · 0.1 mV, with count ~ Binomial(1000, 0.001)
        assert!(v.iter().all(|&v| v >= -60.0 * mV));
        Ok(())
    }
}
