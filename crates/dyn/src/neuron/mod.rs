//! Spiking neuron populations: IF, LIF, LIFRef, ALIF (brainstate's set), ExpIF, AdEx and
//! Izhikevich.
//!
//! # One step of a population
//!
//! Every model implements [`Neuron`]. An update receives the [`StepContext`] (`dt`, `t`, `i`),
//! a [`Drive`] and a spike buffer `&mut [bool]` that it fills; it allocates nothing and makes
//! no per-neuron virtual call. The drive has three parts, each one value for all neurons or one
//! per neuron (flat, `[batch, ..shape]`):
//!
//! - an external current `I_ext`;
//! - a [`SynapticDrive`]: per neuron an `offset` (A) and a `slope` (S) such that the summed
//!   synaptic current is `I_syn(V) = offset + slope·V`. The engine fills it from the synapse
//!   conductances through the [outputs](crate::output): COBA adds `g·E` and `−g`, CUBA adds
//!   `g·scale`;
//! - `delta`: voltage jumps added after integration (brainstate's delta inputs).
//!
//! brainstate integrates V by exponential Euler, `V ← V + dt·exprel(dt·J)·f(V)` with
//! `J = ∂f/∂V`, evaluating the currents of its registered inputs at the post-reset V. The step
//! uses only `f` and `J` at that point, so the linear form above is exact for COBA and CUBA, and
//! a nonlinear output (NMDA's [`MgBlock`](crate::output::MgBlock)) is exact when it adds its
//! tangent at the post-reset V. For the LIF family
//!
//! `f = (−V + V_rest + R·(I_ext + offset + slope·V))/τ`, `J = (−1 + R·slope)/τ`.
//!
//! Without a synaptic drive `J = −1/τ` is the same for every neuron, and its factor
//! `dt·exprel(dt·J)` is computed once per update.
//!
//! # Reset, and nonlinear outputs
//!
//! As in brainstate the reset of a neuron that spiked is applied at the *start* of the next
//! update, so in the step where a neuron spikes its stored V is at or above threshold.
//! [`Neuron::update`] fuses reset and integration in one pass. When a nonlinear output must see
//! the post-reset V, split the step: [`Neuron::apply_reset`], then let the output add its
//! tangent at [`Neuron::v`], then [`Neuron::integrate`].
//!
//! # Spikes
//!
//! The spike is the Heaviside step of the scaled potential, `H(x) = [x ≥ 0]`, written as a
//! `bool`. brainstate's surrogate gradients (the backward pass of the spike function) are out of
//! scope here: neurodim does not differentiate through updates.
//!
//! # Example
//!
//! ```
//! use neurodim_dyn::neuron::{Drive, LifRef, LifRefParams, Neuron, SynapticDrive};
//! use neurodim_dyn::output::{Coba, SynapticOutput};
//! use neurodim_state::{Environment, Shape, init_all};
//! use neurodim_units::*;
//!
//! let n = 4;
//! let mut pop = LifRef::new(Shape::vector(n)?, LifRefParams::default())?;
//! init_all(&mut pop, None, 0)?;
//! let env = Environment::new(0.1 * ms)?;
//! let g = vec![0.5 * mS; n];                // e.g. an Expon synapse's conductance
//! let excitatory = Coba::new(10.0 * mV)?;
//! let mut syn = SynapticDrive::new(n);       // reused every step
//! let mut spikes = vec![false; n];
//! for i in 0..100 {
//!     syn.clear();
//!     excitatory.add_to(&g, pop.v(), &mut syn)?;
//!     pop.update(&env.step(i), &Drive::none().with_synaptic(&syn), &mut spikes)?;
//! }
//! assert!(pop.v().iter().all(|v| v.value.is_finite()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use core::any::Any;
use core::ops::Range;

use neurodim_state::{Shape, StateError, Stateful, StepContext};
use neurodim_units::{DisplayField, Frequency, Time, Voltage, exprel_fast};

use crate::DynError;
use crate::fired::for_each_fired;

mod adex;
mod alif;
pub(crate) mod drive;
mod exp_if;
mod integrate_and_fire;
mod izhikevich;
mod lif;
pub(crate) mod lif_ref;
mod membrane;
mod reset;
mod window;

pub use adex::{AdEx, AdExParams};
pub use alif::{Alif, AlifParams};
pub use drive::{Drive, PerNeuron, SynapticDrive};
pub use exp_if::{ExpIf, ExpIfParams};
pub use integrate_and_fire::{If, IfParams};
pub use izhikevich::{Izhikevich, IzhikevichParams};
pub use lif::{Lif, LifParams};
pub use lif_ref::{LifRef, LifRefParams};
pub use reset::SpikeReset;
pub use window::StepWindow;

