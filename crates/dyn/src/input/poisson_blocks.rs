//! A [`PoissonInput`]'s counts drawn by fixed blocks of targets, each block from its own random
//! stream, so that blocks can be drawn on different threads and any number of threads gives
//! the same counts.

use core::ops::{AddAssign, Mul};

use neurodim_state::{StepContext, StreamArray, StreamRng};

use super::PoissonInput;
use super::poisson_input::add_counts;
use crate::DynError;
use crate::kernel::checks::check_len;
use crate::kernel::{Par, SplitParts, for_each_share};

/// The number of targets whose counts one stream draws: targets `b · 1024 ..` draw from stream
/// `b`, whatever the number of threads. (A block's draws take 6–16 µs, several times the cost
/// of handing work to a thread.)
pub const POISSON_BLOCK: usize = 1024;

/// The fewest blocks for which the draws are shared between threads: with two threads, two
/// blocks each.
const SHARED_BLOCKS: usize = 4;

/// The number of blocks, and so of streams, of `input`: its targets (all of them, or the
/// listed ones) in blocks of [`POISSON_BLOCK`], the last one shorter.
pub(crate) fn block_count<W>(input: &PoissonInput<W>) -> usize
where
    W: AddAssign + Mul<f64, Output = W> + Copy,
{
    input.indices().map_or(input.size(), <[usize]>::len).div_ceil(POISSON_BLOCK)
}

/// The threads the draws of `input` are shared between, of those of `par`: all of them from
/// [`SHARED_BLOCKS`] blocks on, unless the input lists its targets (a target listed in two
/// blocks would be written by two threads), else one.
pub(crate) fn draw_par<W>(input: &PoissonInput<W>, par: Par) -> Par
where
    W: AddAssign + Mul<f64, Output = W> + Copy,
{
    if input.indices().is_none() { shared_par(block_count(input), par) } else { Par::Seq }
}

/// The threads that draws of `blocks` blocks of targets, a stream each, are shared between, of
/// those of `par`: all of them from [`SHARED_BLOCKS`] blocks on, else one.
pub(crate) fn shared_par(blocks: usize, par: Par) -> Par {
    if blocks >= SHARED_BLOCKS { par } else { Par::Seq }
}

/// Adds this step's `count · weight` into `target` (one item of `input.size()` values), the
/// counts of block `b` drawn from `streams[b]` in the order of its targets, the blocks shared
/// between the threads of [`draw_par(input, par)`](draw_par). `streams` holds
/// [`block_count`] streams.
pub(crate) fn add_block_counts<W>(
    input: &mut PoissonInput<W>,
    ctx: &StepContext,
    streams: &mut [StreamRng],
    target: &mut [W],
    par: Par,
) -> Result<(), DynError>
where
    W: AddAssign + Mul<f64, Output = W> + Copy + Send + Sync,
{
    check_len("Poisson input target (one item)", input.size(), target.len())?;
    check_len("Poisson input streams (one per block)", block_count(input), streams.len())?;
    let sampler = input.sampler(ctx.dt)?;
    let weight = input.weight();
    let par = draw_par(input, par);
    match input.indices() {
        None => {
            let blocks = Blocks { streams, target };
            for_each_share(par, blocks, &|_, Blocks { streams, target }| {
                let mut counts = [0.0; POISSON_BLOCK];
                for (rng, block) in streams.iter_mut().zip(target.chunks_mut(POISSON_BLOCK)) {
                    let counts = &mut counts[..block.len()];
                    sampler.fill_counts(rng, counts);
                    add_counts(block, counts, weight);
                }
            });
        }
        Some(indices) => {
            let mut counts = [0.0; POISSON_BLOCK];
            for (rng, block) in streams.iter_mut().zip(indices.chunks(POISSON_BLOCK)) {
                let counts = &mut counts[..block.len()];
                sampler.fill_counts(rng, counts);
                for (&j, &count) in block.iter().zip(&*counts) {
                    target[j] += weight * count;
                }
            }
        }
    }
    Ok(())
}

impl<W> PoissonInput<W>
where
    W: AddAssign + Mul<f64, Output = W> + Copy + Send + Sync,
{
    /// The number of blocks of [`POISSON_BLOCK`] targets (all targets, or the listed ones;
    /// the last block shorter), and so of streams that
    /// [`update_blocks`](Self::update_blocks) takes: `⌈targets / 1024⌉`.
    pub fn blocks(&self) -> usize {
        block_count(self)
    }

    /// Adds this step's input into `target` (one item of [`size`](Self::size) values) as a
    /// network does: `target[j] ← target[j] + count_j · weight`, `count_j ~ Binomial(num_input,
    /// freq · dt)`, the counts of block `b` (targets `1024 b ..`, or the listed targets in
    /// that order) drawn from stream `b` of `streams`: with a table
    /// ([`CountSampler::is_table`](crate::input::CountSampler::is_table)), from eight
    /// Xoshiro256++ generators forked from the stream (each seeded by four of its outputs, 32
    /// per block and step), count `j` of the block from output `⌊j / 8⌋` of fork `j mod 8`;
    /// otherwise one draw after the other from the stream, in the order of the block's targets.
    /// The blocks are shared between the threads of `par` (from 4 blocks on, unless the input
    /// lists its targets); each block draws from its own stream, so the result is the same
    /// bits with any number of threads.
    ///
    /// Errors: `target.len() ≠ size`; `streams` does not hold [`blocks`](Self::blocks)
    /// streams; `freq · dt > 1`.
    pub fn update_blocks(
        &mut self,
        ctx: &StepContext,
        streams: &mut StreamArray,
        target: &mut [W],
        par: Par,
    ) -> Result<(), DynError> {
        add_block_counts(self, ctx, streams.streams_mut(), target, par)
    }
}

