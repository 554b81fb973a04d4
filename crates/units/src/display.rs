use core::fmt;
use core::marker::PhantomData;

use uom::si::{Dimension, Quantity, SI};

use crate::constants::*;
use crate::quantities::*;
use crate::value_in::ValueIn;

/// The unit a field usually writes a quantity in: mV for voltages, ms for times, nS for
/// conductances.
///
/// ```
/// use neurodim_units::prelude::*;
/// assert_eq!(Voltage::FIELD_SYMBOL, "mV");
/// assert_eq!(Voltage::FIELD_UNIT, mV);
/// ```
pub trait FieldUnit: ValueIn {
    /// One of the usual unit.
    const FIELD_UNIT: Self;
    /// Its symbol.
    const FIELD_SYMBOL: &'static str;
}

/// A quantity of `value` SI base units, usable in `const` items.
const fn si_const<D: Dimension + ?Sized>(value: f64) -> Quantity<D, SI<f64>, f64> {
    Quantity { dimension: PhantomData, units: PhantomData, value }
}

macro_rules! field_units {
    ($($ty:ty => $unit:expr, $symbol:literal;)*) => {$(
        impl FieldUnit for $ty {
            const FIELD_UNIT: Self = $unit;
            const FIELD_SYMBOL: &'static str = $symbol;
        }
    )*};
}

field_units! {
    Voltage => mV, "mV";
    Current => pA, "pA";
    Conductance => nS, "nS";
    Capacitance => pF, "pF";
    Resistance => Mohm, "MΩ";
    Charge => pC, "pC";
    Time => ms, "ms";
    Frequency => Hz, "Hz";
    Ratio => si_const(1.0), "";
    Concentration => mM, "mM";
    Area => um2, "µm²";
    ConductanceDensity => mS_per_cm2, "mS/cm²";
    CurrentDensity => uA_per_cm2, "µA/cm²";
    CapacitanceDensity => uF_per_cm2, "µF/cm²";
    VoltageRate => si_const(1.0), "V/s";
    CurrentRate => si_const(1e-9), "pA/ms";
    ConductanceRate => si_const(1e-6), "nS/ms";
    ConductancePerVoltage => si_const(1e-6), "nS/mV";
}

/// `Display` for quantities, in the field's usual unit ([`FieldUnit`]).
///
/// uom's types cannot implement `Display` here (they are foreign), so `.display()` wraps them,
/// as `Path::display` does. Without a precision the value is printed with up to 12
/// significant digits, which hides the last-bit noise of unit conversions
/// (`0.6 * nS` prints `0.6 nS`, not `0.6000000000000001 nS`); a precision is passed through.
///
/// ```
/// use neurodim_units::prelude::*;
/// assert_eq!((-65.0 * mV).display().to_string(), "-65 mV");
/// assert_eq!((20.0 * ms).display().to_string(), "20 ms");
/// assert_eq!((0.6 * nS).display().to_string(), "0.6 nS");
/// assert_eq!(format!("{:.2}", (1.0 / 3.0 * mV).display()), "0.33 mV");
/// ```
pub trait DisplayField: FieldUnit {
    /// A value that formats `self` in its field's usual unit.
    fn display(self) -> FieldDisplay<Self> {
        FieldDisplay(self)
    }
}

impl<Q: FieldUnit> DisplayField for Q {}

/// A quantity formatted in its field's usual unit; made by [`DisplayField::display`].
///
/// ```
/// use neurodim_units::FieldDisplay;
/// use neurodim_units::prelude::*;
/// let shown: FieldDisplay<Time> = (0.1 * ms).display();
/// assert_eq!(shown.to_string(), "0.1 ms");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct FieldDisplay<Q>(Q);

impl<Q: FieldUnit> fmt::Display for FieldDisplay<Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0.value_in(Q::FIELD_UNIT);
        match f.precision() {
            Some(p) => write!(f, "{x:.p$}")?,
            None => write!(f, "{}", round_to_significant(x, 12))?,
        }
        if Q::FIELD_SYMBOL.is_empty() { Ok(()) } else { write!(f, " {}", Q::FIELD_SYMBOL) }
    }
}

/// `x` rounded to `digits` significant decimal digits (non-finite values unchanged).
fn round_to_significant(x: f64, digits: usize) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    format!("{x:.*e}", digits - 1).parse().unwrap_or(x)
}
