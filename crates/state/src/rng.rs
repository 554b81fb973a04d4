//! Seeded random streams, one per consumer.
//!
//! One seed makes a whole run reproducible bit for bit on any machine. Each consumer — a state's
//! initialiser, a model's noise, a connectivity rule — draws from its own stream, derived from
//! the run's seed and the consumer's path (`"E.V"`, `"E2I.conn"`), so adding or removing another
//! consumer does not change what this one draws.
//!
//! **Derivation** (fixed; changing it changes every result):
//! 1. `h = FNV-1a-64(path as UTF-8 bytes)`;
//! 2. `x = splitmix64(seed) ^ h`;
//! 3. the generator's 256-bit state is four successive SplitMix64 outputs starting from `x`,
//!    as little-endian bytes;
//! 4. the generator is Xoshiro256++ (`rand_xoshiro`), whose output sequence is specified
//!    independently of platform and crate version.

use rand::SeedableRng;
pub use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator every consumer draws from.
pub type StreamRng = Xoshiro256PlusPlus;

/// The key of one consumer's stream: the run's seed combined with the consumer's path.
///
/// ```
/// use neurodim_state::prelude::*;
/// use rand::RngExt;
/// let a: f64 = StreamKey::new(42, "E.V").rng().random();
/// let b: f64 = StreamKey::new(42, "E.V").rng().random();
/// let c: f64 = StreamKey::new(42, "I.V").rng().random();
/// assert_eq!(a, b);
/// assert_ne!(a, c);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct StreamKey(u64);

impl StreamKey {
    /// The key of the stream for `path` in a run seeded with `seed`.
    pub fn new(seed: u64, path: &str) -> Self {
        StreamKey(splitmix64(&mut seed.clone()) ^ fnv1a64(path.as_bytes()))
    }

    /// A key for a sub-stream of this one (e.g. one per batch item or per draw site).
    pub fn substream(self, name: &str) -> Self {
        StreamKey(splitmix64(&mut self.0.clone()) ^ fnv1a64(name.as_bytes()))
    }

    /// A fresh generator at the start of this stream.
    pub fn rng(self) -> StreamRng {
        let mut x = self.0;
        let mut seed = [0u8; 32];
        for chunk in seed.chunks_exact_mut(8) {
            chunk.copy_from_slice(&splitmix64(&mut x).to_le_bytes());
        }
        StreamRng::from_seed(seed)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): advances `state` and returns the next output.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a hash.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xCBF2_9CE4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StreamKey;
    use rand::Rng;

    /// Pins the derivation: these numbers change only if the documented derivation changes,
    /// which would change every seeded result of every user.
    #[test]
    fn derivation_is_pinned() {
        assert_eq!(fnv1a64(b""), 0xCBF2_9CE4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xAF63_DC4C_8601_EC8C); // FNV-1a reference value
        let mut s = 0u64;
        assert_eq!(splitmix64(&mut s), 0xE220_A839_7B1D_CDAF); // SplitMix64 reference value
        let first = StreamKey::new(0, "E.V").rng().next_u64();
        let again = StreamKey::new(0, "E.V").rng().next_u64();
        assert_eq!(first, again);
    }

    #[test]
    fn substreams_differ_by_name() {
        let k = StreamKey::new(1, "net.noise");
        assert_ne!(k.substream("lane0"), k.substream("lane1"));
    }
}
