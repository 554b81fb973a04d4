//! The parameters NEST's `aeif_cond_exp` and `aeif_cond_alpha` share, their constants, and
//! their step: GSL's RKF45 with NEST's threshold test after every sub-step.

use core::cell::Cell;
use core::marker::PhantomData;

use neurodim_units::validate::{finite, non_negative, positive, positive_number, time_constant};
use neurodim_units::{
    Capacitance, Conductance, Current, DisplayField, Time, Voltage, mV, ms, nS, pA, pF,
};

use crate::DynError;
use crate::integrate::{ErrorControl, rkf45_apply};
use crate::kernel::{ParameterVisitor, nest_steps};
use crate::neuron::check_above;

/// Parameters of NEST's adaptive exponential integrate-and-fire models with conductances
/// (Brette & Gerstner 2005), with NEST's names and defaults (NEST 3.10):
/// [`AeifCondExpParams`] and [`AeifCondAlphaParams`], which differ in the shape `S` of their
/// conductances ([`CondExp`](crate::neuron::CondExp), [`CondAlpha`](crate::neuron::CondAlpha)).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let params = AeifCondExpParams::default();
/// assert_eq!((params.a, params.b), (4.0 * nS, 80.5 * pA)); // NEST's defaults
/// let bad = AeifCondExpParams { v_peak: -60.0 * mV, ..params }; // below V_th
/// assert_eq!(AeifCondExp::new(1, bad).unwrap_err().param(), Some("V_peak"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AeifCondParams<S> {
    /// Spike detection potential `V_peak` (default 0 mV; ≥ `V_th`).
    pub v_peak: Voltage,
    /// Reset potential `V_reset` (default −60 mV; < `V_peak`).
    pub v_reset: Voltage,
    /// Leak reversal potential `E_L` (default −70.6 mV).
    pub e_l: Voltage,
    /// Spike initiation threshold `V_th` (default −50.4 mV).
    pub v_th: Voltage,
    /// Excitatory reversal potential `E_ex` (default 0 mV).
    pub e_ex: Voltage,
    /// Inhibitory reversal potential `E_in` (default −85 mV).
    pub e_in: Voltage,
    /// Absolute refractory period `t_ref` (default 0 ms; ≥ 0).
    pub t_ref: Time,
    /// Leak conductance `g_L` (default 30 nS; > 0).
    pub g_l: Conductance,
    /// Membrane capacitance `C_m` (default 281 pF; > 0).
    pub c_m: Capacitance,
    /// Slope factor `Delta_T` (default 2 mV; ≥ 0: 0 makes the model an integrate-and-fire one,
    /// spiking at `V_th`).
    pub delta_t: Voltage,
    /// Adaptation time constant `tau_w` (default 144 ms; > 0).
    pub tau_w: Time,
    /// Subthreshold adaptation `a` (default 4 nS).
    pub a: Conductance,
    /// Spike-triggered adaptation `b` (default 80.5 pA).
    pub b: Current,
    /// Time constant of the excitatory conductance `tau_syn_ex` (default 0.2 ms; > 0).
    pub tau_syn_ex: Time,
    /// Time constant of the inhibitory conductance `tau_syn_in` (default 2 ms; > 0).
    pub tau_syn_in: Time,
    /// Constant external current `I_e` (default 0 pA).
    pub i_e: Current,
    /// GSL's tolerance `gsl_error_tol` (default 10⁻⁶; > 0), absolute and relative on the
    /// derivatives, in NEST's units.
    pub gsl_error_tol: f64,
    /// The shape of the conductances.
    pub shape: PhantomData<S>,
}

/// The parameters of [`AeifCondExp`](crate::neuron::AeifCondExp).
pub type AeifCondExpParams = AeifCondParams<crate::neuron::CondExp>;

/// The parameters of [`AeifCondAlpha`](crate::neuron::AeifCondAlpha).
pub type AeifCondAlphaParams = AeifCondParams<crate::neuron::CondAlpha>;

impl<S> Default for AeifCondParams<S> {
    fn default() -> Self {
        AeifCondParams {
            v_peak: 0.0 * mV,
            v_reset: -60.0 * mV,
            e_l: -70.6 * mV,
            v_th: -50.4 * mV,
            e_ex: 0.0 * mV,
            e_in: -85.0 * mV,
            t_ref: 0.0 * ms,
            g_l: 30.0 * nS,
            c_m: 281.0 * pF,
            delta_t: 2.0 * mV,
            tau_w: 144.0 * ms,
            a: 4.0 * nS,
            b: 80.5 * pA,
            tau_syn_ex: 0.2 * ms,
            tau_syn_in: 2.0 * ms,
            i_e: 0.0 * pA,
            gsl_error_tol: 1e-6,
            shape: PhantomData,
        }
    }
}

