//! Unit constants, so that values read as the field writes them: `-65.0 * mV`, `20.0 * ms`.
//!
//! Each constant is the quantity of one unit, stored in SI base units, and is usable in
//! `const` items. Multiplying an `f64` by a constant is uom's own operator and costs one
//! multiplication; [`ValueIn::value_in`](crate::ValueIn::value_in) reads a value back out.
//!
//! ```
//! use neurodim_units::prelude::*;
//!
//! const V_REST: Voltage = Voltage { value: -0.065, ..mV };
//! let tau = 20.0 * ms;
//! let rate = 10.0 * Hz;
//! assert_eq!(V_REST.value_in(mV), -65.0);
//! assert!(((rate * tau).value - 0.2).abs() < 1e-15);
//! ```
//!
//! Names follow the field's symbols, with `u` for µ and `ohm` for Ω; densities are written
//! `<unit>_per_cm2`. Molar units: `M` is mol/L, so `1.0 * mM` is 1 mol/m³.
#![allow(non_upper_case_globals)]

use core::marker::PhantomData;

use crate::quantities::*;

macro_rules! unit_constants {
    ($($(#[$doc:meta])* $name:ident: $ty:ident = $si:expr, $shown:literal;)*) => {$(
        $(#[$doc])*
        #[doc = concat!("\n\nOne ", $shown, ", stored as ", stringify!($si), " in SI base units.")]
        pub const $name: $ty = $ty { dimension: PhantomData, units: PhantomData, value: $si };
    )*

        /// Every unit constant by name, with the SI value of one unit (for tables and tests).
        pub const ALL_SCALES: &[(&str, f64)] = &[$((stringify!($name), $si)),*];
    };
}

unit_constants! {
    /// Second.
    s: Time = 1.0, "second";
    /// Millisecond.
    ms: Time = 1e-3, "millisecond";
    /// Microsecond.
    us: Time = 1e-6, "microsecond";

    /// Hertz.
    Hz: Frequency = 1.0, "hertz";
    /// Kilohertz.
    kHz: Frequency = 1e3, "kilohertz";

    /// Volt.
    V: Voltage = 1.0, "volt";
    /// Millivolt.
    mV: Voltage = 1e-3, "millivolt";
    /// Microvolt.
    uV: Voltage = 1e-6, "microvolt";

    /// Ampere.
    A: Current = 1.0, "ampere";
    /// Milliampere.
    mA: Current = 1e-3, "milliampere";
    /// Microampere.
    uA: Current = 1e-6, "microampere";
    /// Nanoampere.
    nA: Current = 1e-9, "nanoampere";
    /// Picoampere.
    pA: Current = 1e-12, "picoampere";

    /// Siemens.
    S: Conductance = 1.0, "siemens";
    /// Millisiemens.
    mS: Conductance = 1e-3, "millisiemens";
    /// Microsiemens.
    uS: Conductance = 1e-6, "microsiemens";
    /// Nanosiemens.
    nS: Conductance = 1e-9, "nanosiemens";

    /// Farad.
    F: Capacitance = 1.0, "farad";
    /// Microfarad.
    uF: Capacitance = 1e-6, "microfarad";
    /// Nanofarad.
    nF: Capacitance = 1e-9, "nanofarad";
    /// Picofarad.
    pF: Capacitance = 1e-12, "picofarad";

    /// Ohm.
    ohm: Resistance = 1.0, "ohm";
    /// Kiloohm.
    kohm: Resistance = 1e3, "kiloohm";
    /// Megaohm.
    Mohm: Resistance = 1e6, "megaohm";
    /// Gigaohm.
    Gohm: Resistance = 1e9, "gigaohm";

    /// Picocoulomb.
    pC: Charge = 1e-12, "picocoulomb";

    /// Molar (mol/L).
    M: Concentration = 1e3, "molar";
    /// Millimolar (mol/m³).
    mM: Concentration = 1.0, "millimolar";
    /// Micromolar.
    uM: Concentration = 1e-3, "micromolar";

    /// Square metre.
    m2: Area = 1.0, "square metre";
    /// Square centimetre.
    cm2: Area = 1e-4, "square centimetre";
    /// Square micrometre.
    um2: Area = 1e-12, "square micrometre";

    /// Millisiemens per square centimetre, the usual unit of Hodgkin–Huxley channel densities.
    mS_per_cm2: ConductanceDensity = 10.0, "mS/cm²";
    /// Nanosiemens per square centimetre.
    nS_per_cm2: ConductanceDensity = 1e-5, "nS/cm²";
    /// Microampere per square centimetre.
    uA_per_cm2: CurrentDensity = 1e-2, "µA/cm²";
    /// Microfarad per square centimetre, the usual specific membrane capacitance.
    uF_per_cm2: CapacitanceDensity = 1e-2, "µF/cm²";
}

/// The volt under a name that cannot be mistaken for a variable. The prelude leaves out the
/// one-letter constants (`s`, `V`, `A`, `S`, `F`, `M`), because a closure `|s| …` or a
/// parameter `s: f64` with `s` in scope is read as a constant pattern, not a binding; the
/// second stays reachable by path (`neurodim_units::s`), durations are mostly written in `ms`.
pub const volt: Voltage = V;
/// The ampere, named in full (see [`volt`]).
pub const ampere: Current = A;
/// The siemens, named in full (see [`volt`]).
pub const siemens: Conductance = S;
/// The farad, named in full (see [`volt`]).
pub const farad: Capacitance = F;
/// The molar (mol/L), named in full (see [`volt`]).
pub const molar: Concentration = M;

#[cfg(test)]
mod tests {
    use crate::constants::ALL_SCALES;
    use crate::prelude::*;

    #[test]
    fn millivolt_is_among_the_scales() {
        assert!(ALL_SCALES.iter().any(|&(name, si)| name == "mV" && si == 1e-3));
    }

    #[test]
    fn volt_and_the_second_by_path() {
        let e: Voltage = 0.5 * volt;
        assert_eq!(e.value_in(mV), 500.0);
        let s = 2.0; // a plain variable: no constant `s` in the prelude
        let t: Time = s * crate::s;
        assert_eq!(t.value_in(ms), 2000.0);
    }

    #[test]
    fn each_constant_is_one_unit_in_si() {
        use crate::*;
        let x: Time = 2.5 * s;
        assert_eq!((x.value, x.value_in(s)), (2.5 * 1.0, 2.5));
        let x: Time = 2.5 * ms;
        assert_eq!((x.value, x.value_in(ms)), (2.5 * 1e-3, 2.5));
        let x: Time = 2.5 * us;
        assert_eq!((x.value, x.value_in(us)), (2.5 * 1e-6, 2.5));
        let x: Frequency = 2.5 * Hz;
        assert_eq!((x.value, x.value_in(Hz)), (2.5 * 1.0, 2.5));
        let x: Frequency = 2.5 * kHz;
        assert_eq!((x.value, x.value_in(kHz)), (2.5 * 1e3, 2.5));
        let x: Voltage = 2.5 * V;
        assert_eq!((x.value, x.value_in(V)), (2.5 * 1.0, 2.5));
        let x: Voltage = 2.5 * mV;
        assert_eq!((x.value, x.value_in(mV)), (2.5 * 1e-3, 2.5));
        let x: Voltage = 2.5 * uV;
        assert_eq!((x.value, x.value_in(uV)), (2.5 * 1e-6, 2.5));
        let x: Current = 2.5 * A;
        assert_eq!((x.value, x.value_in(A)), (2.5 * 1.0, 2.5));
        let x: Current = 2.5 * mA;
        assert_eq!((x.value, x.value_in(mA)), (2.5 * 1e-3, 2.5));
        let x: Current = 2.5 * uA;
        assert_eq!((x.value, x.value_in(uA)), (2.5 * 1e-6, 2.5));
        let x: Current = 2.5 * nA;
        assert_eq!((x.value, x.value_in(nA)), (2.5 * 1e-9, 2.5));
        let x: Current = 2.5 * pA;
        assert_eq!((x.value, x.value_in(pA)), (2.5 * 1e-12, 2.5));
        let x: Conductance = 2.5 * S;
        assert_eq!((x.value, x.value_in(S)), (2.5 * 1.0, 2.5));
        let x: Conductance = 2.5 * mS;
        assert_eq!((x.value, x.value_in(mS)), (2.5 * 1e-3, 2.5));
        let x: Conductance = 2.5 * uS;
        assert_eq!((x.value, x.value_in(uS)), (2.5 * 1e-6, 2.5));
        let x: Conductance = 2.5 * nS;
        assert_eq!((x.value, x.value_in(nS)), (2.5 * 1e-9, 2.5));
        let x: Capacitance = 2.5 * F;
        assert_eq!((x.value, x.value_in(F)), (2.5 * 1.0, 2.5));
        let x: Capacitance = 2.5 * uF;
        assert_eq!((x.value, x.value_in(uF)), (2.5 * 1e-6, 2.5));
        let x: Capacitance = 2.5 * nF;
        assert_eq!((x.value, x.value_in(nF)), (2.5 * 1e-9, 2.5));
        let x: Capacitance = 2.5 * pF;
        assert_eq!((x.value, x.value_in(pF)), (2.5 * 1e-12, 2.5));
        let x: Resistance = 2.5 * ohm;
        assert_eq!((x.value, x.value_in(ohm)), (2.5 * 1.0, 2.5));
        let x: Resistance = 2.5 * kohm;
        assert_eq!((x.value, x.value_in(kohm)), (2.5 * 1e3, 2.5));
        let x: Resistance = 2.5 * Mohm;
        assert_eq!((x.value, x.value_in(Mohm)), (2.5 * 1e6, 2.5));
        let x: Resistance = 2.5 * Gohm;
        assert_eq!((x.value, x.value_in(Gohm)), (2.5 * 1e9, 2.5));
        let x: Charge = 2.5 * pC;
        assert_eq!((x.value, x.value_in(pC)), (2.5 * 1e-12, 2.5));
        let x: Concentration = 2.5 * M;
        assert_eq!((x.value, x.value_in(M)), (2.5 * 1e3, 2.5));
        let x: Concentration = 2.5 * mM;
        assert_eq!((x.value, x.value_in(mM)), (2.5 * 1.0, 2.5));
        let x: Concentration = 2.5 * uM;
        assert_eq!((x.value, x.value_in(uM)), (2.5 * 1e-3, 2.5));
        let x: Area = 2.5 * m2;
        assert_eq!((x.value, x.value_in(m2)), (2.5 * 1.0, 2.5));
        let x: Area = 2.5 * cm2;
        assert_eq!((x.value, x.value_in(cm2)), (2.5 * 1e-4, 2.5));
        let x: Area = 2.5 * um2;
        assert_eq!((x.value, x.value_in(um2)), (2.5 * 1e-12, 2.5));
        let x: ConductanceDensity = 2.5 * mS_per_cm2;
        assert_eq!((x.value, x.value_in(mS_per_cm2)), (2.5 * 10.0, 2.5));
        let x: ConductanceDensity = 2.5 * nS_per_cm2;
        assert_eq!((x.value, x.value_in(nS_per_cm2)), (2.5 * 1e-5, 2.5));
        let x: CurrentDensity = 2.5 * uA_per_cm2;
        assert_eq!((x.value, x.value_in(uA_per_cm2)), (2.5 * 1e-2, 2.5));
        let x: CapacitanceDensity = 2.5 * uF_per_cm2;
        assert_eq!((x.value, x.value_in(uF_per_cm2)), (2.5 * 1e-2, 2.5));
    }
}
