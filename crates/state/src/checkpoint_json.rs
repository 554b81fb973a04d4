//! The JSON form of a [`Checkpoint`].
//!
//! ```json
//! { "format": "neurodim-checkpoint", "version": 1,
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

use crate::{Checkpoint, StateError, StateRecord, checkpoint::format_error};

/// The `format` field every JSON checkpoint carries.
const FORMAT: &str = "neurodim-checkpoint";
/// The version of the layout above.
const VERSION: u32 = 1;

#[derive(serde::Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    states: &'a [StateRecord],
}

#[derive(serde::Deserialize)]
struct OwnedEnvelope {
    format: String,
    version: u32,
    states: Vec<StateRecord>,
}

impl Checkpoint {
    /// The checkpoint as JSON (see the layout in this module's docs).
    ///
    /// ```
    /// use neurodim_state::{Checkpoint, StateRecord, StateKind, ValueType};
    /// let cp = Checkpoint { states: vec![StateRecord { path: "x".into(), kind: StateKind::Hidden,
    ///     value_type: ValueType::Bool, shape: vec![1], values: vec![1.0] }] };
    /// assert!(cp.to_json().contains(r#""path":"x""#));
    /// ```
    pub fn to_json(&self) -> String {
        let envelope = Envelope { format: FORMAT, version: VERSION, states: &self.states };
        serde_json::to_string(&envelope).expect("a checkpoint always serialises")
    }

    /// Reads a checkpoint from JSON; malformed JSON, another format or version, or a value
    /// that is neither a number nor `"NaN"`/`"inf"`/`"-inf"` is an error.
    ///
    /// ```
    /// use neurodim_state::Checkpoint;
    /// let cp = Checkpoint::from_json(
    ///     r#"{"format":"neurodim-checkpoint","version":1,"states":[{"path":"x","kind":"hidden",
    ///         "value_type":{"Real":[0,0,0,0,0,0,0]},"shape":[2],"values":[1.5,"-inf"]}]}"#)?;
    /// assert_eq!(cp.states[0].values, vec![1.5, f64::NEG_INFINITY]);
    /// assert!(Checkpoint::from_json("{").is_err());
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    pub fn from_json(json: &str) -> Result<Checkpoint, StateError> {
        let envelope: OwnedEnvelope =
            serde_json::from_str(json).map_err(|e| format_error(format!("JSON: {e}")))?;
        if envelope.format != FORMAT || envelope.version != VERSION {
            return Err(format_error(format!(
                "format {:?} version {}, expected {FORMAT:?} version {VERSION}",
                envelope.format, envelope.version
            )));
        }
        Ok(Checkpoint { states: envelope.states })
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