/// The constants of an `aeif_cond_*` neuron for a step of `h`, in NEST's units (mV, nS, pF,
/// pA, ms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AeifCondConsts {
    /// `V_peak`, or `V_th` when `Delta_T` is 0: where a spike is detected (mV).
    pub v_peak_effective: f64,
    /// `V_peak`, the clamp of V in the currents (mV).
    pub v_peak: f64,
    /// `V_reset`, `E_L`, `V_th`, `E_ex`, `E_in`, `Delta_T` (mV).
    pub v_reset: f64,
    /// `E_L` (mV).
    pub e_l: f64,
    /// `V_th` (mV).
    pub v_th: f64,
    /// `E_ex` (mV).
    pub e_ex: f64,
    /// `E_in` (mV).
    pub e_in: f64,
    /// `Delta_T` (mV).
    pub delta_t: f64,
    /// `g_L` (nS), `a` (nS).
    pub g_l: f64,
    /// `a` (nS).
    pub a: f64,
    /// `b` (pA).
    pub b: f64,
    /// `C_m` (pF).
    pub c_m: f64,
    /// `tau_w` (ms).
    pub tau_w: f64,
    /// `τ_syn` of the excitatory and inhibitory conductances (ms).
    pub tau_syn: [f64; 2],
    /// `I_e` (pA).
    pub i_e: f64,
    /// The step `h` (ms).
    pub h: f64,
    /// The refractory steps after a spike.
    pub refractory_steps: f64,
    /// GSL's control on the derivatives with `gsl_error_tol`.
    pub control: ErrorControl,
}

impl<S> AeifCondParams<S> {
    /// NEST's rules, and finite values; each error names its parameter.
    pub(crate) fn check(&self) -> Result<(), DynError> {
        for (name, v) in [
            ("V_peak", self.v_peak),
            ("V_reset", self.v_reset),
            ("E_L", self.e_l),
            ("V_th", self.v_th),
            ("E_ex", self.e_ex),
            ("E_in", self.e_in),
            ("Delta_T", self.delta_t),
        ] {
            finite(name, v)?;
        }
        if self.v_peak < self.v_th {
            return Err(DynError::invalid(
                "V_peak",
                format!("{} (V_th = {})", self.v_peak.display(), self.v_th.display()),
                "must be >= V_th",
            ));
        }
        non_negative("Delta_T", self.delta_t)?;
        // NEST's guard: exp((V_peak − V_th)/Delta_T) must stay far below overflow
        if self.delta_t.value > 0.0
            && ((self.v_peak - self.v_th) / self.delta_t).value >= (f64::MAX / 1e20).ln()
        {
            return Err(DynError::invalid(
                "Delta_T",
                self.delta_t.display(),
                "makes exp((V_peak - V_th)/Delta_T) overflow at a spike: raise Delta_T or lower V_peak",
            ));
        }
        check_above(("V_peak", self.v_peak), ("V_reset", self.v_reset), "must be > V_reset")?;
        positive("C_m", self.c_m)?;
        positive("g_L", self.g_l)?;
        non_negative("t_ref", self.t_ref)?;
        finite("t_ref", self.t_ref)?;
        for (name, tau) in [
            ("tau_w", self.tau_w),
            ("tau_syn_ex", self.tau_syn_ex),
            ("tau_syn_in", self.tau_syn_in),
        ] {
            time_constant(name, tau)?;
        }
        finite("a", self.a)?;
        finite("b", self.b)?;
        finite("I_e", self.i_e)?;
        positive_number("gsl_error_tol", self.gsl_error_tol)?;
        Ok(())
    }

    /// Shows the parameters by NEST's names.
    pub(crate) fn visit(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("V_peak", &mut self.v_peak);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("V_th", &mut self.v_th);
        visitor.value("E_ex", &mut self.e_ex);
        visitor.value("E_in", &mut self.e_in);
        visitor.value("t_ref", &mut self.t_ref);
        visitor.value("g_L", &mut self.g_l);
        visitor.value("C_m", &mut self.c_m);
        visitor.value("Delta_T", &mut self.delta_t);
        visitor.value("tau_w", &mut self.tau_w);
        visitor.value("a", &mut self.a);
        visitor.value("b", &mut self.b);
        visitor.value("tau_syn_ex", &mut self.tau_syn_ex);
        visitor.value("tau_syn_in", &mut self.tau_syn_in);
        visitor.value("I_e", &mut self.i_e);
    }

