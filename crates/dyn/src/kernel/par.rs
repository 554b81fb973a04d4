//! Data parallelism as an explicit value: [`Par`], handed down from the network to every kernel
//! of a step, and the splitting of a kernel's elements between threads.
//!
//! Every kernel treats each element on its own, with the same operations in the same order
//! whatever the chunk, so the results are the same bits with any number of threads. A model
//! stepped by hand, or a network with one thread, runs each kernel in one piece on the calling
//! thread.

use core::num::NonZeroUsize;

/// How many threads a kernel may use (faer's `Par`): one, or the threads of the rayon pool the
/// caller runs in.
///
/// A kernel shares its elements out only when there are enough of them
/// ([`Par::splits`]): handing work to another thread costs a few microseconds, the time of
/// some ten thousand neuron updates.
///
/// ```
/// use neurodim_dyn::kernel::Par;
/// use core::num::NonZeroUsize;
/// assert_eq!(Par::default(), Par::Seq);
/// let two = Par::Threads(NonZeroUsize::new(2).unwrap());
/// assert_eq!(two.threads(), 2);
/// assert!(!two.splits(1_000) && two.splits(100_000));
/// assert!(!Par::Seq.splits(100_000));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Par {
    /// On the calling thread.
    #[default]
    Seq,
    /// Shared between this many threads of the current rayon pool (with the `parallel`
    /// feature; without it, on the calling thread).
    Threads(NonZeroUsize),
}

impl Par {
    /// The number of threads.
    pub fn threads(self) -> usize {
        match self {
            Par::Seq => 1,
            Par::Threads(n) => n.get(),
        }
    }

    /// Whether a kernel over `len` elements is shared between the threads: with more than one
    /// thread, from two [grains](GRAIN) of elements on.
    pub fn splits(self, len: usize) -> bool {
        self.threads() > 1 && len >= 2 * GRAIN
    }
}

/// The fewest elements of a kernel's share: kernels over fewer than two grains are not split.
pub const GRAIN: usize = 8192;

/// Several mutable slices (or per-element inputs) of one length that are split together, at
/// the same index, so that each thread gets the same elements of every part.
///
/// ```
/// use neurodim_dyn::kernel::SplitParts;
/// let (mut a, mut b) = ([1, 2, 3], [4.0, 5.0, 6.0]);
/// let (first, second) = (&mut a[..], &mut b[..]).split_at(1);
/// assert_eq!((first.0.len(), second.1.len()), (1, 2));
/// ```
pub trait SplitParts: Sized + Send {
    /// The common length.
    fn len(&self) -> usize;

    /// Whether there is no element.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The first `mid` elements of every part, and the rest.
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

impl<A: Sync> SplitParts for &[A] {
    fn len(&self) -> usize {
        <[A]>::len(self)
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        <[A]>::split_at(self, mid)
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
split_tuple!(A, B, C, D, E, F, G, H);

/// Runs `kernel(start, parts)` over the elements of `parts`: in one piece (`start = 0`), or,
/// when `par` [splits](Par::splits) them, on one consecutive share per thread, in parallel,
/// each starting at element `start`. Call it inside the rayon pool of `par`'s threads.
/// `kernel` must treat every element independently of the others. (One share per thread
/// rather than many small tasks: each `rayon::join` costs microseconds when it wakes a
/// sleeping thread.)
///
/// ```
/// use neurodim_dyn::kernel::{Par, for_each_chunk};
/// let mut v = vec![0.0; 100];
/// // each element from its index: the same result in one piece or in shares
/// for_each_chunk(Par::Seq, v.as_mut_slice(), &|start, chunk: &mut [f64]| {
///     for (k, x) in chunk.iter_mut().enumerate() {
///         *x = (start + k) as f64 * 0.5;
///     }
/// });
/// assert_eq!(v[99], 49.5);
/// ```
pub fn for_each_chunk<P: SplitParts>(par: Par, parts: P, kernel: &(impl Fn(usize, P) + Sync)) {
    let par = if par.splits(parts.len()) { par } else { Par::Seq };
    for_each_share(par, parts, kernel)
}

/// [`for_each_chunk`] for a caller that has decided itself to split (its elements are not
/// neuron updates, so [`GRAIN`] is not their measure): one share per thread of `par`, whatever
/// the length (with `Par::Seq`, or without the `parallel` feature, in one piece).
pub(crate) fn for_each_share<P: SplitParts>(
    par: Par,
    parts: P,
    kernel: &(impl Fn(usize, P) + Sync),
) {
    #[cfg(feature = "parallel")]
    if par.threads() > 1 {
        return share(parts, 0, par.threads(), kernel);
    }
    #[cfg(not(feature = "parallel"))]
    let _ = par;
    kernel(0, parts)
}

/// Runs `$body` for the elements of `$range`, whose per-element slices `$part`s cover exactly
/// that range: through [`for_each_chunk`] with `$par`, so that in `$body` the slices and
/// `$range` are those of one chunk, and compiled for the widest vectors the CPU has.
macro_rules! chunked {
    ($par:expr, ($($part:ident),+), $range:ident, $body:block) => {
        $crate::kernel::for_each_chunk($par, ($($part,)+), &|start, ($($part,)+)| {
            let len = ($(&*$part,)+).0.len();
            let $range = $range.start + start..$range.start + start + len;
            // forced: left to LLVM, a large kernel stayed a separate function, compiled
            // without AVX2 (measured: the LIFRef step 1.4× slower)
            $crate::kernel::simd::with_wide_vectors(#[inline(always)] move || $body)
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
mod parallel_tests {
    use super::*;

    #[test]
    fn chunks_cover_every_element_once_with_their_offsets() {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let par = Par::Threads(NonZeroUsize::new(2).unwrap());
        let len = 5 * GRAIN + 17;
        let (mut a, mut b) = (vec![0usize; len], vec![0u8; len]);
        pool.install(|| {
            for_each_chunk(par, (a.as_mut_slice(), b.as_mut_slice()), &|start, (a, b)| {
                // one share per thread
                assert!(a.len() == len / 2 || a.len() == len - len / 2);
                for (k, (a, b)) in a.iter_mut().zip(b.iter_mut()).enumerate() {
                    *a = start + k;
                    *b += 1;
                }
            })
        });
        assert!(a.iter().enumerate().all(|(i, &x)| x == i));
        assert!(b.iter().all(|&x| x == 1));
    }

    #[test]
    fn with_one_thread_the_kernel_runs_in_one_piece() {
        let len = 5 * GRAIN;
        let mut a = vec![0u8; len];
        for_each_chunk(Par::Seq, a.as_mut_slice(), &|start, a| {
            assert_eq!((start, a.len()), (0, len));
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::kernel::{GRAIN, Par};

    #[test]
    fn sequential_is_one_thread() {
        assert_eq!(Par::Seq.threads(), 1);
    }

    #[test]
    fn splits_from_two_grains() {
        let par = Par::Threads(2.try_into().unwrap());
        assert!(par.splits(2 * GRAIN) && !par.splits(2 * GRAIN - 1));
    }
}
