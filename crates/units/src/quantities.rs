//! The quantity types, named as the field names them.
//!
//! All are `f64` in SI base units. Most are uom's own types under a neuroscience name; the
//! densities and rates are built from uom's dimension algebra, so they unify with whatever
//! uom computes: `Conductance / Area` *is* a [`ConductanceDensity`], `Voltage / Time` *is* a
//! [`VoltageRate`].
//!
//! ```
//! use neurodim_units::prelude::*;
//!
//! let tau = 20.0 * ms;
//! let dv: VoltageRate = (-70.0 * mV - (-65.0 * mV)) / tau;
//! assert!((dv.value - (-0.25)).abs() < 1e-15); // -0.25 V/s
//!
//! let g_na: ConductanceDensity = 120.0 * mS_per_cm2;
//! let i_na: CurrentDensity = g_na * (50.0 * mV - (-65.0 * mV));
//! assert!((i_na.value_in(uA_per_cm2) - 13_800.0).abs() < 1e-9);
//! ```

use core::ops::Div;

use uom::si::{ISQ, f64 as q};
use uom::typenum::{N1, N2, N3, N4, P1, P2, P3, P4, P6, Z0};

/// Membrane potential, reversal potential, threshold (SI: volt). Usual unit: mV.
pub type Voltage = q::ElectricPotential;
/// Electric current (SI: ampere). Usual unit: pA.
pub type Current = q::ElectricCurrent;
/// Electric conductance, e.g. a synaptic or leak conductance (SI: siemens). Usual unit: nS.
pub type Conductance = q::ElectricalConductance;
/// Membrane capacitance (SI: farad). Usual unit: pF.
pub type Capacitance = q::Capacitance;
/// Membrane resistance (SI: ohm). Usual unit: MΩ.
pub type Resistance = q::ElectricalResistance;
/// Electric charge (SI: coulomb). Usual unit: pC.
pub type Charge = q::ElectricCharge;
/// Time: time constants, delays, `dt`, spike times (SI: second). Usual unit: ms.
pub type Time = q::Time;
/// Frequency: firing rates, Poisson rates, rate constants (SI: hertz). Usual unit: Hz.
pub type Frequency = q::Frequency;
/// A dimensionless number: gating variables, `freq * dt`, `dt / tau`. Usual unit: 1.
pub type Ratio = q::Ratio;
/// Molar concentration, e.g. of transmitter or Mg²⁺ (SI: mol/m³ = mM). Usual unit: mM.
pub type Concentration = q::MolarConcentration;
/// Membrane area (SI: m²). Usual unit: µm².
pub type Area = q::Area;

// The densities and rates are spelled out in base-dimension exponents (L, M, T, I, Θ, N, J)
// rather than as `<A as Div<B>>::Output`: the two are the same type, but trait coherence does
// not normalise the projection, so impls for the projected form clash with every other quantity.
// `quantities_match_uom_algebra` in the tests checks each against uom's own arithmetic.

/// Conductance per membrane area, as in Hodgkin–Huxley models (SI: S/m²). Usual unit: mS/cm².
pub type ConductanceDensity = SiQuantity<ISQ<N4, N1, P3, P2, Z0, Z0, Z0>>;
/// Current per membrane area (SI: A/m²). Usual unit: µA/cm².
pub type CurrentDensity = SiQuantity<ISQ<N2, Z0, Z0, P1, Z0, Z0, Z0>>;
/// Capacitance per membrane area, the specific capacitance (SI: F/m²). Usual unit: µF/cm².
pub type CapacitanceDensity = SiQuantity<ISQ<N4, N1, P4, P2, Z0, Z0, Z0>>;

/// The rate of change of a quantity `Q`: what a right-hand side `dQ/dt` returns.
///
/// ```
/// use neurodim_units::prelude::*;
/// let rate: PerTime<Conductance> = 1.0 * nS / (5.0 * ms);
/// let same: ConductanceRate = rate;
/// assert!((same.value - 2e-7).abs() < 1e-21);
/// ```
pub type PerTime<Q> = <Q as Div<Time>>::Output;
/// dV/dt (SI: V/s).
pub type VoltageRate = SiQuantity<ISQ<P2, P1, N4, N1, Z0, Z0, Z0>>;
/// dI/dt (SI: A/s).
pub type CurrentRate = SiQuantity<ISQ<Z0, Z0, N1, P1, Z0, Z0, Z0>>;
/// dg/dt (SI: S/s).
pub type ConductanceRate = SiQuantity<ISQ<N2, N1, P2, P2, Z0, Z0, Z0>>;
/// The rate of change of a concentration, d\[C\]/dt (SI: mol/(m³·s)).
pub type ConcentrationRate = SiQuantity<ISQ<N3, Z0, N1, Z0, Z0, P1, Z0>>;
/// The rate of change of a dimensionless quantity (a gating variable) is a [`Frequency`] (SI: 1/s).
pub type RatioRate = Frequency;
/// A conductance per volt (SI: S/V = A/V²): the gain that turns a membrane potential into a
/// conductance, as in a current projection that reads V.
///
/// ```
/// use neurodim_units::prelude::*;
/// let gain: ConductancePerVoltage = 2.0 * nS / (1.0 * mV);
/// let g: Conductance = gain * (-60.0 * mV);
/// assert!((g.value_in(nS) + 120.0).abs() < 1e-9);
/// ```
pub type ConductancePerVoltage = SiQuantity<ISQ<N4, N2, P6, P3, Z0, Z0, Z0>>;

/// A quantity of dimension `D` stored as `f64` in SI base units; every type above is one.
///
/// ```
/// use neurodim_units::prelude::*;
/// use neurodim_units::uom;
/// let v: SiQuantity<uom::si::electric_potential::Dimension> = -65.0 * mV;
/// assert_eq!(v.value, -0.065);
/// ```
pub type SiQuantity<D> = uom::si::Quantity<D, uom::si::SI<f64>, f64>;
