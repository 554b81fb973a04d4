//! The exponential-Euler step with an exact Jacobian.

use core::marker::PhantomData;

use neurodim_units::{Frequency, SiQuantity, Time, exprel, uom};
use uom::si::{Dimension, Quantity};

use super::{Dual, DualQuantity, RateOf};

/// One exponential-Euler step of `dx/dt = f(x)` for a typed state, exactly as brainstate's
/// `exp_euler_step` computes it:
///
/// `x ← x + dt · exprel(dt · J) · f(x)`,  with `J = ∂f/∂x` and `exprel(z) = (eᶻ − 1)/z`.
///
/// `J` is exact: `f` is evaluated once, on a [`Dual`] seeded at `x`, which yields `f(x)` and
/// `J` together (forward-mode differentiation; no hand-derived Jacobian, no finite
/// differences). The step is exact for linear ODEs `dx/dt = a·x + b`, where it gives
/// `x∞ + (x − x∞)·e^(a·dt)`. `exprel` is [`neurodim_units::exprel`], with brainstate's Taylor
/// branch for `|dt·J| ≤ 1e-8`.
///
/// - `x`: the state, any uom quantity in SI units (a [`Voltage`](neurodim_units::Voltage),
///   [`Conductance`](neurodim_units::Conductance), [`Ratio`](neurodim_units::Ratio), …).
/// - `dt`: the step, normally `ctx.dt` from a [`StepContext`](neurodim_state::StepContext)
///   (validated there: finite and > 0).
/// - `f`: the right-hand side. It receives `x` as a [`DualQuantity`] and must return the
///   state's units per second ([`RateOf`]), which the compiler checks. Write it as ordinary
///   uom code on the [`dq`](super::dq) types and [`.lift()`](super::Lift) every `f64`
///   quantity it meets (parameters, inputs, other state variables, frozen for this step as in
///   brainstate); `q * Dual::constant(2.0)` scales by a number.
///
/// For a model with several variables, call it once per variable with the others frozen at
/// their old values (brainstate's convention); `J` is then the diagonal entry `∂fᵢ/∂xᵢ`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
///
/// // a leaky membrane: dV/dt = (E_L − V)/τ
/// let (e_l, tau, dt) = (-70.0 * mV, 20.0 * ms, 0.1 * ms);
/// let v = -60.0 * mV;
/// let next = exp_euler_step(v, dt, |v: dq::Voltage| (e_l.lift() - v) / tau.lift());
/// let exact = e_l + (v - e_l) * (-dt / tau).exp().value; // closed form
/// assert!((next - exact).abs().value_in(mV) < 1e-12);
/// ```
///
/// A right-hand side in the wrong units does not compile (here 1/s for a voltage):
///
/// ```compile_fail
/// use neurodim_dyn::integrate::{Lift, dq, exp_euler_step};
/// use neurodim_units::*;
/// let tau = 20.0 * ms;
/// let next = exp_euler_step(-60.0 * mV, 0.1 * ms, |_v: dq::Voltage| -(1.0 / tau).lift());
/// ```
#[inline]
pub fn exp_euler_step<D, F, R>(x: SiQuantity<D>, dt: Time, f: F) -> SiQuantity<D>
where
    D: Dimension + ?Sized,
    F: FnOnce(DualQuantity<D>) -> R,
    R: RateOf<D>,
{
    let next = exp_euler_step_f64(x.value, dt.value, |x| f(dual_quantity(x)).si_dual());
    Quantity { dimension: PhantomData, units: PhantomData, value: next }
}

