//! The compact binary form of a [`Checkpoint`]: every value as its 8 raw bytes, so NaN
//! payloads survive too, framed by a length and a checksum so that damaged bytes are refused
//! rather than loaded.
//!
//! Layout (version 2), all integers little-endian:
//!
//! | bytes | contents |
//! |---|---|
//! | 4 | the magic `b"NDCK"` |
//! | 4 | `u32` format version, 2 |
//! | 8 | `u64` payload length `P` |
//! | `P` | the payload |
//! | 8 | `u64` FNV-1a 64 ([`Fnv1a64`]) of every byte before it, magic to payload end |
//!
//! The payload: the metadata — a `u8` of flags (1 step, 2 `dt`, 4 precision,
//! 8 fingerprint; other bits zero), then the fields present in that order: the step as `u64`,
//! `dt` as the `u64` bits of an `f64` in seconds, the precision as a `u64` length and UTF-8,
//! the fingerprint as `u64` — then a `u64` number of states, and per state: `u64` path length
//! and the UTF-8 path; `u8` kind (0 hidden, 1 short-term, 2 long-term, 3 param); `u8` value
//! type (0 real, 1 bool, 2 stream) and seven `i8` SI exponents (m, kg, s, A, K, mol, cd; zero
//! but for reals); `u64` number of dimensions and each as `u64`; `u64` number of values and
//! each as the `u64` bits of the `f64`.
//!
//! Reading checks the magic, the version, that the bytes are exactly `24 + P` long, and the
//! checksum, before it looks at the payload. So a truncation at any length is refused (the
//! length no longer matches), and so is a change of any one byte: in the magic, version or
//! length it is seen directly, and anywhere else it changes the checksum, because each step of
//! FNV-1a is a bijection of its state and a one-byte difference therefore never cancels.
//! Version 1, which had no checksum, is refused.

use neurodim_units::Time;

use crate::{
    Checkpoint, CheckpointMetadata, Fnv1a64, SiDimension, StateError, StateKind, StateRecord,
    StateValue, ValueType, checkpoint::format_error,
};

const MAGIC: &[u8; 4] = b"NDCK";
const VERSION: u32 = 2;
/// Magic, version and payload length.
const HEADER: usize = 16;
/// The checksum.
const TRAILER: usize = 8;
const KINDS: [StateKind; 4] =
    [StateKind::Hidden, StateKind::ShortTerm, StateKind::LongTerm, StateKind::Param];

/// Flags of the metadata fields present.
const HAS_STEP: u8 = 1;
const HAS_DT: u8 = 2;
const HAS_PRECISION: u8 = 4;
const HAS_FINGERPRINT: u8 = 8;

impl Checkpoint {
    /// The checkpoint as compact bytes (layout in this module's docs); bit-exact for every
    /// value, NaN payloads included, with the metadata, under a checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        put_len(&mut out, 0); // the payload length, patched below
        put_metadata(&mut out, &self.metadata);
        put_len(&mut out, self.states.len());
        for record in &self.states {
            put_len(&mut out, record.path.len());
            out.extend_from_slice(record.path.as_bytes());
            out.push(kind_code(record.kind));
            let (tag, dims) = match record.value_type {
                ValueType::Real(SiDimension(dims)) => (0u8, dims),
                ValueType::Bool => (1u8, [0; 7]),
                ValueType::Stream => (2u8, [0; 7]),
            };
            out.push(tag);
            out.extend(dims.iter().map(|&e| e as u8));
            put_len(&mut out, record.shape.len());
            record.shape.iter().for_each(|&d| put_len(&mut out, d));
            put_len(&mut out, record.values.len());
            record.values.iter().for_each(|x| out.extend_from_slice(&x.to_bits().to_le_bytes()));
        }
        let payload = (out.len() - HEADER) as u64;
        out[8..HEADER].copy_from_slice(&payload.to_le_bytes());
        let checksum = Fnv1a64::of(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a checkpoint from its binary form. Bytes that are not those written — truncated,
    /// extended, or changed anywhere — are refused with [`StateError::CheckpointCorrupt`]; a
    /// wrong magic or version, an unknown kind or value type, sizes that do not fit, or records
    /// that are inconsistent (values that do not fill their shape, …) with
    /// [`StateError::CheckpointFormat`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Checkpoint, StateError> {
        let mut r = Reader { bytes: verified_payload(bytes)? };
        let metadata = read_metadata(&mut r)?;
        let count = r.len()?;
        let mut states = Vec::new();
        for _ in 0..count {
            let path_len = r.len()?;
            let path = String::from_utf8(r.take(path_len)?.to_vec())
                .map_err(|_| format_error("a path is not UTF-8".into()))?;
            let [kind] = r.array()?;
            let kind = *KINDS
                .get(kind as usize)
                .ok_or_else(|| format_error(format!("state `{path}`: unknown kind {kind}")))?;
            let [tag] = r.array()?;
            let dims: [u8; 7] = r.array()?;
            let value_type = match tag {
                0 => ValueType::Real(SiDimension(dims.map(|e| e as i8))),
                1 => ValueType::Bool,
                2 => ValueType::Stream,
                _ => return Err(format_error(format!("state `{path}`: unknown value type {tag}"))),
            };
            let ndim = r.words(&path, "dimensions")?;
            let shape = (0..ndim).map(|_| r.len()).collect::<Result<Vec<_>, _>>()?;
            let n = r.words(&path, "values")?;
            let values = (0..n)
                .map(|_| r.array().map(|b| f64::from_bits(u64::from_le_bytes(b))))
                .collect::<Result<Vec<_>, _>>()?;
            states.push(StateRecord { path, kind, value_type, shape, values });
        }
        if !r.bytes.is_empty() {
            return Err(format_error(format!("{} bytes after the last state", r.bytes.len())));
        }
        let checkpoint = Checkpoint { states, metadata };
        checkpoint.check()?;
        Ok(checkpoint)
    }
}

