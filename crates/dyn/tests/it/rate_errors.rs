//! Bad input to the rate models: every rejection is a typed error that names the thing.

use neurodim_dyn::DynError;
use neurodim_dyn::rate::*;
use neurodim_state::init::Constant;
use neurodim_state::{StateError, StepContext, init_all};
use neurodim_units::*;

/// The parameter an `Invalid` error is about.
fn param_of(err: DynError) -> &'static str {
    err.param().unwrap_or_else(|| panic!("expected an invalid-parameter error, got {err:?}"))
}

fn size_mismatch(err: DynError) -> (String, usize, usize) {
    match err {
        DynError::SizeMismatch { what, expected, found } => (what, expected, found),
        other => panic!("expected a size mismatch, got {other:?}"),
    }
}

type CellCtor = fn(usize, usize) -> Result<Box<dyn RnnCell>, DynError>;

fn cells() -> [(&'static str, CellCtor); 5] {
    [
        ("vanilla RNN input", |i, o| Ok(Box::new(VanillaRnnCell::new(i, o)?))),
        ("GRU input", |i, o| Ok(Box::new(GruCell::new(i, o)?))),
        ("MGU input", |i, o| Ok(Box::new(MguCell::new(i, o)?))),
        ("LSTM input", |i, o| Ok(Box::new(LstmCell::new(i, o)?))),
        ("URLSTM input", |i, o| Ok(Box::new(UrlstmCell::new(i, o)?))),
    ]
}

#[test]
fn cells_reject_an_input_of_the_wrong_size() {
    for (what, make) in cells() {
        let mut cell = make(3, 4).unwrap();
        init_all(cell.as_mut(), Some(2), 0).unwrap();
        let err = cell.update(&[1.0; 3]).unwrap_err(); // one item given, two expected
        assert_eq!(size_mismatch(err.clone()), (what.to_string(), 6, 3));
        assert_eq!(err.to_string(), format!("{what}: expected size 6, found 3"));
        assert!(cell.update(&[1.0; 8]).is_err(), "{what}: 8 = 2 items of 4, not of 3");
        assert!(cell.update(&[1.0; 6]).is_ok());
    }
}

#[test]
fn cells_reject_zero_sized_layers() {
    for (what, make) in cells() {
        assert_eq!(param_of(make(0, 3).err().unwrap()), "num_in", "{what}");
        assert_eq!(param_of(make(3, 0).err().unwrap()), "num_out", "{what}");
    }
    let err = GruCell::new(3, 0).unwrap_err();
    assert_eq!(err.to_string(), "invalid num_out: 0 (must be >= 1)");
}

#[test]
fn cells_must_be_initialised_before_a_step() {
    for (what, make) in cells() {
        let mut cell = make(2, 2).unwrap();
        let err = cell.update(&[1.0, 1.0]).unwrap_err();
        assert_eq!(err, DynError::State(StateError::Uninitialised { path: "h".into() }), "{what}");
    }
}

#[test]
fn urlstm_rules() {
    assert_eq!(param_of(UrlstmCell::new(3, 1).unwrap_err()), "num_out");
    let err = UrlstmCell::with_options(3, 3, CellOptions::new().b_init(Constant(0.0))).unwrap_err();
    assert_eq!(param_of(err), "b_init");
}

#[test]
fn unknown_activation_names_are_errors() {
    for name in ["", "ReLU", "tanh ", "identity"] {
        let err = Activation::from_name(name).unwrap_err();
        assert_eq!(param_of(err.clone()), "activation");
        assert!(err.to_string().contains("must be one of relu, tanh"), "{err}");
        assert!(name.parse::<Activation>().is_err());
    }
}

#[test]
fn readouts_reject_bad_time_constants_and_thresholds() {
    for tau in [0.0 * ms, -5.0 * ms, f64::NAN * ms, f64::INFINITY * ms] {
        assert_eq!(param_of(LeakyRateReadout::new(3, 3, tau).unwrap_err()), "tau");
        let per_output =
            LeakyRateReadout::new(3, 2, 5.0 * ms).unwrap().with_tau_per_output(vec![1.0 * ms, tau]);
        assert_eq!(param_of(per_output.unwrap_err()), "tau");
        assert_eq!(param_of(LeakySpikeReadout::new(3).unwrap().with_tau(tau).unwrap_err()), "tau");
    }
    let err = LeakyRateReadout::new(3, 2, 5.0 * ms)
        .unwrap()
        .with_tau_per_output(vec![1.0 * ms])
        .unwrap_err();
    assert_eq!(size_mismatch(err), ("tau".into(), 2, 1));
    for v_th in [0.0 * mV, -1.0 * mV, f64::NAN * mV] {
        assert_eq!(
            param_of(LeakySpikeReadout::new(3).unwrap().with_v_th(v_th).unwrap_err()),
            "V_th"
        );
    }
}

#[test]
fn readouts_reject_zero_sizes_bad_inputs_and_bad_dt() {
    assert_eq!(param_of(LeakyRateReadout::new(0, 3, 5.0 * ms).unwrap_err()), "num_in");
    assert_eq!(param_of(LeakyRateReadout::new(3, 0, 5.0 * ms).unwrap_err()), "num_out");
    assert_eq!(param_of(LeakySpikeReadout::new(0).unwrap_err()), "in_size");

    let ok = StepContext { dt: 0.1 * ms, t: 0.0 * ms, i: 0 };
    let zero_dt = StepContext { dt: 0.0 * ms, ..ok };
    let mut rate = LeakyRateReadout::new(3, 2, 5.0 * ms).unwrap();
    init_all(&mut rate, Some(2), 0).unwrap();
    assert_eq!(
        size_mismatch(rate.update(&ok, &[1.0; 3]).unwrap_err()),
        ("LeakyRateReadout input".into(), 6, 3)
    );
    assert_eq!(param_of(rate.update(&zero_dt, &[1.0; 6]).unwrap_err()), "dt");

    let mut spike = LeakySpikeReadout::new(3).unwrap();
    init_all(&mut spike, None, 0).unwrap();
    assert_eq!(
        size_mismatch(spike.update(&ok, &[1.0; 2]).unwrap_err()),
        ("LeakySpikeReadout input".into(), 3, 2)
    );
    assert_eq!(param_of(spike.update(&zero_dt, &[1.0; 3]).unwrap_err()), "dt");
}

#[test]
fn layers_reject_bad_sizes() {
    assert_eq!(param_of(Linear::<f64, f64>::new(0, 2, Constant(1.0)).unwrap_err()), "num_in");
    assert_eq!(param_of(Linear::<f64, f64>::new(2, 0, Constant(1.0)).unwrap_err()), "num_out");
    let err =
        Linear::<f64, f64>::new(2, 3, Constant(1.0)).unwrap().with_mask(vec![true; 5]).unwrap_err();
    assert_eq!(size_mismatch(err), ("w_mask".into(), 6, 5));

    let mut linear = Linear::<f64, f64>::new(2, 3, Constant(1.0)).unwrap();
    assert_eq!(
        linear.forward(&[1.0, 2.0]).unwrap_err(),
        DynError::State(StateError::Uninitialised { path: "weight".into() })
    );
    init_all(&mut linear, None, 0).unwrap();
    assert_eq!(
        size_mismatch(linear.forward(&[1.0; 3]).unwrap_err()),
        ("Linear input".into(), 2, 3)
    );
    assert_eq!(size_mismatch(linear.forward(&[]).unwrap_err()), ("Linear input".into(), 2, 0));
    let mut y = [0.0; 4];
    assert_eq!(
        size_mismatch(linear.forward_into(&[1.0; 2], &mut y).unwrap_err()),
        ("Linear output".into(), 3, 4)
    );

    assert_eq!(param_of(AllToAll::<f64, f64>::homogeneous(0, 2, 1.0).unwrap_err()), "num_in");
    assert_eq!(param_of(AllToAll::<f64, f64>::dense(2, 0, Constant(1.0)).unwrap_err()), "num_out");
    assert_eq!(param_of(AllToAll::<f64, f64>::homogeneous(2, 2, f64::INFINITY).unwrap_err()), "w");
    let err = AllToAll::<f64, f64>::dense(2, 3, Constant(1.0)).unwrap().without_self().unwrap_err();
    assert_eq!(size_mismatch(err).1, 2);
    let mut all = AllToAll::<f64, f64>::homogeneous(2, 2, 1.0).unwrap();
    init_all(&mut all, None, 0).unwrap();
    assert_eq!(size_mismatch(all.forward(&[1.0; 3]).unwrap_err()).0, "AllToAll input");

    assert_eq!(param_of(OneToOne::<f64, f64>::new(0, Constant(1.0)).unwrap_err()), "in_size");
    let mut one = OneToOne::<f64, f64>::new(2, Constant(1.0)).unwrap();
    init_all(&mut one, None, 0).unwrap();
    assert_eq!(size_mismatch(one.forward(&[1.0; 3]).unwrap_err()).0, "OneToOne input");
}
