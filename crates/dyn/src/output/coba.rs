use neurodim_units::validate::finite;
use neurodim_units::{Conductance, Current, Voltage};

use crate::DynError;
use crate::output::SynapticOutput;

/// A conductance-based output (brainstate's `COBA`): `I = g·(E − V)`.
///
/// Linear in V: it adds `g·E` to the offset and `−g` to the slope of a
/// [`SynapticDrive`](crate::neuron::SynapticDrive). Units follow from the types: mS·mV is µA,
/// exactly as in brainstate.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::output::SynapticOutput;
/// let out = Coba::new(-70.0 * mV)?;
/// let i = out.current(0.5 * mS, -60.0 * mV);
/// assert!((i.value_in(uA) - (-5.0)).abs() < 1e-9);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coba {
    e: Voltage,
}

impl Coba {
    /// An output with reversal potential `E` (required, finite; brainstate has no default).
    pub fn new(e: Voltage) -> Result<Self, DynError> {
        Ok(Coba { e: finite("E", e)? })
    }

    /// The reversal potential.
    pub fn e(&self) -> Voltage {
        self.e
    }
}

impl SynapticOutput for Coba {
    #[inline]
    fn current(&self, g: Conductance, v: Voltage) -> Current {
        g * (self.e - v)
    }

    #[inline]
    fn linearise(&self, g: Conductance, _v: Voltage) -> (Current, Conductance) {
        (g * self.e, -g)
    }
}

#[cfg(test)]
mod tests {
    use crate::output::*;
    use neurodim_units::prelude::*;

    #[test]
    fn new_refuses_nan() {
        assert!(Coba::new(0.0 * mV).is_ok());
        assert!(Coba::new(f64::NAN * mV).is_err());
    }

    #[test]
    fn reversal_potential_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Coba::new(-80.0 * mV)?.e(), -80.0 * mV);
        Ok(())
    }
}
