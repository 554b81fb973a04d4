//! Inputs computed a block of neurons at a time, just before the model reads them: the drive
//! of synapses whose current has a slope in V (COBA) in one pass with the neurons' update.
//!
//! A model whose inputs have slopes reads every slope first (its per-neuron exp-Euler
//! factors, [`NeuronInputs::slope`]), then takes each neuron's input: the synapses cannot be
//! updated as the input is taken, as they are for current-based inputs. So the driver cuts each
//! chunk into blocks of [`STAGE_BLOCK`] neurons and, per block, has the synapses write the
//! block's drive into buffers on the stack (a few KiB, in the L1 cache), then runs the model's
//! update on the block reading them. The drive never goes through memory, and no array the size
//! of the population is written for it.

use neurodim_state::Precision;
use neurodim_units::Voltage;

use crate::kernel::{NeuronInput, NeuronInputs, PerElement, SplitParts};

/// The neurons of a block. Small enough that a block's drive (two values in `F` per neuron)
/// and its neurons' state stay in the L1 cache between the two passes, large enough that the
/// per-block set-up (a few splits) is a small part of the block's work.
pub(crate) const STAGE_BLOCK: usize = 256;

/// The drive of a block of neurons in the state's precision: current (A) and slope (S) per
/// neuron.
pub(crate) struct StageBuffers<F> {
    current: [F; STAGE_BLOCK],
    slope: [F; STAGE_BLOCK],
}

impl<F: Precision> StageBuffers<F> {
    /// Zeroed buffers.
    #[inline(always)]
    pub(crate) fn new() -> Self {
        let zero = [F::zero(); STAGE_BLOCK];
        StageBuffers { current: zero, slope: zero }
    }
}

/// Inputs that compute the drive of their neurons a block at a time (see the module
/// documentation): split like every part of a chunk, then asked for the drive of all their
/// neurons at once.
pub(crate) trait StagedInputs<F: Precision>: SplitParts {
    /// The voltage jumps of the neurons, read as they are (not staged).
    type Delta: PerElement<Voltage>;

    /// Writes the current (A) and the slope (S) of every neuron of `self` (at most
    /// [`STAGE_BLOCK`]) into `current` and `slope`, one value per neuron, in order, updating
    /// what it reads on the way (a synapse's conductance); returns the neurons' jumps.
    fn stage(self, current: &mut [F], slope: &mut [F]) -> Self::Delta;
}

/// The inputs of a block, read from its buffers, with its voltage jumps `D`: the neurons
/// `start..start + len` of the buffers.
///
/// The buffers are read whole, at `(start + i) % STAGE_BLOCK`: `start + i < STAGE_BLOCK` for
/// every neuron `i` of the block, so this is `start + i`, and the compiler sees that it is in
/// bounds. Indexed into slices of the block's length instead, each read kept a bounds check
/// the compiler could not prove away, and a loop over the block left its last vector's worth
/// of neurons (up to 64 in `f32` with AVX-512) to a scalar loop: measured, COBA at 4 000
/// neurons in `f32` 1.24× slower.
pub(crate) struct BlockInputs<'a, F, D> {
    current: &'a [F; STAGE_BLOCK],
    slope: &'a [F; STAGE_BLOCK],
    start: usize,
    len: usize,
    delta: D,
}

impl<'a, F: Precision, D: PerElement<Voltage>> BlockInputs<'a, F, D> {
    /// Stages the drive of `staged` (at most [`STAGE_BLOCK`] neurons) into `buffers` and reads
    /// it back.
    #[inline(always)]
    pub(crate) fn stage<S: StagedInputs<F, Delta = D>>(
        staged: S,
        buffers: &'a mut StageBuffers<F>,
    ) -> Self {
        let len = staged.len();
        let delta = staged.stage(&mut buffers.current[..len], &mut buffers.slope[..len]);
        BlockInputs { current: &buffers.current, slope: &buffers.slope, start: 0, len, delta }
    }

    /// The buffers' index of neuron `i` of the block (see the type's documentation).
    #[inline(always)]
    fn at(&self, i: usize) -> usize {
        (self.start + i) % STAGE_BLOCK
    }
}

impl<F: Precision, D: PerElement<Voltage>> SplitParts for BlockInputs<'_, F, D> {
    fn len(&self) -> usize {
        self.len
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        assert!(mid <= self.len, "split of a block at {mid} beyond its {} neurons", self.len);
        let (d1, d2) = self.delta.split_at(mid);
        let (current, slope, start) = (self.current, self.slope, self.start);
        (
            BlockInputs { current, slope, start, len: mid, delta: d1 },
            BlockInputs { current, slope, start: start + mid, len: self.len - mid, delta: d2 },
        )
    }
}

impl<F: Precision, D: PerElement<Voltage>> NeuronInputs<F> for BlockInputs<'_, F, D> {
    const HAS_SLOPE: bool = true;

    #[inline(always)]
    fn slope(&self, i: usize) -> F {
        self.slope[self.at(i)]
    }

    #[inline(always)]
    fn take(&mut self, i: usize) -> NeuronInput<F> {
        let delta = F::of(self.delta.at(i).value);
        let k = self.at(i);
        NeuronInput { current: self.current[k], slope: self.slope[k], delta }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::Broadcast;

    /// A block's staged drive: current `i` and slope `−i` for neuron `i`.
    struct Ramp(usize);

    impl SplitParts for Ramp {
        fn len(&self) -> usize {
            self.0
        }
        fn split_at(self, mid: usize) -> (Self, Self) {
            (Ramp(mid), Ramp(self.0 - mid))
        }
    }

    impl StagedInputs<f64> for Ramp {
        type Delta = Broadcast<Voltage>;
        fn stage(self, current: &mut [f64], slope: &mut [f64]) -> Self::Delta {
            for (i, (c, s)) in current.iter_mut().zip(slope.iter_mut()).enumerate() {
                (*c, *s) = (i as f64, -(i as f64));
            }
            Broadcast(Voltage::default())
        }
    }

    #[test]
    fn the_parts_of_a_split_block_read_their_own_neurons() {
        let mut buffers = StageBuffers::new();
        let block = BlockInputs::stage(Ramp(STAGE_BLOCK), &mut buffers);
        let (first, mut second) = block.split_at(100);
        assert_eq!((first.len(), second.len()), (100, STAGE_BLOCK - 100));
        assert_eq!(first.slope(99), -99.0);
        assert_eq!(second.slope(0), -100.0);
        assert_eq!(second.take(STAGE_BLOCK - 101).current, (STAGE_BLOCK - 1) as f64);
    }
}
