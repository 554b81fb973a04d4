// A right-hand side for a voltage must return volts per second; this one forgot to divide by
// the time constant and returns volts, so the step does not compile. Only the time exponent
// differs, which keeps the compiler's message deterministic (with several differing exponents
// rustc's last `help` line names one of them, not always the same); the 1/s case is the
// `compile_fail` doc test of `exp_euler_step`.
use neurodim_dyn::integrate::{Lift, dq, exp_euler_step};
use neurodim_units::*;

fn main() {
    let e_l = -70.0 * mV;
    let _v = exp_euler_step(-65.0 * mV, 0.1 * ms, |v: dq::Voltage| e_l.lift() - v);
}
