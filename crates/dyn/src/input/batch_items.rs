//! Batch items: a buffer of `batch × size` values, one item of `size` per batch element.

use crate::DynError;

/// The number of items in a buffer of `len` values over a population of `size` (> 0): `len`
/// must be a whole, non-zero number of items. The error names `what` and the nearest valid size.
pub(crate) fn batch_items(what: &str, len: usize, size: usize) -> Result<usize, DynError> {
    if len > 0 && len.is_multiple_of(size) {
        Ok(len / size)
    } else {
        Err(DynError::SizeMismatch {
            what: format!("{what} (batch × {size})"),
            expected: size * (len / size).max(1),
            found: len,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_lanes_are_counted_and_partial_ones_rejected() {
        assert_eq!(batch_items("out", 8, 4), Ok(2));
        assert_eq!(batch_items("out", 4, 4), Ok(1));
        assert_eq!(
            batch_items("out", 9, 4).unwrap_err().to_string(),
            "out (batch × 4): expected size 8, found 9"
        );
        assert_eq!(
            batch_items("out", 0, 4).unwrap_err().to_string(),
            "out (batch × 4): expected size 4, found 0"
        );
    }
}