/// Blocks of targets with their streams, split between threads at block boundaries: the
/// targets `b · POISSON_BLOCK ..` of `target` draw from `streams[b]`.
pub(crate) struct Blocks<'a, W> {
    pub(crate) streams: &'a mut [StreamRng],
    pub(crate) target: &'a mut [W],
}

impl<W: Send> SplitParts for Blocks<'_, W> {
    /// The number of blocks.
    fn len(&self) -> usize {
        self.streams.len()
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (first_streams, streams) = self.streams.split_at_mut(mid);
        let cut = (mid * POISSON_BLOCK).min(self.target.len());
        let (first_target, target) = self.target.split_at_mut(cut);
        (Blocks { streams: first_streams, target: first_target }, Blocks { streams, target })
    }
}

#[cfg(test)]
mod tests {
    use crate::input::PoissonInput;
    use crate::kernel::Par;
    use neurodim_state::{Environment, StreamArray, StreamKey};
    use neurodim_units::*;

    use super::*;

    /// The counts of one step into `size` targets (as multiples of the 1 mV weight), from a
    /// fresh array of streams, with `par`.
    fn counts(size: usize, par: Par) -> Vec<f64> {
        let mut input = PoissonInput::new(size, 1000, 20.0 * Hz, 1.0 * mV).unwrap();
        // the fast path: Binomial(1000, 0.002) from the alias table
        assert!(input.sampler(0.1 * ms).unwrap().is_table());
        let mut streams = StreamArray::new(StreamKey::new(5, "ext"), block_count(&input));
        let mut target = vec![0.0 * mV; size];
        let ctx = Environment::new(0.1 * ms).unwrap().step(0);
        add_block_counts(&mut input, &ctx, streams.streams_mut(), &mut target, par).unwrap();
        target.iter().map(|v| v.value_in(mV)).collect()
    }

    #[test]
    fn a_block_draws_from_its_own_stream() {
        let n = 3 * POISSON_BLOCK + 10;
        let all = counts(n, Par::Seq);
        // the first block is the input's key's stream, as one stream drawing for it alone
        assert_eq!(counts(POISSON_BLOCK, Par::Seq), all[..POISSON_BLOCK]);
        // the last block's counts differ from the first's: another stream
        assert_ne!(all[3 * POISSON_BLOCK..], all[..10]);
    }

    #[test]
    #[cfg(feature = "parallel")]
    fn any_number_of_threads_draws_the_same_counts() {
        let n = 9 * POISSON_BLOCK + 1;
        let one = counts(n, Par::Seq);
        for threads in [2, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let par = Par::Threads(threads.try_into().unwrap());
            assert_eq!(pool.install(|| counts(n, par)), one, "{threads} threads");
        }
    }

    #[test]
    fn listed_or_few_targets_are_drawn_on_one_thread() {
        let par = Par::Threads(2.try_into().unwrap());
        let input = |size| PoissonInput::new(size, 10, 1.0 * Hz, 1.0 * mV).unwrap();
        assert_eq!(draw_par(&input(SHARED_BLOCKS * POISSON_BLOCK), par), par);
        assert_eq!(draw_par(&input(SHARED_BLOCKS * POISSON_BLOCK - 1), Par::Seq), Par::Seq);
        assert_eq!(draw_par(&input((SHARED_BLOCKS - 1) * POISSON_BLOCK), par), Par::Seq);
        let listed = input(8 * POISSON_BLOCK).with_indices(vec![0; 8 * POISSON_BLOCK]).unwrap();
        assert_eq!((block_count(&listed), draw_par(&listed, par)), (8, Par::Seq));
    }

    #[test]
    fn blocks_of_1024_targets() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PoissonInput::new(100_000, 1000, 10.0 * Hz, 0.1 * nS)?.blocks(), 98);
        Ok(())
    }

    #[test]
    fn update_blocks_draws_into_g() -> Result<(), Box<dyn std::error::Error>> {
        let mut input = PoissonInput::new(5000, 1000, 10.0 * Hz, 0.1 * nS)?;
        let mut streams = StreamArray::new(StreamKey::new(42, "ext"), input.blocks());
        let mut g = vec![0.0 * nS; 5000];
        let ctx = Environment::new(0.1 * ms)?.step(0);
        input.update_blocks(&ctx, &mut streams, &mut g, Par::Seq)?;
        assert!(g.iter().any(|&g| g > 0.0 * nS));
        Ok(())
    }
}
