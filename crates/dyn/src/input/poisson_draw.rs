//! From a rate to a spike: the probability `rate · dt` and the Bernoulli draw.

use neurodim_state::StreamRng;
use neurodim_units::{DisplayField, Frequency, Probability, Time};
use rand::RngExt;

use crate::DynError;

/// The probability of a spike in one step of `dt` at `rate`: `p = rate · dt`, which must lie in
/// [0, 1]. The error names `param`, the rate, `dt` and their product.
pub(crate) fn spike_probability(
    param: &'static str,
    rate: Frequency,
    dt: Time,
) -> Result<Probability, DynError> {
    let ratio = rate * dt;
    Probability::from_ratio(ratio).map_err(|_| {
        DynError::invalid(
            param,
            format_args!("{} · {} = {}", rate.display(), dt.display(), ratio.value),
            "must lie in [0, 1]",
        )
    })
}

/// One Bernoulli draw: `u < p` with `u` uniform in [0, 1) (53 random bits), so `p = 0` never
/// spikes, `p = 1` always does, and the spike probability is exactly `p` for any `p` that is a
/// multiple of 2⁻⁵³.
#[inline]
pub(crate) fn bernoulli(rng: &mut StreamRng, p: Probability) -> bool {
    rng.random::<f64>() < p.get()
}

#[cfg(test)]
mod tests {
    use neurodim_state::StreamKey;
    use neurodim_units::*;

    use super::*;

    #[test]
    fn probability_is_rate_times_dt() {
        let p = spike_probability("rate · dt", 20.0 * Hz, 0.1 * ms).unwrap();
        assert!((p.get() - 0.002).abs() < 1e-18);
    }

    #[test]
    fn too_high_a_rate_names_rate_and_dt() {
        let err = spike_probability("rate · dt", 20.0 * kHz, 0.1 * ms).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid rate · dt: 20000 Hz · 0.1 ms = 2 (must lie in [0, 1])"
        );
    }

    #[test]
    fn certain_and_impossible_draws() {
        let mut rng = StreamKey::new(1, "draw").rng();
        assert!((0..10_000).all(|_| bernoulli(&mut rng, Probability::ONE)));
        assert!((0..10_000).all(|_| !bernoulli(&mut rng, Probability::ZERO)));
    }
}
