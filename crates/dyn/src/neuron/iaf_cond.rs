//! The parameters NEST's `iaf_cond_exp` and `iaf_cond_alpha` share, and their constants.

use core::marker::PhantomData;

use neurodim_units::validate::{finite, non_negative, positive, time_constant};
use neurodim_units::{Capacitance, Conductance, Current, Time, Voltage, mV, ms, nS, pA, pF};

use crate::DynError;
use crate::integrate::ErrorControl;
use crate::kernel::{ParameterVisitor, nest_steps};
use crate::neuron::check_above;
use crate::neuron::nest_iaf::CondMembrane;

/// Parameters of NEST's conductance-based integrate-and-fire models, with NEST's names and
/// defaults (NEST 3.10): [`IafCondExpParams`] and [`IafCondAlphaParams`], which differ in the
/// shape `S` of their conductances.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let params = IafCondExpParams { g_l: 10.0 * nS, ..IafCondExpParams::default() };
/// assert_eq!(params.tau_syn_ex, 0.2 * ms); // NEST's default
/// assert!(IafCondExp::new(1, IafCondExpParams { c_m: 0.0 * pF, ..params }).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafCondParams<S> {
    /// Threshold `V_th` (default −55 mV; > `V_reset`).
    pub v_th: Voltage,
    /// Reset potential `V_reset` (default −60 mV).
    pub v_reset: Voltage,
    /// Leak reversal potential `E_L` (default −70 mV).
    pub e_l: Voltage,
    /// Excitatory reversal potential `E_ex` (default 0 mV).
    pub e_ex: Voltage,
    /// Inhibitory reversal potential `E_in` (default −85 mV).
    pub e_in: Voltage,
    /// Leak conductance `g_L` (default 16.6667 nS; > 0).
    pub g_l: Conductance,
    /// Membrane capacitance `C_m` (default 250 pF; > 0).
    pub c_m: Capacitance,
    /// Time constant of the excitatory conductance `tau_syn_ex` (default 0.2 ms; > 0).
    pub tau_syn_ex: Time,
    /// Time constant of the inhibitory conductance `tau_syn_in` (default 2 ms; > 0).
    pub tau_syn_in: Time,
    /// Absolute refractory period `t_ref` (default 2 ms; ≥ 0), in NEST's count of steps
    /// ([`nest_steps`]).
    pub t_ref: Time,
    /// Constant external current `I_e` (default 0 pA).
    pub i_e: Current,
    /// The shape of the conductances ([`CondExp`] or [`CondAlpha`]).
    pub shape: PhantomData<S>,
}

/// Exponential conductances (NEST's `iaf_cond_exp`): a spike of weight `w` makes
/// `g(t) = w·e^{−t/τ_syn}`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CondExp;

/// Alpha-shaped conductances (NEST's `iaf_cond_alpha`): a spike of weight `w` makes
/// `g(t) = w·(t/τ_syn)·e^{1 − t/τ_syn}`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CondAlpha;

/// The parameters of [`IafCondExp`](crate::neuron::IafCondExp).
pub type IafCondExpParams = IafCondParams<CondExp>;

/// The parameters of [`IafCondAlpha`](crate::neuron::IafCondAlpha).
pub type IafCondAlphaParams = IafCondParams<CondAlpha>;

impl<S> Default for IafCondParams<S> {
    fn default() -> Self {
        IafCondParams {
            v_th: -55.0 * mV,
            v_reset: -60.0 * mV,
            e_l: -70.0 * mV,
            e_ex: 0.0 * mV,
            e_in: -85.0 * mV,
            g_l: 16.6667 * nS,
            c_m: 250.0 * pF,
            tau_syn_ex: 0.2 * ms,
            tau_syn_in: 2.0 * ms,
            t_ref: 2.0 * ms,
            i_e: 0.0 * pA,
            shape: PhantomData,
        }
    }
}

/// The constants of an `iaf_cond_*` neuron for a step of `h`, in NEST's units (mV, nS, pF, pA,
/// ms): GSL's tolerances are absolute in these units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IafCondConsts {
    /// The membrane.
    pub membrane: CondMembrane,
    /// `τ_syn` of the excitatory and inhibitory conductances (ms).
    pub tau_syn: [f64; 2],
    /// The step `h` (ms).
    pub h: f64,
    /// The refractory steps after a spike.
    pub refractory_steps: f64,
    /// GSL's error control: absolute 10⁻³ on the values, NEST's.
    pub control: ErrorControl,
}

impl<S> IafCondParams<S> {
    /// NEST's rules (`V_reset < V_th`, `C_m > 0`, `t_ref ≥ 0`, time constants > 0), `g_L > 0`,
    /// and finite values; each error names its parameter.
    pub(crate) fn check(&self) -> Result<(), DynError> {
        for (name, v) in [
            ("V_th", self.v_th),
            ("V_reset", self.v_reset),
            ("E_L", self.e_l),
            ("E_ex", self.e_ex),
            ("E_in", self.e_in),
        ] {
            finite(name, v)?;
        }
        check_above(("V_th", self.v_th), ("V_reset", self.v_reset), "must be > V_reset")?;
        positive("C_m", self.c_m)?;
        positive("g_L", self.g_l)?;
        finite("g_L", self.g_l)?;
        non_negative("t_ref", self.t_ref)?;
        finite("t_ref", self.t_ref)?;
        time_constant("tau_syn_ex", self.tau_syn_ex)?;
        time_constant("tau_syn_in", self.tau_syn_in)?;
        finite("I_e", self.i_e)?;
        Ok(())
    }

    /// Shows the parameters by NEST's names.
    pub(crate) fn visit(&mut self, visitor: &mut ParameterVisitor<'_>) {
        visitor.value("V_th", &mut self.v_th);
        visitor.value("V_reset", &mut self.v_reset);
        visitor.value("E_L", &mut self.e_l);
        visitor.value("E_ex", &mut self.e_ex);
        visitor.value("E_in", &mut self.e_in);
        visitor.value("g_L", &mut self.g_l);
        visitor.value("C_m", &mut self.c_m);
        visitor.value("tau_syn_ex", &mut self.tau_syn_ex);
        visitor.value("tau_syn_in", &mut self.tau_syn_in);
        visitor.value("t_ref", &mut self.t_ref);
        visitor.value("I_e", &mut self.i_e);
    }

    /// The constants for a step of `dt`.
    pub(crate) fn constants(&self, dt: Time) -> IafCondConsts {
        let in_mv = |v: Voltage| (v / mV).value;
        IafCondConsts {
            membrane: CondMembrane {
                v_th: in_mv(self.v_th),
                v_reset: in_mv(self.v_reset),
                e_l: in_mv(self.e_l),
                e_ex: in_mv(self.e_ex),
                e_in: in_mv(self.e_in),
                g_l: (self.g_l / nS).value,
                c_m: (self.c_m / pF).value,
                i_e: (self.i_e / pA).value,
            },
            tau_syn: [(self.tau_syn_ex / ms).value, (self.tau_syn_in / ms).value],
            h: (dt / ms).value,
            refractory_steps: nest_steps(self.t_ref, dt) as f64,
            control: ErrorControl::NEST_VALUES,
        }
    }
}