fn corrupt(reason: String) -> StateError {
    StateError::CheckpointCorrupt { reason }
}

/// The payload of `bytes`, after checking the magic, the version, the length and the checksum.
fn verified_payload(bytes: &[u8]) -> Result<&[u8], StateError> {
    let truncated =
        || corrupt(format!("truncated: {} bytes, not even the {HEADER}-byte header", bytes.len()));
    if !bytes.starts_with(MAGIC) {
        // The start of the magic (or nothing) is a truncated checkpoint; anything else is
        // another kind of file.
        return Err(if MAGIC.starts_with(bytes) {
            truncated()
        } else {
            format_error("not a neurodim binary checkpoint (bad magic)".into())
        });
    }
    let version = bytes.get(4..8).ok_or_else(truncated)?;
    let version = u32::from_le_bytes(version.try_into().expect("four bytes"));
    if version != VERSION {
        return Err(format_error(format!("binary version {version}, expected {VERSION}")));
    }
    let payload = bytes.get(8..HEADER).ok_or_else(truncated)?;
    let payload = u64::from_le_bytes(payload.try_into().expect("eight bytes"));
    let total = payload.checked_add((HEADER + TRAILER) as u64);
    if total != Some(bytes.len() as u64) {
        return Err(corrupt(format!(
            "{} bytes long, but its header declares a payload of {payload} bytes (a file of {} \
             bytes)",
            bytes.len(),
            total.map_or_else(|| "more than 2^64".into(), |t| t.to_string()),
        )));
    }
    let (body, trailer) = bytes.split_at(bytes.len() - TRAILER);
    let stored = u64::from_le_bytes(trailer.try_into().expect("eight bytes"));
    let computed = Fnv1a64::of(body);
    if stored != computed {
        return Err(corrupt(format!(
            "the contents hash to {computed:#018x}, but the stored checksum is {stored:#018x}"
        )));
    }
    Ok(&body[HEADER..])
}

fn put_metadata(out: &mut Vec<u8>, metadata: &CheckpointMetadata) {
    let flags = [
        (metadata.step().is_some(), HAS_STEP),
        (metadata.dt().is_some(), HAS_DT),
        (metadata.precision().is_some(), HAS_PRECISION),
        (metadata.fingerprint().is_some(), HAS_FINGERPRINT),
    ]
    .iter()
    .filter(|(present, _)| *present)
    .fold(0u8, |flags, (_, flag)| flags | flag);
    out.push(flags);
    if let Some(step) = metadata.step() {
        out.extend_from_slice(&step.to_le_bytes());
    }
    if let Some(dt) = metadata.dt() {
        out.extend_from_slice(&dt.value.to_bits().to_le_bytes());
    }
    if let Some(precision) = metadata.precision() {
        put_len(out, precision.len());
        out.extend_from_slice(precision.as_bytes());
    }
    if let Some(fingerprint) = metadata.fingerprint() {
        out.extend_from_slice(&fingerprint.to_le_bytes());
    }
}

