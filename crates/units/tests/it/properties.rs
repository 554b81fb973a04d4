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

/// A double-double number `hi + lo` with `|lo| ≤ ulp(hi)/2`: about 106 bits.
#[derive(Clone, Copy)]
struct Dd {
    hi: f64,
    lo: f64,
}

/// `a + b` exactly, as a rounded sum and its error (Knuth's two-sum).
fn two_sum(a: f64, b: f64) -> Dd {
    let hi = a + b;
    let b_virtual = hi - a;
    let lo = (a - (hi - b_virtual)) + (b - b_virtual);
    Dd { hi, lo }
}

/// `a · b` exactly, as a rounded product and its error (Dekker's product, no FMA).
fn two_prod(a: f64, b: f64) -> Dd {
    let split = |v: f64| {
        let t = 134_217_729.0 * v; // 2^27 + 1
        let high = t - (t - v);
        (high, v - high)
    };
    let hi = a * b;
    let ((ah, al), (bh, bl)) = (split(a), split(b));
    Dd { hi, lo: ((ah * bh - hi) + ah * bl + al * bh) + al * bl }
}

impl Dd {
    fn add(self, other: Dd) -> Dd {
        let sum = two_sum(self.hi, other.hi);
        two_sum(sum.hi, sum.lo + self.lo + other.lo)
    }
    fn mul(self, b: f64) -> Dd {
        let p = two_prod(self.hi, b);
        two_sum(p.hi, p.lo + self.lo * b)
    }
    fn div(self, b: f64) -> Dd {
        let q = self.hi / b;
        let r = self.add(two_prod(q, b).neg());
        let q2 = r.hi / b;
        two_sum(q, q2)
    }
    fn neg(self) -> Dd {
        Dd { hi: -self.hi, lo: -self.lo }
    }
}

/// The true `exprel(x)` for `|x| ≤ 1/2`, to about 100 bits: Σ xᵏ/(k+1)! summed in double-double
/// until the terms fall below 2^-110 (the truncation error is smaller still). `hi` is the
/// correctly rounded f64 (but in exceedingly rare near-ties).
fn exprel_reference(x: f64) -> Dd {
    assert!(x.abs() <= 0.5);
    let mut term = Dd { hi: 1.0, lo: 0.0 };
    let mut sum = term;
    for k in 1..60 {
        term = term.mul(x).div(k as f64 + 1.0);
        sum = sum.add(term);
        if term.hi.abs() < 1e-33 {
            break;
        }
    }
    sum
}

/// `|y − exprel(x)| / exprel(x)` in units of `f64::EPSILON`, and the distance of `y` in ulps
/// from the correctly rounded `exprel(x)`, by [`exprel_reference`].
fn exprel_error(x: f64, y: f64) -> (f64, u64) {
    let reference = exprel_reference(x);
    // y − hi is exact (Sterbenz: they are within a factor 2), so only the last subtraction rounds
    let error = ((y - reference.hi) - reference.lo).abs() / reference.hi / f64::EPSILON;
    (error, ulps_apart(y, reference.hi))
}

/// Points of `|x| ≤ 1/2` for the polynomial: uniform over the interval, near 0 (where the
/// polynomial must tend to 1 and 1 + x/2), and the last few hundred f64 at either end.
fn poly_range() -> impl Strategy<Value = f64> {
    prop_oneof![
        -0.5f64..=0.5,
        -0.01f64..0.01,
        (-300.0f64..-1.0, any::<bool>()).prop_map(|(e, neg)| if neg {
            -(10f64.powf(e))
        } else {
            10f64.powf(e)
        }),
        (0u64..512, any::<bool>()).prop_map(|(k, neg)| {
            let x = f64::from_bits(0.5f64.to_bits() - k);
            if neg { -x } else { x }
        }),
    ]
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
    #![proptest_config(ProptestConfig::with_cases(20000))]

    /// The polynomial is within 2 ulp of the true exprel over `|x| ≤ 1/2`, and within
    /// 0.95·EPSILON relative (the bound `tools/exprel_poly.py` proves: 1.46 ulp, 0.95 ε).
    #[test]
    fn exprel_poly_is_within_2_ulp_of_the_true_exprel(x in poly_range()) {
        let (relative, ulps) = exprel_error(x, exprel_poly(x));
        prop_assert!(ulps <= 2, "x = {x}: {ulps} ulp");
        prop_assert!(relative <= 0.95, "x = {x}: {relative} EPSILON");
    }
}

