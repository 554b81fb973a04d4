//! Cache hints for spike delivery: the rows of the neurons that spiked are scattered one after
//! the other, and each row (80 targets: five cache lines) is usually far away in memory, so its
//! first load stalls; asking for the rows a few spikes ahead hides that wait.

/// How many spikes ahead delivery asks for a row: enough to cover a miss to the last-level
/// cache or memory while the rows in between are scattered.
pub(crate) const ROWS_AHEAD: usize = 4;

/// Asks the CPU to start loading `data` into its caches. A hint only: it changes no value and
/// cannot fault; a no-op on targets other than x86-64.
#[inline(always)]
pub(crate) fn prefetch<T>(data: &[T]) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        const LINE: usize = 64;
        let start = data.as_ptr().cast::<i8>();
        for offset in (0..size_of_val(data)).step_by(LINE) {
            // SAFETY: `start + offset` lies within `data`, and a prefetch only hints the cache.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(start.add(offset)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = data;
}
