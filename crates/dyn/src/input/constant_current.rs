//! A constant current.

use neurodim_state::StepContext;
use neurodim_units::validate;

use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;

/// A current that never changes: `I(t) = amplitude`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let mut net = Network::new(0.1 * ms)?;
/// let cell = net.add_population("cell", Lif::new(1, LifParams::default())?)?;
/// // 2 mA through R = 1 Ω: V settles at 2 mV, above the 1 mV threshold, so the cell fires
/// net.set_current_waveform(cell, ConstantCurrent::new(2.0 * mA)?)?;
/// let spikes = net.monitor_spikes(cell)?;
/// net.init(0)?;
/// net.run_for(50.0 * ms)?;
/// assert!(net.spike_monitor(spikes)?.num_spikes() > 5);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantCurrent<Q> {
    amplitude: Q,
}

impl<Q: Amplitude> ConstantCurrent<Q> {
    /// A constant current of `amplitude` (finite).
    pub fn new(amplitude: Q) -> Result<Self, DynError> {
        Ok(ConstantCurrent { amplitude: validate::finite("ConstantCurrent amplitude", amplitude)? })
    }

    /// The amplitude.
    pub fn amplitude(&self) -> Q {
        self.amplitude
    }
}

impl<Q: Amplitude + core::fmt::Debug> CurrentWaveform<Q> for ConstantCurrent<Q> {
    fn hash_parameters(&self, hasher: &mut dyn core::hash::Hasher) {
        crate::input::waveform::hash_debug(self, hasher);
    }

    fn value(&self, _ctx: &StepContext) -> Q {
        self.amplitude
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{ConstantCurrent, CurrentWaveform};
    use neurodim_state::Environment;
    use neurodim_units::prelude::*;

    #[test]
    fn new_in_any_current_unit() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(ConstantCurrent::new(2.0 * uA_per_cm2)?.amplitude(), 2.0 * uA_per_cm2);
        Ok(())
    }

    #[test]
    fn amplitude_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(ConstantCurrent::new(-3.0 * pA)?.amplitude(), -3.0 * pA);
        Ok(())
    }

    #[test]
    fn the_same_value_at_every_step_and_finite() -> Result<(), Box<dyn std::error::Error>> {
        let bias = ConstantCurrent::new(250.0 * pA)?;
        assert_eq!(bias.value(&Environment::new(0.1 * ms)?.step(1234)), 250.0 * pA);
        let err = ConstantCurrent::new(f64::INFINITY * pA).unwrap_err();
        assert_eq!(err.to_string(), "invalid ConstantCurrent amplitude: inf pA (must be finite)");
        Ok(())
    }
}
