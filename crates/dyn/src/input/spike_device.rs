//! NEST's spike generators as one kind of input: what a device gives each of its targets in a
//! step.

use core::hash::Hasher;

use neurodim_state::Stateful;
use neurodim_units::Time;

use crate::DynError;

/// A NEST stimulating device that sends spikes — `poisson_generator`
/// ([`PoissonGenerator`](super::PoissonGenerator)), `sinusoidal_poisson_generator`
/// ([`SinusoidalPoissonGenerator`](super::SinusoidalPoissonGenerator)),
/// `inhomogeneous_poisson_generator`
/// ([`InhomogeneousPoissonGenerator`](super::InhomogeneousPoissonGenerator)) and
/// `spike_generator` ([`SpikeGenerator`](super::SpikeGenerator)) — as a network drives its
/// targets with it ([`Network::spike_device`](crate::network::Network::spike_device)).
///
/// In each step `s` (NEST's update from `s·h` to `(s+1)·h`, whose events NEST stamps `s + 1`)
/// the device says what it sends ([`Emission`]): nothing, a Poisson count of mean `λ·h` for
/// each target (or one for all), or spikes of given multiplicities and weights. The network
/// turns that into a count per target, multiplies it by the connection's weight and delivers
/// it `D = round(d/h)` steps later, as NEST's ring buffers do: each target receives the count
/// as NEST's event multiplicity, `count · weight` at once (not at most one spike per step).
/// Each device applies its own [`ActivityWindow`](super::ActivityWindow) rule.
///
/// The device's evolving state (a sinusoid's oscillator) is reached through [`Stateful`], so
/// that checkpoints keep it; its parameters enter the network's fingerprint through
/// [`hash_parameters`](Self::hash_parameters).
///
/// ```
/// use neurodim_dyn::input::{Emission, SpikeDevice};
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut generator = SpikeGenerator::new(vec![0.3 * ms])?.with_multiplicities(vec![2])?;
/// generator.prepare(0.1 * ms)?; // a network does this when the device is added
/// assert_eq!(generator.model(), "spike_generator");
/// // the spike stamped 0.3 ms is sent by the update from 0.2 ms to 0.3 ms: step 2
/// assert!(matches!(generator.emission(1), Emission::Nothing));
/// let Emission::Spikes(spikes) = generator.emission(2) else { panic!("a spike in step 2") };
/// assert_eq!(spikes[0].multiplicity, 2);
/// # Ok::<(), DynError>(())
/// ```
pub trait SpikeDevice: Stateful + Send {
    /// NEST's name of the model (`"poisson_generator"`, …), for messages and the fingerprint.
    fn model(&self) -> &'static str;

    /// Checks the parameters that depend on the resolution `dt` (times on NEST's grid, means
    /// `λ·h` a Poisson count can have) and fixes what follows from it (times in steps). A
    /// network calls it once, when the device is added, before any
    /// [`emission`](Self::emission); an unprepared device emits nothing.
    fn prepare(&mut self, dt: Time) -> Result<(), DynError>;

    /// What the device sends in step `step` (events stamped `step + 1`). A network calls it
    /// once per step, in order: a device with an evolving state advances it here.
    fn emission(&mut self, step: u64) -> Emission<'_>;

    /// Feeds the parameters that decide its emissions into `hasher`, so that the fingerprint
    /// of a network driven by it tells it apart from a device of other parameters.
    fn hash_parameters(&self, hasher: &mut dyn Hasher);
}

/// What a [`SpikeDevice`] sends in one step.
///
/// ```
/// use neurodim_dyn::input::{Emission, SpikeDevice};
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut generator = PoissonGenerator::new(20.0 * Hz)?;
/// generator.prepare(0.1 * ms)?;
/// // NEST's poisson_generator sends from its update 1 on (start 0: t_min = 0 < s)
/// assert!(matches!(generator.emission(0), Emission::Nothing));
/// let Emission::Poisson { mean, individual } = generator.emission(1) else { panic!() };
/// assert!((mean - 0.002).abs() < 1e-15 && individual); // 20 Hz · 0.1 ms, per target
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Emission<'a> {
    /// Nothing (inactive, or a rate of zero).
    Nothing,
    /// A count `n ~ Poisson(mean)` with `mean = λ·h` (no upper limit: several spikes in one
    /// step are one event of multiplicity `n`): drawn for each target independently if
    /// `individual`, else drawn once and sent to every target (NEST's
    /// `individual_spike_trains` False).
    Poisson {
        /// `λ·h`, the expected count (> 0, finite).
        mean: f64,
        /// One draw per target (`true`) or one for all (`false`).
        individual: bool,
    },
    /// Spikes sent to every target, each with its multiplicity and weight factor.
    Spikes(&'a [DeviceSpike]),
}

/// A spike a device sends to every target: `multiplicity` events at once, each delivering
/// `weight · w` for a connection weight `w` (NEST's `spike_multiplicities` and
/// `spike_weights`; a spike without a weight has `weight = 1`).
///
/// ```
/// use neurodim_dyn::input::DeviceSpike;
/// let spike = DeviceSpike { multiplicity: 3, weight: -0.5 };
/// // onto a connection of weight 2 mV: 3 · (−0.5) · 2 mV = −3 mV
/// assert_eq!(f64::from(spike.multiplicity) * spike.weight * 2.0, -3.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceSpike {
    /// The number of spikes it counts for (NEST's event multiplicity).
    pub multiplicity: u32,
    /// The factor of the connection weight (dimensionless).
    pub weight: f64,
}

/// A Poisson mean `λ·h` a device may send: finite, and at most `rand_distr`'s largest
/// (`Poisson::MAX_LAMBDA`, 1.8·10¹⁹); otherwise an error naming `param` and `value`.
pub(crate) fn check_poisson_mean(
    param: &'static str,
    value: impl core::fmt::Display,
    mean: f64,
) -> Result<f64, DynError> {
    if mean.is_finite() && mean <= rand_distr::Poisson::<f64>::MAX_LAMBDA {
        Ok(mean)
    } else {
        Err(DynError::invalid(param, value, "times dt must be a finite Poisson mean <= 1.8e19"))
    }
}
