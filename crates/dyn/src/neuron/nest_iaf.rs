//! What NEST's `iaf_psc_*` models share: the rules their membrane parameters obey.

use neurodim_units::validate::{finite, non_negative, positive, time_constant};
use neurodim_units::{Capacitance, Current, Time, Voltage};

use crate::DynError;
use crate::neuron::check_above;

/// The membrane of a NEST `iaf_psc_*` model: `tau_m`, `C_m`, `t_ref`, `E_L`, `I_e`, `V_th`,
/// `V_reset`.
pub(crate) struct NestIaf {
    pub(crate) tau_m: Time,
    pub(crate) c_m: Capacitance,
    pub(crate) t_ref: Time,
    pub(crate) e_l: Voltage,
    pub(crate) i_e: Current,
    pub(crate) v_th: Voltage,
    pub(crate) v_reset: Voltage,
}

impl NestIaf {
    /// NEST's rules (`τ_m > 0`, `C_m > 0`, `t_ref ≥ 0`, `V_reset < V_th`), and finite values;
    /// each error names the parameter.
    pub(crate) fn validate(&self) -> Result<(), DynError> {
        time_constant("tau_m", self.tau_m)?;
        positive("C_m", self.c_m)?;
        non_negative("t_ref", self.t_ref)?;
        finite("t_ref", self.t_ref)?;
        finite("E_L", self.e_l)?;
        finite("I_e", self.i_e)?;
        finite("V_th", self.v_th)?;
        finite("V_reset", self.v_reset)?;
        check_above(("V_th", self.v_th), ("V_reset", self.v_reset), "must be > V_reset")?;
        Ok(())
    }
}

/// The membrane of NEST's `iaf_cond_*` models, in NEST's units (mV, nS, pF, pA, ms), in which
/// GSL's integrator and its tolerances work; part of their constants
/// ([`IafCondConsts`](crate::neuron::IafCondConsts)).
///
/// ```
/// use neurodim_dyn::kernel::NeuronModel;
/// use neurodim_dyn::neuron::IafCondExpParams;
/// use neurodim_units::prelude::*;
/// let c = IafCondExpParams::default().consts::<f64>(0.1 * ms);
/// assert_eq!(c.membrane.v_th, -55.0);
/// assert!((c.membrane.c_m - 250.0).abs() < 1e-12); // 250 pF held in farads, back in pF
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CondMembrane {
    /// `V_th` (mV).
    pub v_th: f64,
    /// `V_reset` (mV).
    pub v_reset: f64,
    /// `E_L` (mV).
    pub e_l: f64,
    /// `E_ex` (mV).
    pub e_ex: f64,
    /// `E_in` (mV).
    pub e_in: f64,
    /// `g_L` (nS).
    pub g_l: f64,
    /// `C_m` (pF).
    pub c_m: f64,
    /// `I_e` (pA).
    pub i_e: f64,
}

impl CondMembrane {
    /// `dV/dt` (mV/ms) at `v` (mV) with the conductances `g_ex`, `g_in` (nS) and the current
    /// `i_stim` (pA): the potential in the currents is clamped at `V_th`, and held at
    /// `V_reset` with no change while `refractory` (NEST's `iaf_cond_*` right-hand sides; the
    /// order of the sum is the model's, `leak_first` for `iaf_cond_exp`).
    #[inline(always)]
    pub(crate) fn rate(
        &self,
        v: f64,
        (g_ex, g_in): (f64, f64),
        i_stim: f64,
        refractory: bool,
        leak_first: bool,
    ) -> f64 {
        if refractory {
            return 0.0;
        }
        let v = v.min(self.v_th);
        let i_syn_exc = g_ex * (v - self.e_ex);
        let i_syn_inh = g_in * (v - self.e_in);
        let i_leak = self.g_l * (v - self.e_l);
        if leak_first {
            (-i_leak + i_stim + self.i_e - i_syn_exc - i_syn_inh) / self.c_m
        } else {
            (-i_leak - i_syn_exc - i_syn_inh + i_stim + self.i_e) / self.c_m
        }
    }
}
