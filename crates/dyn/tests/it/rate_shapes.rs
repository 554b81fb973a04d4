//! Shapes, state listing, init and reset of the rate models: brainstate's `_rate_rnns_test.py`
//! and `_readout_test.py` (3 → 3, batch 4, input of ones, output `(4, 3)`), plus what the state
//! system promises (paths, kinds, no batch axis on weights, reset keeps weights).

use neurodim_dyn::rate::*;
use neurodim_state::{Environment, StateKind, Stateful, init_all, list_states, reset_all};
use neurodim_units::*;

fn shape_of(model: &dyn Stateful, path: &str) -> Vec<usize> {
    list_states(model).into_iter().find(|info| info.path == path).expect(path).shape
}

fn check_cell(mut cell: impl RnnCell, hidden_paths: &[&str]) {
    init_all(&mut cell, Some(4), 0).unwrap();
    let h = cell.update(&[1.0; 12]).unwrap().to_vec();
    assert_eq!(h.len(), 12, "output (4, 3)");
    assert!(h.iter().all(|v| v.is_finite()));
    for path in hidden_paths {
        assert_eq!(shape_of(&cell, path), vec![4, 3]);
    }
    for info in list_states(&cell) {
        match info.kind {
            StateKind::Param => assert_ne!(info.shape[0], 4, "{} has a batch axis", info.path),
            StateKind::Hidden => assert!(hidden_paths.contains(&info.path.as_str())),
            other => panic!("unexpected kind {other}"),
        }
    }
    // reset restores the hidden states (zero) and keeps the weights
    let params_before: Vec<_> =
        list_states(&cell).into_iter().filter(|i| i.kind == StateKind::Param).collect();
    reset_all(&mut cell).unwrap();
    assert_eq!(cell.hidden(), &[0.0; 12]);
    let params_after: Vec<_> =
        list_states(&cell).into_iter().filter(|i| i.kind == StateKind::Param).collect();
    assert_eq!(params_before, params_after);
    // without a batch: shape (3,)
    init_all(&mut cell, None, 0).unwrap();
    assert_eq!(cell.update(&[1.0; 3]).unwrap().len(), 3);
}

#[test]
fn vanilla_rnn_shapes() {
    let cell = VanillaRnnCell::new(3, 3).unwrap();
    check_cell(cell.clone(), &["h"]);
    assert_eq!(shape_of(&cell, "W.weight"), vec![6, 3]);
    assert_eq!(shape_of(&cell, "W.bias"), vec![3]);
}

#[test]
fn gru_shapes() {
    let cell = GruCell::new(3, 3).unwrap();
    check_cell(cell.clone(), &["h"]);
    assert_eq!(shape_of(&cell, "Wrz.weight"), vec![6, 6]);
    assert_eq!(shape_of(&cell, "Wh.weight"), vec![6, 3]);
}

#[test]
fn mgu_shapes() {
    let cell = MguCell::new(3, 3).unwrap();
    check_cell(cell.clone(), &["h"]);
    assert_eq!(shape_of(&cell, "Wf.weight"), vec![6, 3]);
    assert_eq!(shape_of(&cell, "Wh.weight"), vec![6, 3]);
}

#[test]
fn lstm_shapes() {
    let cell = LstmCell::new(3, 3).unwrap();
    check_cell(cell.clone(), &["c", "h"]);
    assert_eq!(shape_of(&cell, "W.weight"), vec![6, 12]);
    assert_eq!(shape_of(&cell, "W.bias"), vec![12]);
}

#[test]
fn urlstm_shapes() {
    let cell = UrlstmCell::new(3, 3).unwrap();
    check_cell(cell.clone(), &["c", "h"]);
    assert_eq!(shape_of(&cell, "W.weight"), vec![6, 12]);
    assert_eq!(shape_of(&cell, "bias"), vec![3]);
    assert!(list_states(&cell).iter().all(|info| info.path != "W.bias"), "W has no bias");
}

#[test]
fn every_param_of_a_batched_cell_is_unbatched() {
    let mut cell = LstmCell::new(3, 5).unwrap();
    init_all(&mut cell, Some(7), 1).unwrap();
    for info in list_states(&cell) {
        if info.kind == StateKind::Param {
            assert_ne!(info.shape[0], 7, "{} has a batch axis", info.path);
        } else {
            assert_eq!(info.shape, vec![7, 5]);
        }
    }
}

#[test]
fn leaky_rate_readout_shapes() {
    let mut readout = LeakyRateReadout::new(3, 3, 5.0 * ms).unwrap();
    init_all(&mut readout, Some(4), 0).unwrap();
    let ctx = Environment::new(0.1 * ms).unwrap().step(0);
    assert_eq!(readout.update(&ctx, &[1.0; 12]).unwrap().len(), 12);
    assert_eq!(shape_of(&readout, "weight"), vec![3, 3]);
    assert_eq!(shape_of(&readout, "r"), vec![4, 3]);
}

#[test]
fn leaky_spike_readout_shapes() {
    let mut readout = LeakySpikeReadout::new(3).unwrap();
    init_all(&mut readout, Some(4), 0).unwrap();
    let ctx = Environment::new(0.1 * ms).unwrap().step(0);
    let spikes = readout.update(&ctx, &[1.0; 12]).unwrap();
    assert_eq!(spikes.len(), 12);
    assert!(spikes.iter().all(|&x| x == 0.0 || x == 1.0));
    assert_eq!(shape_of(&readout, "weight"), vec![3, 3]);
    assert_eq!(shape_of(&readout, "V"), vec![4, 3]);
}

#[test]
fn layer_shapes_and_paths() {
    use neurodim_state::init::Constant;
    let linear = Linear::<f64, f64>::new(3, 2, Constant(1.0)).unwrap();
    let paths: Vec<_> =
        list_states(&linear).into_iter().map(|info| (info.path, info.kind, info.shape)).collect();
    assert_eq!(
        paths,
        [
            ("weight".into(), StateKind::Param, vec![3, 2]),
            ("bias".into(), StateKind::Param, vec![2])
        ]
    );
    let all = AllToAll::<f64, f64>::homogeneous(3, 3, 1.0).unwrap();
    assert_eq!(shape_of(&all, "weight"), vec![1]);
    let one = OneToOne::<f64, f64>::new(3, Constant(1.0)).unwrap();
    assert_eq!(shape_of(&one, "weight"), vec![3]);
}
