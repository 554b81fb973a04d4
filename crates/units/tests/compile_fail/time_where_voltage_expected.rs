use neurodim_units::*;

fn threshold_distance(v: Voltage, v_th: Voltage) -> Voltage {
    v_th - v
}

fn main() {
    let tau = 20.0 * ms;
    let _ = threshold_distance(-65.0 * mV, tau);
}
