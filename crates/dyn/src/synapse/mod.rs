//! Synapse models: conductance kernels (Expon, DualExpon, Alpha), transmitter-gated receptors
//! (AMPA, GABAa) and short-term plasticity (STP, STD), with brainstate's defaults and formulas.
//!
//! Every decay is one exponential-Euler step, `x ← x + dt·exprel(dt·J)·f(x)`, which for
//! `dx/dt = −x/τ` equals `x·e^(−dt/τ)` up to rounding; the factor `dt·exprel(dt·J)`, `J = −1/τ`, is computed
//! once per update. Spike-driven increments arrive as a per-element slice (`[batch, ..shape]`
//! flat) and are added *after* the decay, as brainstate adds its delta inputs and `x`.
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_dyn::synapse::{ConductanceSynapse, Expon};
//! use neurodim_state::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! let mut syn = Expon::new(2, ExponParams::default())?;
//! init_all(&mut syn, None, 0)?;
//! let env = Environment::new(0.1 * ms)?;
//! syn.update(&env.step(0), Some(&[1.0 * nS, 0.0 * nS]))?;
//! syn.update(&env.step(1), None)?;
//! // one decay step of τ = 8 ms: e^(−0.1/8)
//! assert!((syn.g()[0].value_in(nS) - (-0.0125f64).exp()).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use neurodim_units::Time;

use crate::neuron::exp_euler_factor;

pub use crate::kernel::ConductanceSynapse;
pub(crate) use crate::kernel::checks::check_input;

mod alpha;
mod dual_expon;
mod expon;
mod receptor;
mod short_term_depression;
mod short_term_plasticity;
mod tsodyks;
mod tsodyks2;

pub use alpha::{Alpha, AlphaParams};
pub use dual_expon::{DualExpon, DualExponParams};
pub use expon::{Expon, ExponParams};
pub use receptor::{RateConstant, Receptor, ReceptorParams};
pub use short_term_depression::{Std, StdParams};
pub use short_term_plasticity::{Stp, StpParams};
pub use tsodyks::{Tsodyks, TsodyksParams};
pub use tsodyks2::{Tsodyks2, Tsodyks2Params};

/// `dt · exprel(dt·J)` with `J = −1/τ`: the exponential-Euler factor of a pure decay.
pub(crate) fn decay_factor(dt: Time, tau: Time) -> Time {
    exp_euler_factor(dt, -1.0 / tau)
}