/// A population of spiking neurons driven step by step.
///
/// All slices are flat in the layout of the states, `[batch, ..shape]`: a drive or spike
/// buffer of another length is a [`DynError::SizeMismatch`], and updating before
/// [`init_all`](neurodim_state::init_all) is a [`StateError::Uninitialised`].
///
/// A model is `'static` ([`Any`]): a [`Network`](crate::network::Network) recognises its
/// built-in models, to fuse their updates with their synapses' where it can.
///
/// ```
/// # use neurodim_dyn::{neuron::*, synapse::*, output::*, DynError};
/// # use neurodim_state::{Environment, Shape, init_all, init::Constant};
/// # use neurodim_units::*;
/// // any model, driven the same way
/// fn run(pop: &mut dyn Neuron, steps: u64) -> Result<usize, DynError> {
///     let env = Environment::new(0.1 * ms)?;
///     let mut spikes = vec![false; pop.v().len()];
///     let mut count = 0;
///     for i in 0..steps {
///         pop.update(&env.step(i), &Drive::current(2.0 * mA), &mut spikes)?;
///         count += spikes.iter().filter(|&&spiked| spiked).count();
///     }
///     Ok(count)
/// }
/// let mut lif = Lif::new(Shape::vector(2)?, LifParams::default())?;
/// init_all(&mut lif, None, 0)?;
/// assert!(run(&mut lif, 100)? > 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Neuron: Stateful + Send + Any {
    /// The population shape (without the batch axis).
    fn shape(&self) -> &Shape;

    /// The membrane potentials, `[batch, ..shape]` flat.
    fn v(&self) -> &[Voltage];

    /// Applies the pending reset of the neurons in `range` (flat indices) that spiked in the
    /// last update. Call it only before [`integrate_range`](Self::integrate_range) over the
    /// same range, to evaluate a nonlinear input at the post-reset V. A range outside the
    /// population is an error naming the range (`DynError::Units(UnitsError::Invalid { .. })`).
    fn apply_reset_range(&mut self, range: Range<usize>) -> Result<(), DynError>;

    /// Integrates one step of the neurons in `range` from their current V (assumed already
    /// reset) and writes their spikes. `drive` and `spikes` cover the whole population; only
    /// the elements in `range` are read and written, so a population can be stepped in tiles
    /// that stay in the cache (the engine's schedule, see [`network`](crate::network)).
    fn integrate_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
    ) -> Result<(), DynError>;

    /// One full step of the neurons in `range`: reset, integrate, spike test. Stepping a
    /// population in any partition into ranges gives the same bits as one
    /// [`update`](Self::update): neurons do not interact within a step.
    ///
    /// ```
    /// # use neurodim_dyn::{neuron::*, DynError};
    /// # use neurodim_state::{Environment, Shape, init_all};
    /// # use neurodim_units::*;
    /// let mut whole = Lif::new(Shape::vector(5)?, LifParams::default())?;
    /// init_all(&mut whole, None, 0)?;
    /// let mut tiled = whole.clone();
    /// let (ctx, drive) = (Environment::new(0.1 * ms)?.step(0), Drive::current(20.0 * mA));
    /// let (mut a, mut b) = ([false; 5], [false; 5]);
    /// whole.update(&ctx, &drive, &mut a)?;
    /// tiled.update_range(&ctx, &drive, &mut b, 0..2)?;
    /// tiled.update_range(&ctx, &drive, &mut b, 2..5)?;
    /// assert_eq!((whole.v(), a), (tiled.v(), b));
    /// assert!(tiled.update_range(&ctx, &drive, &mut b, 3..6).is_err()); // past the end
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn update_range(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
        range: Range<usize>,
    ) -> Result<(), DynError>;

    /// [`apply_reset_range`](Self::apply_reset_range) over the whole population.
    fn apply_reset(&mut self) -> Result<(), DynError> {
        self.apply_reset_range(0..self.v().len())
    }

    /// [`integrate_range`](Self::integrate_range) over the whole population.
    fn integrate(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
    ) -> Result<(), DynError> {
        self.integrate_range(ctx, drive, spikes, 0..self.v().len())
    }

    /// [`update_range`](Self::update_range) over the whole population.
    fn update(
        &mut self,
        ctx: &StepContext,
        drive: &Drive<'_>,
        spikes: &mut [bool],
    ) -> Result<(), DynError> {
        self.update_range(ctx, drive, spikes, 0..self.v().len())
    }
}

