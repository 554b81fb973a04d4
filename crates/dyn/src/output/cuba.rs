use neurodim_units::validate::finite;
use neurodim_units::{Conductance, Current, V, Voltage};

use crate::DynError;
use crate::output::SynapticOutput;

/// A current-based output (brainstate's `CUBA`): `I = g·scale`, independent of V.
///
/// The default scale is **1 V**, as in brainstate's code (its docstring says 1 mV), so 1 mS
/// gives 1 mA. It adds `g·scale` to the offset of a
/// [`SynapticDrive`](crate::neuron::SynapticDrive) and nothing to the slope.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::output::SynapticOutput;
/// let out = Cuba::default();
/// assert_eq!(out.scale(), 1.0 * volt);
/// assert!((out.current(1.0 * mS, -60.0 * mV).value_in(mA) - 1.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cuba {
    scale: Voltage,
}

impl Default for Cuba {
    fn default() -> Self {
        Cuba { scale: 1.0 * V }
    }
}

impl Cuba {
    /// An output with a finite `scale`.
    pub fn new(scale: Voltage) -> Result<Self, DynError> {
        Ok(Cuba { scale: finite("scale", scale)? })
    }

    /// The scale.
    pub fn scale(&self) -> Voltage {
        self.scale
    }
}

impl SynapticOutput for Cuba {
    fn has_slope(&self) -> bool {
        false
    }

    #[inline]
    fn current(&self, g: Conductance, _v: Voltage) -> Current {
        g * self.scale
    }

    #[inline]
    fn linearise(&self, g: Conductance, _v: Voltage) -> (Current, Conductance) {
        (g * self.scale, Conductance::default())
    }
}

#[cfg(test)]
mod tests {
    use crate::output::Cuba;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_nan() {
        assert!(Cuba::new(1.0 * mV).is_ok());
        assert!(Cuba::new(f64::NAN * mV).is_err());
    }

    #[test]
    fn scale_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Cuba::new(1.0 * mV)?.scale(), 1.0 * mV);
        Ok(())
    }
}
