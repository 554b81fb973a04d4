use neurodim_units::*;

fn main() {
    // Forgot to multiply by dt.
    let _p = Probability::from_ratio(10.0 * Hz);
}
