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
/// use neurodim_dyn::output::{Coba, SynapticOutput};
/// use neurodim_units::*;
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
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert!(Coba::new(0.0 * mV).is_ok());
    /// assert!(Coba::new(f64::NAN * mV).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(e: Voltage) -> Result<Self, DynError> {
        Ok(Coba { e: finite("E", e)? })
    }

    /// The reversal potential.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
    /// # use neurodim_units::*;
    /// assert_eq!(Coba::new(-80.0 * mV)?.e(), -80.0 * mV);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
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
