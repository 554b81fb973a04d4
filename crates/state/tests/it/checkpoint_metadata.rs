//! Checkpoint metadata: stored in both forms, compared field by field with what a caller
//! expects, and refused when malformed; format versions are checked.

use neurodim_state::*;
use neurodim_units::*;
use proptest::prelude::*;
use serde_json::{Value, json};

fn one_state() -> Checkpoint {
    Checkpoint::new(vec![StateRecord {
        path: "E.V".into(),
        kind: StateKind::Hidden,
        value_type: <Voltage as StateValue>::VALUE_TYPE,
        shape: vec![2],
        values: vec![-0.065, -0.05],
    }])
}

/// Any metadata: each field present or not, `dt` any positive `f64` that is finite in every
/// unit it is shown in (below 1e300 s; subnormals included).
fn metadata() -> impl Strategy<Value = CheckpointMetadata> {
    let dt = prop::num::f64::POSITIVE.prop_filter("finite in ms", |x| *x < 1e300);
    (
        prop::option::of(any::<u64>()),
        prop::option::of(dt),
        prop::option::of("[a-z0-9 _\u{3b1}-\u{3c9}]{0,12}"),
        prop::option::of(any::<u64>()),
    )
        .prop_map(|(step, dt, precision, fingerprint)| {
            let mut m = CheckpointMetadata::new();
            if let Some(step) = step {
                m = m.with_step(step);
            }
            if let Some(dt) = dt {
                m = m.with_dt(dt * s).unwrap();
            }
            if let Some(p) = precision {
                m = m.with_precision(p);
            }
            if let Some(f) = fingerprint {
                m = m.with_fingerprint(f);
            }
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn metadata_round_trips_through_both_forms(meta in metadata()) {
        let cp = one_state().with_metadata(meta.clone());
        let from_json = Checkpoint::from_json(&cp.to_json()).unwrap();
        let from_bytes = Checkpoint::from_bytes(&cp.to_bytes()).unwrap();
        prop_assert_eq!(from_json.metadata(), &meta);
        prop_assert_eq!(from_bytes.metadata(), &meta);
        // dt bit for bit.
        prop_assert_eq!(
            from_json.metadata().dt().map(|dt| dt.value.to_bits()),
            meta.dt().map(|dt| dt.value.to_bits())
        );
        prop_assert!(from_json.check_metadata(&meta).is_ok());
        prop_assert!(from_bytes.check_metadata(&meta).is_ok());
    }

    /// Every field that differs is reported with the stored and the expected value.
    #[test]
    fn a_differing_field_is_named(step in any::<u64>(), other in any::<u64>()) {
        prop_assume!(step != other);
        let cp = one_state().with_metadata(CheckpointMetadata::new().with_step(step));
        let err = cp.check_metadata(&CheckpointMetadata::new().with_step(other)).unwrap_err();
        prop_assert_eq!(err, StateError::CheckpointMetadata {
            field: "step",
            stored: step.to_string(),
            expected: other.to_string(),
        });
    }
}

#[test]
fn check_metadata_names_each_field() {
    let stored = CheckpointMetadata::new()
        .with_step(500)
        .with_dt(0.1 * ms)
        .unwrap()
        .with_precision("f64")
        .with_fingerprint(0xabc);
    let cp = one_state().with_metadata(stored.clone());
    let err = |expected: CheckpointMetadata| cp.check_metadata(&expected).unwrap_err().to_string();
    assert_eq!(
        err(stored.clone().with_step(501)),
        "checkpoint metadata: step 500 does not match the expected 501"
    );
    // One ulp apart is another dt.
    let next = f64::from_bits((0.1 * ms).value.to_bits() + 1);
    assert_eq!(
        err(stored.clone().with_dt(next * s).unwrap()),
        format!("checkpoint metadata: dt 0.0001 s does not match the expected {next} s")
    );
    assert_eq!(
        err(stored.clone().with_precision("f32")),
        "checkpoint metadata: precision \"f64\" does not match the expected \"f32\""
    );
    assert_eq!(
        err(stored.clone().with_fingerprint(0xabd)),
        "checkpoint metadata: fingerprint 0x0000000000000abc does not match the expected \
         0x0000000000000abd"
    );
    // A checkpoint without metadata matches only expectations without it.
    let bare = one_state();
    assert!(bare.check_metadata(&CheckpointMetadata::new()).is_ok());
    assert_eq!(
        bare.check_metadata(&CheckpointMetadata::new().with_step(0)).unwrap_err(),
        StateError::CheckpointMetadata {
            field: "step",
            stored: "none".into(),
            expected: "0".into()
        }
    );
    // The fingerprint is checked first: a checkpoint of another model differs in it first.
    let other_model = stored.clone().with_fingerprint(1).with_step(1);
    assert!(matches!(
        cp.check_metadata(&other_model),
        Err(StateError::CheckpointMetadata { field: "fingerprint", .. })
    ));
}

#[test]
fn metadata_is_json_with_the_fingerprint_as_hex() {
    let meta = CheckpointMetadata::new()
        .with_step(7)
        .with_dt(0.25 * ms)
        .unwrap()
        .with_precision("f64")
        .with_fingerprint(u64::MAX - 1);
    let json: Value = serde_json::from_str(&one_state().with_metadata(meta).to_json()).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(
        json["metadata"],
        json!({ "step": 7, "dt": 0.00025, "precision": "f64", "fingerprint": "fffffffffffffffe" })
    );
    let empty: Value = serde_json::from_str(&one_state().to_json()).unwrap();
    assert_eq!(empty["metadata"], json!({}));
}

#[test]
fn malformed_json_metadata_is_refused() {
    let base: Value = serde_json::from_str(&one_state().to_json()).unwrap();
    let refuse = |metadata: Value| {
        let mut json = base.clone();
        json["metadata"] = metadata;
        Checkpoint::from_json(&json.to_string()).unwrap_err().to_string()
    };
    assert_eq!(
        refuse(json!({ "dt": -1e-4 })),
        "malformed checkpoint: metadata: invalid dt: -0.1 ms (must be > 0)"
    );
    assert_eq!(
        refuse(json!({ "fingerprint": "12" })),
        "malformed checkpoint: metadata: fingerprint \"12\" is not 16 hexadecimal digits"
    );
    assert_eq!(
        refuse(json!({ "fingerprint": "+123456789abcdef" })),
        "malformed checkpoint: metadata: fingerprint \"+123456789abcdef\" is not 16 hexadecimal \
         digits"
    );
    assert!(refuse(json!({ "seed": 1 })).contains("unknown field `seed`"));
    assert!(refuse(json!({ "step": -1 })).starts_with("malformed checkpoint: JSON:"));
}

#[test]
fn json_versions_are_checked() {
    let mut json: Value = serde_json::from_str(&one_state().to_json()).unwrap();
    // Version 1, before metadata, still loads.
    json["version"] = json!(1);
    json.as_object_mut().unwrap().remove("metadata");
    let v1 = Checkpoint::from_json(&json.to_string()).unwrap();
    assert_eq!(v1, one_state());
    // …but cannot carry metadata.
    json["metadata"] = json!({ "step": 1 });
    assert_eq!(
        Checkpoint::from_json(&json.to_string()).unwrap_err().to_string(),
        "malformed checkpoint: version 1 has no metadata"
    );
    // An unknown version is refused as such, whatever else the file holds.
    for version in [0, 3, 99] {
        let text = json!({ "format": "neurodim-checkpoint", "version": version, "whatever": [] });
        assert_eq!(
            Checkpoint::from_json(&text.to_string()).unwrap_err().to_string(),
            format!(
                "malformed checkpoint: format \"neurodim-checkpoint\" version {version}, \
                 expected \"neurodim-checkpoint\" version 1 or 2"
            )
        );
    }
}

/// The bytes of a binary checkpoint with its checksum recomputed: a well-formed file whose
/// contents were edited on purpose.
fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let body = bytes.len() - 8;
    let sum = Fnv1a64::of(&bytes[..body]);
    bytes[body..].copy_from_slice(&sum.to_le_bytes());
    bytes
}

#[test]
fn binary_versions_and_metadata_flags_are_checked() {
    let bytes = one_state().to_bytes();
    assert_eq!(&bytes[..8], b"NDCK\x02\x00\x00\x00");
    // Version 1 had no checksum: refused, even with a valid one.
    let mut v1 = bytes.clone();
    v1[4] = 1;
    assert_eq!(
        Checkpoint::from_bytes(&resealed(v1)).unwrap_err().to_string(),
        "malformed checkpoint: binary version 1, expected 2"
    );
    // The metadata flags byte follows the 16-byte header; unknown flags are refused.
    let mut flags = bytes.clone();
    flags[16] = 0x10;
    assert_eq!(
        Checkpoint::from_bytes(&resealed(flags)).unwrap_err().to_string(),
        "malformed checkpoint: unknown metadata flags 0x10"
    );
    // A dt that is not positive is refused even under a valid checksum.
    let cp = one_state().with_metadata(CheckpointMetadata::new().with_dt(1.0 * ms).unwrap());
    let mut bad_dt = cp.to_bytes();
    bad_dt[17..25].copy_from_slice(&(-1e-3f64).to_bits().to_le_bytes());
    assert_eq!(
        Checkpoint::from_bytes(&resealed(bad_dt)).unwrap_err().to_string(),
        "malformed checkpoint: metadata: invalid dt: -1 ms (must be > 0)"
    );
}
