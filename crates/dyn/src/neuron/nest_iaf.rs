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
