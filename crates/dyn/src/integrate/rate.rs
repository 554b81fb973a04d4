//! What a right-hand side must return: the state's units per second.

use core::marker::PhantomData;
use core::ops::Sub;

use neurodim_units::{SiQuantity, uom};
use uom::si::{Dimension, Quantity};
use uom::typenum::{Diff, P1};

use super::{Dual, DualQuantity};

/// A dual quantity that is the rate of change `dx/dt` of a state of dimension `D`: same
/// dimension, divided by time (a voltage's rate is in V/s, a gating variable's in 1/s).
///
/// [`exp_euler_step`](super::exp_euler_step) requires its right-hand side to return a
/// `RateOf<D>`, so a right-hand side in the wrong units is a compile error that says so.
///
/// ```
/// use neurodim_dyn::integrate::{RateOf, dq};
/// use neurodim_units::*;
/// fn accepts<R: RateOf<uom::si::electric_potential::Dimension>>(_: R) {}
/// accepts(dq::VoltageRate::default());
/// ```
///
/// ```compile_fail
/// use neurodim_dyn::integrate::{RateOf, dq};
/// use neurodim_units::*;
/// fn accepts<R: RateOf<uom::si::electric_potential::Dimension>>(_: R) {}
/// accepts(dq::Frequency::default()); // 1/s is not V/s
/// ```
#[diagnostic::on_unimplemented(
    message = "the right-hand side returns `{Self}`, which is not the rate of change of the state",
    label = "not in the state's units per second",
    note = "a right-hand side returns dx/dt: for a voltage state, volts per second (e.g. `(e_l - v) / tau`); for a gating variable, 1/s",
    note = "build constants as f64 quantities and `.lift()` them, e.g. `(-65.0 * mV).lift()`"
)]
pub trait RateOf<D: ?Sized>: Copy {
    /// The same rate with `f64` storage, e.g. [`VoltageRate`](neurodim_units::VoltageRate).
    type Plain;
    /// The value in SI units (x-units per second) with its derivative.
    fn si_dual(self) -> Dual;
    /// The `f64` rate of `value` SI units.
    fn plain(value: f64) -> Self::Plain;
}

impl<D, Dr> RateOf<D> for DualQuantity<Dr>
where
    D: Dimension + ?Sized,
    D::T: Sub<P1>,
    Dr: Dimension<L = D::L, M = D::M, T = Diff<D::T, P1>, I = D::I, Th = D::Th, N = D::N, J = D::J>
        + ?Sized,
{
    type Plain = SiQuantity<Dr>;
    #[inline]
    fn si_dual(self) -> Dual {
        self.value
    }
    #[inline]
    fn plain(value: f64) -> SiQuantity<Dr> {
        Quantity { dimension: PhantomData, units: PhantomData, value }
    }
}
