//! Helpers that several test modules share.

use neurodim::units::{Current, mA};

/// Different drives for `n` presynaptic neurons, so that they fire at different steps.
pub fn pre_currents(n: usize) -> Vec<Current> {
    (0..n).map(|i| (1.2 + 0.002 * i as f64) * mA).collect()
}
