//! Exponential-Euler integration with an exact Jacobian, for right-hand sides written as
//! ordinary unit-checked code.
//!
//! brainstate integrates every model with `x ← x + dt · exprel(dt · J) · f(x)`, where
//! `J = ∂f/∂x` comes from automatic differentiation. Here the same happens at compile-time
//! unit safety: the right-hand side is ordinary uom code on quantities whose storage is a
//! forward-mode [`Dual`] number, so one evaluation yields `f(x)` and the exact `J`, and a
//! right-hand side whose result is not in the state's units per second does not compile.
//!
//! - [`exp_euler_step`]: one step for a typed state; [`exp_euler_step_f64`] for a unitless one.
//! - [`exp_euler_maruyama_step`]: the same with a noise term `g(x)·√dt·ξ` drawn from the
//!   caller's generator; [`Diffusion`] is `g`, in x-units per √second.
//! - [`IafPropagator`]: the exact propagators of a membrane driven by an exponential or alpha
//!   current (NEST's `iaf_psc_exp` and `iaf_psc_alpha`).
//! - [`rkf45_evolve`] with an [`ErrorControl`]: GSL's adaptive Runge–Kutta–Fehlberg 4(5), as
//!   NEST's nonlinear models use it; [`rkf45_evolve_quantities`] for a state of quantities
//!   ([`OdeState`]) with a unit-checked right-hand side ([`OdeRate`]).
//! - [`Dual`], [`DualQuantity`], the [`dq`] aliases (`dq::Voltage`, …), [`Lift`] (constants
//!   into a right-hand side), [`DualQuantityExt`] (reading dual quantities), [`RateOf`].
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! // an exponential integrate-and-fire membrane: J includes the exponential term
//! let (g_l, e_l, v_t, delta_t, c) = (30.0 * nS, -70.6 * mV, -50.4 * mV, 2.0 * mV, 281.0 * pF);
//! let rhs = |v: dq::Voltage| {
//!     let spike = ((v - v_t.lift()) / delta_t.lift()).exp();
//!     (g_l.lift() * (e_l.lift() - v) + g_l.lift() * delta_t.lift() * spike) / c.lift()
//! };
//! let v = exp_euler_step(-60.0 * mV, 0.1 * ms, rhs);
//! assert!(v > -60.0 * mV - 1.0 * mV && v < -60.0 * mV);
//! ```
//!
//! See `docs/integration.md` for the design, its limits and its cost.

pub mod dq;
mod dual;
mod dual_num;
mod exp_euler;
mod iaf_propagator;
mod rate;
mod rkf45;
mod rkf45_quantities;
mod stochastic;
mod storage;

pub use dual::Dual;
pub use exp_euler::{exp_euler_step, exp_euler_step_f64, rate_and_jacobian};
pub use iaf_propagator::IafPropagator;
pub use rate::{RateDimension, RateOf, SameDimension};
pub use rkf45::{ErrorControl, rkf45_apply, rkf45_evolve};
pub use rkf45_quantities::{OdeRate, OdeState, rkf45_evolve_quantities};
pub use stochastic::{Diffusion, exp_euler_maruyama_step, exp_euler_maruyama_step_f64};
pub use storage::{DualQuantity, DualQuantityExt, Lift, Lifted};
