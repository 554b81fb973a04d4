//! No state starts non-finite or unallocatable: non-finite constants, draws that overflow, and
//! shapes the machine cannot hold are typed errors at init, and every constructor of an
//! initialiser, given any `f64`, returns `Ok` or `Err` without panicking.

use neurodim_state::init::{
    Constant, FanMode, Identity, Initializer, Normal, Orthogonal, ScalingDistribution,
    TruncatedNormal, Uniform, VarianceScaling, Zero,
};
use neurodim_state::*;
use neurodim_units::*;
use proptest::prelude::*;

fn key() -> StreamKey {
    StreamKey::new(5, "x")
}

#[test]
fn non_finite_constants_are_rejected_with_their_rule() {
    for (bad, shown) in [(f64::NAN, "NaN"), (f64::INFINITY, "inf"), (f64::NEG_INFINITY, "-inf")] {
        let mut v = State::hidden(Shape::vector(3).unwrap(), Constant(bad * mV));
        let err = v.init(None, key()).unwrap_err();
        assert_eq!(err.to_string(), format!("invalid Constant: {shown} mV (must be finite)"));
        assert!(v.values().is_empty(), "a refused init leaves no values");
        let mut x = State::hidden(Shape::vector(3).unwrap(), Constant(bad));
        assert!(
            matches!(x.init(None, key()), Err(StateError::Units(e)) if e.param() == "Constant")
        );
        let delay = Delay::new(Shape::vector(2).unwrap(), 0.1 * ms).unwrap();
        let mut delay = delay.with_initializer(Constant(bad * nS));
        assert!(delay.init(None, key()).is_err());
    }
    // Finite constants, booleans, subnormals and extremes are fine.
    for good in [0.0, -0.0, 5e-324, f64::MAX, f64::MIN] {
        let mut x = State::hidden(Shape::vector(2).unwrap(), Constant(good));
        x.init(None, key()).unwrap();
        assert_eq!(x.values(), [good; 2]);
    }
    let mut spikes = State::short_term(Shape::vector(2).unwrap(), Constant(true));
    spikes.init(None, key()).unwrap();
}

#[test]
fn draws_that_overflow_are_rejected() {
    // Finite parameters whose draws leave the f64 range.
    let mut x = State::hidden(Shape::vector(64).unwrap(), Normal::new(f64::MAX, f64::MAX).unwrap());
    let err = x.init(None, key()).unwrap_err();
    let StateError::NonFiniteInitialValue { ref initializer, index, ref value } = err else {
        panic!("{err}")
    };
    assert!(initializer.starts_with("Normal"), "{initializer}");
    assert!(value == "inf" || value == "-inf", "{value}");
    assert!(err.to_string().ends_with("(initial values must be finite)"), "{err}");
    assert!(index < 64);
    assert!(x.values().is_empty());
}

#[test]
fn a_state_too_large_to_allocate_is_an_error_that_says_how_much() {
    // 2^60 elements fit usize, but not their 2^63 bytes.
    let mut x = State::<f64>::hidden(Shape::new([1usize << 40, 1 << 20]).unwrap(), Zero);
    let err = x.init(None, key()).unwrap_err();
    assert_eq!(
        err,
        StateError::TooLarge {
            what: "a state of shape [1099511627776, 1048576]".into(),
            bytes: 1 << 63,
        }
    );
    assert_eq!(
        err.to_string(),
        "a state of shape [1099511627776, 1048576] needs 9223372036854775808 bytes \
         (8589934592.0 GiB), more than can be allocated"
    );
    // With a batch the product overflows usize itself.
    let mut y = State::<f64>::hidden(Shape::new([1usize << 40, 1 << 20]).unwrap(), Zero);
    assert!(matches!(y.init(Some(1 << 10), key()), Err(StateError::InvalidShape { .. })));
    // A delay's history counts its slots.
    let mut d = Delay::<Voltage>::new(Shape::vector(1 << 20).unwrap(), 0.1 * ms).unwrap();
    d.register_steps("long", 1 << 43).unwrap();
    assert!(matches!(d.init(None, key()), Err(StateError::TooLarge { .. })));
    // Called directly, an initialiser refuses a shape whose size overflows.
    let huge = [usize::MAX, 2];
    assert!(Constant(1.0).values(&huge, &mut key().rng()).is_err());
    assert!(Normal::new(0.0, 1.0).unwrap().values(&huge, &mut key().rng()).is_err());
}

