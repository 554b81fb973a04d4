//! Checkpoints: random state trees round-trip bit-exactly through JSON and bytes, and tampered
//! files are refused with errors that name the path.

use neurodim_state::init::{Constant, Normal, Zero};
use neurodim_state::*;
use neurodim_units::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// A state of one of the value types a model uses.
enum Leaf {
    Voltage(State<Voltage>),
    Conductance(State<Conductance>),
    Number(State<f64>),
    Spike(State<bool>),
    VoltageHistory(Delay<Voltage>),
}

impl Leaf {
    fn get(&self) -> &dyn AnyState {
        match self {
            Leaf::Voltage(state) => state as &dyn AnyState,
            Leaf::Conductance(state) => state,
            Leaf::Number(state) => state,
            Leaf::Spike(state) => state,
            Leaf::VoltageHistory(delay) => delay,
        }
    }

    fn get_mut(&mut self) -> &mut dyn AnyState {
        match self {
            Leaf::Voltage(state) => state as &mut dyn AnyState,
            Leaf::Conductance(state) => state,
            Leaf::Number(state) => state,
            Leaf::Spike(state) => state,
            Leaf::VoltageHistory(delay) => delay,
        }
    }
}

/// A model of nested groups, each with states.
#[derive(Default)]
struct Tree {
    leaves: Vec<(String, Leaf)>,
    children: Vec<(String, Tree)>,
}

impl Stateful for Tree {
    fn visit_states(&self, v: &mut Visit<'_>) {
        self.leaves.iter().for_each(|(name, leaf)| v.state(name, leaf.get()));
        self.children.iter().for_each(|(name, child)| v.child(name, child));
    }
    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        self.leaves.iter_mut().for_each(|(name, leaf)| v.state(name, leaf.get_mut()));
        self.children.iter_mut().for_each(|(name, child)| v.child(name, child));
    }
}

/// What a generated state is: its group (0 root, 1 "E", 2 "E.syn"), value type (0..5),
/// kind (0..4) and population shape.
type Spec = (usize, usize, usize, Vec<usize>);

fn kind(k: usize) -> StateKind {
    [StateKind::Hidden, StateKind::ShortTerm, StateKind::LongTerm, StateKind::Param][k]
}

fn leaf(value_type: usize, k: usize, shape: Shape) -> Leaf {
    match value_type {
        0 => Leaf::Voltage(State::new(kind(k), shape, Constant(-65.0 * mV))),
        1 => Leaf::Conductance(State::new(kind(k), shape, Zero)),
        2 => Leaf::Number(State::new(kind(k), shape, Normal::new(0.0, 1.0).unwrap())),
        3 => Leaf::Spike(State::new(kind(k), shape, Zero)),
        _ => {
            let mut d = Delay::new(shape, 0.1 * ms).unwrap();
            d.register_steps("d", k).unwrap();
            Leaf::VoltageHistory(d)
        }
    }
}

/// The tree of `specs` ("E" holds "syn"), initialised for `batch`.
fn build(specs: &[Spec], batch: Option<usize>, seed: u64) -> Tree {
    let mut root = Tree::default();
    let mut e = Tree::default();
    let mut syn = Tree::default();
    for (i, (group, value_type, k, dims)) in specs.iter().enumerate() {
        let node = match group {
            0 => &mut root,
            1 => &mut e,
            _ => &mut syn,
        };
        node.leaves
            .push((format!("s{i}"), leaf(*value_type, *k, Shape::new(dims.clone()).unwrap())));
    }
    e.children.push(("syn".into(), syn));
    root.children.push(("E".into(), e));
    init_all(&mut root, batch, seed).unwrap();
    root
}

/// Overwrites every state's values with values from `pool` (booleans: 0 or 1).
fn fill(model: &mut Tree, pool: &[f64]) {
    let mut next = 0;
    try_for_each_state_mut(model, |_, state| {
        let n = state.full_shape().iter().product();
        let values: Vec<f64> = (0..n)
            .map(|_| {
                next += 1;
                let x = pool[next % pool.len()];
                if state.value_type() == ValueType::Bool { f64::from(x > 0.0) } else { x }
            })
            .collect();
        state.load_si(&values)
    })
    .unwrap();
}

/// Everything about the states, values as raw bits.
fn snapshot(model: &Tree) -> Vec<(StateInfo, Vec<u64>)> {
    let mut out = Vec::new();
    for_each_state(model, |path, state| {
        let info = StateInfo {
            path: path.into(),
            kind: state.kind(),
            value_type: state.value_type(),
            shape: state.full_shape(),
        };
        out.push((info, state.to_si().iter().map(|x| x.to_bits()).collect()));
    });
    out
}

fn spec() -> impl Strategy<Value = Spec> {
    (0..3usize, 0..5usize, 0..4usize, prop::collection::vec(1..4usize, 1..3))
}

