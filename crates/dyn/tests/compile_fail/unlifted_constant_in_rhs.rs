// Inside a right-hand side the state is a dual quantity; an f64 quantity must be lifted
// (`e_l.lift()`) before it can meet it.
use neurodim_dyn::integrate::{Lift, dq, exp_euler_step};
use neurodim_units::*;

fn main() {
    let (e_l, tau) = (-70.0 * mV, 20.0 * ms);
    let _v = exp_euler_step(-65.0 * mV, 0.1 * ms, |v: dq::Voltage| (e_l - v) / tau.lift());
}
