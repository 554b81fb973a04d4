//! Data parallelism for the per-element kernels of a network step.
//!
//! A [`Network`](crate::network::Network) with more than one thread runs each step inside its
//! rayon pool with `in_parallel_step`; the kernels of neurons, synapses and outputs then cut
//! their elements into chunks with [`for_each_chunk`] and process them on several threads.
//! Every kernel treats each element on its own, with the same operations in the same order
//! whatever the chunk, so the results are the same bits with any number of threads.
//! Everywhere else (a model stepped by hand, a single-threaded network) a kernel runs in one
//! piece on the calling thread.

use core::cell::Cell;

/// Several mutable slices of one length that are split together, at the same index.
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
pub(crate) trait SplitParts: Sized + Send {
    /// The common length.
    fn len(&self) -> usize;

    /// The first `mid` elements of every slice, and the rest.
    fn split_at(self, mid: usize) -> (Self, Self);
}

impl<A: Send> SplitParts for &mut [A] {
    fn len(&self) -> usize {
        <[A]>::len(self)
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        self.split_at_mut(mid)
    }
}

macro_rules! split_tuple {
    ($($name:ident),+) => {
        impl<$($name: SplitParts),+> SplitParts for ($($name,)+) {
            fn len(&self) -> usize {
                self.0.len()
            }

            #[allow(non_snake_case)]
            fn split_at(self, mid: usize) -> (Self, Self) {
                let ($($name,)+) = self;
                $(let $name = $name.split_at(mid);)+
                (($($name.0,)+), ($($name.1,)+))
            }
        }
    };
}
split_tuple!(A);
split_tuple!(A, B);
split_tuple!(A, B, C);
split_tuple!(A, B, C, D);
split_tuple!(A, B, C, D, E);
split_tuple!(A, B, C, D, E, F);
split_tuple!(A, B, C, D, E, F, G);

/// Kernels over fewer than two grains of elements are not split: handing work to another
/// thread costs a few microseconds, the time of some ten thousand neuron updates.
const GRAIN: usize = 8192;

thread_local! {
    /// Whether the current thread runs a multi-threaded network step (never set without the
    /// `parallel` feature).
    static PARALLEL: Cell<bool> = const { Cell::new(false) };
}

/// Runs `step` with the kernels allowed to use the threads of the current rayon pool (call
/// it inside `ThreadPool::install`).
#[cfg(feature = "parallel")]
pub(crate) fn in_parallel_step<R>(step: impl FnOnce() -> R) -> R {
    /// Restores the flag however `step` ends, unwinding included.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            PARALLEL.set(self.0);
        }
    }
    let _restore = Restore(PARALLEL.replace(true));
    step()
}

/// Whether a multi-threaded step shares out a kernel over `len` elements.
pub(crate) fn splits(len: usize) -> bool {
    len >= 2 * GRAIN && PARALLEL.get()
}

/// Runs `kernel(start, parts)` over the elements of `parts`: in one piece (`start = 0`), or,
/// inside a multi-threaded step, on one consecutive share per thread, in parallel, each
/// starting at element `start`. `kernel` must treat every element independently of the
/// others. (One share per thread rather than many small tasks: each `rayon::join` costs
/// microseconds when it wakes a sleeping thread.)
pub(crate) fn for_each_chunk<P: SplitParts>(parts: P, kernel: &(impl Fn(usize, P) + Sync)) {
    #[cfg(feature = "parallel")]
    if splits(parts.len()) {
        return share(parts, 0, rayon::current_num_threads(), kernel);
    }
    kernel(0, parts)
}

/// Runs `$body` for the neurons of `$range`, whose per-neuron state slices `$part`s cover
/// exactly that range: through [`for_each_chunk`], so that in `$body` the slices and `$range`
/// are those of one chunk, and compiled for AVX2 when the CPU has it.
macro_rules! chunked {
    (($($part:ident),+), $range:ident, $body:block) => {
        $crate::parallel::for_each_chunk(($($part,)+), &|start, ($($part,)+)| {
            let len = ($(&*$part,)+).0.len();
            let $range = $range.start + start..$range.start + start + len;
            // forced: left to LLVM, a large kernel stayed a separate function, compiled
            // without AVX2 (measured: the LIFRef step 1.4× slower)
            $crate::simd::with_avx2(#[inline(always)] move || $body)
        })
    };
}
pub(crate) use chunked;

/// Cuts `parts` into `shares` consecutive pieces of nearly equal length, halving with
/// `rayon::join`.
#[cfg(feature = "parallel")]
fn share<P: SplitParts>(
    parts: P,
    start: usize,
    shares: usize,
    kernel: &(impl Fn(usize, P) + Sync),
) {
    if shares <= 1 {
        return kernel(start, parts);
    }
    let first_shares = shares / 2;
    let mid = parts.len() * first_shares / shares;
    let (first, second) = parts.split_at(mid);
    rayon::join(
        || share(first, start, first_shares, kernel),
        || share(second, start + mid, shares - first_shares, kernel),
    );
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_element_once_with_their_offsets() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let len = 5 * GRAIN + 17;
        let (mut a, mut b) = (vec![0usize; len], vec![0u8; len]);
        pool.install(|| {
            in_parallel_step(|| {
                for_each_chunk((a.as_mut_slice(), b.as_mut_slice()), &|start, (a, b)| {
                    // one share per thread
                    assert!(a.len() == len / 2 || a.len() == len - len / 2);
                    for (k, (a, b)) in a.iter_mut().zip(b.iter_mut()).enumerate() {
                        *a = start + k;
                        *b += 1;
                    }
                })
            })
        });
        assert!(a.iter().enumerate().all(|(i, &x)| x == i));
        assert!(b.iter().all(|&x| x == 1));
    }

    #[test]
    fn outside_a_parallel_step_the_kernel_runs_in_one_piece() {
        let len = 5 * GRAIN;
        let mut a = vec![0u8; len];
        for_each_chunk(a.as_mut_slice(), &|start, a| {
            assert_eq!((start, a.len()), (0, len));
        });
    }
}
