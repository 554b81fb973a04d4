//! Wider vectors for the per-neuron kernels, chosen at run time.
//!
//! A library cannot assume its users compile with `-C target-cpu=native`, and the default
//! x86-64 target vectorises with SSE2 only (two `f64` lanes). [`with_avx2`] runs a kernel
//! compiled a second time with AVX2 enabled (four lanes) when the CPU has it.
//!
//! The results are the same bits either way: only the width of the vectors changes. Rust
//! never contracts `a·b + c` into a fused multiply-add on its own, and LLVM does not reorder
//! floating-point operations without fast-math flags, so each lane performs exactly the
//! scalar operations of the source in the same order.

/// Runs `kernel`, compiled for AVX2 when the CPU supports it.
///
/// `kernel` must be a closure whose body is the loop to vectorise, marked
/// `#[inline(always)]` (as [`chunked!`](crate::parallel::chunked) does): only once inlined into
/// the function with AVX2 enabled is it compiled for AVX2, and so are the `#[inline]` helpers it
/// calls.
#[inline(always)]
pub(crate) fn with_avx2<R>(kernel: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        #[target_feature(enable = "avx2")]
        fn avx2<R>(kernel: impl FnOnce() -> R) -> R {
            kernel()
        }
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { avx2(kernel) };
    }
    kernel()
}