/// Points of `|x| ≤ 1/64` for the narrow polynomial: uniform, near 0, and the last f64 at
/// either end.
fn narrow_range() -> impl Strategy<Value = f64> {
    prop_oneof![
        -EXPREL_NARROW_LIMIT..=EXPREL_NARROW_LIMIT,
        -0.006f64..-0.004,
        (-300.0f64..-2.0, any::<bool>()).prop_map(|(e, neg)| if neg {
            -(10f64.powf(e))
        } else {
            10f64.powf(e)
        }),
        (0u64..512, any::<bool>()).prop_map(|(k, neg)| {
            let x = f64::from_bits(EXPREL_NARROW_LIMIT.to_bits() - k);
            if neg { -x } else { x }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20000))]

    /// The degree-6 Taylor polynomial is within 1 ulp of the true exprel over `|x| ≤ 1/64`
    /// (its truncation error is below 0.03 EPSILON there; the rest is rounding).
    #[test]
    fn exprel_narrow_is_within_1_ulp_of_the_true_exprel(x in narrow_range()) {
        let (relative, ulps) = exprel_error(x, exprel_narrow(x));
        prop_assert!(ulps <= 1, "x = {x}: {ulps} ulp");
        prop_assert!(relative <= 1.0, "x = {x}: {relative} EPSILON");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// The kernels' exprel is the narrow polynomial up to `|x| = 1/64`, the wide one up to
    /// `1/2` and brainstate's `exprel` beyond,
    /// bit for bit; so within 2 ulp of the true exprel in the polynomial's range, and as accurate
    /// as `exprel` (libm's `expm1` and a division) elsewhere. Dense across the switch at 1/2.
    #[test]
    fn exprel_fast_is_the_polynomials_then_exprel(x in prop_oneof![
        -0.5f64..=0.5,
        -0.016f64..0.016,
        0.49f64..0.51,
        -0.51f64..-0.49,
        -1.0f64..1.0,
        -745.0f64..710.0,
        (-300.0f64..-1.0, any::<bool>()).prop_map(|(e, neg)| if neg { -(10f64.powf(e)) } else { 10f64.powf(e) }),
    ]) {
        let fast = exprel_fast(x);
        if x.abs() <= EXPREL_NARROW_LIMIT {
            prop_assert_eq!(fast.to_bits(), exprel_narrow(x).to_bits());
        } else if x.abs() <= EXPREL_POLY_LIMIT {
            prop_assert_eq!(fast.to_bits(), exprel_poly(x).to_bits());
        } else {
            prop_assert_eq!(fast.to_bits(), exprel(x).to_bits());
        }
        // and close to brainstate's exprel everywhere (which is itself off by up to ~1 ulp)
        let reference = exprel(x);
        prop_assert!(ulps_apart(fast, reference) <= 3, "x = {x}: {fast} vs {reference}");
    }
}

/// The polynomials' fixed points: exactly 1 at ±0, within 1 ulp at ±1/64 and 2 ulp at ±1/2,
/// and `exprel_fast` switching to the next just beyond each; and the double-double reference
/// agrees with a plain long Taylor sum (a check of the reference itself).
#[test]
fn exprel_polynomials_at_zero_and_at_the_limits() {
    assert_eq!(exprel_poly(0.0).to_bits(), 1f64.to_bits());
    assert_eq!(exprel_poly(-0.0).to_bits(), 1f64.to_bits());
    assert_eq!(exprel_fast(0.0).to_bits(), 1f64.to_bits());
    assert_eq!(exprel_narrow(0.0).to_bits(), 1f64.to_bits());
    assert_eq!(exprel_narrow(-0.0).to_bits(), 1f64.to_bits());
    for limit in [EXPREL_NARROW_LIMIT, -EXPREL_NARROW_LIMIT] {
        let (relative, ulps) = exprel_error(limit, exprel_narrow(limit));
        assert!(ulps <= 1 && relative <= 1.0, "{limit}: {ulps} ulp, {relative} EPSILON");
        assert_eq!(exprel_fast(limit).to_bits(), exprel_narrow(limit).to_bits());
        let beyond = if limit > 0.0 { limit.next_up() } else { limit.next_down() };
        assert_eq!(exprel_fast(beyond).to_bits(), exprel_poly(beyond).to_bits());
    }
    for limit in [EXPREL_POLY_LIMIT, -EXPREL_POLY_LIMIT] {
        let (relative, ulps) = exprel_error(limit, exprel_poly(limit));
        assert!(ulps <= 2 && relative <= 0.95, "{limit}: {ulps} ulp, {relative} EPSILON");
        assert_eq!(exprel_fast(limit).to_bits(), exprel_poly(limit).to_bits());
        let beyond = if limit > 0.0 { limit.next_up() } else { limit.next_down() };
        assert_eq!(exprel_fast(beyond).to_bits(), exprel(beyond).to_bits());
    }
    for x in [-0.5, -0.37, -0.1, 1e-3, 0.25, 0.5] {
        let reference = exprel_reference(x);
        assert!(ulps_apart(exprel_series(x), reference.hi) <= 4, "{x}");
        assert!((exprel(x) - reference.hi).abs() <= 2.0 * f64::EPSILON, "{x}");
    }
}

/// A deterministic sweep: 2^16 + 1 evenly spaced points of [−1/2, 1/2] (and their neighbours
/// one ulp away), each within 2 ulp of the true exprel; prints the worst case.
#[test]
fn exprel_poly_sweep_within_2_ulp() {
    let n = 1 << 16;
    let (mut worst_relative, mut worst_ulps) = (0.0f64, 0u64);
    for i in 0..=n {
        let centre = -0.5 + i as f64 / n as f64;
        for x in [centre.next_down(), centre, centre.next_up()] {
            if x.abs() > EXPREL_POLY_LIMIT {
                continue;
            }
            let (relative, ulps) = exprel_error(x, exprel_poly(x));
            worst_relative = worst_relative.max(relative);
            worst_ulps = worst_ulps.max(ulps);
            assert!(ulps <= 2 && relative <= 0.95, "x = {x}: {ulps} ulp, {relative} EPSILON");
        }
    }
    println!("exprel_poly sweep: worst {worst_ulps} ulp, {worst_relative:.3} EPSILON relative");
}
