use neurodim_units::*;

fn main() {
    let _nonsense = -65.0 * mV + 20.0 * ms;
}
