//! Wider vectors for the per-neuron kernels, chosen at run time.
//!
//! A library cannot assume its users compile with `-C target-cpu=native`, and the default
//! x86-64 target vectorises with SSE2 only (two `f64` lanes). [`with_wide_vectors`] runs a
//! kernel compiled again for the widest vectors the CPU has: AVX-512 (`avx512f`, `avx512vl`,
//! `avx512bw`: eight `f64` or sixteen `f32` lanes), else AVX2 (four or eight), else the
//! default.
//!
//! The results are the same bits either way: only the width of the vectors changes. Rust
//! never contracts `a·b + c` into a fused multiply-add on its own, and LLVM does not reorder
//! floating-point operations without fast-math flags, so each lane performs exactly the
//! scalar operations of the source in the same order.

/// Runs `kernel`, compiled for AVX-512 or AVX2 when the CPU supports it (checked once per
/// call: `is_x86_feature_detected!` reads a cached word).
///
/// `kernel` must be a closure whose body is the loop to vectorise, marked
/// `#[inline(always)]` (as [`chunked!`](crate::parallel::chunked) does): only once inlined into
/// the function with those features enabled is it compiled for them, and so are the `#[inline]` helpers it
/// calls.
#[inline(always)]
pub(crate) fn with_wide_vectors<R>(kernel: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512vl")
        && std::arch::is_x86_feature_detected!("avx512bw")
    {
        #[target_feature(enable = "avx512f,avx512vl,avx512bw,avx2")]
        fn avx512<R>(kernel: impl FnOnce() -> R) -> R {
            kernel()
        }
        // SAFETY: the CPU supports AVX-512F/VL/BW (and so AVX2), checked just above.
        return unsafe { avx512(kernel) };
    }
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

#[cfg(test)]
mod tests {
    use neurodim_units::exprel_poly;

    use super::*;

    /// The claim above, on this machine: a kernel with the operations of an exp-Euler update,
    /// vectorised (with the widest vectors the CPU has), equals the same arithmetic done one element
    /// at a time (each input passed through `black_box`, so that it is not vectorised).
    #[test]
    fn a_vectorised_kernel_gives_the_bits_of_one_element_at_a_time() {
        let xs: Vec<f64> = (0..4099).map(|k| (k as f64 * 0.37).sin() * 0.12).collect();
        let step = |x: f64| {
            let factor = 0.1 * exprel_poly(-0.005 * (1.0 + 800.0 * x));
            let v = -0.06 + x;
            let f = (-v - 0.06 + 2e-3 * x) * 50.0;
            let next = v + factor * f;
            if next >= -0.05 { next - 0.01 } else { next }
        };
        let mut wide = vec![0.0; xs.len()];
        with_wide_vectors(
            #[inline(always)]
            || wide.iter_mut().zip(&xs).for_each(|(w, &x)| *w = step(x)),
        );
        for (w, &x) in wide.iter().zip(&xs) {
            assert_eq!(w.to_bits(), step(std::hint::black_box(x)).to_bits(), "x = {x}");
        }
    }
}