fn read_metadata(r: &mut Reader<'_>) -> Result<CheckpointMetadata, StateError> {
    let [flags] = r.array()?;
    let known = HAS_STEP | HAS_DT | HAS_PRECISION | HAS_FINGERPRINT;
    if flags & !known != 0 {
        return Err(format_error(format!("unknown metadata flags {flags:#04x}")));
    }
    let mut metadata = CheckpointMetadata::new();
    if flags & HAS_STEP != 0 {
        metadata = metadata.with_step(u64::from_le_bytes(r.array()?));
    }
    if flags & HAS_DT != 0 {
        let dt = Time::from_si(f64::from_bits(u64::from_le_bytes(r.array()?)));
        metadata = metadata.with_dt(dt).map_err(|e| format_error(format!("metadata: {e}")))?;
    }
    if flags & HAS_PRECISION != 0 {
        let len = r.len()?;
        let precision = String::from_utf8(r.take(len)?.to_vec())
            .map_err(|_| format_error("metadata: the precision is not UTF-8".into()))?;
        metadata = metadata.with_precision(precision);
    }
    if flags & HAS_FINGERPRINT != 0 {
        metadata = metadata.with_fingerprint(u64::from_le_bytes(r.array()?));
    }
    Ok(metadata)
}

/// The code of `kind`: its index in [`KINDS`].
fn kind_code(kind: StateKind) -> u8 {
    match kind {
        StateKind::Hidden => 0,
        StateKind::ShortTerm => 1,
        StateKind::LongTerm => 2,
        StateKind::Param => 3,
    }
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u64).to_le_bytes());
}

/// A cursor over the payload that refuses to read past its end.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], StateError> {
        if n > self.bytes.len() {
            // The checksum matched, so the writer wrote this: a bug or a crafted file.
            return Err(format_error("a record runs past the end of the payload".into()));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], StateError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn len(&mut self) -> Result<usize, StateError> {
        usize::try_from(u64::from_le_bytes(self.array()?))
            .map_err(|_| format_error("a length does not fit in memory".into()))
    }

    /// A count of 8-byte words to follow (`what` of state `path`), checked against the bytes
    /// left before anything is read or allocated for them.
    fn words(&mut self, path: &str, what: &str) -> Result<usize, StateError> {
        let n = self.len()?;
        match n.checked_mul(8) {
            Some(bytes) if bytes <= self.bytes.len() => Ok(n),
            _ => Err(format_error(format!(
                "state `{path}` declares {n} {what}, more than the {} bytes left hold",
                self.bytes.len()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        Checkpoint, CheckpointMetadata, SiDimension, StateError, StateKind, StateRecord, ValueType,
    };

    #[test]
    fn to_bytes_keeps_nan_payloads() -> Result<(), Box<dyn std::error::Error>> {
        let cp = Checkpoint::new(vec![StateRecord {
            path: "x".into(),
            kind: StateKind::Param,
            value_type: ValueType::Real(SiDimension::NONE),
            shape: vec![1],
            values: vec![f64::from_bits(0x7ff8_0000_0000_0001)],
        }])
        .with_metadata(CheckpointMetadata::new().with_step(12));
        let back = Checkpoint::from_bytes(&cp.to_bytes())?;
        assert_eq!(back.states[0].values[0].to_bits(), 0x7ff8_0000_0000_0001);
        assert_eq!(back.metadata().step(), Some(12));
        Ok(())
    }

    #[test]
    fn from_bytes_refuses_truncated_flipped_and_foreign_bytes()
    -> Result<(), Box<dyn std::error::Error>> {
        let bytes = Checkpoint::default().to_bytes();
        assert_eq!(Checkpoint::from_bytes(&bytes)?, Checkpoint::default());
        assert!(matches!(
            Checkpoint::from_bytes(&bytes[..bytes.len() - 1]),
            Err(StateError::CheckpointCorrupt { .. })
        ));
        let mut flipped = bytes.clone();
        flipped[16] ^= 0x40;
        assert!(matches!(
            Checkpoint::from_bytes(&flipped),
            Err(StateError::CheckpointCorrupt { .. })
        ));
        assert!(matches!(
            Checkpoint::from_bytes(b"PK\x03\x04"),
            Err(StateError::CheckpointFormat { .. })
        ));
        Ok(())
    }
}
