//! [`Dual`] as uom's storage type, so that ordinary uom code can be differentiated.
//!
//! uom accepts a custom storage type `V` if `V` converts to itself and every unit it uses
//! implements `uom::Conversion<V>`. Because of the orphan rule these impls can only live in the
//! crate that defines `Dual`, and only unit by unit (a blanket impl over all units is rejected),
//! so this module registers SI's seven base units, `ratio` and `radian` (what
//! `SI<Dual>` and `Ratio::exp` require) and the units of the common constants (V, mV, s, ms,
//! A, µA, nA, pA, S, nS, F, pF, Hz), so that `new::<millivolt>` and `get::<millivolt>` work on
//! dual quantities. Every other value is built as an `f64` quantity and
//! [lifted](super::Lift), which needs no unit.

use core::marker::PhantomData;
use core::ops::Mul;

use neurodim_units::{SiQuantity, uom};
use uom::si::{Dimension, Quantity, SI, Units};
use uom::{ConstantOp, Conversion, ConversionFactor};

use super::Dual;

/// A uom quantity of dimension `D` whose value is a [`Dual`] in SI base units: what a
/// right-hand side given to [`exp_euler_step`](super::exp_euler_step) computes with.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_units::uom;
/// use neurodim_dyn::integrate::DualQuantity;
/// let v: DualQuantity<uom::si::electric_potential::Dimension> = (-65.0 * mV).lift();
/// assert_eq!(v.value, Dual::constant(-0.065));
/// ```
pub type DualQuantity<D> = Quantity<D, SI<Dual>, Dual>;

impl Conversion<Dual> for Dual {
    type T = Dual;
    /// A value converts as itself (uom's default would return the unit coefficient 1).
    #[inline]
    fn conversion(&self) -> Dual {
        *self
    }
}

impl ConversionFactor<Dual> for Dual {
    #[inline]
    fn powi(self, e: i32) -> Self {
        num_traits::Float::powi(self, e)
    }
    #[inline]
    fn value(self) -> Dual {
        self
    }
}

impl uom::ConstZero for Dual {
    const ZERO: Self = Dual::constant(0.0);
}

/// Registers units for `Dual` storage with the same conversion factors as for `f64`.
macro_rules! dual_units {
    ($($quantity:ident: $($unit:ident),+;)*) => {$($(
        impl Conversion<Dual> for uom::si::$quantity::$unit {
            type T = Dual;
            #[inline]
            fn coefficient() -> Dual {
                Dual::constant(<Self as Conversion<f64>>::coefficient())
            }
            #[inline]
            fn constant(op: ConstantOp) -> Dual {
                Dual::constant(<Self as Conversion<f64>>::constant(op))
            }
        }
        impl uom::si::$quantity::Conversion<Dual> for uom::si::$quantity::$unit {}
    )+)*};
}

dual_units! {
    length: meter;
    mass: kilogram;
    time: second, millisecond;
    electric_current: ampere, picoampere, nanoampere, microampere;
    thermodynamic_temperature: kelvin;
    amount_of_substance: mole;
    luminous_intensity: candela;
    ratio: ratio;
    angle: radian;
    electric_potential: volt, millivolt;
    electrical_conductance: siemens, nanosiemens;
    capacitance: farad, picofarad;
    frequency: hertz;
}

/// Turns a value into its [`Dual`] form with derivative 0: how parameters, inputs and states
/// frozen for this step enter a right-hand side.
///
/// uom does not let a crate define `f64 * Quantity<_, _, Dual>` (both types are foreign), so
/// constants are lifted explicitly: `(-65.0 * mV).lift()`, `self.g_l.lift()`. A plain number
/// lifts to [`Dual::constant`]. Lifting is free (it copies the value and sets a zero derivative).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let e_l: dq::Voltage = (-70.0 * mV).lift();
/// let two: Dual = 2.0.lift();
/// assert_eq!(e_l.value.eps, 0.0);
/// assert_eq!(two, Dual::constant(2.0));
/// ```
pub trait Lift {
    /// The dual form: [`DualQuantity<D>`] for a quantity of dimension `D`, [`Dual`] for `f64`.
    type Lifted;
    /// The value as a constant of the dual form.
    fn lift(self) -> Self::Lifted;
}

