//! The CPU time of a bench's own thread, a check beside criterion's wall time on a host whose
//! other load varies.

/// This thread's CPU time in ns, from Linux's `/proc/thread-self/schedstat` (`None` elsewhere).
pub fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// The CPU time of this thread per call of `step`, in ns, averaged over at least 0.5 s of CPU
/// time (`None` where the CPU time cannot be read).
pub fn cpu_ns_per_call(mut step: impl FnMut()) -> Option<f64> {
    let start = thread_cpu_ns()?;
    let mut calls = 0u64;
    loop {
        for _ in 0..16 {
            step();
        }
        calls += 16;
        let used = thread_cpu_ns().unwrap_or(start) - start;
        if used >= 500_000_000 {
            return Some(used as f64 / calls as f64);
        }
    }
}
