//! The interface of a spike-timing rule: its traces, its pairing, and the weight change at a
//! post-synaptic arrival and at a pre-synaptic spike.

use core::fmt::Debug;

use neurodim_units::Time;

use crate::DynError;
use crate::connect::SynapticWeight;

/// How a trace changes at a spike of its neuron: `x ← x + 1` (all-to-all pairing) or `x ← 1`
/// (nearest-neighbour pairing: only the latest spike counts). Between spikes every trace
/// decays as `x(t) = x(t_k)·e^{−(t − t_k)/τ}`.
///
/// ```
/// use neurodim_dyn::plasticity::TraceUpdate;
/// assert_eq!(TraceUpdate::Accumulate.after_spike(0.5), 1.5);
/// assert_eq!(TraceUpdate::Reset.after_spike(0.5), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TraceUpdate {
    /// `x ← x + 1`: every earlier spike counts.
    Accumulate,
    /// `x ← 1`: only the latest spike counts.
    Reset,
}

impl TraceUpdate {
    /// The trace just after a spike, from its value `x` just before it.
    #[inline]
    pub fn after_spike(self, x: f64) -> f64 {
        match self {
            TraceUpdate::Accumulate => x + 1.0,
            TraceUpdate::Reset => 1.0,
        }
    }
}

/// One trace of a rule: its time constant `τ` (s) and its update at a spike.
///
/// ```
/// use neurodim_dyn::plasticity::{Trace, TraceUpdate};
/// use neurodim_units::prelude::*;
/// let x = Trace { tau: 20.0 * ms, update: TraceUpdate::Accumulate };
/// assert_eq!(x.tau, 20.0 * ms);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trace {
    /// The time constant `τ` of the decay `x ← x·e^{−Δt/τ}`.
    pub tau: Time,
    /// `x ← x + 1` or `x ← 1` at a spike.
    pub update: TraceUpdate,
}

/// The traces a rule reads: up to two of the presynaptic neuron (`x₁`, `x₂`, kept per
/// source) and up to two of the postsynaptic one (`y₁`, `y₂`, kept per target); a slot the
/// rule leaves `None` is not kept and reads 0.
///
/// ```
/// use neurodim_dyn::plasticity::{RuleTraces, Trace, TraceUpdate};
/// use neurodim_units::prelude::*;
/// let all = Trace { tau: 20.0 * ms, update: TraceUpdate::Accumulate };
/// let traces = RuleTraces { pre: [Some(all), None], post: [Some(all), None] };
/// assert_eq!(traces.pre.iter().flatten().count(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleTraces {
    /// `x₁`, `x₂` of the presynaptic neuron.
    pub pre: [Option<Trace>; 2],
    /// `y₁`, `y₂` of the postsynaptic neuron.
    pub post: [Option<Trace>; 2],
}

/// Which post-synaptic arrivals a rule pairs with which pre-synaptic spikes.
///
/// ```
/// use neurodim_dyn::plasticity::Pairing;
/// assert_ne!(Pairing::EveryArrival, Pairing::FirstArrival);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pairing {
    /// Every post-synaptic arrival potentiates and every pre-synaptic spike depresses
    /// (all-to-all rules, and NEST's `stdp_nn_symm_synapse`).
    EveryArrival,
    /// Only the first arrival after a pre-synaptic spike potentiates, and a pre-synaptic
    /// spike depresses only if an arrival came since the previous one (NEST's
    /// `stdp_nn_restr_synapse`).
    FirstArrival,
}

/// A spike-timing-dependent plasticity rule, applied by the network on the synapses of a
/// projection, event by event.
///
/// A synapse of delay `d` sees its presynaptic spike at `t_pre` and a postsynaptic spike at
/// `t_post + d` (the whole delay is dendritic, as in NEST). At each such *arrival* the weight
/// is [potentiated](Self::potentiate) with the presynaptic traces of the spikes strictly
/// before it; at each presynaptic spike it is [depressed](Self::depress) with the
/// postsynaptic traces of the arrivals strictly before it, and only then transmitted. At equal
/// times arrivals come first. Weights are handled in SI units (`f64`) and stored in the
/// projection's precision.
///
/// ```
/// use neurodim_dyn::plasticity::{SpikeTimingRule, Stdp};
/// use neurodim_units::prelude::*;
/// let rule = Stdp::<Conductance>::additive(100.0 * nS);
/// // potentiation by a presynaptic trace of 0.5: Δw = λ·Wmax·x₁
/// let w = rule.potentiate(50e-9, [0.5, 0.0], [1.0, 0.0]);
/// assert!((w - 50.5e-9).abs() < 1e-20);
/// ```
pub trait SpikeTimingRule: Debug + Clone + Send + Sync + 'static {
    /// The weight the rule changes (a conductance, a voltage jump, …).
    type Weight: SynapticWeight;

    /// The name of NEST's synapse model that behaves the same.
    const NEST_MODEL: &'static str;

    /// The traces the rule reads.
    fn traces(&self) -> RuleTraces;

    /// Which arrivals and spikes are paired.
    fn pairing(&self) -> Pairing {
        Pairing::EveryArrival
    }

    /// The parameters are valid (finite, positive time constants, …).
    fn validate(&self) -> Result<(), DynError>;

    /// A weight (SI) the rule can start from: finite, of the sign of `Wmax`, within its bound.
    fn check_weight(&self, w: f64) -> Result<(), DynError>;

    /// The weight (SI) after a postsynaptic arrival, from `w`, the presynaptic traces `pre`
    /// at the arrival (spikes strictly before it) and the postsynaptic traces `post` just
    /// after the postsynaptic spike.
    fn potentiate(&self, w: f64, pre: [f64; 2], post: [f64; 2]) -> f64;

    /// The weight (SI) at a presynaptic spike, from `w`, the presynaptic traces `pre` just
    /// before the spike and the postsynaptic traces `post` at the spike (arrivals strictly
    /// before it).
    fn depress(&self, w: f64, pre: [f64; 2], post: [f64; 2]) -> f64;
}

/// `w` and `w_max` have one sign (zero allowed for `w`) and `|w| ≤ |w_max|`, finite.
pub(crate) fn check_bounded(w: f64, w_max: f64) -> Result<(), DynError> {
    if !w.is_finite() {
        return Err(DynError::invalid("weight", w, "must be finite"));
    }
    if w != 0.0 && w.is_sign_negative() != w_max.is_sign_negative() {
        return Err(DynError::invalid("weight", w, "must have the sign of w_max"));
    }
    if w.abs() > w_max.abs() {
        return Err(DynError::invalid("weight", w, "must not exceed w_max in magnitude"));
    }
    Ok(())
}

/// A bound `w_max`: finite and non-zero.
pub(crate) fn check_w_max(w_max: f64) -> Result<(), DynError> {
    if !w_max.is_finite() || w_max == 0.0 {
        return Err(DynError::invalid("w_max", w_max, "must be finite and non-zero"));
    }
    Ok(())
}

/// A trace's time constant: finite and positive.
pub(crate) fn check_tau(param: &'static str, tau: Time) -> Result<(), DynError> {
    neurodim_units::validate::time_constant(param, tau)?;
    Ok(())
}

/// A rule's number: finite and non-negative.
pub(crate) fn check_rate(param: &'static str, value: f64) -> Result<(), DynError> {
    neurodim_units::validate::non_negative_number(param, value)?;
    Ok(())
}
