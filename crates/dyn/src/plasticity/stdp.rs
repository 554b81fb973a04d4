//! `stdp_synapse`: the pair-based STDP rule of Gütig et al. (2003), additive to multiplicative.

use neurodim_units::Time;
use neurodim_units::prelude::ms;

use crate::DynError;
use crate::connect::SynapticWeight;
use crate::plasticity::rule::{
    RuleTraces, SpikeTimingRule, Trace, TraceUpdate, check_bounded, check_rate, check_tau,
    check_w_max,
};

/// Pair-based STDP with all-to-all pairing, NEST's `stdp_synapse` (and `stdp_synapse_hom`,
/// whose parameters are shared by every synapse, as they are here by a projection's).
///
/// With `ŵ = w / Wmax`, at each postsynaptic arrival (`t_post + d`)
///
/// `ŵ ← min(1, ŵ + λ·(1 − ŵ)^μ₊·x)`,  `x = Σ_{t_pre < t_post + d} e^{−(t_post + d − t_pre)/τ₊}`,
///
/// and at each presynaptic spike
///
/// `ŵ ← max(0, ŵ − α·λ·ŵ^μ₋·y)`,  `y = Σ_{t_post + d < t_pre} e^{−(t_pre − d − t_post)/τ₋}`.
///
/// `μ₊ = μ₋ = 0` is the additive rule (Song et al. 2000), `μ = 1` the multiplicative one
/// (NEST's default), `0 < μ < 1` Gütig's power law. `λ` and `α` are numbers (`λ` acts on the
/// weight in units of `Wmax`: the additive step is `λ·Wmax`); `τ₊` is the presynaptic trace's
/// time constant, `τ₋` the postsynaptic one (a parameter of the neuron in NEST). Defaults
/// (NEST's): `τ₊ = τ₋ = 20 ms`, `λ = 0.01`, `α = 1`, `μ₊ = μ₋ = 1`.
///
/// ```
/// use neurodim_dyn::DynError;
/// use neurodim_dyn::plasticity::{SpikeTimingRule, Stdp};
/// use neurodim_units::prelude::*;
/// let rule = Stdp::new(100.0 * nS);
/// assert_eq!((rule.lambda, rule.mu_plus, rule.tau_plus), (0.01, 1.0, 20.0 * ms));
/// rule.validate()?;
/// // a pre spike with a postsynaptic trace of 1 at w = Wmax/2: ŵ ← ŵ − αλŵ·1 = 0.495
/// let w = rule.depress(50e-9, [0.0; 2], [1.0, 0.0]);
/// assert!((w - 49.5e-9).abs() < 1e-20);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stdp<W> {
    /// `τ₊`, the presynaptic trace's time constant.
    pub tau_plus: Time,
    /// `τ₋`, the postsynaptic trace's time constant.
    pub tau_minus: Time,
    /// `λ`, the step in units of `Wmax`.
    pub lambda: f64,
    /// `α`, the depression's step relative to the potentiation's.
    pub alpha: f64,
    /// `μ₊`, the exponent of the weight dependence of potentiation.
    pub mu_plus: f64,
    /// `μ₋`, the exponent of the weight dependence of depression.
    pub mu_minus: f64,
    /// `Wmax`, the bound (its sign is the weights').
    pub w_max: W,
}

impl<W: SynapticWeight> Stdp<W> {
    /// NEST's defaults (the multiplicative rule) with the bound `w_max`.
    pub fn new(w_max: W) -> Self {
        Stdp {
            tau_plus: 20.0 * ms,
            tau_minus: 20.0 * ms,
            lambda: 0.01,
            alpha: 1.0,
            mu_plus: 1.0,
            mu_minus: 1.0,
            w_max,
        }
    }

    /// The additive rule (`μ₊ = μ₋ = 0`), otherwise NEST's defaults.
    pub fn additive(w_max: W) -> Self {
        Stdp { mu_plus: 0.0, mu_minus: 0.0, ..Stdp::new(w_max) }
    }

    /// The parameters are valid (used by the nearest-neighbour variants too).
    pub(crate) fn check(&self) -> Result<(), DynError> {
        check_tau("tau_plus", self.tau_plus)?;
        check_tau("tau_minus", self.tau_minus)?;
        check_rate("lambda", self.lambda)?;
        check_rate("alpha", self.alpha)?;
        check_rate("mu_plus", self.mu_plus)?;
        check_rate("mu_minus", self.mu_minus)?;
        check_w_max(self.w_max.to_si())
    }

    /// NEST's `facilitate`: `ŵ ← min(1, ŵ + λ(1 − ŵ)^μ₊·x)`, in this order of operations.
    #[inline]
    pub(crate) fn facilitate(&self, w: f64, x: f64) -> f64 {
        let w_max = self.w_max.to_si();
        let norm = (w / w_max) + (self.lambda * power(1.0 - (w / w_max), self.mu_plus) * x);
        if norm < 1.0 { norm * w_max } else { w_max }
    }

    /// NEST's `depress`: `ŵ ← max(0, ŵ − αλŵ^μ₋·y)`, in this order of operations.
    #[inline]
    pub(crate) fn depress_by(&self, w: f64, y: f64) -> f64 {
        let w_max = self.w_max.to_si();
        let norm = (w / w_max) - (self.alpha * self.lambda * power(w / w_max, self.mu_minus) * y);
        if norm > 0.0 { norm * w_max } else { 0.0 }
    }

    /// One trace of time constant `tau` with `update`.
    pub(crate) fn trace(tau: Time, update: TraceUpdate) -> Option<Trace> {
        Some(Trace { tau, update })
    }
}

/// `x^μ`, with the additive (`μ = 0`) and multiplicative (`μ = 1`) rules' powers taken
/// without `powf`: `x⁰ = 1` and `x¹ = x` exactly, as `powf` gives them, at a fraction of its cost.
#[inline]
fn power(x: f64, mu: f64) -> f64 {
    if mu == 0.0 {
        1.0
    } else if mu == 1.0 {
        x
    } else {
        x.powf(mu)
    }
}

impl<W: SynapticWeight> SpikeTimingRule for Stdp<W> {
    type Weight = W;
    const NEST_MODEL: &'static str = "stdp_synapse";

    fn traces(&self) -> RuleTraces {
        RuleTraces {
            pre: [Self::trace(self.tau_plus, TraceUpdate::Accumulate), None],
            post: [Self::trace(self.tau_minus, TraceUpdate::Accumulate), None],
        }
    }

    fn validate(&self) -> Result<(), DynError> {
        self.check()
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
        self.depress_by(w, post[0])
    }
}