/// Any `f64`, with the special values often enough to matter.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => prop::num::f64::ANY,
        1 => prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            0.0,
            -0.0,
            1.0,
            -1.0,
        ]),
    ]
}

/// Initialises a state of `shape` with `init`: either an error, or values that are all finite.
fn init_is_ok_and_finite_or_err<I: Initializer<f64> + 'static>(
    init: I,
    shape: &[usize],
) -> Result<(), TestCaseError> {
    let mut x = State::hidden(Shape::new(shape.to_vec()).unwrap(), init);
    if x.init(None, key()).is_ok() {
        prop_assert!(x.values().iter().all(|v| v.is_finite()), "{:?}", x.values());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn constructors_given_any_f64_return_ok_or_err_and_ok_states_start_finite(
        a in any_f64(), b in any_f64(), c in any_f64(), d in any_f64(),
    ) {
        let shape = [4, 3];
        init_is_ok_and_finite_or_err(Constant(a), &shape)?;
        if let Ok(init) = Normal::new(a, b) {
            init_is_ok_and_finite_or_err(init, &shape)?;
        }
        if let Ok(init) = Uniform::new(a, b) {
            init_is_ok_and_finite_or_err(init, &shape)?;
        }
        if let Ok(init) = TruncatedNormal::new(a, b, c, d) {
            init_is_ok_and_finite_or_err(init, &shape)?;
        }
        for mode in [FanMode::FanIn, FanMode::FanOut, FanMode::FanAvg] {
            for dist in [ScalingDistribution::Normal, ScalingDistribution::Uniform,
                         ScalingDistribution::TruncatedNormal] {
                if let Ok(init) = VarianceScaling::new(a, mode, dist, b) {
                    init_is_ok_and_finite_or_err(init, &shape)?;
                }
            }
        }
        if let Ok(init) = Orthogonal::new(a, b) {
            init_is_ok_and_finite_or_err(init, &shape)?;
        }
        if let Ok(init) = Identity::new(a) {
            init_is_ok_and_finite_or_err(init, &shape)?;
        }
    }
}

#[test]
fn step_counts_that_do_not_fit_a_u64_are_errors() {
    let env = Environment::new(0.1 * ms).unwrap();
    assert_eq!(env.steps_in(1.0 * s).unwrap(), 10_000);
    let err = env.steps_in(1e20 * s).unwrap_err();
    assert!(matches!(&err, StateError::Units(e) if e.param() == "duration"), "{err}");
    assert!(err.to_string().ends_with("(must be fewer than 2^64 steps)"), "{err}");
    // A tiny dt: one second is 1e300 steps.
    let tiny = Environment::new(1e-300 * s).unwrap();
    assert!(tiny.steps_in(1.0 * s).is_err());
    // A subnormal dt: the count is infinite.
    let subnormal = Environment::new(5e-324 * s).unwrap();
    assert!(subnormal.steps_in(1.0 * ms).is_err());
    // The largest count that fits is still a count, not saturated.
    let one_second = Environment::new(1.0 * s).unwrap();
    let big = one_second.steps_in(1.8e19 * s).unwrap();
    assert_eq!(big, 18_000_000_000_000_000_000);
    assert!(one_second.steps_in(1.85e19 * s).is_err());
}

/// A bound far out in the tail (more than 1.3e154 scales from `loc`, where the sampler's
/// squares overflow) once made the rejection loop compare against NaN forever.
#[test]
fn a_truncated_normal_far_in_the_tail_terminates_within_its_bounds() {
    for (lower, upper) in [
        (1e200, f64::INFINITY),
        (1e200, 1.0000001e200),
        (f64::NEG_INFINITY, -1e300),
        (1e154, 1e154 + 1e140),
        (f64::MAX / 4.0, f64::MAX / 2.0),
    ] {
        let init = TruncatedNormal::new(0.0, 1.0, lower, upper).unwrap();
        let values = init.values(&[50], &mut key().rng()).unwrap();
        assert!(values.iter().all(|&x| (lower..=upper).contains(&x)), "{lower}..{upper}");
    }
    // The same tail reached through a tiny scale.
    let tiny = TruncatedNormal::new(0.0, 5e-324, 1e-170, 1e-160).unwrap();
    let values = tiny.values(&[50], &mut key().rng()).unwrap();
    assert!(values.iter().all(|&x| (1e-170..=1e-160).contains(&x)));
}
