//! The quantity types of [`neurodim_units::quantities`] with [`Dual`](super::Dual) storage,
//! under the same names: inside a right-hand side a voltage is a `dq::Voltage`.
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_units::prelude::*;
//! let g: dq::Conductance = (0.6 * nS).lift();
//! let i: dq::Current = g * ((0.0 * mV).lift() - (-60.0 * mV).lift());
//! assert!((i.value.re - (36.0 * pA).value).abs() < 1e-25);
//! ```

use super::Lifted;
use neurodim_units::quantities as q;

macro_rules! dual_quantities {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("A [`", stringify!($name), "`](neurodim_units::", stringify!($name),
            ") with [`Dual`](super::Dual) storage (SI base units).")]
        pub type $name = Lifted<q::$name>;
    )*};
}

dual_quantities!(
    Voltage,
    Current,
    Conductance,
    Capacitance,
    Resistance,
    Charge,
    Time,
    Frequency,
    Ratio,
    Concentration,
    Area,
    ConductanceDensity,
    CurrentDensity,
    CapacitanceDensity,
    VoltageRate,
    CurrentRate,
    ConductanceRate,
    ConcentrationRate,
    RatioRate,
);