/// Every f64 but NaNs with payloads (JSON keeps only the canonical NaN).
fn json_value() -> impl Strategy<Value = f64> {
    use prop::num::f64::{INFINITE, NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    prop_oneof![
        (POSITIVE | NEGATIVE | NORMAL | SUBNORMAL | ZERO | INFINITE),
        Just(f64::NAN),
        Just(-0.0),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn json_round_trips_bit_exactly(
        specs in prop::collection::vec(spec(), 1..8),
        batch in prop::option::of(1..3usize),
        pool in prop::collection::vec(json_value(), 1..40),
    ) {
        let mut saved = build(&specs, batch, 1);
        fill(&mut saved, &pool);
        let json = Checkpoint::capture(&saved).to_json();
        let mut loaded = build(&specs, batch, 2);
        let report = Checkpoint::from_json(&json).unwrap().restore(&mut loaded).unwrap();
        prop_assert!(report.is_complete());
        prop_assert_eq!(report.loaded, specs.len());
        prop_assert_eq!(snapshot(&loaded), snapshot(&saved));
    }

    #[test]
    fn bytes_round_trip_bit_exactly_with_nan_payloads(
        specs in prop::collection::vec(spec(), 1..8),
        batch in prop::option::of(1..3usize),
        pool in prop::collection::vec(prop::num::f64::ANY, 1..40),
    ) {
        let mut saved = build(&specs, batch, 1);
        fill(&mut saved, &pool);
        let bytes = Checkpoint::capture(&saved).to_bytes();
        let mut loaded = build(&specs, batch, 2);
        Checkpoint::from_bytes(&bytes).unwrap().restore_exact(&mut loaded).unwrap();
        prop_assert_eq!(snapshot(&loaded), snapshot(&saved));
    }

    #[test]
    fn truncated_bytes_are_refused(specs in prop::collection::vec(spec(), 1..4), cut in 1..64usize) {
        let bytes = Checkpoint::capture(&build(&specs, None, 1)).to_bytes();
        let cut = cut.min(bytes.len());
        let err = Checkpoint::from_bytes(&bytes[..bytes.len() - cut]).unwrap_err();
        prop_assert!(matches!(err, StateError::CheckpointCorrupt { .. }), "{}", err);
    }
}

/// A model with "E.s0" (hidden voltage [4]) and "E.s1" (param conductance [4]) and its JSON.
fn saved() -> (Tree, Value) {
    let specs = vec![(1, 0, 0, vec![4]), (1, 1, 3, vec![4])];
    let mut model = build(&specs, None, 0);
    fill(&mut model, &[-0.07, 1e-9, f64::INFINITY]);
    let json = serde_json::from_str(&Checkpoint::capture(&model).to_json()).unwrap();
    (model, json)
}

/// Restores the edited JSON into a fresh copy of the model; returns the error, and checks
/// that a refused restore wrote nothing.
fn restore_err(json: &Value, exact: bool) -> String {
    let (mut model, _) = saved();
    reset_all(&mut model).unwrap();
    let before = snapshot(&model);
    let result = Checkpoint::from_json(&json.to_string()).and_then(|cp| {
        if exact { cp.restore_exact(&mut model) } else { cp.restore(&mut model).map(|_| ()) }
    });
    assert_eq!(snapshot(&model), before, "a refused restore must write nothing");
    result.unwrap_err().to_string()
}

#[test]
fn missing_and_unexpected_paths_are_reported_or_refused() {
    let (_, mut json) = saved();
    json["states"][1]["path"] = json!("E.old");
    let (mut model, _) = saved();
    let report = Checkpoint::from_json(&json.to_string()).unwrap().restore(&mut model).unwrap();
    assert_eq!(
        report,
        LoadReport { loaded: 1, missing: vec!["E.s1".into()], unexpected: vec!["E.old".into()] }
    );
    assert_eq!(
        restore_err(&json, true),
        "checkpoint paths differ from the model's: missing [\"E.s1\"], unexpected [\"E.old\"]"
    );
}

#[test]
fn a_wrong_shape_is_refused() {
    let (_, mut json) = saved();
    json["states"][0]["shape"] = json!([2, 2]);
    assert_eq!(
        restore_err(&json, false),
        "checkpoint state `E.s0`: shape [2, 2] does not match the model's [4]"
    );
    json["states"][0]["shape"] = json!([5]);
    assert_eq!(
        restore_err(&json, false),
        "malformed checkpoint: state `E.s0` has 4 values for shape [5] (5 elements)"
    );
}

#[test]
fn a_wrong_unit_is_refused() {
    let (_, mut json) = saved();
    json["states"][1]["value_type"] = json!({ "Real": [2, 1, -3, -1, 0, 0, 0] }); // volts
    assert_eq!(
        restore_err(&json, false),
        "checkpoint state `E.s1`: unit m^2 kg s^-3 A^-1 does not match the model's m^-2 kg^-1 s^3 A^2"
    );
    json["states"][1]["value_type"] = json!("Bool");
    assert_eq!(
        restore_err(&json, false),
        "malformed checkpoint: state `E.s1` is boolean but holds values other than 0 and 1"
    );
}

#[test]
fn a_wrong_kind_is_refused() {
    let (_, mut json) = saved();
    json["states"][0]["kind"] = json!("param");
    assert_eq!(
        restore_err(&json, false),
        "checkpoint state `E.s0`: kind param does not match the model's hidden"
    );
}

#[test]
fn malformed_json_is_refused() {
    let (_, json) = saved();
    let text = json.to_string();
    let err = Checkpoint::from_json(&text[..text.len() / 2]).unwrap_err().to_string();
    assert!(err.starts_with("malformed checkpoint: JSON: EOF while parsing"), "{err}");
    let mut bad_value = json.clone();
    bad_value["states"][0]["values"][0] = json!("nan");
    let err = Checkpoint::from_json(&bad_value.to_string()).unwrap_err().to_string();
    assert!(
        err.contains(
            r#"invalid value: string "nan", expected a number or one of "NaN", "inf", "-inf""#
        ),
        "{err}"
    );
    let mut other_format = json.clone();
    other_format["version"] = json!(3);
    assert_eq!(
        Checkpoint::from_json(&other_format.to_string()).unwrap_err().to_string(),
        "malformed checkpoint: format \"neurodim-checkpoint\" version 3, expected \"neurodim-checkpoint\" version 1 or 2"
    );
    let mut twice = json.clone();
    twice["states"][1]["path"] = json!("E.s0");
    assert_eq!(restore_err(&twice, false), "malformed checkpoint: state `E.s0` appears twice");
}

#[test]
fn non_finite_values_are_strings_in_json() {
    let (_, json) = saved();
    // fill cycles [-0.07, 1e-9, inf] from the second element on
    assert_eq!(json["states"][0]["values"], json!([1e-9, f64::INFINITY.to_string(), -0.07, 1e-9]));
}

/// A shape whose number of elements overflows `usize` is a typed error in both forms and in a
/// restore, not an overflow panic (debug builds) or a count of 0 elements (release builds).
#[test]
fn a_shape_whose_size_overflows_is_refused() {
    const HUGE: &str = "malformed checkpoint: state `E.s0` has shape [4294967296, 4294967296], \
                        whose number of elements overflows usize";
    let (_, mut json) = saved();
    json["states"][0]["shape"] = json!([4294967296u64, 4294967296u64]);
    assert_eq!(Checkpoint::from_json(&json.to_string()).unwrap_err().to_string(), HUGE);

    let mut cp = Checkpoint::from_json(&saved().1.to_string()).unwrap();
    cp.states[0].shape = vec![1 << 32, 1 << 32];
    assert_eq!(Checkpoint::from_bytes(&cp.to_bytes()).unwrap_err().to_string(), HUGE);
    let (mut model, _) = saved();
    let before = snapshot(&model);
    assert_eq!(cp.restore(&mut model).unwrap_err().to_string(), HUGE);
    assert_eq!(snapshot(&model), before);
}

/// A binary record that declares more values or dimensions than the file holds is refused
/// before anything is allocated for them, even under a valid checksum.
#[test]
fn binary_counts_beyond_the_file_are_refused() {
    let cp = Checkpoint::new(vec![StateRecord {
        path: "x".into(),
        kind: StateKind::Hidden,
        value_type: ValueType::Real(SiDimension::NONE),
        shape: vec![1],
        values: vec![2.0],
    }]);
    let bytes = cp.to_bytes();
    // header 16, flags 1, count 8, path length 8, path 1, kind 1, value type 1 + 7: then the
    // number of dimensions (8), the dimension (8), and the number of values.
    let (ndim_at, values_at) = (16 + 1 + 8 + 8 + 1 + 1 + 8, 16 + 1 + 8 + 8 + 1 + 1 + 8 + 16);
    assert_eq!(bytes[ndim_at], 1);
    assert_eq!(bytes[values_at], 1);
    for (at, count, what) in [
        (values_at, u64::MAX / 4, "values"),
        (values_at, 2, "values"),
        (ndim_at, 1 << 61, "dimensions"),
    ] {
        let mut crafted = bytes.clone();
        crafted[at..at + 8].copy_from_slice(&count.to_le_bytes());
        let body = crafted.len() - 8;
        let sum = Fnv1a64::of(&crafted[..body]);
        crafted[body..].copy_from_slice(&sum.to_le_bytes());
        let err = Checkpoint::from_bytes(&crafted).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("malformed checkpoint: state `x` declares {count} {what}")),
            "{err}"
        );
    }
}
