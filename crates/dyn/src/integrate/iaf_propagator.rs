//! The exact propagators of a leaky membrane driven by an exponential or alpha-shaped synaptic
//! current (Rotter & Diesmann 1999), as NEST computes them (`IAFPropagator`), with NEST's
//! treatment of the singular case `τ_syn → τ_m`.

use neurodim_units::{Capacitance, Time};

/// The propagators from a synaptic current of time constant `τ_s` into the membrane potential
/// of a membrane of time constant `τ_m` and capacitance `C_m`, over a step `h`.
///
/// With `β = τ_s·τ_m/(τ_m − τ_s)` and `γ = β/C_m`:
///
/// - exponential current `I(t) = I₀·e^{−t/τ_s}`: `ΔV = P₃₂·I₀` with
///   `P₃₂ = γ·e^{−h/τ_s}·(e^{h/β} − 1)`;
/// - alpha current from `(dI, I)`: `ΔV = P₃₁·dI + P₃₂·I` with
///   `P₃₁ = γ·e^{−h/τ_s}·(β·(e^{h/β} − 1) − h)`.
///
/// As `τ_s → τ_m` these lose all precision (`β → ∞`); NEST then uses their limits,
/// `P₃₂ = h/C_m·e^{−h/τ_m}` (when `P₃₂` is not a positive normal number) and
/// `P₃₁ = h²/(2C_m)·e^{−h/τ_m}` (when `h ≤ 10⁻⁷·τ_m²/|τ_m − τ_s|`), and so does this type.
/// NEST 3.10's PyPI build evaluates `e^x − 1` with a series of its own; this uses the
/// standard library's `exp_m1`, which agrees to an ulp.
///
/// Values in SI units: `P₃₂` in V/A, `P₃₁` in V·s/A.
///
/// ```
/// use neurodim_dyn::integrate::IafPropagator;
/// use neurodim_units::prelude::*;
/// let p = IafPropagator::new(2.0 * ms, 10.0 * ms, 250.0 * pF);
/// // over a short step, about h/C_m less the decay of the current and the leak over half a
/// // step: h/C_m·(1 − h/2·(1/τ_s + 1/τ_m)) = 0.97·h/C_m
/// let p32 = p.exponential(0.1 * ms);
/// assert!((p32 / (0.1e-3 / 250e-12) - 0.97).abs() < 1e-3);
/// // equal time constants: the regular formula would divide by zero; the limit is used
/// let equal = IafPropagator::new(10.0 * ms, 10.0 * ms, 250.0 * pF);
/// let expected = 0.1e-3 / 250e-12 * (-0.01f64).exp();
/// assert!((equal.exponential(0.1 * ms) - expected).abs() < 1e-12 * expected);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafPropagator {
    h_min_regular: f64,
    beta: f64,
    gamma: f64,
    inv_tau_syn: f64,
    inv_tau_m: f64,
    inv_c_m: f64,
    inv_beta: f64,
}

impl IafPropagator {
    /// The propagators of a synaptic current of time constant `tau_syn` into a membrane of
    /// `tau_m` and `c_m` (all > 0: the models validate them).
    pub fn new(tau_syn: Time, tau_m: Time, c_m: Capacitance) -> Self {
        let (tau_syn, tau_m, c_m) = (tau_syn.value, tau_m.value, c_m.value);
        let (h_min_regular, beta, inv_beta) = if tau_syn == tau_m {
            (f64::INFINITY, f64::INFINITY, 0.0)
        } else {
            (
                1e-7 * tau_m * tau_m / (tau_m - tau_syn).abs(),
                tau_syn * tau_m / (tau_m - tau_syn),
                (tau_m - tau_syn) / (tau_syn * tau_m),
            )
        };
        IafPropagator {
            h_min_regular,
            beta,
            gamma: beta / c_m,
            inv_tau_syn: 1.0 / tau_syn,
            inv_tau_m: 1.0 / tau_m,
            inv_c_m: 1.0 / c_m,
            inv_beta,
        }
    }

    /// `(P₃₂, e^{−h/τ_s}, e^{h/β} − 1)`, with the singular limit of `P₃₂`.
    fn p32(&self, h: f64) -> (f64, f64, f64) {
        let exp_h_tau_syn = (-h * self.inv_tau_syn).exp();
        let expm1_h_tau = (h * self.inv_beta).exp_m1();
        let p32 = self.gamma * exp_h_tau_syn * expm1_h_tau;
        if p32.is_normal() && p32 > 0.0 {
            (p32, exp_h_tau_syn, expm1_h_tau)
        } else {
            (h * self.inv_c_m * (-h * self.inv_tau_m).exp(), exp_h_tau_syn, expm1_h_tau)
        }
    }

    /// `P₃₂` for an exponential current over a step `h` (V/A).
    pub fn exponential(&self, h: Time) -> f64 {
        self.p32(h.value).0
    }

    /// `(P₃₁, P₃₂)` for an alpha current over a step `h` (V·s/A, V/A).
    pub fn alpha(&self, h: Time) -> (f64, f64) {
        let h = h.value;
        let (p32, exp_h_tau_syn, expm1_h_tau) = self.p32(h);
        let p31 = if h > self.h_min_regular {
            self.gamma * exp_h_tau_syn * (self.beta * expm1_h_tau - h)
        } else {
            0.5 * h * h * self.inv_c_m * (-h * self.inv_tau_m).exp()
        };
        (p31, p32)
    }
}

#[cfg(test)]
mod tests {
    use neurodim_units::prelude::*;

    use super::*;

    /// Close to the singular case, the regular formulas and the limits meet (closed forms:
    /// `P₃₂ → h/C·e^{−h/τ}`, `P₃₁ → h²/(2C)·e^{−h/τ}`).
    #[test]
    fn the_limits_continue_the_regular_formulas() {
        let (h, c) = (0.1 * ms, 250.0 * pF);
        let near = IafPropagator::new(10.0 * ms * (1.0 + 1e-6), 10.0 * ms, c);
        let at = IafPropagator::new(10.0 * ms, 10.0 * ms, c);
        let (p31, p32) = near.alpha(h);
        let (q31, q32) = at.alpha(h);
        assert!((p32 - q32).abs() < 1e-6 * q32, "{p32} {q32}");
        assert!((p31 - q31).abs() < 1e-6 * q31, "{p31} {q31}");
        let expected = 0.5 * 1e-8 / 250e-12 * (-0.01f64).exp();
        assert!((q31 - expected).abs() < 1e-14 * expected);
    }

    /// The exponential propagator against the integral it stands for,
    /// `∫₀ʰ e^{−(h−s)/τ_m} e^{−s/τ_s} ds / C` (closed form).
    #[test]
    fn exponential_is_the_convolution_of_the_two_decays() {
        let p = IafPropagator::new(2.0 * ms, 10.0 * ms, 250.0 * pF).exponential(1.0 * ms);
        let (tau_s, tau_m, c, h): (f64, f64, f64, f64) = (2e-3, 10e-3, 250e-12, 1e-3);
        let k = 1.0 / tau_s - 1.0 / tau_m;
        let expected = (-h / tau_m).exp() * (1.0 - (-k * h).exp()) / k / c;
        assert!((p - expected).abs() < 1e-13 * expected, "{p} {expected}");
    }
}
