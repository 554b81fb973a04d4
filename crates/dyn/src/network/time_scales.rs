//! Time constants against the network's `dt`: where the parameters of a model meet `dt` (the
//! per-step constants of neurons, synapses, short-term plasticity and receptors), each time
//! constant τ must leave `dt/τ` finite ([`time_step`]), checked when the part is added (the
//! network's `dt` is known then) rather than found as a state that never moves.

use neurodim_units::Time;
use neurodim_units::validate::time_step;

use crate::DynError;
use crate::projection::{AlignPost, ShortTermPlasticity};
use crate::synapse::ReceptorParams;

/// The synapse model and the short-term plasticity of `projection` at `dt`.
pub(crate) fn check_align_post(projection: &AlignPost, dt: Time) -> Result<(), DynError> {
    projection.synapse.check_dt(dt)?;
    match &projection.plasticity {
        None => {}
        Some(ShortTermPlasticity::Stp(params)) => {
            time_step("tau_f", params.tau_f, dt)?;
            time_step("tau_d", params.tau_d, dt)?;
        }
        Some(ShortTermPlasticity::Std(params)) => {
            time_step("tau", params.tau, dt)?;
        }
        // event-driven: exponentials of the intervals between spikes, no factor per step
        Some(ShortTermPlasticity::Tsodyks(_) | ShortTermPlasticity::Tsodyks2(_)) => {}
    }
    Ok(())
}

/// The rates of a (validated) receptor at `dt`: its decay `β` and its binding rate at the
/// transmitter's concentration, `α·T`, each as the time constant `1/rate`.
pub(crate) fn check_receptor(params: &ReceptorParams, dt: Time) -> Result<(), DynError> {
    time_step("1/beta", 1.0 / params.beta, dt)?;
    time_step("1/(alpha·T)", 1.0 / (params.alpha * params.t_conc), dt)?;
    Ok(())
}
