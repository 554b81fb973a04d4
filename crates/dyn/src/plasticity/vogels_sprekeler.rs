//! `vogels_sprekeler_synapse`: the symmetric inhibitory rule of Vogels et al. (2011).

use neurodim_units::Time;
use neurodim_units::prelude::ms;

use crate::DynError;
use crate::connect::SynapticWeight;
use crate::plasticity::rule::{
    RuleTraces, SpikeTimingRule, Trace, TraceUpdate, check_bounded, check_rate, check_tau,
    check_w_max,
};

/// The inhibitory plasticity of Vogels, Sprekeler, Zenke, Clopath & Gerstner (2011), NEST's
/// `vogels_sprekeler_synapse`: a symmetric window plus a constant depression per presynaptic
/// spike, which together hold the postsynaptic rate near `ρ₀ = α / (2τ)`. With presynaptic
/// trace `x` (`τ`) and postsynaptic trace `y` (`τ₋`), each `+1` at a spike, at a postsynaptic
/// arrival `|w| ← min(|Wmax|, |w| + η·x)`; at a presynaptic spike
/// `|w| ← min(|Wmax|, |w| + η·y)`, then `|w| ← max(0, |w| − α·η)`; `w` keeps the sign of
/// `Wmax`. `η` is in weight units, `α` a number. The window is symmetric only with `τ₋ = τ`
/// (NEST reads `τ₋` from the postsynaptic neuron). Defaults (NEST's): `τ = τ₋ = 20 ms`,
/// `η = 0.001·unit`, `α = 0.12`.
///
/// ```
/// use neurodim_dyn::plasticity::{SpikeTimingRule, VogelsSprekeler};
/// use neurodim_units::prelude::*;
/// let rule = VogelsSprekeler::new(1.0 * nS, -10.0 * nS); // inhibitory: Wmax < 0
/// // a presynaptic spike with no postsynaptic trace: only the constant depression
/// let w = rule.depress(-5e-9, [0.0; 2], [0.0; 2]);
/// assert!((w - (-5e-9 + 0.12e-12)).abs() < 1e-24);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VogelsSprekeler<W> {
    /// `τ`, of the presynaptic trace.
    pub tau: Time,
    /// `τ₋`, of the postsynaptic trace.
    pub tau_minus: Time,
    /// `η`, the learning rate, in weight units.
    pub eta: W,
    /// `α`, the constant depression per presynaptic spike in units of `η`.
    pub alpha: f64,
    /// `Wmax`, the bound on `|w|` (its sign is the weights').
    pub w_max: W,
}

impl<W: SynapticWeight> VogelsSprekeler<W> {
    /// NEST's defaults with `η = 0.001·unit` and the bound `w_max`.
    pub fn new(unit: W, w_max: W) -> Self {
        VogelsSprekeler {
            tau: 20.0 * ms,
            tau_minus: 20.0 * ms,
            eta: unit * 1e-3,
            alpha: 0.12,
            w_max,
        }
    }

    /// `|w| ← min(|Wmax|, |w| + η·k)` with the sign of `Wmax`.
    #[inline]
    fn facilitate(&self, w: f64, k: f64) -> f64 {
        let w_max = self.w_max.to_si();
        let new = w.abs() + self.eta.to_si() * k;
        (if new < w_max.abs() { new } else { w_max }).copysign(w_max)
    }
}

impl<W: SynapticWeight> SpikeTimingRule for VogelsSprekeler<W> {
    type Weight = W;
    const NEST_MODEL: &'static str = "vogels_sprekeler_synapse";

    fn traces(&self) -> RuleTraces {
        let all = |tau| Some(Trace { tau, update: TraceUpdate::Accumulate });
        RuleTraces { pre: [all(self.tau), None], post: [all(self.tau_minus), None] }
    }

    fn validate(&self) -> Result<(), DynError> {
        check_tau("tau", self.tau)?;
        check_tau("tau_minus", self.tau_minus)?;
        let eta = self.eta.to_si();
        if !(eta.is_finite() && eta >= 0.0) {
            return Err(DynError::invalid("eta", eta, "must be finite and non-negative"));
        }
        check_rate("alpha", self.alpha)?;
        check_w_max(self.w_max.to_si())
    }

    fn check_weight(&self, w: f64) -> Result<(), DynError> {
        check_bounded(w, self.w_max.to_si())
    }

    #[inline]
    fn potentiate(&self, w: f64, pre: [f64; 2], _post: [f64; 2]) -> f64 {
        self.facilitate(w, pre[0])
    }

    #[inline]
    fn depress(&self, w: f64, _pre: [f64; 2], post: [f64; 2]) -> f64 {
        let w = self.facilitate(w, post[0]);
        let w_max = self.w_max.to_si();
        let new = w.abs() - self.alpha * self.eta.to_si();
        (if new > 0.0 { new } else { 0.0 }).copysign(w_max)
    }
}