/// [`exp_euler_step`] for a unitless state: `x ← x + dt · exprel(dt · J) · f(x)` on plain
/// numbers, with `J = ∂f/∂x` from the [`Dual`] `f` returns.
///
/// `x`, `dt` and `f` carry no units, so they must agree by convention (`dt` in the time unit
/// in which `f` is a rate, as in brainstate's unitless models). [`exp_euler_step`] is this
/// function applied to SI values.
///
/// ```
/// use neurodim_dyn::integrate::exp_euler_step_f64;
/// // dx/dt = −x/τ with τ = 10 and dt = 0.1 (same time unit): exact decay
/// let next = exp_euler_step_f64(2.0, 0.1, |x| -x / 10.0);
/// assert!((next - 2.0 * (-0.01f64).exp()).abs() < 1e-15);
/// ```
#[inline]
pub fn exp_euler_step_f64(x: f64, dt: f64, f: impl FnOnce(Dual) -> Dual) -> f64 {
    let y = f(Dual::variable(x));
    x + dt * exprel(dt * y.eps) * y.re
}

/// The right-hand side `f(x)` and its Jacobian `J = ∂f/∂x` at `x`, from one dual evaluation:
/// the two ingredients of [`exp_euler_step`], for inspection and tests.
///
/// `J` is a [`Frequency`] for every state: `(x-units/s) / x-units = 1/s`.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::integrate::rate_and_jacobian;
/// let tau = 20.0 * ms;
/// let (rate, j) = rate_and_jacobian(-60.0 * mV, |v: dq::Voltage| (-(70.0 * mV).lift() - v) / tau.lift());
/// assert!((rate.value - (-0.5)).abs() < 1e-12); // −10 mV / 20 ms = −0.5 V/s
/// assert!((j.value_in(Hz) - (-50.0)).abs() < 1e-12); // −1/τ
/// ```
#[inline]
pub fn rate_and_jacobian<D, F, R>(x: SiQuantity<D>, f: F) -> (R::Plain, Frequency)
where
    D: Dimension + ?Sized,
    F: FnOnce(DualQuantity<D>) -> R,
    R: RateOf<D>,
{
    let y = f(dual_quantity(Dual::variable(x.value))).si_dual();
    (R::plain(y.re), Frequency { value: y.eps, ..neurodim_units::Hz })
}

/// The dual quantity with SI value `x`.
#[inline]
pub(super) fn dual_quantity<D: Dimension + ?Sized>(x: Dual) -> DualQuantity<D> {
    Quantity { dimension: PhantomData, units: PhantomData, value: x }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrate::{Lift, dq};
    use neurodim_units::*;

    /// The value path of the dual step is the f64 formula, bit for bit (reference: the formula
    /// written out with the hand-derived J = −1/τ).
    #[test]
    fn matches_the_formula_with_hand_derived_jacobian() {
        let (tau, dt, x) = (7.0, 0.3, 1.25);
        let by_hand = x + dt * exprel(dt * (-1.0 / tau)) * (-x / tau);
        assert_eq!(exp_euler_step_f64(x, dt, |x| -x / tau).to_bits(), by_hand.to_bits());
    }

    /// At |dt·J| ≤ 1e-8 the Taylor branch 1 + z/2 + z²/6 is used: the step equals the formula
    /// with that polynomial, bit for bit.
    #[test]
    fn tiny_dt_times_j_uses_the_taylor_branch() {
        let (a, x, dt): (f64, f64, f64) = (-1e-6, 3.0, 5e-3); // z = dt·a = −5e-9
        let z = dt * a;
        assert!(z.abs() <= EXPREL_TAYLOR_THRESHOLD);
        let taylor = 1.0 + z / 2.0 + z * z / 6.0;
        let next = exp_euler_step_f64(x, dt, |x| x * a + 1.0);
        assert_eq!(next.to_bits(), (x + dt * taylor * (x * a + 1.0)).to_bits());
    }

    #[test]
    fn zero_jacobian_is_forward_euler() {
        let next = exp_euler_step(0.0 * nS, 0.1 * ms, |_g: dq::Conductance| (2.0 * nS / ms).lift());
        assert!((next.value_in(nS) - 0.2).abs() < 1e-15);
    }
}