/// The dual form of a quantity type: `Lifted<Voltage>` is the type of a voltage inside a
/// right-hand side. [`dq`](super::dq) names the common ones.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::integrate::Lifted;
/// let same: Lifted<VoltageRate> = dq::VoltageRate::default();
/// assert_eq!(same.value.re, 0.0);
/// ```
pub type Lifted<Q> = <Q as Lift>::Lifted;

impl<D: Dimension + ?Sized> Lift for SiQuantity<D> {
    type Lifted = DualQuantity<D>;
    #[inline]
    fn lift(self) -> DualQuantity<D> {
        Quantity { dimension: PhantomData, units: PhantomData, value: Dual::constant(self.value) }
    }
}

impl Lift for f64 {
    type Lifted = Dual;
    #[inline]
    fn lift(self) -> Dual {
        Dual::constant(self)
    }
}

/// Reading dual quantities: the `f64` quantity of the value, and the value in a chosen unit.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::integrate::DualQuantityExt;
/// let v = (-65.0 * mV).lift();
/// assert_eq!(v.primal(), -65.0 * mV);
/// assert_eq!(v.value_in(mV).re, -65.0);
/// ```
pub trait DualQuantityExt: Copy {
    /// The `f64` quantity of the same dimension.
    type Primal;
    /// The value part as an `f64` quantity (drops the derivative).
    fn primal(self) -> Self::Primal;
    /// `self / unit` as a [`Dual`] number, for any unit given as an `f64` quantity
    /// (`v.value_in(mV)`), so rate functions written in field units need no unit registration.
    fn value_in(self, unit: Self::Primal) -> Dual;
}

impl<D: Dimension + ?Sized> DualQuantityExt for DualQuantity<D> {
    type Primal = SiQuantity<D>;
    #[inline]
    fn primal(self) -> SiQuantity<D> {
        Quantity { dimension: PhantomData, units: PhantomData, value: self.value.re }
    }
    #[inline]
    fn value_in(self, unit: SiQuantity<D>) -> Dual {
        self.value / unit.value
    }
}

impl<D, U> Mul<Quantity<D, U, Dual>> for Dual
where
    D: Dimension + ?Sized,
    U: Units<Dual> + ?Sized,
{
    type Output = Quantity<D, U, Dual>;
    /// A dual number times a dual quantity (uom provides the quantity-times-number order).
    #[inline]
    fn mul(self, q: Quantity<D, U, Dual>) -> Quantity<D, U, Dual> {
        Quantity { dimension: PhantomData, units: PhantomData, value: self * q.value }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dq;
    use super::*;
    use neurodim_units::uom::si::{electric_potential::millivolt, ratio::ratio, time::millisecond};
    use neurodim_units::*;

    #[test]
    fn registered_units_convert_like_f64() {
        let v = dq::Voltage::new::<millivolt>(Dual::variable(-65.0));
        assert_eq!(v.value.re, (-65.0 * mV).value);
        assert_eq!(v.value.eps, 1e-3); // d(SI value)/d(mV value)
        assert_eq!(v.get::<millivolt>().re, -65.0);
        assert_eq!(dq::Time::new::<millisecond>(Dual::constant(2.0)).value.re, (2.0 * ms).value);
    }

    #[test]
    fn ordinary_uom_code_runs_on_dual_storage() {
        let tau = (20.0 * ms).lift();
        let v = dq::Voltage { value: Dual::variable(-0.06), ..(-65.0 * mV).lift() };
        let leak: dq::VoltageRate = -(v - (-70.0 * mV).lift()) / tau;
        assert!((leak.value.re - (-0.5)).abs() < 1e-14); // −(10 mV)/(20 ms) = −0.5 V/s
        assert_eq!(leak.value.eps, -1.0 / 0.02); // ∂/∂V = −1/τ
        let z: dq::Ratio = v / (2.0 * mV).lift();
        let e = z.exp(); // uom's Ratio::exp on Dual storage
        assert_eq!(e.get::<ratio>().re, (-30.0f64).exp());
        assert!(v > (-70.0 * mV).lift());
        assert_eq!(Dual::constant(3.0) * tau, tau * Dual::constant(3.0));
        assert_eq!((v.abs().value.eps, v.max((0.0 * mV).lift()).value.eps), (-1.0, 0.0));
    }
}
