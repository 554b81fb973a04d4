//! What a right-hand side must return: the state's units per second.

use core::marker::PhantomData;
use core::ops::Sub;

use neurodim_units::{SiQuantity, uom};
use uom::si::{Dimension, ISQ, Quantity};
use uom::typenum::{Diff, P1};

use super::{Dual, DualQuantity};

/// The dimension of `dx/dt` for a state of dimension `D`: `D` divided by time.
///
/// ```
/// use neurodim_dyn::integrate::RateDimension;
/// use neurodim_units::prelude::*;
/// use neurodim_units::uom;
/// let rate: SiQuantity<RateDimension<uom::si::electric_potential::Dimension>> = 1.0 * mV / ms;
/// let same: VoltageRate = rate;
/// assert_eq!(same.value, 1.0);
/// ```
pub type RateDimension<D> = ISQ<
    <D as Dimension>::L,
    <D as Dimension>::M,
    Diff<<D as Dimension>::T, P1>,
    <D as Dimension>::I,
    <D as Dimension>::Th,
    <D as Dimension>::N,
    <D as Dimension>::J,
>;

/// A dual quantity that is the rate of change `dx/dt` of a state of dimension `D`: same
/// dimension, divided by time (a voltage's rate is in V/s, a gating variable's in 1/s).
///
/// [`exp_euler_step`](super::exp_euler_step) requires its right-hand side to return a
/// `RateOf<D>`, so a right-hand side in the wrong units is a compile error that says so.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_units::uom;
/// use neurodim_dyn::integrate::RateOf;
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
    message = "the right-hand side returns `{Self}`, which is not a dual quantity",
    label = "not a rate of change in units",
    note = "a right-hand side returns dx/dt as a dual quantity (`dq::VoltageRate` for a voltage state, `dq::Frequency` for a gating variable)",
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
    Dr: Dimension + SameDimension<RateDimension<D>> + ?Sized,
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

/// Two uom dimensions with the same exponents (the kind is not compared). Exists for its
/// compile error: a right-hand side whose result has the wrong dimension fails this bound,
/// and the compiler prints the message below instead of one type mismatch per exponent.
///
/// ```
/// use neurodim_dyn::integrate::SameDimension;
/// use neurodim_units::uom::si::{frequency, time};
/// fn same<A: SameDimension<B> + ?Sized, B: ?Sized>() {}
/// same::<frequency::Dimension, frequency::Dimension>();
/// ```
///
/// ```compile_fail
/// use neurodim_dyn::integrate::SameDimension;
/// use neurodim_units::uom::si::{frequency, time};
/// fn same<A: SameDimension<B> + ?Sized, B: ?Sized>() {}
/// same::<frequency::Dimension, time::Dimension>();
/// ```
#[diagnostic::on_unimplemented(
    message = "the right-hand side's result is not in the state's units per second",
    label = "dx/dt has the wrong units",
    note = "the result has dimension `{Self}`, the state's rate must have dimension `{Other}` (exponents L, M, T, I, Th, N, J)",
    note = "a right-hand side returns dx/dt: for a voltage state, volts per second (e.g. `(e_l.lift() - v) / tau.lift()`); for a gating variable, 1/s"
)]
pub trait SameDimension<Other: ?Sized> {}

impl<L, M, T, I, Th, N, J, K1, K2> SameDimension<ISQ<L, M, T, I, Th, N, J, K1>>
    for ISQ<L, M, T, I, Th, N, J, K2>
where
    K1: ?Sized,
    K2: ?Sized,
{
}
