// A right-hand side for a voltage must return volts per second; this one returns 1/s
// (it forgot to multiply by a voltage), so the step does not compile.
use neurodim_dyn::integrate::{Lift, dq, exp_euler_step};
use neurodim_units::*;

fn main() {
    let tau = 20.0 * ms;
    let _v = exp_euler_step(-65.0 * mV, 0.1 * ms, |_v: dq::Voltage| -(1.0 / tau).lift());
}
