//! Synapse models: conductance kernels (Expon, DualExpon, Alpha), transmitter-gated receptors
//! (AMPA, GABAa) and short-term plasticity (STP, STD), with brainstate's defaults and formulas.
//!
//! Every decay is one exponential-Euler step, `x ← x + dt·exprel(dt·J)·f(x)`, which for
//! `dx/dt = −x/τ` equals `x·e^(−dt/τ)` up to rounding; the factor `dt·exprel(dt·J)`, `J = −1/τ`, is computed
//! once per update. Spike-driven increments arrive as a per-element slice (`[batch, ..shape]`
//! flat) and are added *after* the decay, as brainstate adds its delta inputs and `x`.
//!
//! ```
//! use neurodim_dyn::synapse::{ConductanceSynapse, Expon, ExponParams};
//! use neurodim_state::{Environment, Shape, init_all};
//! use neurodim_units::*;
//!
//! let mut syn = Expon::new(Shape::vector(2)?, ExponParams::default())?;
//! init_all(&mut syn, None, 0)?;
//! let env = Environment::new(0.1 * ms)?;
//! syn.update(&env.step(0), Some(&[1.0 * nS, 0.0 * nS]))?;
//! syn.update(&env.step(1), None)?;
//! // one decay step of τ = 8 ms: e^(−0.1/8)
//! assert!((syn.g()[0].value_in(nS) - (-0.0125f64).exp()).abs() < 1e-12);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::ops::Range;

use neurodim_state::{StateError, Stateful, StepContext};
use neurodim_units::{Conductance, Time};

use crate::neuron::exp_euler_factor;

use crate::DynError;
use crate::kernel::Par;
use crate::kernel::checks::check_len;

mod alpha;
mod dual_expon;
mod expon;
mod receptor;
mod short_term_depression;
mod short_term_plasticity;

pub use alpha::{Alpha, AlphaParams};
pub use dual_expon::{DualExpon, DualExponParams};
pub use expon::{Expon, ExponParams};
pub use receptor::{RateConstant, Receptor, ReceptorParams};
pub use short_term_depression::{Std, StdParams};
pub use short_term_plasticity::{Stp, StpParams};

/// A synapse whose output is a conductance per element, driven by conductance increments:
/// [`Expon`] and [`Alpha`].
///
/// ```
/// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
/// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
/// # use neurodim_units::*;
/// let mut synapses: Vec<Box<dyn ConductanceSynapse>> = vec![
///     Box::new(Expon::new(Shape::vector(1)?, ExponParams::default())?),
///     Box::new(Alpha::new(Shape::vector(1)?, AlphaParams::default())?),
/// ];
/// let env = Environment::new(0.1 * ms)?;
/// for syn in &mut synapses {
///     init_all(syn.as_mut(), None, 0)?;
///     syn.update(&env.step(0), Some(&[1.0 * nS]))?;
/// }
/// assert_eq!(synapses[0].g()[0], 1.0 * nS);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait ConductanceSynapse: Stateful + Send {
    /// One step of the elements in `range` (flat indices): decay, then add `increment` if
    /// given. `increment` covers all elements (one value each); only those in `range` are
    /// read, so the engine can step a population's synapses and neurons tile by tile, split
    /// between threads by `par`. Any partition into ranges, with any `par`, gives the same
    /// bits as one [`update`](Self::update).
    ///
    /// ```
    /// # use neurodim_dyn::{kernel::Par, synapse::*};
    /// # use neurodim_state::{Environment, Shape, init_all};
    /// # use neurodim_units::*;
    /// let mut whole = Expon::new(Shape::vector(3)?, ExponParams::default())?;
    /// init_all(&mut whole, None, 0)?;
    /// let mut tiled = whole.clone();
    /// let ctx = Environment::new(0.1 * ms)?.step(0);
    /// let dg = [1.0 * nS, 2.0 * nS, 3.0 * nS];
    /// whole.update(&ctx, Some(&dg))?;
    /// tiled.update_range(&ctx, Some(&dg), 0..1, Par::Seq)?;
    /// tiled.update_range(&ctx, Some(&dg), 1..3, Par::Seq)?;
    /// assert_eq!(whole.g(), tiled.g());
    /// assert!(tiled.update_range(&ctx, Some(&dg), 2..4, Par::Seq).is_err()); // past the end
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn update_range(
        &mut self,
        ctx: &StepContext,
        increment: Option<&[Conductance]>,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError>;

    /// One step of all elements: decay, then add `increment` (one value per element) if given.
    fn update(
        &mut self,
        ctx: &StepContext,
        increment: Option<&[Conductance]>,
    ) -> Result<(), DynError> {
        self.update_range(ctx, increment, 0..self.g().len(), Par::Seq)
    }

    /// The conductance, `[batch, ..shape]` flat.
    fn g(&self) -> &[Conductance];
}

/// `dt · exprel(dt·J)` with `J = −1/τ`: the exponential-Euler factor of a pure decay.
pub(crate) fn decay_factor(dt: Time, tau: Time) -> Time {
    exp_euler_factor(dt, -1.0 / tau)
}

/// The checks at the start of every update: the state `path` has values, and the per-element
/// input `what` (if any) has as many.
pub(crate) fn check_input(
    path: &str,
    len: usize,
    what: &str,
    input: Option<usize>,
) -> Result<(), DynError> {
    if len == 0 {
        return Err(StateError::Uninitialised { path: path.to_string() }.into());
    }
    check_len(what, len, input)
}
