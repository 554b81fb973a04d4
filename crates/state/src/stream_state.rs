//! A random stream that is a state, so that checkpoints keep its position.

use core::ops::{Deref, DerefMut};

use rand::SeedableRng;

use crate::{AnyState, StateError, StateKind, StreamKey, StreamRng, ValueType, check_batch};

/// How many values a stream's position takes: Xoshiro256++'s 256 bits as eight 32-bit halves.
pub(crate) const HALVES: usize = 8;

/// A random stream that is a short-term state: a [`StreamRng`] whose position — the 256-bit
/// state of Xoshiro256++ — [`Checkpoint`](crate::Checkpoint)s capture and restore exactly, so a
/// restored model draws the very numbers the original went on to draw.
///
/// It stands wherever a `StreamRng` is expected (it dereferences to one). [`init_all`] starts it
/// at the stream of its path, [`restart`](StreamState::restart) at any stream, and
/// [`reset_all`] takes it back to the start of the stream it was last started at. One stream
/// serves every item of a batch.
///
/// A checkpoint holds it as eight values of type [`ValueType::Stream`], shape `[8]`: the 32
/// little-endian bytes of the state (what [`SeedableRng::from_seed`] takes) read as eight
/// little-endian 32-bit integers. Each is below 2⁵³, so it is an exact `f64` — in the binary
/// form, in JSON, and in any JSON reader that parses numbers as doubles.
///
/// [`init_all`]: crate::init_all
/// [`reset_all`]: crate::reset_all
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_state::StreamState;
/// use rand::Rng;
///
/// struct Noise(StreamState);
/// impl Stateful for Noise {
///     fn visit_states(&self, v: &mut Visit<'_>) { v.state("rng", &self.0) }
///     fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) { v.state("rng", &mut self.0) }
/// }
///
/// let mut noise = Noise(StreamState::new(StreamKey::new(0, "rng")));
/// init_all(&mut noise, None, 42)?;
/// noise.0.next_u64();
/// let saved = Checkpoint::capture(&noise).to_json();
/// let next: Vec<u64> = (0..3).map(|_| noise.0.next_u64()).collect();
///
/// reset_all(&mut noise)?; // back to the start of the stream
/// Checkpoint::from_json(&saved)?.restore(&mut noise)?;
/// let again: Vec<u64> = (0..3).map(|_| noise.0.next_u64()).collect();
/// assert_eq!(next, again);
/// # Ok::<(), StateError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StreamState {
    start: StreamKey,
    rng: StreamRng,
}

impl StreamState {
    /// A stream at the start of `key`'s stream.
    pub fn new(key: StreamKey) -> Self {
        StreamState { start: key, rng: key.rng() }
    }

    /// Moves to the start of `key`'s stream, which a reset then returns to.
    pub fn restart(&mut self, key: StreamKey) {
        *self = StreamState::new(key);
    }
}

impl Deref for StreamState {
    type Target = StreamRng;

    fn deref(&self) -> &StreamRng {
        &self.rng
    }
}

impl DerefMut for StreamState {
    fn deref_mut(&mut self) -> &mut StreamRng {
        &mut self.rng
    }
}

impl AnyState for StreamState {
    fn kind(&self) -> StateKind {
        StateKind::ShortTerm
    }

    fn value_type(&self) -> ValueType {
        ValueType::Stream
    }

    fn full_shape(&self) -> Vec<usize> {
        vec![HALVES]
    }

    fn init(&mut self, batch: Option<usize>, key: StreamKey) -> Result<(), StateError> {
        check_batch(batch)?;
        self.restart(key);
        Ok(())
    }

    fn reset(&mut self) -> Result<(), StateError> {
        self.rng = self.start.rng();
        Ok(())
    }

    fn to_si(&self) -> Vec<f64> {
        position_of(&self.rng).collect()
    }

    fn load_si(&mut self, values: &[f64]) -> Result<(), StateError> {
        let seed = stream_position(values)
            .map_err(|rule| StateError::CheckpointFormat { reason: rule.into() })?;
        self.rng = StreamRng::from_seed(seed);
        Ok(())
    }
}

/// What a stream's position must be.
const POSITION_RULE: &str =
    "a random stream's position is eight integers in [0, 2^32), not all zero";

/// The position of `rng` as [`HALVES`] exact `f64`s: its 32 state bytes as little-endian
/// 32-bit integers.
pub(crate) fn position_of(rng: &StreamRng) -> impl Iterator<Item = f64> {
    let bytes = rng.state();
    (0..HALVES).map(move |k| {
        let half = [bytes[4 * k], bytes[4 * k + 1], bytes[4 * k + 2], bytes[4 * k + 3]];
        f64::from(u32::from_le_bytes(half))
    })
}

/// Whether `values` are the positions of one or more streams, one after the other (a
/// [`StreamState`], a [`StreamArray`](crate::StreamArray)), or the rule they break.
pub(crate) fn check_stream_positions(values: &[f64]) -> Result<(), &'static str> {
    if values.is_empty() || !values.len().is_multiple_of(HALVES) {
        return Err(POSITION_RULE);
    }
    values.chunks_exact(HALVES).try_for_each(|position| stream_position(position).map(drop))
}

/// The generator state (`from_seed` bytes) that `values` describe, or the rule they break:
/// eight integers in `[0, 2³²)`, not all zero (Xoshiro256++ never reaches the zero state, and
/// `from_seed` would silently replace it).
pub(crate) fn stream_position(values: &[f64]) -> Result<[u8; 32], &'static str> {
    if values.len() != HALVES {
        return Err(POSITION_RULE);
    }
    let mut seed = [0u8; 32];
    for (bytes, &x) in seed.chunks_exact_mut(4).zip(values) {
        if !(0.0..=f64::from(u32::MAX)).contains(&x) || x.fract() != 0.0 {
            return Err(POSITION_RULE);
        }
        bytes.copy_from_slice(&(x as u32).to_le_bytes());
    }
    if seed == [0; 32] {
        return Err(POSITION_RULE);
    }
    Ok(seed)
}

#[cfg(test)]
mod tests {
    use crate::{AnyState, StreamKey, StreamState};
    use rand::Rng;

    #[test]
    fn new_starts_the_keys_stream() {
        let key = StreamKey::new(1, "ext");
        assert_eq!(StreamState::new(key).next_u64(), key.rng().next_u64());
    }

    #[test]
    fn restart_from_another_key_and_reset() -> Result<(), Box<dyn std::error::Error>> {
        let mut s = StreamState::new(StreamKey::new(0, "a"));
        s.restart(StreamKey::new(0, "b"));
        let first = s.next_u64();
        s.reset()?;
        assert_eq!(s.next_u64(), first);
        Ok(())
    }
}
