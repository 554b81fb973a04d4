//! Spiking neuron populations: IF, LIF, LIFRef, ALIF (brainstate's set), ExpIF, AdEx,
//! Izhikevich and Hodgkin–Huxley, each a kernel on [`kernel`](crate::kernel) in a file of its own.
//!
//! # One step of a population
//!
//! Every model is a [`NeuronModel`](crate::kernel::NeuronModel) (its parameters type) and
//! a population of it a [`Neurons`](crate::kernel::Neurons), driven through [`Neuron`]. An update receives the [`StepContext`](neurodim_state::StepContext) (`dt`, `t`, `i`),
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
//! use neurodim_dyn::neuron::{Drive, SynapticDrive};
//! use neurodim_dyn::output::SynapticOutput;
//! use neurodim_dyn::prelude::*;
//! use neurodim_state::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! let n = 4;
//! let mut pop = LifRef::new(n, LifRefParams::default())?;
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

use std::sync::Arc;

use neurodim_state::init::Initializer;
use neurodim_state::{Precision, RealValue, State};
use neurodim_units::{DisplayField, Frequency, Time, Voltage, exprel_fast};

use crate::DynError;
use crate::kernel::fired::for_each_fired;

mod adex;
mod aeif_cond;
mod aeif_cond_alpha;
mod aeif_cond_exp;
mod alif;
mod exp_if;
mod gif_psc_exp;
mod hh_psc_alpha;
mod hodgkin_huxley;
mod iaf_cond;
mod iaf_cond_alpha;
mod iaf_cond_exp;
mod iaf_psc_alpha;
mod iaf_psc_delta;
mod iaf_psc_exp;
mod integrate_and_fire;
mod izhikevich;
mod lif;
mod lif_ref;
mod mat2_psc_exp;
mod membrane;
mod nest_iaf;
mod nest_izhikevich;
mod reset;
mod window;

pub use crate::kernel::{Drive, Neuron, PerNeuron, SynapticDrive};
pub use adex::{AdEx, AdExParams, AdExState};
pub use aeif_cond::{AeifCondAlphaParams, AeifCondConsts, AeifCondExpParams, AeifCondParams};
pub use aeif_cond_alpha::{AeifCondAlpha, AeifCondAlphaState};
pub use aeif_cond_exp::{AeifCondExp, AeifCondExpState};
pub use alif::{Alif, AlifParams, AlifState};
pub use exp_if::{ExpIf, ExpIfParams, ExpIfState};
pub use gif_psc_exp::{
    GIF_MAX_KERNELS, GifPscExp, GifPscExpConsts, GifPscExpParams, GifPscExpState,
};
pub use hh_psc_alpha::{HhPscAlpha, HhPscAlphaConsts, HhPscAlphaParams, HhPscAlphaState};
pub use hodgkin_huxley::{HodgkinHuxley, HodgkinHuxleyParams, HodgkinHuxleyState};
pub use iaf_cond::{
    CondAlpha, CondExp, IafCondAlphaParams, IafCondConsts, IafCondExpParams, IafCondParams,
};
pub use iaf_cond_alpha::{IafCondAlpha, IafCondAlphaState};
pub use iaf_cond_exp::{IafCondExp, IafCondExpState};
pub use iaf_psc_alpha::{
    AlphaPort, IafPscAlpha, IafPscAlphaConsts, IafPscAlphaParams, IafPscAlphaState,
};
pub use iaf_psc_delta::{IafPscDelta, IafPscDeltaConsts, IafPscDeltaParams, IafPscDeltaState};
pub use iaf_psc_exp::{IafPscExp, IafPscExpConsts, IafPscExpParams, IafPscExpState};
pub use integrate_and_fire::{If, IfParams};
pub use izhikevich::{Izhikevich, IzhikevichParams, IzhikevichState};
pub use lif::{Lif, LifParams, LifState};
pub use lif_ref::{LifRef, LifRefParams, LifRefState};
pub use mat2_psc_exp::{Mat2PscExp, Mat2PscExpConsts, Mat2PscExpParams, Mat2PscExpState};
pub use membrane::MembraneConsts;
pub use nest_iaf::CondMembrane;
pub use nest_izhikevich::{
    NestIzhikevich, NestIzhikevichConsts, NestIzhikevichParams, NestIzhikevichState,
};
pub use reset::SpikeReset;
pub use window::StepWindow;

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
/// Jacobian `J` (brainstate's `exp_euler_step`), for the constants of a model.
///
/// It uses [`exprel_fast`]: for `|dt·J| ≤ 1/2` a polynomial within 2 ulp of the true
/// `exprel`, brainstate's `exprel` beyond; per neuron, the kernels evaluate the same in their
/// precision ([`exprel_fast_in`](crate::kernel::exprel_fast_in)).
#[inline(always)]
pub(crate) fn exp_euler_factor(dt: Time, j: Frequency) -> Time {
    dt * exprel_fast((dt * j).value)
}

/// `dt · exprel(dt · J)` per neuron, in the kernel's precision (`dt` in s, `j` in 1/s).
#[inline(always)]
pub(crate) fn exp_euler_factor_in<F: Precision>(dt: F, j: F) -> F {
    dt * crate::kernel::exprel_fast_in(dt * j)
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

/// A state of `Q` in precision `F` like `state` (same kind and shape) with the initialiser
/// `init`, rounded to `F`.
pub(crate) fn reinitialised<F: Precision, Q: RealValue>(
    state: &State<F::Stored<Q>>,
    init: Arc<dyn Initializer<Q>>,
) -> State<F::Stored<Q>> {
    State::shared(state.kind(), state.shape().clone(), F::stored_initializer(init))
}

/// A state of `Q` in precision `F` of `kind` over `shape`, initialised by `init`.
pub(crate) fn stored_state<F: Precision, Q: RealValue>(
    kind: neurodim_state::StateKind,
    shape: neurodim_state::Shape,
    init: impl Initializer<Q> + 'static,
) -> State<F::Stored<Q>> {
    State::shared(kind, shape, F::stored_initializer(Arc::new(init)))
}

/// Implements [`NeuronState`](crate::kernel::NeuronState) for a state struct generic over
/// the precision with a `v: State<F::Stored<Voltage>>` field.
macro_rules! v_state {
    ($state:ident) => {
        impl<F: neurodim_state::Precision> $crate::kernel::NeuronState<F> for $state<F> {
            fn shape(&self) -> &neurodim_state::Shape {
                self.v.shape()
            }

            fn v(&self) -> &[F::Stored<neurodim_units::Voltage>] {
                self.v.values()
            }

            fn set_v_initializer(
                &mut self,
                init: std::sync::Arc<
                    dyn neurodim_state::init::Initializer<neurodim_units::Voltage>,
                >,
            ) {
                self.v = $crate::neuron::reinitialised::<F, _>(&self.v, init);
            }
        }
    };
}
use v_state;
