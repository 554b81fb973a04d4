//! Independent Poisson spike trains at fixed rates: brainstate's `PoissonSpike`.

use neurodim_state::{StepContext, StreamRng};
use neurodim_units::{DisplayField, Frequency, Probability, Time};

use super::batch_items::batch_items;
use super::poisson_draw::{bernoulli, spike_probability};
use crate::DynError;

/// A population of independent Poisson spike trains with fixed rates, one rate for all
/// neurons or one per neuron.
///
/// In each step every neuron spikes with probability `p = rate · dt` (Bernoulli: `u < p` with
/// `u` uniform in [0, 1)), independently of other neurons and steps; the spike count of a
/// neuron over `T` is Binomial(T / dt, p), of mean `rate · T`. `rate · dt` must not exceed 1;
/// the first [`update`](Self::update) with a `dt` for which it does fails, naming the rate
/// and `dt`.
///
/// The probabilities `rate · dt` are internal variables derived from the rates and `dt`:
/// computed on the first update and again only when `dt` changes.
///
/// brainstate's `PoissonSpike` fails on every call in the seed release (it passes the shape
/// tuple to `random.rand` as one argument); this is the behaviour it was meant to have.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let mut input = PoissonSpike::new(1000, 20.0 * Hz)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut rng = StreamKey::new(42, "input").rng();
/// let mut spikes = vec![false; 1000];
/// let mut count = 0;
/// for i in 0..10_000 {
///     input.update(&env.step(i), &mut rng, &mut spikes)?;
///     count += spikes.iter().filter(|&&spike| spike).count();
/// }
/// // 1000 neurons × 1 s × 20 Hz = 20 000 spikes expected; standard deviation ≈ 141.
/// assert!((count as f64 - 20_000.0).abs() < 5.0 * 141.4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PoissonSpike {
    rates: Vec<Frequency>,
    /// `rates · dt` for `dt == probabilities_dt`.
    probabilities: Vec<Probability>,
    probabilities_dt: Option<Time>,
}

impl PoissonSpike {
    /// `size` (> 0) neurons, all firing at `rate` (finite, ≥ 0).
    pub fn new(size: usize, rate: Frequency) -> Result<Self, DynError> {
        if size == 0 {
            return Err(DynError::invalid("PoissonSpike size", size, "must be > 0"));
        }
        PoissonSpike::per_neuron(vec![rate; size])
    }

    /// One neuron per entry of `rates` (non-empty; each finite and ≥ 0).
    pub fn per_neuron(rates: Vec<Frequency>) -> Result<Self, DynError> {
        if rates.is_empty() {
            return Err(DynError::invalid("PoissonSpike size", 0, "must be > 0"));
        }
        if let Some((k, rate)) = rates
            .iter()
            .enumerate()
            .find(|(_, rate)| !(rate.value.is_finite() && rate.value >= 0.0))
        {
            return Err(DynError::invalid(
                "PoissonSpike rate",
                format_args!("{}, neuron {k}", rate.display()),
                "must be finite and >= 0",
            ));
        }
        let probabilities = Vec::with_capacity(rates.len());
        Ok(PoissonSpike { rates, probabilities, probabilities_dt: None })
    }

    /// The number of neurons.
    pub fn size(&self) -> usize {
        self.rates.len()
    }

    /// The rate of each neuron.
    pub fn rates(&self) -> &[Frequency] {
        &self.rates
    }

    /// Draws this step's spikes into `out` from `rng` (the model's own stream): each neuron
    /// spikes with probability `rate · dt`. `out` holds one item of `size` neurons per batch
    /// element (`batch × size` values); items draw independently, item by item.
    ///
    /// Errors: `out.len()` is not a non-zero multiple of `size`; `rate · dt > 1` for some rate.
    pub fn update(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        batch_items("PoissonSpike output", out.len(), self.size())?;
        let probabilities = self.probabilities(ctx.dt)?;
        for item in out.chunks_exact_mut(probabilities.len()) {
            for (spike, &p) in item.iter_mut().zip(probabilities) {
                *spike = bernoulli(rng, p);
            }
        }
        Ok(())
    }

    /// `rates · dt`, recomputed only when `dt` differs from the last call's (into the buffer
    /// reserved on construction, so no step allocates).
    fn probabilities(&mut self, dt: Time) -> Result<&[Probability], DynError> {
        if self.probabilities_dt != Some(dt) {
            self.probabilities_dt = None;
            self.probabilities.clear();
            for &rate in &self.rates {
                self.probabilities.push(spike_probability("PoissonSpike rate · dt", rate, dt)?);
            }
            self.probabilities_dt = Some(dt);
        }
        Ok(&self.probabilities)
    }
}

#[cfg(test)]
mod tests {
    use crate::input::PoissonSpike;
    use neurodim_state::{Environment, StreamKey};
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_a_negative_rate() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonSpike::new(100, 5.0 * Hz)?.size(), 100);
        let err = PoissonSpike::new(100, -5.0 * Hz).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid PoissonSpike rate: -5 Hz, neuron 0 (must be finite and >= 0)"
        );
        Ok(())
    }

    #[test]
    fn per_neuron_rates_must_be_finite() -> Result<(), Box<dyn std::error::Error>> {
        let input = PoissonSpike::per_neuron(vec![1.0 * Hz, 10.0 * Hz, 100.0 * Hz])?;
        assert_eq!(input.rates()[2], 100.0 * Hz);
        let err = PoissonSpike::per_neuron(vec![1.0 * Hz, f64::NAN * Hz]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid PoissonSpike rate: NaN Hz, neuron 1 (must be finite and >= 0)"
        );
        Ok(())
    }

    #[test]
    fn size_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonSpike::per_neuron(vec![1.0 * Hz; 3])?.size(), 3);
        Ok(())
    }

    #[test]
    fn rates_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonSpike::new(2, 4.0 * Hz)?.rates(), [4.0 * Hz, 4.0 * Hz]);
        Ok(())
    }

    #[test]
    fn rate_dt_above_one_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let mut input = PoissonSpike::new(2, 20.0 * kHz)?;
        let mut rng = StreamKey::new(0, "input").rng();
        let err = input.update(&Environment::new(0.1 * ms)?.step(0), &mut rng, &mut [false; 2]);
        assert_eq!(
            err.unwrap_err().to_string(),
            "invalid PoissonSpike rate · dt: 20000 Hz · 0.1 ms = 2 (must lie in [0, 1])"
        );
        Ok(())
    }
}
