//! Currents given as a function of time: the trait the current generators share.

use core::hash::Hasher;
use core::ops::{Add, Mul, Sub};

use neurodim_state::StepContext;
use neurodim_units::DisplayField;
use num_traits::Zero;

/// A quantity a waveform may take: a [`Current`](neurodim_units::Current), a
/// [`CurrentDensity`](neurodim_units::CurrentDensity), or any other quantity with a zero, a
/// sum, a difference and a scaling by a number. Implemented for every such type.
///
/// ```
/// use neurodim_dyn::input::Amplitude;
/// use neurodim_units::prelude::*;
/// fn takes<Q: Amplitude>(_: Q) {}
/// takes(1.0 * pA);
/// takes(5.0 * uA_per_cm2);
/// ```
pub trait Amplitude:
    DisplayField + Zero + Add<Output = Self> + Sub<Output = Self> + Mul<f64, Output = Self> + Send
{
}

impl<Q> Amplitude for Q where
    Q: DisplayField + Zero + Add<Output = Q> + Sub<Output = Q> + Mul<f64, Output = Q> + Send
{
}

/// A current (or current density) that depends only on time: the value in each step, the
/// same for every neuron it drives.
///
/// A waveform is read at the start of each step, `t = i · dt`; switching times are compared in
/// steps as [`SpikeTime`](super::SpikeTime) compares spike times, so that a time written as a
/// whole number of steps (`10.0 * ms` with `dt = 0.1 * ms`) switches at exactly that step.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
///
/// let pulse = StepCurrent::new(100.0 * pA, 1.0 * ms, 2.0 * ms)?;
/// let env = Environment::new(0.1 * ms)?;
/// let mut i_ext = vec![0.0 * pA; 5];
/// pulse.write(&env.step(10), &mut i_ext);
/// assert_eq!(i_ext, vec![100.0 * pA; 5]);
/// assert_eq!(pulse.value(&env.step(20)), 0.0 * pA);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait CurrentWaveform<Q: Amplitude>: Send {
    /// The value in the step of `ctx`.
    fn value(&self, ctx: &StepContext) -> Q;

    /// Writes the value in the step of `ctx` into every entry of `out`.
    fn write(&self, ctx: &StepContext, out: &mut [Q]) {
        out.fill(self.value(ctx));
    }

    /// Feeds the parameters that decide its values (amplitudes, times, samples) into
    /// `hasher`, so that the fingerprint of a [`Network`](crate::network::Network) driven by it
    /// tells it apart from a waveform of other parameters (and its checkpoints are refused by
    /// a network built with other ones). The default feeds nothing: a waveform that does not
    /// say is known only as "a waveform".
    fn hash_parameters(&self, hasher: &mut dyn Hasher) {
        let _ = hasher;
    }
}

/// Feeds the `Debug` form of `value` into `hasher`: the parameters of a type whose `Debug`
/// shows all of them and nothing else (floating-point values in their shortest form that reads
/// back as the same value, so any change of a parameter changes the text).
pub(crate) fn hash_debug(value: &impl core::fmt::Debug, hasher: &mut dyn Hasher) {
    hasher.write(format!("{value:?}").as_bytes());
}

#[cfg(test)]
mod tests {
    use crate::input::{ConstantCurrent, CurrentWaveform, RampCurrent, StepCurrent};
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;
    use std::hash::{DefaultHasher, Hasher};

    #[test]
    fn value_of_a_ramp_halfway() -> Result<(), Box<dyn std::error::Error>> {
        let ramp = RampCurrent::new(0.0 * nA, 1.0 * nA, 0.0 * ms, 1.0 * ms)?;
        let value = ramp.value(&Environment::new(0.25 * ms)?.step(2)); // t = 0.5 ms
        assert!((value.value_in(nA) - 0.5).abs() < 1e-12);
        Ok(())
    }

    #[test]
    fn write_fills_every_neuron() -> Result<(), Box<dyn std::error::Error>> {
        let mut i_ext = [0.0 * uA_per_cm2; 3];
        ConstantCurrent::new(10.0 * uA_per_cm2)?
            .write(&Environment::new(0.01 * ms)?.step(0), &mut i_ext);
        assert_eq!(i_ext, [10.0 * uA_per_cm2; 3]);
        Ok(())
    }

    #[test]
    fn the_amplitude_enters_the_hash() {
        let hash = |amplitude| {
            let mut hasher = DefaultHasher::new();
            StepCurrent::new(amplitude, 1.0 * ms, 2.0 * ms).unwrap().hash_parameters(&mut hasher);
            hasher.finish()
        };
        assert_ne!(hash(1.0 * pA), hash(2.0 * pA));
    }
}
