//! How much memory the machine has for a build or a recording, so that a request beyond it is
//! an error that says how much it needs instead of an abort part-way.

use crate::DynError;

/// The memory the system says is available for new allocations without swapping, in bytes
/// (`MemAvailable` of `/proc/meminfo` on Linux), or `None` where that is not known.
///
/// ```
/// use neurodim_dyn::network::available_memory;
/// if let Some(bytes) = available_memory() {
///     assert!(bytes > 0);
/// }
/// ```
pub fn available_memory() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|line| line.starts_with("MemAvailable:"))?;
    // "MemAvailable:   12345678 kB"
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// `bytes` (or `None`: more than `u64` counts) for `what` must fit in the
/// [available memory](available_memory) (unknown: only the overflow is refused); the error says
/// how much is needed and how much there is.
///
/// ```
/// use neurodim_dyn::network::check_memory;
/// let (neurons, steps) = (1000u64, 10_000u64);
/// let bytes = neurons.checked_mul(steps).and_then(|n| n.checked_mul(8)); // f64 samples
/// check_memory("a voltage monitor", bytes)?; // 80 MB
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
pub fn check_memory(what: &str, bytes: Option<u64>) -> Result<(), DynError> {
    let available = available_memory();
    let fits = match (bytes, available) {
        (None, _) => false,
        (Some(bytes), Some(available)) => bytes <= available,
        // Unknown: at least refuse what no address space holds.
        (Some(bytes), None) => usize::try_from(bytes).is_ok_and(|b| b <= isize::MAX as usize),
    };
    if fits {
        return Ok(());
    }
    let needed = match bytes {
        Some(bytes) => human_bytes(bytes),
        None => "more than 2^64 bytes".to_string(),
    };
    let value = match (bytes, available) {
        (Some(_), Some(available)) => format!("{needed}, {} available", human_bytes(available)),
        _ => needed,
    };
    Err(DynError::invalid(
        "memory",
        format!("{what} needs {value}"),
        "must fit in the available memory",
    ))
}

/// `bytes` in GiB or MiB with three significant digits, e.g. `"12.3 GiB"`.
fn human_bytes(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mib = bytes as f64 / MIB;
    if mib >= 1024.0 { format!("{:.3} GiB", mib / 1024.0) } else { format!("{mib:.3} MiB") }
}

#[cfg(test)]
mod tests {
    use super::check_memory;

    #[test]
    fn check_memory_refuses_what_does_not_fit() {
        assert!(check_memory("a monitor", Some(1024)).is_ok());
        let err = check_memory("a monitor", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid memory: a monitor needs more than 2^64 bytes (must fit in the available memory)"
        );
        assert!(check_memory("a monitor", Some(u64::MAX)).is_err());
    }
}
