//! GSL's RKF45 for a state of quantities, with a unit-checked right-hand side.

use core::marker::PhantomData;
use core::ops::Sub;

use neurodim_units::uom::si::{Dimension, Quantity};
use neurodim_units::uom::typenum::P1;
use neurodim_units::validate::{non_negative, positive};
use neurodim_units::{SiQuantity, Time};

use super::{ErrorControl, RateDimension, SameDimension, rkf45_evolve};
use crate::DynError;

/// A state [`rkf45_evolve_quantities`] integrates: one quantity (`Voltage`, …) or a tuple of
/// two or three, held as `N` SI values.
pub trait OdeState<const N: usize>: Copy {
    /// The SI values.
    fn to_si(self) -> [f64; N];
    /// The state of the SI values `values`.
    fn from_si(values: [f64; N]) -> Self;
}

/// The rate of change of an [`OdeState`] `S`: each component in its state's units per second
/// (a `VoltageRate` for a `Voltage`, a `Frequency` for a dimensionless gating variable), so a
/// right-hand side in other units does not compile.
#[diagnostic::on_unimplemented(
    message = "the right-hand side returns `{Self}`, which is not the rate of change of the state `{S}`",
    label = "not the state's units per second",
    note = "a right-hand side returns dx/dt for each component of the state: V/s for a voltage, 1/s for a dimensionless variable"
)]
pub trait OdeRate<S, const N: usize> {
    /// The SI values (x-units per second).
    fn to_si(self) -> [f64; N];
}

impl<D: Dimension + ?Sized> OdeState<1> for SiQuantity<D> {
    fn to_si(self) -> [f64; 1] {
        [self.value]
    }

    fn from_si([value]: [f64; 1]) -> Self {
        Quantity { dimension: PhantomData, units: PhantomData, value }
    }
}

impl<D, Dr> OdeRate<SiQuantity<D>, 1> for SiQuantity<Dr>
where
    D: Dimension + ?Sized,
    D::T: Sub<P1>,
    Dr: Dimension + SameDimension<RateDimension<D>> + ?Sized,
{
    fn to_si(self) -> [f64; 1] {
        [self.value]
    }
}

impl<A: OdeState<1>, B: OdeState<1>> OdeState<2> for (A, B) {
    fn to_si(self) -> [f64; 2] {
        [self.0.to_si()[0], self.1.to_si()[0]]
    }

    fn from_si([a, b]: [f64; 2]) -> Self {
        (A::from_si([a]), B::from_si([b]))
    }
}

impl<A, B, Ra: OdeRate<A, 1>, Rb: OdeRate<B, 1>> OdeRate<(A, B), 2> for (Ra, Rb) {
    fn to_si(self) -> [f64; 2] {
        [self.0.to_si()[0], self.1.to_si()[0]]
    }
}

impl<A: OdeState<1>, B: OdeState<1>, C: OdeState<1>> OdeState<3> for (A, B, C) {
    fn to_si(self) -> [f64; 3] {
        [self.0.to_si()[0], self.1.to_si()[0], self.2.to_si()[0]]
    }

    fn from_si([a, b, c]: [f64; 3]) -> Self {
        (A::from_si([a]), B::from_si([b]), C::from_si([c]))
    }
}

impl<A, B, C, Ra, Rb, Rc> OdeRate<(A, B, C), 3> for (Ra, Rb, Rc)
where
    Ra: OdeRate<A, 1>,
    Rb: OdeRate<B, 1>,
    Rc: OdeRate<C, 1>,
{
    fn to_si(self) -> [f64; 3] {
        [self.0.to_si()[0], self.1.to_si()[0], self.2.to_si()[0]]
    }
}

