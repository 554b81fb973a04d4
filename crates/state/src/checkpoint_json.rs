//! The JSON form of a [`Checkpoint`].
//!
//! ```json
//! { "format": "neurodim-checkpoint", "version": 2,
//!   "metadata": { "step": 500, "dt": 0.0001, "precision": "f64", "fingerprint": "00000000c0ffee00" },
//!   "states": [ { "path": "E.V", "kind": "hidden", "value_type": { "Real": [2, 1, -3, -1, 0, 0, 0] },
//!                 "shape": [4], "values": [-0.065, -0.065, "NaN", -0.05] } ] }
//! ```
//!
//! Finite values are JSON numbers written with the shortest representation that parses back
//! to the same `f64` (parsed with serde_json's `float_roundtrip`, so bit-exactly, `-0.0`
//! included); JSON has no NaN or infinity, so those are the strings `"NaN"`, `"inf"` and
//! `"-inf"` (a NaN's payload bits are not kept; the binary form keeps them). A random stream's
//! position (`"value_type": "Stream"`) is eight integers below 2³² (`4294967295.0`), exact in
//! any JSON reader.
//!
//! `metadata` holds the fields of [`CheckpointMetadata`] that are set: `step` a number,
//! `dt` in seconds, `precision` a string, and `fingerprint` as 16 hexadecimal digits (a string,
//! since readers that parse numbers as doubles would round a 64-bit integer). Version 1, the
//! same without `metadata`, is still read; other versions are refused. The JSON form has no
//! checksum (it is meant to be read and edited); the binary form has one.

use neurodim_units::Time;
use serde::{Deserialize, Serialize};

use crate::{
    Checkpoint, CheckpointMetadata, StateError, StateRecord, StateValue, checkpoint::format_error,
};

/// The `format` field every JSON checkpoint carries.
const FORMAT: &str = "neurodim-checkpoint";
/// The version of the layout above.
const VERSION: u32 = 2;
/// The version before `metadata`, still read.
const VERSION_WITHOUT_METADATA: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    metadata: MetadataJson,
    states: &'a [StateRecord],
}

/// What is read first, so that a file of another format or version is refused as such, not
/// for a field it does not have.
#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct OwnedEnvelope {
    #[allow(dead_code)] // checked through `Header`; required here too
    format: String,
    version: u32,
    #[serde(default)]
    metadata: Option<MetadataJson>,
    states: Vec<StateRecord>,
}

/// [`CheckpointMetadata`] as JSON: only the fields that are set.
#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MetadataJson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    step: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dt: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    precision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fingerprint: Option<String>,
}

impl From<&CheckpointMetadata> for MetadataJson {
    fn from(m: &CheckpointMetadata) -> Self {
        MetadataJson {
            step: m.step(),
            dt: m.dt().map(|dt| dt.value),
            precision: m.precision().map(str::to_string),
            fingerprint: m.fingerprint().map(|f| format!("{f:016x}")),
        }
    }
}

impl MetadataJson {
    fn into_metadata(self) -> Result<CheckpointMetadata, StateError> {
        let invalid = |reason: String| format_error(format!("metadata: {reason}"));
        let mut m = CheckpointMetadata::new();
        if let Some(step) = self.step {
            m = m.with_step(step);
        }
        if let Some(dt) = self.dt {
            m = m.with_dt(Time::from_si(dt)).map_err(|e| invalid(e.to_string()))?;
        }
        if let Some(precision) = self.precision {
            m = m.with_precision(precision);
        }
        if let Some(hex) = self.fingerprint {
            let parsed = (hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| u64::from_str_radix(&hex, 16).ok())
                .flatten();
            let fingerprint = parsed.ok_or_else(|| {
                invalid(format!("fingerprint {hex:?} is not 16 hexadecimal digits"))
            })?;
            m = m.with_fingerprint(fingerprint);
        }
        Ok(m)
    }
}

impl Checkpoint {
    /// The checkpoint as JSON (see the layout in this module's docs).
    pub fn to_json(&self) -> String {
        let envelope = Envelope {
            format: FORMAT,
            version: VERSION,
            metadata: (&self.metadata).into(),
            states: &self.states,
        };
        serde_json::to_string(&envelope).expect("a checkpoint always serialises")
    }

