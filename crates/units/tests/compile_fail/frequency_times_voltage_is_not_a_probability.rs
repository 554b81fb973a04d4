use neurodim_units::*;

fn main() {
    // A rate times a voltage has a dimension; only rate * time may become a probability.
    let p: Result<Probability, _> = (10.0 * Hz * (1.0 * mV)).try_into();
    let _ = p;
}