    /// The constants for a step of `dt`.
    pub(crate) fn constants(&self, dt: Time) -> AeifCondConsts {
        let in_mv = |v: Voltage| (v / mV).value;
        let delta_t = in_mv(self.delta_t);
        AeifCondConsts {
            v_peak_effective: if delta_t > 0.0 { in_mv(self.v_peak) } else { in_mv(self.v_th) },
            v_peak: in_mv(self.v_peak),
            v_reset: in_mv(self.v_reset),
            e_l: in_mv(self.e_l),
            v_th: in_mv(self.v_th),
            e_ex: in_mv(self.e_ex),
            e_in: in_mv(self.e_in),
            delta_t,
            g_l: (self.g_l / nS).value,
            a: (self.a / nS).value,
            b: (self.b / pA).value,
            c_m: (self.c_m / pF).value,
            tau_w: (self.tau_w / ms).value,
            tau_syn: [(self.tau_syn_ex / ms).value, (self.tau_syn_in / ms).value],
            i_e: (self.i_e / pA).value,
            h: (dt / ms).value,
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
            control: ErrorControl::derivatives(self.gsl_error_tol, self.gsl_error_tol)
                .unwrap_or(ErrorControl::NEST_VALUES),
        }
    }
}

impl AeifCondConsts {
    /// `(dV/dt, dw/dt)` (mV/ms, pA/ms) at `v` (mV), with the conductances `(g_ex, g_in)`
    /// (nS), the adaptation current `w` and the current `i_stim` (pA); `V` clamped at
    /// `V_peak` in the currents and held at `V_reset` (with no change) while `refractory`.
    #[inline(always)]
    pub(crate) fn rates(
        &self,
        v: f64,
        (g_ex, g_in): (f64, f64),
        w: f64,
        i_stim: f64,
        refractory: bool,
    ) -> (f64, f64) {
        let v = if refractory { self.v_reset } else { v.min(self.v_peak) };
        let i_syn_exc = g_ex * (v - self.e_ex);
        let i_syn_inh = g_in * (v - self.e_in);
        let i_spike = if self.delta_t == 0.0 {
            0.0
        } else {
            self.g_l * self.delta_t * ((v - self.v_th) / self.delta_t).exp()
        };
        let dv = if refractory {
            0.0
        } else {
            (-self.g_l * (v - self.e_l) + i_spike - i_syn_exc - i_syn_inh - w + self.i_e + i_stim)
                / self.c_m
        };
        (dv, (self.a * (v - self.e_l) - w) / self.tau_w)
    }

    /// One step of `h` of the system `y` (V first, the adaptation current at `W`, the rest the
    /// synapses' variables moved by `synapses`), as NEST's `aeif_cond_*`: after every GSL
    /// sub-step a refractory neuron is held at `V_reset`, and one at or above the effective
    /// `V_peak` spikes (`V ← V_reset`, `w ← w + b`, refractory for `R + 1` steps if `R > 0`),
    /// possibly several times in a step. `refractory` is the steps left, counted down at the
    /// end of the step. Returns whether the neuron spiked.
    pub(crate) fn step<const N: usize, const W: usize>(
        &self,
        y: &mut [f64; N],
        i_stim: f64,
        refractory: &mut f64,
        integration_step: &mut f64,
        synapses: impl Fn(&[f64; N], &mut [f64; N]),
    ) -> bool {
        let held = Cell::new(*refractory > 0.0);
        let mut spiked = false;
        let mut f = |y: &[f64; N]| {
            let mut dydt = [0.0; N];
            synapses(y, &mut dydt);
            let conductances = if N == 4 { (y[1], y[2]) } else { (y[2], y[4]) };
            (dydt[0], dydt[W]) = self.rates(y[0], conductances, y[W], i_stim, held.get());
            dydt
        };
        if *integration_step == 0.0 {
            *integration_step = self.h;
        }
        let mut t = 0.0;
        while t < self.h {
            t = rkf45_apply(y, t, self.h, integration_step, &self.control, &mut f);
            if *refractory > 0.0 {
                y[0] = self.v_reset;
            } else if y[0] >= self.v_peak_effective {
                y[0] = self.v_reset;
                y[W] += self.b;
                *refractory =
                    if self.refractory_steps > 0.0 { self.refractory_steps + 1.0 } else { 0.0 };
                held.set(*refractory > 0.0);
                spiked = true;
            }
        }
        if *refractory > 0.0 {
            *refractory -= 1.0;
        }
        spiked
    }
}
