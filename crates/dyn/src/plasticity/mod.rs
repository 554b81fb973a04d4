//! Spike-timing-dependent plasticity: rules that change a projection's weights at its pre- and
//! postsynaptic spikes, with NEST's names, defaults and handling of delays.
//!
//! A rule is a [`SpikeTimingRule`]: the traces it reads and its weight change at a
//! postsynaptic arrival ([`potentiate`](SpikeTimingRule::potentiate)) and at a presynaptic
//! spike ([`depress`](SpikeTimingRule::depress)). The network applies it event by event, on
//! the synapses of the projection it is attached to ([`ProjectionBuilder::stdp`]), with traces
//! decayed analytically between spikes; the weights are then the projection's param state
//! `"<projection>.w"`, one per synapse, and the traces its states `"<projection>.stdp.pre"` and
//! `"<projection>.stdp.post"`.
//!
//! | rule | NEST model |
//! |---|---|
//! | [`Stdp`] | `stdp_synapse`, `stdp_synapse_hom` |
//! | [`StdpNnSymm`] | `stdp_nn_symm_synapse` |
//! | [`StdpNnRestr`] | `stdp_nn_restr_synapse` |
//! | [`StdpTriplet`] | `stdp_triplet_synapse` |
//! | [`VogelsSprekeler`] | `vogels_sprekeler_synapse` |
//!
//! Time: a synapse of delay `d` sees its presynaptic spikes when they are emitted and a
//! postsynaptic spike of `t_post` at `t_post + d` (NEST's dendritic delay), so the lag of a pair
//! is `Δt = t_post + d − t_pre`: a pre- and a postsynaptic spike in one step potentiate (lag
//! `d`), and a postsynaptic spike `d` before a presynaptic one pairs with nothing. At equal
//! times arrivals potentiate before a spike depresses. See `docs/plasticity.md` for each rule's
//! equations and their validation against NEST.
//!
//! [`ProjectionBuilder::stdp`]: crate::network::ProjectionBuilder::stdp

pub(crate) mod attached;
mod columns;
mod decay;
mod post_archive;
mod pre_traces;
mod rule;
pub(crate) mod spike_timing;
mod stdp;
mod stdp_nearest;
mod stdp_triplet;
mod vogels_sprekeler;

pub use rule::{Pairing, RuleTraces, SpikeTimingRule, Trace, TraceUpdate};
pub use stdp::Stdp;
pub use stdp_nearest::{StdpNnRestr, StdpNnSymm};
pub use stdp_triplet::StdpTriplet;
pub use vogels_sprekeler::VogelsSprekeler;
