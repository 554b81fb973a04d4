//! The neurons that fired in a step, from its spike flags: shared by the spike times a neuron
//! model records and the spike list a network delivers and monitors.

/// The flags are scanned in blocks of this many.
const BLOCK: usize = 64;

/// Calls `visit(i)` for every `i` with `spikes[i]`, in increasing order.
///
/// Spikes are sparse (brainstate's COBA network: 20 of 4 000 neurons per step), so the flags
/// are read as 8-byte words, eight words (a block of 64 flags) at a time: a block without a
/// spike costs one OR of its words; in a block with one, each nonzero word is visited through
/// its set bytes, without a branch per flag.
#[inline(always)]
pub(crate) fn for_each_fired(spikes: &[bool], mut visit: impl FnMut(usize)) {
    let bytes = as_bytes(spikes);
    let blocks = bytes.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    for (k, block) in blocks.enumerate() {
        let words = block.chunks_exact(8).map(word);
        if words.clone().fold(0, |any, w| any | w) != 0 {
            for (j, w) in words.enumerate() {
                visit_word(w, k * BLOCK + j * 8, &mut visit);
            }
        }
    }
    let start = bytes.len() - tail.len();
    for (j, &byte) in tail.iter().enumerate() {
        if byte != 0 {
            visit(start + j);
        }
    }
}

/// The flags as their bytes (each 0 or 1).
#[inline(always)]
fn as_bytes(flags: &[bool]) -> &[u8] {
    // SAFETY: a `bool` is one byte, 0 or 1, with the alignment of a `u8`; the bytes are only
    // read, for the lifetime of `flags`.
    unsafe { core::slice::from_raw_parts(flags.as_ptr().cast::<u8>(), flags.len()) }
}

/// Eight flag bytes as a little-endian word: byte `j` is flag `j`.
#[inline(always)]
fn word(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(bytes);
    u64::from_le_bytes(word)
}

/// Calls `visit(base + j)` for each byte `j` of `word` that is set, in increasing order.
#[inline(always)]
fn visit_word(mut word: u64, base: usize, visit: &mut impl FnMut(usize)) {
    while word != 0 {
        let j = word.trailing_zeros() as usize / 8;
        visit(base + j);
        word &= !(0xff << (8 * j));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The visited indices are exactly the set flags, in order, for any pattern and length
        /// (partial blocks and partial groups of eight included).
        #[test]
        fn visits_exactly_the_set_flags_in_order(spikes in prop::collection::vec(any::<bool>(), 0..300)) {
            let mut visited = Vec::new();
            for_each_fired(&spikes, |i| visited.push(i));
            let expected: Vec<usize> = (0..spikes.len()).filter(|&i| spikes[i]).collect();
            prop_assert_eq!(visited, expected);
        }
    }

    #[test]
    fn a_word_visits_its_set_bytes_in_order() {
        let mut seen = Vec::new();
        visit_word(u64::from_le_bytes([1, 0, 0, 1, 0, 0, 0, 1]), 64, &mut |i| seen.push(i));
        assert_eq!(seen, [64, 67, 71]);
    }
}
