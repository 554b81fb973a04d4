//! A binary checkpoint that is truncated, extended or has any one byte changed is refused
//! with a typed error, never loaded with other values.
//!
//! `sampled_damage_is_refused` runs in every test run: a few hundred seeded truncations and
//! single-byte changes. `every_truncation_and_every_byte_change_is_refused` tries all of them
//! (every length, every position with each of the 255 changes); it is ignored in debug builds
//! and runs with `cargo test --release -p neurodim-state --test it checkpoint_corruption::`.

use neurodim_state::*;
use neurodim_units::*;
use rand::RngExt;

/// A checkpoint with every value type, a batch-like shape, awkward values and full metadata.
fn checkpoint() -> Checkpoint {
    let record = |path: &str, kind, value_type, shape: Vec<usize>, values: Vec<f64>| StateRecord {
        path: path.into(),
        kind,
        value_type,
        shape,
        values,
    };
    let volts = <Voltage as StateValue>::VALUE_TYPE;
    let conductance_type = <Conductance as StateValue>::VALUE_TYPE;
    let v: Vec<f64> = (0..24).map(|i| -0.065 + 1e-4 * i as f64).collect();
    let spikes: Vec<f64> = (0..24).map(|i| f64::from(i % 3 == 0)).collect();
    let g = vec![0.0, -0.0, 1e-9, f64::INFINITY, f64::NAN, f64::MIN_POSITIVE / 2.0];
    let stream = vec![1.0, 2.0, 3.0, 4_294_967_295.0, 0.0, 5.0, 6.0, 7.0];
    Checkpoint::new(vec![
        record("E.V", StateKind::Hidden, volts, vec![2, 12], v),
        record("E.spike", StateKind::ShortTerm, ValueType::Bool, vec![2, 12], spikes),
        record("E2I.syn.g", StateKind::Hidden, conductance_type, vec![6], g),
        record("w", StateKind::Param, ValueType::Real(SiDimension::NONE), vec![1], vec![0.5]),
        record("ext.rng", StateKind::ShortTerm, ValueType::Stream, vec![8], stream),
    ])
    .with_metadata(
        CheckpointMetadata::new()
            .with_step(500)
            .with_dt(0.1 * ms)
            .unwrap()
            .with_precision("f64")
            .with_fingerprint(0x0123_4567_89ab_cdef),
    )
}

/// Asserts that `damaged` is refused as a truncated or changed file.
fn assert_corrupt(damaged: &[u8], what: &str) {
    match Checkpoint::from_bytes(damaged) {
        Err(StateError::CheckpointCorrupt { .. }) => {}
        other => panic!("{what}: expected a corrupt-checkpoint error, got {other:?}"),
    }
}

/// Truncation to `len` bytes is refused as corruption.
fn check_truncation(bytes: &[u8], len: usize) {
    assert_corrupt(&bytes[..len], &format!("truncated to {len} of {} bytes", bytes.len()));
}

/// Changing byte `at` by `xor` (nonzero) is refused: in the magic as another kind of file, in
/// the version as another version, anywhere else as corruption.
fn check_flip(bytes: &[u8], at: usize, xor: u8) {
    assert_ne!(xor, 0);
    let mut damaged = bytes.to_vec();
    damaged[at] ^= xor;
    let result = Checkpoint::from_bytes(&damaged);
    let what = format!("byte {at} of {} changed by xor {xor:#04x}", bytes.len());
    match (at, result) {
        (0..4, Err(StateError::CheckpointFormat { reason })) => {
            assert!(reason.contains("bad magic"), "{what}: {reason}")
        }
        (4..8, Err(StateError::CheckpointFormat { reason })) => {
            assert!(reason.contains("binary version"), "{what}: {reason}")
        }
        (8.., Err(StateError::CheckpointCorrupt { .. })) => {}
        (_, other) => panic!("{what}: refused with the wrong error or loaded: {other:?}"),
    }
}

#[test]
fn the_undamaged_checkpoint_loads_bit_exactly() {
    let cp = checkpoint();
    let back = Checkpoint::from_bytes(&cp.to_bytes()).unwrap();
    assert_eq!(back.metadata(), cp.metadata());
    let bits = |c: &Checkpoint| -> Vec<Vec<u64>> {
        c.states.iter().map(|r| r.values.iter().map(|x| x.to_bits()).collect()).collect()
    };
    assert_eq!(bits(&back), bits(&cp));
}

#[test]
fn sampled_damage_is_refused() {
    let bytes = checkpoint().to_bytes();
    let mut rng = StreamKey::new(12, "checkpoint corruption").rng();
    // Every boundary of the frame, then random lengths.
    for len in [0, 1, 3, 4, 7, 8, 15, 16, 17, bytes.len() - 8, bytes.len() - 1] {
        check_truncation(&bytes, len);
    }
    for _ in 0..200 {
        check_truncation(&bytes, rng.random_range(0..bytes.len()));
    }
    // Every byte of the header and the checksum, then random positions in the payload.
    for at in (0..16).chain(bytes.len() - 8..bytes.len()) {
        check_flip(&bytes, at, rng.random_range(1..=255));
    }
    for _ in 0..300 {
        check_flip(&bytes, rng.random_range(0..bytes.len()), rng.random_range(1..=255));
    }
    // Bytes appended after the checksum.
    let mut longer = bytes.clone();
    longer.push(0);
    assert_corrupt(&longer, "one byte appended");
}

/// The full sweep: ~200 000 damaged files. Ignored in debug builds for time; run it with
/// `cargo test --release -p neurodim-state --test it checkpoint_corruption::`.
#[test]
#[cfg_attr(debug_assertions, ignore = "the full sweep runs in release builds")]
fn every_truncation_and_every_byte_change_is_refused() {
    let bytes = checkpoint().to_bytes();
    for len in 0..bytes.len() {
        check_truncation(&bytes, len);
    }
    for at in 0..bytes.len() {
        for xor in 1..=255u8 {
            check_flip(&bytes, at, xor);
        }
    }
}