/// Checks that the potential `param` lies strictly above the potential `bound_name` (V_th above
/// V_reset: the spike test divides by their difference); the error shows both values, e.g.
/// `invalid V_th: -60 mV (V_reset = -50 mV) (must be > V_reset)`.
pub(crate) fn check_above(
    (param, value): (&'static str, Voltage),
    (bound_name, bound): (&'static str, Voltage),
    rule: &'static str,
) -> Result<(), DynError> {
    if value > bound {
        Ok(())
    } else {
        let shown = format!("{} ({bound_name} = {})", value.display(), bound.display());
        Err(DynError::invalid(param, shown, rule))
    }
}

/// `dt · exprel(dt · J)`: the step factor of exponential Euler, `x ← x + factor · f(x)`, for the
/// Jacobian `J` (brainstate's `exp_euler_step`).
///
/// It is evaluated per neuron whenever J depends on the neuron (a synaptic slope, AdEx's
/// exponential), so it uses [`exprel_fast`]: for `|dt·J| ≤ 1/2` a polynomial within 2 ulp of
/// the true `exprel` (no libm `expm1` and no division), brainstate's `exprel` beyond.
#[inline(always)]
pub(crate) fn exp_euler_factor(dt: Time, j: Frequency) -> Time {
    dt * exprel_fast((dt * j).value)
}

/// `last[i] = t` for every neuron `i` that spiked, after an update loop has written `spikes`
/// (visited by [`for_each_fired`]). Inside the update loop the conditional store would become a
/// masked vector store (`vmaskmovpd`) for every neuron, which took a third of the LIFRef step
/// (criterion `neuron_update`, 4 000 neurons with a current drive: 6.9 → 4.6 µs without it).
#[inline(always)]
pub(crate) fn record_spike_times(spikes: &[bool], last: &mut [Time], t: Time) {
    let last = &mut last[..spikes.len()];
    for_each_fired(spikes, |i| last[i] = t);
}

/// Implements [`Neuron`] for a model with a `v: State<Voltage>` field, an inherent
/// `reset_spiking(&mut self, range)` and a `step::<RESET>(ctx, drive, spikes, range)` that
/// integrates one step of the neurons in `range`, after the reset when `RESET`.
macro_rules! neuron_via_step {
    ($model:ty) => {
        impl $crate::neuron::Neuron for $model {
            fn shape(&self) -> &neurodim_state::Shape {
                self.v.shape()
            }

            fn v(&self) -> &[neurodim_units::Voltage] {
                self.v.values()
            }

            fn apply_reset_range(
                &mut self,
                range: core::ops::Range<usize>,
            ) -> Result<(), $crate::DynError> {
                $crate::neuron::check_range(self.v.values().len(), &range)?;
                self.reset_spiking(range);
                Ok(())
            }

            fn integrate_range(
                &mut self,
                ctx: &neurodim_state::StepContext,
                drive: &$crate::neuron::Drive<'_>,
                spikes: &mut [bool],
                range: core::ops::Range<usize>,
            ) -> Result<(), $crate::DynError> {
                self.step::<false>(ctx, drive, spikes, range)
            }

            fn update_range(
                &mut self,
                ctx: &neurodim_state::StepContext,
                drive: &$crate::neuron::Drive<'_>,
                spikes: &mut [bool],
                range: core::ops::Range<usize>,
            ) -> Result<(), $crate::DynError> {
                self.step::<true>(ctx, drive, spikes, range)
            }
        }
    };
}
use neuron_via_step;

/// The checks at the start of every update: the state has values, the drive and the spike
/// buffer have its length, and `range` lies within it.
pub(crate) fn check_step(
    path: &str,
    len: usize,
    drive: &Drive<'_>,
    spikes: usize,
    range: &Range<usize>,
) -> Result<(), DynError> {
    if len == 0 {
        return Err(StateError::Uninitialised { path: path.to_string() }.into());
    }
    drive.check(len)?;
    drive::check_len("spikes", len, spikes)?;
    check_range(len, range)
}

/// Checks that `range` is a range of the flat indices `0..len` of a population.
pub(crate) fn check_range(len: usize, range: &Range<usize>) -> Result<(), DynError> {
    if range.start <= range.end && range.end <= len {
        Ok(())
    } else {
        let shown = format!("{range:?} (population of {len})");
        Err(DynError::invalid("neuron range", shown, "must lie within 0..len"))
    }
}