/// [`rkf45_evolve`] for a state of quantities: integrates `dx/dt = rhs(x)` over `duration`
/// (finite, ≥ 0) with GSL's adaptive RKF45 under `control`, whose tolerances apply to the SI
/// values (an absolute 10⁻⁶ on a voltage is 1 µV). `step` is the sub-step to try first
/// (finite, > 0), updated to the one GSL suggests at the end (carry it to the next call, as
/// NEST does). `rhs` returns each component's rate of change in its units per second
/// ([`OdeRate`]): a right-hand side in other units is a compile error. Returns the number of
/// accepted sub-steps; a state or step that stops being finite is an error naming it.
///
/// ```
/// use neurodim_dyn::integrate::{ErrorControl, rkf45_evolve_quantities};
/// use neurodim_units::prelude::*;
/// // an AdEx membrane with its adaptation current, over 1 ms, 1 µV and 1 fA absolute
/// let (g_l, e_l, v_t, delta_t, c_m) = (30.0 * nS, -70.6 * mV, -50.4 * mV, 2.0 * mV, 281.0 * pF);
/// let (a, tau_w) = (4.0 * nS, 144.0 * ms);
/// let rhs = |(v, w): (Voltage, Current)| {
///     let spike = g_l * delta_t * ((v - v_t) / delta_t).value.exp();
///     let dv: VoltageRate = (g_l * (e_l - v) + spike - w + 700.0 * pA) / c_m;
///     let dw: CurrentRate = (a * (v - e_l) - w) / tau_w;
///     (dv, dw)
/// };
/// let mut state = (-70.6 * mV, 0.0 * pA);
/// let mut step = 0.1 * ms;
/// let control = ErrorControl::values(1e-12, 1e-9)?;
/// let substeps = rkf45_evolve_quantities(&mut state, 1.0 * ms, &mut step, &control, rhs)?;
/// assert!(substeps >= 1 && state.0 > -70.6 * mV); // 700 pA depolarises
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
///
/// A right-hand side in the wrong units does not compile:
///
/// ```compile_fail
/// use neurodim_dyn::integrate::{ErrorControl, rkf45_evolve_quantities};
/// use neurodim_units::prelude::*;
/// let mut v = -70.0 * mV;
/// let (mut step, control) = (0.1 * ms, ErrorControl::values(1e-9, 0.0).unwrap());
/// // a current is not a voltage per second
/// let _ = rkf45_evolve_quantities(&mut v, 1.0 * ms, &mut step, &control, |v: Voltage| 10.0 * pA);
/// ```
pub fn rkf45_evolve_quantities<S, R, const N: usize>(
    state: &mut S,
    duration: Time,
    step: &mut Time,
    control: &ErrorControl,
    rhs: impl Fn(S) -> R,
) -> Result<usize, DynError>
where
    S: OdeState<N>,
    R: OdeRate<S, N>,
{
    let duration =
        neurodim_units::validate::finite("duration", non_negative("duration", duration)?)?;
    let first = neurodim_units::validate::finite("step", positive("step", *step)?)?;
    let mut values = state.to_si();
    if let Some(i) = values.iter().position(|x| !x.is_finite()) {
        return Err(DynError::invalid(
            "state",
            format!("component {i}: {}", values[i]),
            "must be finite",
        ));
    }
    let mut h = first.value;
    let substeps =
        rkf45_evolve(&mut values, duration.value, &mut h, control, |y| rhs(S::from_si(*y)).to_si());
    if let Some(i) = values.iter().position(|x| !x.is_finite()) {
        return Err(DynError::invalid(
            "state",
            format!("component {i}: {}", values[i]),
            "became non-finite (the right-hand side overflowed)",
        ));
    }
    *state = S::from_si(values);
    *step = <Time as OdeState<1>>::from_si([h]);
    Ok(substeps)
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    /// A leaky membrane relaxing over 10 ms: the closed form `E + (V₀ − E)·e^{−t/τ}`, within
    /// the control's 1 nV, and the same bits as `rkf45_evolve` on the SI values.
    #[test]
    fn a_leak_relaxes_as_its_closed_form() -> Result<(), DynError> {
        let (e_l, tau) = (-70.0 * mV, 10.0 * ms);
        let control = ErrorControl::values(1e-9, 0.0)?;
        let (mut v, mut step) = (-50.0 * mV, 0.1 * ms);
        rkf45_evolve_quantities(&mut v, 10.0 * ms, &mut step, &control, |v: Voltage| {
            let rate: VoltageRate = (e_l - v) / tau;
            rate
        })?;
        let exact = e_l.value + 0.02 * (-1.0f64).exp();
        assert!((v.value - exact).abs() < 1e-9, "{} vs {exact}", v.value);
        let (mut y, mut h) = ([-0.05], 1e-4);
        rkf45_evolve(&mut y, 0.01, &mut h, &control, |y| [(-0.07 - y[0]) / 0.01]);
        assert_eq!(v.value, y[0]);
        assert_eq!(step.value, h);
        Ok(())
    }

    #[test]
    fn bad_durations_steps_and_states_are_refused_by_name() {
        let control = ErrorControl::values(1e-9, 0.0).unwrap();
        let rhs = |v: Voltage| -> VoltageRate { v / (10.0 * ms) };
        let error = |mut v: Voltage, duration: Time, mut step: Time| {
            rkf45_evolve_quantities(&mut v, duration, &mut step, &control, rhs).unwrap_err().param()
        };
        assert_eq!(error(1.0 * mV, -1.0 * ms, 0.1 * ms), Some("duration"));
        assert_eq!(error(1.0 * mV, 1.0 * ms, 0.0 * ms), Some("step"));
        assert_eq!(error(f64::NAN * mV, 1.0 * ms, 0.1 * ms), Some("state"));
    }
}
