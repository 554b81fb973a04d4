//! `stdp_triplet_synapse`: the triplet rule of Pfister & Gerstner (2006), all-to-all.

use neurodim_units::Time;
use neurodim_units::prelude::ms;

use crate::DynError;
use crate::connect::SynapticWeight;
use crate::plasticity::rule::{
    RuleTraces, SpikeTimingRule, Trace, TraceUpdate, check_bounded, check_tau, check_w_max,
};

/// The triplet STDP rule of Pfister & Gerstner (2006) with all-to-all interactions, NEST's
/// `stdp_triplet_synapse`. Presynaptic traces `r₁` (`τ₊`) and `r₂` (`τ_x`), postsynaptic
/// `o₁` (`τ₋`) and `o₂` (`τ_y`), each `+1` at a spike of its neuron. At a postsynaptic
/// arrival `|w| ← min(|Wmax|, |w| + r₁·(A₂₊ + A₃₊·o₂))`, with `o₂` just before the
/// postsynaptic spike; at a presynaptic spike `|w| ← max(0, |w| − o₁·(A₂₋ + A₃₋·r₂))`, with
/// `r₂` just before it; `w` keeps the sign of `Wmax`. The amplitudes are in weight units
/// (NEST adds them to the weight as they are).
///
/// [`visual_cortex`](Self::visual_cortex) and [`hippocampus`](Self::hippocampus) are the
/// paper's all-to-all fits (its Table 2, amplitudes for a weight of order 1 in the weight's
/// unit); NEST's defaults are the visual-cortex synapse parameters with its neuron defaults
/// `τ₋ = 20 ms`, `τ_y = 110 ms`.
///
/// ```
/// use neurodim_dyn::DynError;
/// use neurodim_dyn::plasticity::{SpikeTimingRule, StdpTriplet};
/// use neurodim_units::prelude::*;
/// let rule = StdpTriplet::visual_cortex(1.0 * nS, 100.0 * nS);
/// assert_eq!((rule.tau_minus, rule.tau_y), (33.7 * ms, 125.0 * ms));
/// rule.validate()?;
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StdpTriplet<W> {
    /// `τ₊`, of the presynaptic pair trace `r₁`.
    pub tau_plus: Time,
    /// `τ_x`, of the presynaptic triplet trace `r₂` (NEST's `tau_plus_triplet`).
    pub tau_x: Time,
    /// `τ₋`, of the postsynaptic pair trace `o₁`.
    pub tau_minus: Time,
    /// `τ_y`, of the postsynaptic triplet trace `o₂` (NEST's `tau_minus_triplet`).
    pub tau_y: Time,
    /// `A₂₊`, pair potentiation (NEST's `Aplus`).
    pub a2_plus: W,
    /// `A₃₊`, triplet potentiation (NEST's `Aplus_triplet`).
    pub a3_plus: W,
    /// `A₂₋`, pair depression (NEST's `Aminus`).
    pub a2_minus: W,
    /// `A₃₋`, triplet depression (NEST's `Aminus_triplet`).
    pub a3_minus: W,
    /// `Wmax`, the bound on `|w|` (its sign is the weights').
    pub w_max: W,
}

impl<W: SynapticWeight> StdpTriplet<W> {
    /// Pfister & Gerstner's visual-cortex all-to-all fit (`τ₊ = 16.8`, `τ_x = 101`,
    /// `τ₋ = 33.7`, `τ_y = 125 ms`; `A₂₊ = 5·10⁻¹⁰`, `A₃₊ = 6.2·10⁻³`, `A₂₋ = 7·10⁻³`,
    /// `A₃₋ = 2.3·10⁻⁴` times `unit`), bounded by `w_max`.
    pub fn visual_cortex(unit: W, w_max: W) -> Self {
        StdpTriplet {
            tau_plus: 16.8 * ms,
            tau_x: 101.0 * ms,
            tau_minus: 33.7 * ms,
            tau_y: 125.0 * ms,
            a2_plus: unit * 5e-10,
            a3_plus: unit * 6.2e-3,
            a2_minus: unit * 7e-3,
            a3_minus: unit * 2.3e-4,
            w_max,
        }
    }

    /// Pfister & Gerstner's hippocampal all-to-all fit (`τ₊ = 16.8`, `τ_x = 946`,
    /// `τ₋ = 33.7`, `τ_y = 27 ms`; `A₂₊ = 6.1·10⁻³`, `A₃₊ = 6.7·10⁻³`, `A₂₋ = 1.6·10⁻³`,
    /// `A₃₋ = 1.4·10⁻³` times `unit`), bounded by `w_max`.
    pub fn hippocampus(unit: W, w_max: W) -> Self {
        StdpTriplet {
            tau_plus: 16.8 * ms,
            tau_x: 946.0 * ms,
            tau_minus: 33.7 * ms,
            tau_y: 27.0 * ms,
            a2_plus: unit * 6.1e-3,
            a3_plus: unit * 6.7e-3,
            a2_minus: unit * 1.6e-3,
            a3_minus: unit * 1.4e-3,
            w_max,
        }
    }
}

impl<W: SynapticWeight> SpikeTimingRule for StdpTriplet<W> {
    type Weight = W;
    const NEST_MODEL: &'static str = "stdp_triplet_synapse";

    fn traces(&self) -> RuleTraces {
        let all = |tau| Some(Trace { tau, update: TraceUpdate::Accumulate });
        RuleTraces {
            pre: [all(self.tau_plus), all(self.tau_x)],
            post: [all(self.tau_minus), all(self.tau_y)],
        }
    }

    fn validate(&self) -> Result<(), DynError> {
        check_tau("tau_plus", self.tau_plus)?;
        check_tau("tau_x", self.tau_x)?;
        check_tau("tau_minus", self.tau_minus)?;
        check_tau("tau_y", self.tau_y)?;
        let amplitudes = [
            ("a2_plus", self.a2_plus),
            ("a3_plus", self.a3_plus),
            ("a2_minus", self.a2_minus),
            ("a3_minus", self.a3_minus),
        ];
        for (param, a) in amplitudes {
            let a = a.to_si();
            if !(a.is_finite() && a >= 0.0) {
                return Err(DynError::invalid(param, a, "must be finite and non-negative"));
            }
        }
        check_w_max(self.w_max.to_si())
    }

    fn check_weight(&self, w: f64) -> Result<(), DynError> {
        check_bounded(w, self.w_max.to_si())
    }

    #[inline]
    fn potentiate(&self, w: f64, pre: [f64; 2], post: [f64; 2]) -> f64 {
        // o₂ just before the postsynaptic spike: the value after it, less its own 1
        let o2 = post[1] - 1.0;
        let w_max = self.w_max.to_si();
        let new = w.abs() + pre[0] * (self.a2_plus.to_si() + self.a3_plus.to_si() * o2);
        (if new < w_max.abs() { new } else { w_max }).copysign(w_max)
    }

    #[inline]
    fn depress(&self, w: f64, pre: [f64; 2], post: [f64; 2]) -> f64 {
        let w_max = self.w_max.to_si();
        let new = w.abs() - post[0] * (self.a2_minus.to_si() + self.a3_minus.to_si() * pre[1]);
        (if new > 0.0 { new } else { 0.0 }).copysign(w_max)
    }
}
