use crate::DynError;
use crate::kernel::fired::for_each_fired;

/// Checks a population size for a monitor: at least one neuron, and every index fits in `u32`
/// (the type monitors store neuron indices in).
pub(crate) fn population_size(n: usize) -> Result<usize, DynError> {
    if n == 0 {
        return Err(DynError::invalid("population size", n, "must be > 0"));
    }
    if u32::try_from(n - 1).is_err() {
        return Err(DynError::invalid("population size", n, "must be at most 2^32 (u32 indices)"));
    }
    Ok(n)
}

/// The neurons a monitor records, as `u32` population indices in the caller's order: each must
/// lie in `0..n` and appear once, and at least one must be given.
pub(crate) fn neuron_indices(n: usize, indices: &[usize]) -> Result<Vec<u32>, DynError> {
    population_size(n)?;
    if indices.is_empty() {
        return Err(DynError::invalid("recorded neurons", "[]", "must name at least one neuron"));
    }
    let neurons = indices
        .iter()
        .map(|&index| {
            if index < n {
                // `population_size` guarantees that every index below `n` fits.
                Ok(index as u32)
            } else {
                Err(DynError::IndexOutOfRange { what: "recorded neuron".into(), index, len: n })
            }
        })
        .collect::<Result<Vec<u32>, _>>()?;
    // Sorting a copy finds repeats in O(k log k) time and O(k) memory, whatever `n` is.
    let mut sorted = neurons.clone();
    sorted.sort_unstable();
    if let Some(pair) = sorted.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(DynError::invalid("recorded neuron", pair[0], "must not be repeated"));
    }
    Ok(neurons)
}

/// Checks that a per-step vector covers the whole population.
pub(crate) fn check_len(what: &str, expected: usize, found: usize) -> Result<(), DynError> {
    if expected == found {
        Ok(())
    } else {
        Err(DynError::SizeMismatch { what: what.into(), expected, found })
    }
}

/// Appends to `out` the indices of the neurons that spiked, in increasing order
/// ([`for_each_fired`]). The caller guarantees that every index fits a `u32`.
pub(crate) fn extend_fired(spikes: &[bool], out: &mut Vec<u32>) {
    for_each_fired(spikes, |i| out.push(i as u32));
}

/// The number of neurons that spiked. Summed as `u8` in blocks of 255 (which cannot overflow)
/// so that the sum vectorises over wide lanes.
pub(crate) fn count_fired(spikes: &[bool]) -> usize {
    spikes
        .chunks(255)
        .map(|block| usize::from(block.iter().map(|&b| u8::from(b)).sum::<u8>()))
        .sum()
}
