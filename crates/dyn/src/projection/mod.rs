//! Projections: how the spikes of one population act on another (brainstate's AlignPost, Delta and Current projections).
//!
//! - [`AlignPost`] (brainstate's `AlignPostProj`): spikes → [connectivity](crate::connect) →
//!   a conductance [synapse](crate::synapse) on the post side ([`SynapseKind`]) → an
//!   [output](crate::output) ([`OutputKind`]) that adds a current to the post population's
//!   [`SynapticDrive`](crate::neuron::SynapticDrive). Projections onto one population with
//!   equal synapse kinds and outputs (compared by value) share one synapse state.
//! - [`Delta`] (brainstate's `DeltaProj`): spikes → connectivity → voltage jumps added to the
//!   post V after integration.
//! - [`StaticSynapses`] (NEST's `static_synapse`): spikes → connectivity → their weights
//!   (currents or conductances) added to the spike-weight ports of a NEST model, which
//!   integrates them with its own synaptic dynamics.
//! - [`CurrentProj`] (brainstate's `CurrentProj`): a continuous presynaptic variable (the `g`
//!   of an AlignPost synapse, or a population's V times a gain) → a communication layer → an
//!   output on the post population.
//!
//! Both read their presynaptic spikes from a [`Presynaptic`] (a population or a range of it) and
//! carry per-projection or per-synapse delays. They run inside a
//! [`Network`](crate::network::Network), whose step fixes the timing: a spike emitted in step
//! `n` reaches a synapse of delay `d` at the start of step `n + 1 + round(d / dt)`.
//!
//! ```
//! use neurodim_dyn::prelude::*;
//! use neurodim_state::prelude::*;
//! use neurodim_units::prelude::*;
//!
//! let mut net = Network::new(0.1 * ms)?;
//! let pop = net.add_population("N", LifRef::new(50, LifRefParams::default())?)?;
//! let excitatory = |w: Conductance, stream: &str| -> Result<AlignPost, neurodim_dyn::DynError> {
//!     let conn = FixedOutDegree::new(5)
//!         .connect(40, 50, &mut StreamKey::new(0, stream).rng())?
//!         .with_weight(w)?;
//!     Ok(AlignPost::new(
//!         pop.neurons(0..40),
//!         pop,
//!         conn,
//!         ExponParams { tau: 5.0 * ms },
//!         OutputKind::Coba(Coba::new(0.0 * mV)?),
//!     ))
//! };
//! net.add_align_post("A", excitatory(0.6 * mS, "A")?)?;
//! net.add_align_post("B", excitatory(0.3 * mS, "B")?)?; // same τ and E: shares A's g
//! let paths: Vec<String> =
//!     neurodim_state::list_states(&net).into_iter().map(|info| info.path).collect();
//! assert!(paths.contains(&"A.syn.g".to_string()));
//! assert!(!paths.contains(&"B.syn.g".to_string()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod align_post;
pub(crate) mod align_pre;
pub(crate) mod current;
mod delta;
pub(crate) mod group;
mod output_kind;
pub(crate) mod pathway;
mod presynaptic;
mod short_term;
mod static_synapses;
mod synapse_kind;

pub use align_post::AlignPost;
pub use align_pre::AlignPre;
pub use current::CurrentProj;
pub use delta::Delta;
pub use output_kind::OutputKind;
pub use presynaptic::Presynaptic;
pub use short_term::ShortTermPlasticity;
pub use static_synapses::{PortWeight, StaticSynapses};
pub use synapse_kind::SynapseKind;
