//! A 64-bit checksum of bytes: what binary checkpoints and exported arrays carry so that a
//! reader can tell the bytes it got from the bytes that were written.

use std::io::{self, Write};

/// The 64-bit FNV-1a hash of a byte stream: start from the offset basis
/// `0xcbf29ce484222325`, and for each byte `b`, `h = (h ^ b) · 0x100000001b3 (mod 2⁶⁴)`.
///
/// It is no defence against tampering, but it is a guard against accidents: each step
/// `h ↦ (h ^ b) · p` is a bijection of the 64-bit state for a fixed byte (`p` is odd), so two
/// streams of the same length that differ in **one byte** always hash differently, and other
/// damage (truncation, several changed bytes) goes unnoticed with probability about 2⁻⁶⁴.
/// Feed it in pieces or through [`Write`]; the result does not depend on how the bytes were
/// split.
///
/// ```
/// use neurodim_state::Fnv1a64;
/// // The published test vectors of FNV-1a 64.
/// assert_eq!(Fnv1a64::of(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(Fnv1a64::of(b"a"), 0xaf63_dc4c_8601_ec8c);
/// assert_eq!(Fnv1a64::of(b"foobar"), 0x8594_4171_f739_67e8);
/// let mut h = Fnv1a64::new();
/// h.update(b"foo");
/// h.update(b"bar");
/// assert_eq!(h.value(), Fnv1a64::of(b"foobar"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a64 {
    state: u64,
}

impl Fnv1a64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// The hash of no bytes yet.
    pub fn new() -> Self {
        Fnv1a64 { state: Self::OFFSET_BASIS }
    }

    /// Adds `bytes` to the hash.
    pub fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.state = (self.state ^ u64::from(b)).wrapping_mul(Self::PRIME);
        }
    }

    /// The hash of the bytes added so far.
    pub fn value(&self) -> u64 {
        self.state
    }

    /// The hash of `bytes`.
    pub fn of(bytes: &[u8]) -> u64 {
        let mut h = Fnv1a64::new();
        h.update(bytes);
        h.value()
    }
}

impl Default for Fnv1a64 {
    fn default() -> Self {
        Fnv1a64::new()
    }
}

/// Hashing what is written: `write!(hash, …)` or `io::copy(&mut reader, &mut hash)`.
impl Write for Fnv1a64 {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Fnv1a64;

    #[test]
    fn new_is_the_hash_of_nothing() {
        assert_eq!(Fnv1a64::new().value(), Fnv1a64::of(b""));
    }

    #[test]
    fn update_with_one_byte() {
        let mut h = Fnv1a64::new();
        h.update(b"a");
        assert_eq!(h.value(), Fnv1a64::of(b"a"));
    }

    #[test]
    fn the_order_of_bytes_matters() {
        assert_ne!(Fnv1a64::of(b"ab"), Fnv1a64::of(b"ba"));
    }

    #[test]
    fn of_a_as_hex() {
        assert_eq!(format!("{:016x}", Fnv1a64::of(b"a")), "af63dc4c8601ec8c");
    }
}
