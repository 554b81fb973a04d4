//! Random streams as states: a checkpoint keeps a stream's 256-bit position exactly (JSON and
//! bytes), a restored stream draws what the original drew, and malformed records are refused
//! with errors that name the path.

use neurodim_state::init::Zero;
use neurodim_state::*;
use proptest::prelude::*;
use rand::{Rng, RngExt};

/// A model with one stream (`"noise.rng"`) and one number (`"noise.x"`).
struct Noise {
    rng: StreamState,
    x: State<f64>,
}

impl Stateful for Noise {
    fn visit_states(&self, v: &mut Visit<'_>) {
        v.state("rng", &self.rng);
        v.state("x", &self.x);
    }
    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        v.state("rng", &mut self.rng);
        v.state("x", &mut self.x);
    }
}

struct Model(Noise);

impl Stateful for Model {
    fn visit_states(&self, v: &mut Visit<'_>) {
        v.child("noise", &self.0);
    }
    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        v.child("noise", &mut self.0);
    }
}

fn model(seed: u64) -> Model {
    let mut m = Model(Noise {
        rng: StreamState::new(StreamKey::new(0, "unused")),
        x: State::hidden(Shape::vector(8).unwrap(), Zero),
    });
    init_all(&mut m, None, seed).unwrap();
    m
}

/// The eight 32-bit halves of four 64-bit words, low half first: the checkpoint layout.
fn halves(words: [u64; 4]) -> Vec<f64> {
    words.iter().flat_map(|&w| [f64::from(w as u32), f64::from((w >> 32) as u32)]).collect()
}

fn draws(rng: &mut StreamRng, n: usize) -> Vec<u64> {
    (0..n).map(|_| rng.next_u64()).collect()
}

fn record(value_type: ValueType, values: Vec<f64>) -> StateRecord {
    StateRecord {
        path: "noise.rng".into(),
        kind: StateKind::ShortTerm,
        value_type,
        shape: vec![values.len()],
        values,
    }
}

/// The stream draws exactly what a plain `StreamRng` of its key draws (u64s and f64s), and
/// `init_all` starts it at `StreamKey::new(seed, path)`.
#[test]
fn draws_what_its_stream_draws() {
    let key = StreamKey::new(9, "ext");
    let (mut state, mut plain) = (StreamState::new(key), key.rng());
    assert_eq!(draws(&mut state, 1000), draws(&mut plain, 1000));
    let (a, b): (Vec<f64>, Vec<f64>) =
        (0..1000).map(|_| (state.random::<f64>(), plain.random::<f64>())).unzip();
    assert_eq!(a, b);

    let mut m = model(5);
    assert_eq!(draws(&mut m.0.rng, 10), draws(&mut StreamKey::new(5, "noise.rng").rng(), 10));
}

/// A position loaded from eight halves is exactly Xoshiro256++ at the words they make: from
/// `s = [1, 2, 3, 4]` the first output is `rotl(s0 + s3, 23) + s0 = 5·2²³ + 1` (the
/// reference algorithm of Blackman & Vigna), and `to_si` gives the halves back.
#[test]
fn position_is_the_generator_state() {
    let mut s = StreamState::new(StreamKey::new(0, "s"));
    s.load_si(&halves([1, 2, 3, 4])).unwrap();
    assert_eq!(s.to_si(), halves([1, 2, 3, 4]));
    assert_eq!(s.next_u64(), (5 << 23) + 1);
    assert_eq!(s.full_shape(), vec![8]);
    assert_eq!(s.kind(), StateKind::ShortTerm);
}

/// `reset_all` goes back to the start of the stream; `restart` moves that start.
#[test]
fn reset_returns_to_the_start() {
    let mut m = model(3);
    let first = draws(&mut m.0.rng, 5);
    reset_all(&mut m).unwrap();
    assert_eq!(draws(&mut m.0.rng, 5), first);
    m.0.rng.restart(StreamKey::new(3, "other"));
    let other = draws(&mut m.0.rng, 5);
    assert_eq!(other, draws(&mut StreamKey::new(3, "other").rng(), 5));
    reset_all(&mut m).unwrap();
    assert_eq!(draws(&mut m.0.rng, 5), other);
}

#[test]
fn listed_as_a_short_term_stream() {
    let info = &list_states(&model(0))[0];
    assert_eq!(
        (info.path.as_str(), info.kind, info.value_type, info.shape.as_slice()),
        ("noise.rng", StateKind::ShortTerm, ValueType::Stream, &[8][..])
    );
    assert_eq!(info.value_type.to_string(), "stream");
}

