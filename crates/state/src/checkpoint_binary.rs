//! The compact binary form of a [`Checkpoint`]: every value as its 8 raw bytes, so NaN
//! payloads survive too.
//!
//! Layout, all integers little-endian: the magic `b"NDCK"`, a `u32` version (1), a `u64`
//! number of states, then per state: `u64` path length and the UTF-8 path; `u8` kind
//! (0 hidden, 1 short-term, 2 long-term, 3 param); `u8` value type (0 real, 1 bool, 2 stream)
//! and seven `i8` SI exponents (m, kg, s, A, K, mol, cd; zero but for reals); `u64` number of
//! dimensions and each as `u64`;
//! `u64` number of values and each as the `u64` bits of the `f64`.

use crate::{
    Checkpoint, SiDimension, StateError, StateKind, StateRecord, ValueType,
    checkpoint::format_error,
};

const MAGIC: &[u8; 4] = b"NDCK";
const VERSION: u32 = 1;
const KINDS: [StateKind; 4] =
    [StateKind::Hidden, StateKind::ShortTerm, StateKind::LongTerm, StateKind::Param];

impl Checkpoint {
    /// The checkpoint as compact bytes (layout in this module's docs); bit-exact for every
    /// value, NaN payloads included.
    ///
    /// ```
    /// use neurodim_state::{Checkpoint, StateRecord, StateKind, ValueType, SiDimension};
    /// let cp = Checkpoint { states: vec![StateRecord { path: "x".into(), kind: StateKind::Param,
    ///     value_type: ValueType::Real(SiDimension::NONE), shape: vec![1],
    ///     values: vec![f64::from_bits(0x7ff8_0000_0000_0001)] }] };
    /// let back = Checkpoint::from_bytes(&cp.to_bytes())?;
    /// assert_eq!(back.states[0].values[0].to_bits(), 0x7ff8_0000_0000_0001);
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
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
        out
    }

    /// Reads a checkpoint from its binary form; a wrong magic or version, truncated data, an
    /// unknown kind or value type, or trailing bytes are errors.
    ///
    /// ```
    /// use neurodim_state::Checkpoint;
    /// assert!(Checkpoint::from_bytes(b"NDCK").is_err());
    /// assert_eq!(Checkpoint::from_bytes(&Checkpoint::default().to_bytes())?, Checkpoint::default());
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Checkpoint, StateError> {
        let mut r = Reader { bytes };
        if r.take(4)? != MAGIC {
            return Err(format_error("not a neurodim binary checkpoint (bad magic)".into()));
        }
        let version = u32::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(format_error(format!("binary version {version}, expected {VERSION}")));
        }
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
            let ndim = r.len()?;
            let shape = (0..ndim).map(|_| r.len()).collect::<Result<Vec<_>, _>>()?;
            let n = r.len()?;
            let values = (0..n)
                .map(|_| r.array().map(|b| f64::from_bits(u64::from_le_bytes(b))))
                .collect::<Result<Vec<_>, _>>()?;
            states.push(StateRecord { path, kind, value_type, shape, values });
        }
        if !r.bytes.is_empty() {
            return Err(format_error(format!("{} bytes after the last state", r.bytes.len())));
        }
        Ok(Checkpoint { states })
    }
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

/// A cursor over the bytes that refuses to read past the end.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], StateError> {
        if n > self.bytes.len() {
            return Err(format_error("binary checkpoint is truncated".into()));
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
}
