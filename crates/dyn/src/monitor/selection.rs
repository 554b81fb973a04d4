use crate::DynError;

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
    let mut seen = vec![false; n];
    indices
        .iter()
        .map(|&index| {
            if index >= n {
                return Err(DynError::IndexOutOfRange {
                    what: "recorded neuron".into(),
                    index,
                    len: n,
                });
            }
            if std::mem::replace(&mut seen[index], true) {
                return Err(DynError::invalid("recorded neuron", index, "must not be repeated"));
            }
            // `population_size` guarantees that every index below `n` fits.
            Ok(index as u32)
        })
        .collect()
}

/// Checks that a per-step vector covers the whole population.
pub(crate) fn check_len(what: &str, expected: usize, found: usize) -> Result<(), DynError> {
    if expected == found {
        Ok(())
    } else {
        Err(DynError::SizeMismatch { what: what.into(), expected, found })
    }
}