    /// Reads a checkpoint from JSON; malformed JSON, another format or an unknown version, a
    /// value that is neither a number nor `"NaN"`/`"inf"`/`"-inf"`, invalid metadata, or
    /// inconsistent records (values that do not fill their shape, a shape whose size overflows,
    /// a path given twice) are errors.
    pub fn from_json(json: &str) -> Result<Checkpoint, StateError> {
        // The header first, so that another format or version is refused as such rather than
        // for a field it lacks; if even the header does not parse, the full parse below
        // reports the malformed JSON (its messages are the more precise).
        if let Ok(header) = serde_json::from_str::<Header>(json)
            && (header.format != FORMAT
                || !(header.version == VERSION || header.version == VERSION_WITHOUT_METADATA))
        {
            return Err(format_error(format!(
                "format {:?} version {}, expected {FORMAT:?} version \
                 {VERSION_WITHOUT_METADATA} or {VERSION}",
                header.format, header.version
            )));
        }
        let envelope: OwnedEnvelope =
            serde_json::from_str(json).map_err(|e| format_error(format!("JSON: {e}")))?;
        let metadata = match envelope.metadata {
            Some(_) if envelope.version == VERSION_WITHOUT_METADATA => {
                return Err(format_error("version 1 has no metadata".into()));
            }
            Some(metadata) => metadata.into_metadata()?,
            None => CheckpointMetadata::new(),
        };
        let checkpoint = Checkpoint { states: envelope.states, metadata };
        checkpoint.check()?;
        Ok(checkpoint)
    }
}

/// Serde for a list of `f64` where non-finite values are strings (`#[serde(with = …)]`).
pub(crate) mod si_values {
    use core::fmt;

    use serde::de::{self, Deserializer, SeqAccess, Visitor};
    use serde::ser::Serializer;

    struct Number(f64);

    impl serde::Serialize for Number {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self.0 {
                x if x.is_finite() => serializer.serialize_f64(x),
                x if x.is_nan() => serializer.serialize_str("NaN"),
                x if x > 0.0 => serializer.serialize_str("inf"),
                _ => serializer.serialize_str("-inf"),
            }
        }
    }

    impl<'de> serde::Deserialize<'de> for Number {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(NumberVisitor).map(Number)
        }
    }

    struct NumberVisitor;

    impl Visitor<'_> for NumberVisitor {
        type Value = f64;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(r#"a number or one of "NaN", "inf", "-inf""#)
        }

        fn visit_f64<E: de::Error>(self, x: f64) -> Result<f64, E> {
            Ok(x)
        }

        fn visit_u64<E: de::Error>(self, x: u64) -> Result<f64, E> {
            Ok(x as f64)
        }

        fn visit_i64<E: de::Error>(self, x: i64) -> Result<f64, E> {
            Ok(x as f64)
        }

        fn visit_str<E: de::Error>(self, name: &str) -> Result<f64, E> {
            match name {
                "NaN" => Ok(f64::NAN),
                "inf" => Ok(f64::INFINITY),
                "-inf" => Ok(f64::NEG_INFINITY),
                _ => Err(E::invalid_value(de::Unexpected::Str(name), &self)),
            }
        }
    }

    pub(crate) fn serialize<S: Serializer>(
        values: &[f64],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(|&x| Number(x)))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<f64>, D::Error> {
        struct Values;

        impl<'de> Visitor<'de> for Values {
            type Value = Vec<f64>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of values")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<f64>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(Number(x)) = seq.next_element()? {
                    out.push(x);
                }
                Ok(out)
            }
        }

        deserializer.deserialize_seq(Values)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Checkpoint, CheckpointMetadata, StateKind, StateRecord, ValueType};

    #[test]
    fn to_json_writes_paths_and_metadata() {
        let cp = Checkpoint::new(vec![StateRecord {
            path: "x".into(),
            kind: StateKind::Hidden,
            value_type: ValueType::Bool,
            shape: vec![1],
            values: vec![1.0],
        }])
        .with_metadata(CheckpointMetadata::new().with_step(4).with_fingerprint(255));
        let json = cp.to_json();
        assert!(json.contains(r#""path":"x""#));
        assert!(json.contains(r#""metadata":{"step":4,"fingerprint":"00000000000000ff"}"#));
    }

    #[test]
    fn from_json_reads_non_finite_values_and_refuses_other_versions()
    -> Result<(), Box<dyn std::error::Error>> {
        let cp = Checkpoint::from_json(
            r#"{"format":"neurodim-checkpoint","version":2,"metadata":{"step":3},
                "states":[{"path":"x","kind":"hidden","value_type":{"Real":[0,0,0,0,0,0,0]},
                "shape":[2],"values":[1.5,"-inf"]}]}"#,
        )?;
        assert_eq!(cp.states[0].values, vec![1.5, f64::NEG_INFINITY]);
        assert_eq!(cp.metadata().step(), Some(3));
        assert!(Checkpoint::from_json("{").is_err());
        assert_eq!(
            Checkpoint::from_json(r#"{"format":"neurodim-checkpoint","version":3}"#)
                .unwrap_err()
                .to_string(),
            "malformed checkpoint: format \"neurodim-checkpoint\" version 3, expected \
             \"neurodim-checkpoint\" version 1 or 2"
        );
        Ok(())
    }
}
