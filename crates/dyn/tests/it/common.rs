//! Helpers that several test modules share.

use neurodim_dyn::neuron::LifParams;
use neurodim_state::{Environment, Shape};
use neurodim_units::*;

/// A vector shape of `n` elements.
pub fn shape(n: usize) -> Shape {
    Shape::vector(n).unwrap()
}

/// An environment stepping by `dt`.
pub fn env(dt: Time) -> Environment {
    Environment::new(dt).unwrap()
}

/// Asserts that `actual` is within `tol` of `reference`, naming `what` otherwise.
pub fn assert_close(actual: f64, reference: f64, tol: f64, what: &str) {
    assert!(
        (actual - reference).abs() <= tol,
        "{what}: {actual} differs from the reference {reference} by more than {tol}"
    );
}

/// The presynaptic LIF neurons' parameters (τ = 10 ms).
pub fn pre_params() -> LifParams {
    LifParams { tau: 10.0 * ms, ..LifParams::default() }
}

/// Different drives for `n` presynaptic neurons, so that they fire at different steps.
pub fn pre_currents(n: usize) -> Vec<Current> {
    (0..n).map(|i| (1.2 + 0.002 * i as f64) * mA).collect()
}
