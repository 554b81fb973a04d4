//! The quantity types agree with uom's own dimension algebra, and the unit constants with
//! their definitions.

use neurodim_units::*;

/// Assigning uom's computed product to the declared alias only compiles if the types are equal.
#[test]
fn quantities_match_uom_algebra() {
    let g: ConductanceDensity = 1.0 * mS / (1.0 * cm2);
    let i: CurrentDensity = 1.0 * uA / (1.0 * cm2);
    let c: CapacitanceDensity = 1.0 * uF / (1.0 * cm2);
    let dv: VoltageRate = 1.0 * mV / (1.0 * ms);
    let di: CurrentRate = 1.0 * pA / (1.0 * ms);
    let dg: ConductanceRate = 1.0 * nS / (1.0 * ms);
    let dc: ConcentrationRate = 1.0 * mM / (1.0 * ms);
    let dr: RatioRate = (1.0 * ms / (1.0 * ms)) / (1.0 * ms);
    // The densities of the constants are the SI values of their definitions.
    for (got, want) in [
        (g.value, mS_per_cm2.value),
        (i.value, uA_per_cm2.value),
        (c.value, uF_per_cm2.value),
        (dv.value, 1.0),
        (di.value, 1e-9),
        (dg.value, 1e-6),
        (dc.value, 1e3),
        (dr.value, 1e3),
    ] {
        assert!((got - want).abs() <= 1e-15 * want.abs(), "{got} != {want}");
    }
}

/// Ohm's law and the membrane equation come out in the expected types and values.
#[test]
fn neuroscience_identities() {
    // R·I with R = 1 Ω and I = 20 mA is 20 mV, as in brainstate's COBA benchmark.
    let v: Voltage = 1.0 * ohm * (20.0 * mA);
    assert!((v.value_in(mV) - 20.0).abs() < 1e-12);
    // τ = R·C: 100 MΩ · 200 pF = 20 ms.
    let tau: Time = 100.0 * Mohm * (200.0 * pF);
    assert!((tau.value_in(ms) - 20.0).abs() < 1e-12);
    // g·(E−V) in mS·mV is µA: brainstate's unit effect in its COBA example.
    let i: Current = 0.6 * mS * (0.0 * mV - (-60.0 * mV));
    assert!((i.value_in(uA) - 36.0).abs() < 1e-12);
    // A conductance jump divided by a capacitance is a rate of voltage change per volt.
    let rate: Frequency = 10.0 * nS / (200.0 * pF);
    assert!((rate.value_in(Hz) - 50.0).abs() < 1e-12);
}

#[test]
fn display_uses_the_fields_units() {
    assert_eq!((-65.0 * mV).display().to_string(), "-65 mV");
    assert_eq!((20.0 * ms).display().to_string(), "20 ms");
    assert_eq!((0.6 * nS).display().to_string(), "0.6 nS");
    assert_eq!((200.0 * pF).display().to_string(), "200 pF");
    assert_eq!((200.0 * pA).display().to_string(), "200 pA");
    assert_eq!((100.0 * Mohm).display().to_string(), "100 MΩ");
    assert_eq!((10.0 * Hz).display().to_string(), "10 Hz");
    assert_eq!((1.2 * mM).display().to_string(), "1.2 mM");
    assert_eq!((120.0 * mS_per_cm2).display().to_string(), "120 mS/cm²");
    assert_eq!((1.0 * uF_per_cm2).display().to_string(), "1 µF/cm²");
    assert_eq!((10.0 * uA_per_cm2).display().to_string(), "10 µA/cm²");
    assert_eq!((20000.0 * um2).display().to_string(), "20000 µm²");
    assert_eq!((0.25 * (ms / ms)).display().to_string(), "0.25");
    assert_eq!((f64::NAN * mV).display().to_string(), "NaN mV");
    assert_eq!(format!("{:.3}", (2.0 / 3.0 * ms).display()), "0.667 ms");
}

#[test]
fn exprel_matches_brainstate_branches() {
    // At and below the threshold: the Taylor polynomial, bit for bit.
    for x in [1e-8, -1e-8, 5e-9, 0.0, -1e-300] {
        assert_eq!(exprel(x), 1.0 + x / 2.0 + x * x / 6.0, "x = {x}");
    }
    // Above: expm1(x)/x, bit for bit.
    for x in [1.0000001e-8, -2e-8, 0.5, -30.0, 700.0] {
        assert_eq!(exprel(x), x.exp_m1() / x, "x = {x}");
    }
    // Limits: exprel(x) → −1/x for x → −∞; large x overflows to inf like expm1.
    assert_eq!(exprel(-1e6), 1e-6);
    assert_eq!(exprel(1e6), f64::INFINITY);
}

#[test]
fn probability_rejects_out_of_range_with_the_value() {
    for bad in [-1e-300, -0.5, 1.0 + f64::EPSILON, 2.0, f64::INFINITY, f64::NEG_INFINITY] {
        let err = Probability::new(bad).unwrap_err();
        assert_eq!(err.param(), "probability");
        assert_eq!(err.to_string(), format!("invalid probability: {bad} (must lie in [0, 1])"));
    }
    let nan = Probability::new(f64::NAN).unwrap_err();
    assert_eq!(nan.to_string(), "invalid probability: NaN (must lie in [0, 1])");
    // Bounds are inclusive, and -0.0 is a valid zero.
    assert_eq!(Probability::new(0.0).unwrap(), Probability::ZERO);
    assert_eq!(Probability::new(1.0).unwrap(), Probability::ONE);
    assert_eq!(Probability::new(-0.0).unwrap().get(), 0.0);
}

#[test]
fn probability_from_rate_times_dt() {
    let p: Probability = (50.0 * Hz * (0.1 * ms)).try_into().unwrap();
    assert!((p.get() - 0.005).abs() < 1e-18);
    let too_high: Result<Probability, _> = (20.0 * kHz * (1.0 * ms)).try_into();
    assert!(too_high.is_err());
}

#[test]
fn probability_serde_round_trips_and_checks_on_load() {
    let p = Probability::new(0.25).unwrap();
    let text = serde_json::to_string(&p).unwrap();
    assert_eq!(text, "0.25");
    assert_eq!(serde_json::from_str::<Probability>(&text).unwrap(), p);
    let err = serde_json::from_str::<Probability>("1.5").unwrap_err();
    assert!(err.to_string().contains("invalid probability: 1.5"), "{err}");
}

#[test]
fn validation_messages_name_param_value_and_rule() {
    use neurodim_units::validate::*;
    assert_eq!(
        positive("tau", 0.0 * ms).unwrap_err().to_string(),
        "invalid tau: 0 ms (must be > 0)"
    );
    assert_eq!(
        positive("dt", f64::NAN * ms).unwrap_err().to_string(),
        "invalid dt: NaN ms (must be finite)"
    );
    assert_eq!(
        non_negative("tau_ref", -2.0 * ms).unwrap_err().to_string(),
        "invalid tau_ref: -2 ms (must be >= 0)"
    );
    assert_eq!(
        finite("V_th", f64::INFINITY * mV).unwrap_err().to_string(),
        "invalid V_th: inf mV (must be finite)"
    );
    assert_eq!(
        positive_number("alpha", -1.0).unwrap_err().to_string(),
        "invalid alpha: -1 (must be > 0)"
    );
    assert_eq!(non_negative("delay", 0.0 * ms).unwrap(), 0.0 * ms);
}
