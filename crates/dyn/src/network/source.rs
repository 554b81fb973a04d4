use core::hash::Hasher;

use neurodim_state::{StepContext, StreamRng};
use neurodim_units::Time;

use crate::DynError;
use crate::input::poisson_draw::spike_probability;
use crate::input::{EncodedRates, PoissonSpike, SpikeTime};

/// A spike generator that can be the source of a projection in a
/// [`Network`](crate::network::Network): each step, with the neurons, it writes its spikes
/// (`size()` flags), drawing any randomness from the stream it is given.
///
/// Implemented by [`PoissonSpike`], [`SpikeTime`] and [`EncodedRates`]; implement it for your own generator.
///
/// ```
/// use neurodim_dyn::network::SpikeSource;
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_state::StreamRng;
///
/// /// `n` neurons that all fire every `period` steps.
/// struct Clock { n: usize, period: u64 }
///
/// impl SpikeSource for Clock {
///     fn size(&self) -> usize { self.n }
///     fn emit(&mut self, ctx: &StepContext, _: &mut StreamRng, out: &mut [bool]) -> Result<(), DynError> {
///         out.fill(ctx.i % self.period == 0);
///         Ok(())
///     }
/// }
///
/// let mut net = Network::new(0.1 * ms)?;
/// let clock = net.add_spike_source("clock", Clock { n: 2, period: 100 })?; // 100 Hz
/// let spikes = net.monitor_spikes(clock)?;
/// net.init(0)?;
/// net.run_for(50.0 * ms)?;
/// let rate = net.spike_monitor(spikes)?.mean_rate(0.0 * ms..50.0 * ms)?;
/// assert!((rate.value_in(Hz) - 100.0).abs() < 1e-9);
/// # Ok::<(), DynError>(())
/// ```
pub trait SpikeSource: Send {
    /// The number of spike flags it writes.
    fn size(&self) -> usize;

    /// Writes the spikes of the step of `ctx` into `out` (`size()` flags).
    fn emit(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError>;

    /// Checks that its parameters can be stepped with `dt` (e.g. `rate · dt ≤ 1`), so that a
    /// network refuses it when it is added rather than at the first step. The default accepts
    /// every `dt`.
    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        let _ = dt;
        Ok(())
    }

    /// Feeds the parameters that decide its spikes (times and indices, rates) into `hasher`,
    /// so that the fingerprint of a [`Network`](crate::network::Network) tells it apart from
    /// a source of other parameters (and its checkpoints are refused by a network built with
    /// other ones). The default feeds nothing: a source that does not say is known by its name
    /// and size only.
    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        let _ = hasher;
    }
}

impl SpikeSource for PoissonSpike {
    fn size(&self) -> usize {
        PoissonSpike::size(self)
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        self.update(ctx, rng, out)
    }

    fn check_dt(&self, dt: Time) -> Result<(), DynError> {
        self.rates()
            .iter()
            .try_for_each(|&rate| spike_probability("PoissonSpike rate · dt", rate, dt).map(|_| ()))
    }

    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        hasher.write_usize(self.rates().len());
        self.rates().iter().for_each(|rate| hasher.write_u64(rate.value.to_bits()));
    }
}

impl SpikeSource for SpikeTime {
    fn size(&self) -> usize {
        SpikeTime::size(self)
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        _rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        self.update(ctx, out)
    }

    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        // its `Debug` form is its size, times and indices, nothing else
        hasher.write(format!("{self:?}").as_bytes());
    }
}

impl SpikeSource for EncodedRates {
    fn size(&self) -> usize {
        EncodedRates::size(self)
    }

    fn emit(
        &mut self,
        ctx: &StepContext,
        rng: &mut StreamRng,
        out: &mut [bool],
    ) -> Result<(), DynError> {
        self.update(ctx, rng, out)
    }
}

#[cfg(test)]
mod tests {
    use std::hash::{DefaultHasher, Hasher};

    use neurodim_state::{Environment, StreamKey};
    use neurodim_units::prelude::*;

    use crate::input::{PoissonSpike, SpikeTime};
    use crate::network::SpikeSource;

    #[test]
    fn spike_time_emits_at_its_step() {
        let mut source = SpikeTime::new(3, vec![1], vec![0.2 * ms]).unwrap();
        let env = Environment::new(0.1 * ms).unwrap();
        let mut out = [false; 3];
        source.emit(&env.step(2), &mut StreamKey::new(0, "s").rng(), &mut out).unwrap();
        assert_eq!(out, [false, true, false]);
    }

    #[test]
    fn poisson_spike_checks_rate_times_dt() {
        let source = PoissonSpike::new(2, 20.0 * kHz).unwrap();
        assert!(source.check_dt(0.01 * ms).is_ok());
        assert_eq!(
            source.check_dt(0.1 * ms).unwrap_err().to_string(),
            "invalid PoissonSpike rate · dt: 20000 Hz · 0.1 ms = 2 (must lie in [0, 1])"
        );
    }

    #[test]
    fn spike_times_enter_the_hash() {
        let hash = |time| {
            let mut hasher = DefaultHasher::new();
            SpikeTime::new(2, vec![1], vec![time]).unwrap().hash_parameters(&mut hasher);
            hasher.finish()
        };
        assert_ne!(hash(0.3 * ms), hash(0.4 * ms));
    }
}