/// Words above 2⁵³ survive JSON: each half is written as an integer-valued number.
#[test]
fn json_writes_the_halves_as_integers() {
    let mut m = model(0);
    m.0.rng.load_si(&halves([u64::MAX, 1 << 53 | 1, 1, 0])).unwrap();
    let json = Checkpoint::capture(&m).to_json();
    assert!(json.contains(r#""value_type":"Stream""#), "{json}");
    assert!(json.contains("[4294967295.0,4294967295.0,1.0,2097152.0,1.0,0.0,0.0,0.0]"), "{json}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any position (four random words) goes through a JSON or binary checkpoint exactly, and
    /// the restored stream draws what the original draws next.
    #[test]
    fn any_position_round_trips(
        words in any::<[u64; 4]>().prop_filter("not the zero state", |w| *w != [0; 4]),
        binary in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mut original = model(seed);
        original.0.rng.load_si(&halves(words)).unwrap();
        let cp = Checkpoint::capture(&original);
        let cp = if binary {
            Checkpoint::from_bytes(&cp.to_bytes()).unwrap()
        } else {
            Checkpoint::from_json(&cp.to_json()).unwrap()
        };
        let mut restored = model(seed.wrapping_add(1));
        prop_assert!(cp.restore(&mut restored).unwrap().is_complete());
        prop_assert_eq!(restored.0.rng.to_si(), halves(words));
        prop_assert_eq!(draws(&mut restored.0.rng, 16), draws(&mut original.0.rng, 16));
    }

    /// Capture after `n` draws, draw `m` more, restore: the same `m` draws again.
    #[test]
    fn restore_continues_the_stream(seed in any::<u64>(), n in 0usize..200, m in 1usize..50) {
        let mut net = model(seed);
        draws(&mut net.0.rng, n);
        let saved = Checkpoint::capture(&net).to_bytes();
        let next = draws(&mut net.0.rng, m);
        reset_all(&mut net).unwrap();
        Checkpoint::from_bytes(&saved).unwrap().restore(&mut net).unwrap();
        prop_assert_eq!(draws(&mut net.0.rng, m), next);
    }
}

/// A record of another type or length at the stream's path is refused, naming the path, and
/// nothing is written.
#[test]
fn wrong_type_or_length_is_refused() {
    let mut m = model(1);
    let before = m.0.rng.to_si();
    let real = record(ValueType::Real(SiDimension::NONE), vec![1.0; 8]);
    let err = Checkpoint::new(vec![real]).restore(&mut m).unwrap_err();
    assert_eq!(
        err,
        StateError::CheckpointMismatch {
            path: "noise.rng".into(),
            field: "unit",
            expected: "stream".into(),
            found: "1".into(),
        }
    );
    let short = record(ValueType::Stream, vec![1.0; 7]);
    let err = Checkpoint::new(vec![short]).restore(&mut m).unwrap_err();
    assert_eq!(
        err.to_string(),
        "malformed checkpoint: state `noise.rng`: a random stream's position is eight integers \
         in [0, 2^32), not all zero"
    );
    // A stream record cannot be loaded into a number state either.
    let mut into_x = record(ValueType::Stream, halves([1, 2, 3, 4]));
    into_x.path = "noise.x".into();
    into_x.kind = StateKind::Hidden;
    let err = Checkpoint::new(vec![into_x]).restore(&mut m).unwrap_err();
    assert!(matches!(err, StateError::CheckpointMismatch { ref path, field: "unit", .. }
        if path == "noise.x"));
    assert_eq!(m.0.rng.to_si(), before);
}

/// Values that are not a position Xoshiro256++ can be in — not integers, out of `[0, 2³²)`,
/// or all zero — are refused before anything is written.
#[test]
fn impossible_positions_are_refused() {
    let mut m = model(1);
    let before = m.0.rng.to_si();
    for bad in [1.5, -1.0, 4294967296.0, f64::NAN, f64::INFINITY] {
        let mut values = halves([1, 2, 3, 4]);
        values[3] = bad;
        let cp = Checkpoint::new(vec![record(ValueType::Stream, values)]);
        let err = cp.restore(&mut m).unwrap_err();
        assert!(err.to_string().contains("state `noise.rng`"), "{bad}: {err}");
    }
    let zero = Checkpoint::new(vec![record(ValueType::Stream, vec![0.0; 8])]);
    assert!(matches!(zero.restore(&mut m), Err(StateError::CheckpointFormat { .. })));
    assert!(m.0.rng.load_si(&[0.0; 8]).is_err());
    assert!(m.0.rng.load_si(&[1.0; 7]).is_err());
    assert_eq!(m.0.rng.to_si(), before);
}

/// The binary form tags a stream with value type 2; an unknown tag is still refused.
#[test]
fn binary_tags_streams() {
    let cp = Checkpoint::new(vec![record(ValueType::Stream, halves([7, 0, 0, 0]))]);
    let bytes = cp.to_bytes();
    assert_eq!(Checkpoint::from_bytes(&bytes).unwrap(), cp);
    // magic, version, payload length, metadata flags, count, path length, path, kind: then
    // the value type
    let tag = 4 + 4 + 8 + 1 + 8 + 8 + "noise.rng".len() + 1;
    assert_eq!(bytes[tag], 2);
    let mut unknown = bytes.clone();
    unknown[tag] = 3;
    assert!(Checkpoint::from_bytes(&unknown).is_err());
}
