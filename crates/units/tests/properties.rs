//! Property tests of the units crate's invariants.

use neurodim_units::constants::ALL_SCALES;
use neurodim_units::*;
use proptest::prelude::*;

/// `|a - b|` in units in the last place of `b`.
fn ulps_apart(a: f64, b: f64) -> u64 {
    let key = |x: f64| {
        let bits = x.to_bits() as i64;
        if bits < 0 { i64::MIN - bits } else { bits }
    };
    key(a).abs_diff(key(b))
}

/// Finite values whose SI representation stays a normal f64 for every unit constant
/// (scales span 1e-12 ..= 1e9), so the round trip is not limited by overflow or subnormals.
fn representable() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        (-280.0f64..280.0, any::<bool>()).prop_map(|(e, neg)| {
            let x = 10f64.powf(e);
            if neg { -x } else { x }
        }),
        -1e6f64..1e6,
    ]
}

/// A "long" reference for exprel: the Taylor series Σ xᵏ/(k+1)! to 40 terms, accurate to
/// a few ulp for |x| < 0.5 (the terms fall below 2^-53 relative long before the end).
fn exprel_series(x: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for k in 1..40 {
        term *= x / (k as f64 + 1.0);
        sum += term;
    }
    sum
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn millivolt_round_trip_within_2_ulp(x in representable()) {
        let back = (x * mV).value_in(mV);
        prop_assert!(ulps_apart(back, x) <= 2, "{x} -> {back}");
    }

    #[test]
    fn every_unit_round_trips_within_2_ulp(x in representable()) {
        for &(name, si) in ALL_SCALES {
            // (x * unit) stores x·si; value_in divides by the unit's SI value.
            let stored = x * si;
            let back = stored / si;
            prop_assert!(ulps_apart(back, x) <= 2, "{x} {name} -> {back}");
        }
        // and through the typed constants, for a few representatives of each dimension
        prop_assert!(ulps_apart((x * ms).value_in(ms), x) <= 2);
        prop_assert!(ulps_apart((x * nS).value_in(nS), x) <= 2);
        prop_assert!(ulps_apart((x * pA).value_in(pA), x) <= 2);
        prop_assert!(ulps_apart((x * Gohm).value_in(Gohm), x) <= 2);
        prop_assert!(ulps_apart((x * mS_per_cm2).value_in(mS_per_cm2), x) <= 2);
    }

    #[test]
    fn frequency_times_time_is_the_product_of_si_values(f in -1e6f64..1e6, t in -1e3f64..1e3) {
        let r: Ratio = (f * Hz) * (t * s);
        prop_assert_eq!(r.value, f * t);
        let r2: Ratio = (f * kHz) * (t * ms);
        prop_assert_eq!(r2.value, (f * 1e3) * (t * 1e-3));
    }

    #[test]
    fn exprel_matches_a_long_taylor_series(x in -0.5f64..0.5) {
        let reference = exprel_series(x);
        prop_assert!((exprel(x) - reference).abs() <= 1e-14 * reference.abs(), "x = {x}");
    }

    #[test]
    fn exprel_matches_series_for_tiny_magnitudes(e in -300.0f64..-0.31, neg in any::<bool>()) {
        let x = if neg { -(10f64.powf(e)) } else { 10f64.powf(e) };
        let reference = exprel_series(x);
        prop_assert!((exprel(x) - reference).abs() <= 1e-14 * reference.abs(), "x = {x}");
    }

    #[test]
    fn exprel_is_monotone(a in -700.0f64..700.0, b in -700.0f64..700.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(exprel(lo) <= exprel(hi), "exprel({lo}) > exprel({hi})");
    }

    #[test]
    fn probability_accepts_exactly_the_unit_interval(p in prop_oneof![
        -2.0f64..3.0, Just(0.0), Just(1.0), Just(-0.0), Just(f64::NAN), Just(1.0 + 1e-16),
        Just(-f64::MIN_POSITIVE), Just(f64::INFINITY)
    ]) {
        let accepted = Probability::new(p).is_ok();
        prop_assert_eq!(accepted, (0.0..=1.0).contains(&p));
        if accepted {
            prop_assert_eq!(Probability::new(p).unwrap().get(), p);
        }
    }
}

/// Continuity and monotonicity across the Taylor/expm1 switch at |x| = 1e-8: step through
/// consecutive f64 values on both sides of both thresholds.
#[test]
fn exprel_is_continuous_and_monotone_across_the_threshold() {
    for centre in [EXPREL_TAYLOR_THRESHOLD, -EXPREL_TAYLOR_THRESHOLD] {
        let mut x = centre;
        for _ in 0..64 {
            x = f64::from_bits(x.to_bits() - 1); // towards zero
        }
        let mut previous = exprel(x);
        for _ in 0..128 {
            let next_x = if centre > 0.0 { x.next_up() } else { x.next_down() };
            let next = exprel(next_x);
            // exprel is increasing, so moving away from zero on the positive side increases
            // it and on the negative side decreases it; allow equality (flat at ulp scale).
            if centre > 0.0 {
                assert!(next >= previous, "not monotone at {next_x:e}");
            } else {
                assert!(next <= previous, "not monotone at {next_x:e}");
            }
            // the jump between neighbours is at most one ulp of 1
            assert!((next - previous).abs() <= f64::EPSILON, "jump at {next_x:e}");
            previous = next;
            x = next_x;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The kernels' exprel is brainstate's to within 2 ulp, densely in its two polynomial ranges
    /// and across the switches at |x| = 1/8 and 1/2.
    #[test]
    fn exprel_fast_matches_exprel(x in prop_oneof![
        -0.125f64..0.125,
        -0.5f64..0.5,
        0.12f64..0.13,
        -0.13f64..-0.12,
        0.49f64..0.51,
        -0.51f64..-0.49,
        -0.01f64..0.01,
        -1.0f64..1.0,
        -745.0f64..710.0,
        (-300.0f64..-1.0, any::<bool>()).prop_map(|(e, neg)| if neg { -(10f64.powf(e)) } else { 10f64.powf(e) }),
    ]) {
        let (fast, reference) = (exprel_fast(x), exprel(x));
        prop_assert!(ulps_apart(fast, reference) <= 2, "x = {x}: {fast} vs {reference}");
    }
}
