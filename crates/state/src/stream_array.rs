//! Several random streams that are one state: one stream per block of a population, so that
//! the blocks can draw on different threads and still give the same numbers.

use rand::SeedableRng;

use crate::stream_state::{HALVES, stream_position};
use crate::{AnyState, StateError, StateKind, StreamKey, StreamRng, ValueType, check_batch};

/// A fixed number of random streams kept as one short-term state, so that checkpoints keep
/// the position of each.
///
/// Stream `k` of an array started at `key` is the stream of [`StreamArray::key_of`]`(key, k)`:
/// stream 0 is `key`'s own stream (an array of one stream draws what a [`StreamState`] at
/// `key` draws), stream `k ≥ 1` the [substream](StreamKey::substream) named by the decimal
/// digits of `k`. Each stream depends on `key` and `k` alone, never on how many streams there
/// are or who draws from them, which is what lets a consumer split its elements into fixed
/// blocks with a stream each and share the blocks between any number of threads.
///
/// A checkpoint holds it as `8 · len` values of type [`ValueType::Stream`], shape `[8 · len]`:
/// the positions of the streams one after the other, each as a [`StreamState`] stores its one.
///
/// [`StreamState`]: crate::StreamState
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_state::{AnyState, StreamArray, StreamState};
/// use rand::Rng;
/// let key = StreamKey::new(7, "ext");
/// let mut streams = StreamArray::new(key, 3);
/// assert_eq!(streams.full_shape(), [24]);
/// assert_eq!(streams.streams_mut()[0].next_u64(), StreamState::new(key).next_u64());
/// assert_eq!(streams.streams_mut()[2].next_u64(), StreamArray::key_of(key, 2).rng().next_u64());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StreamArray {
    start: StreamKey,
    streams: Vec<StreamRng>,
}

impl StreamArray {
    /// `len` streams at the start of the streams of `key`.
    pub fn new(key: StreamKey, len: usize) -> Self {
        StreamArray { start: key, streams: (0..len).map(|k| Self::key_of(key, k).rng()).collect() }
    }

    /// The key of stream `k` of an array started at `key`: `key` itself for `k = 0`, else its
    /// substream named `k` in decimal.
    pub fn key_of(key: StreamKey, k: usize) -> StreamKey {
        if k == 0 { key } else { key.substream(&k.to_string()) }
    }

    /// Moves every stream to the start of its stream of `key`, which a reset then returns to.
    pub fn restart(&mut self, key: StreamKey) {
        *self = StreamArray::new(key, self.streams.len());
    }

    /// The number of streams.
    pub fn len(&self) -> usize {
        self.streams.len()
    }

    /// Whether there is no stream.
    pub fn is_empty(&self) -> bool {
        self.streams.is_empty()
    }

    /// The streams, to draw from (stream `k` at index `k`).
    pub fn streams_mut(&mut self) -> &mut [StreamRng] {
        &mut self.streams
    }
}

impl AnyState for StreamArray {
    fn kind(&self) -> StateKind {
        StateKind::ShortTerm
    }

    fn value_type(&self) -> ValueType {
        ValueType::Stream
    }

    fn full_shape(&self) -> Vec<usize> {
        vec![HALVES * self.streams.len()]
    }

    fn init(&mut self, batch: Option<usize>, key: StreamKey) -> Result<(), StateError> {
        check_batch(batch)?;
        self.restart(key);
        Ok(())
    }

    fn reset(&mut self) -> Result<(), StateError> {
        self.restart(self.start);
        Ok(())
    }

    fn to_si(&self) -> Vec<f64> {
        self.streams.iter().flat_map(crate::stream_state::position_of).collect()
    }

    fn load_si(&mut self, values: &[f64]) -> Result<(), StateError> {
        if values.len() != self.full_shape()[0] {
            return Err(StateError::CheckpointFormat {
                reason: format!(
                    "{} stream positions for an array of {} streams",
                    values.len() / HALVES,
                    self.streams.len()
                ),
            });
        }
        let seeds = values
            .chunks_exact(HALVES)
            .map(stream_position)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|rule| StateError::CheckpointFormat { reason: rule.into() })?;
        self.streams = seeds.into_iter().map(StreamRng::from_seed).collect();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{AnyState, StreamArray, StreamKey};
    use rand::Rng;

    #[test]
    fn positions_round_trip_and_continue_each_stream() {
        let mut streams = StreamArray::new(StreamKey::new(3, "ext"), 3);
        streams.streams_mut().iter_mut().for_each(|rng| {
            let _ = rng.next_u64();
        });
        let saved = streams.to_si();
        assert_eq!(saved.len(), 24);
        let next: Vec<u64> = streams.streams_mut().iter_mut().map(|rng| rng.next_u64()).collect();
        let mut restored = StreamArray::new(StreamKey::new(9, "other"), 3);
        restored.load_si(&saved).unwrap();
        let again: Vec<u64> = restored.streams_mut().iter_mut().map(|rng| rng.next_u64()).collect();
        assert_eq!(next, again);
    }

    #[test]
    fn a_wrong_number_or_an_impossible_position_is_refused() {
        let mut streams = StreamArray::new(StreamKey::new(3, "ext"), 2);
        assert!(streams.load_si(&[1.0; 8]).is_err());
        assert!(streams.load_si(&[0.0; 16]).is_err());
        assert!(streams.load_si(&[1.0; 16]).is_ok());
    }

    #[test]
    fn key_of_block_zero_is_the_key() {
        let key = StreamKey::new(1, "ext");
        assert_eq!(StreamArray::key_of(key, 0), key);
        assert_eq!(StreamArray::key_of(key, 12), key.substream("12"));
    }

    #[test]
    fn restart_from_another_key_and_reset() -> Result<(), Box<dyn std::error::Error>> {
        let mut streams = StreamArray::new(StreamKey::new(0, "a"), 2);
        streams.restart(StreamKey::new(0, "b"));
        let first = streams.streams_mut()[1].next_u64();
        streams.reset()?;
        assert_eq!(streams.streams_mut()[1].next_u64(), first);
        Ok(())
    }

    #[test]
    fn len_as_given() {
        assert_eq!(StreamArray::new(StreamKey::new(0, "a"), 4).len(), 4);
    }

    #[test]
    fn no_streams_is_empty() {
        assert!(StreamArray::new(StreamKey::new(0, "a"), 0).is_empty());
    }

    #[test]
    fn streams_differ() {
        let mut streams = StreamArray::new(StreamKey::new(0, "a"), 2);
        let [first, second] = streams.streams_mut() else { unreachable!() };
        assert_ne!(first.next_u64(), second.next_u64());
    }
}
