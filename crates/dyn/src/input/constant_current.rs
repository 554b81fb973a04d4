//! A constant current.

use neurodim_state::StepContext;
use neurodim_units::validate;

use super::waveform::{Amplitude, CurrentWaveform};
use crate::DynError;

/// A current that never changes: `I(t) = amplitude`.
///
/// ```
/// use neurodim_dyn::input::{ConstantCurrent, CurrentWaveform};
/// use neurodim_state::Environment;
/// use neurodim_units::*;
///
/// let bias = ConstantCurrent::new(250.0 * pA)?;
/// assert_eq!(bias.value(&Environment::new(0.1 * ms)?.step(1234)), 250.0 * pA);
/// let err = ConstantCurrent::new(f64::INFINITY * pA).unwrap_err();
/// assert_eq!(err.to_string(), "invalid ConstantCurrent amplitude: inf pA (must be finite)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantCurrent<Q> {
    amplitude: Q,
}

impl<Q: Amplitude> ConstantCurrent<Q> {
    /// A constant current of `amplitude` (finite).
    ///
    /// ```
    /// use neurodim_dyn::input::ConstantCurrent;
    /// use neurodim_units::*;
    /// assert_eq!(ConstantCurrent::new(2.0 * uA_per_cm2)?.amplitude(), 2.0 * uA_per_cm2);
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
    pub fn new(amplitude: Q) -> Result<Self, DynError> {
        Ok(ConstantCurrent { amplitude: validate::finite("ConstantCurrent amplitude", amplitude)? })
    }

    /// The amplitude.
    ///
    /// ```
    /// # use neurodim_dyn::input::ConstantCurrent;
    /// # use neurodim_units::*;
    /// assert_eq!(ConstantCurrent::new(-3.0 * pA)?.amplitude(), -3.0 * pA);
    /// # Ok::<(), neurodim_dyn::DynError>(())
    /// ```
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
