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

/// The inputs of a block, read from its buffers, with its voltage jumps `D`.
pub(crate) struct BlockInputs<'a, F, D> {
    current: &'a [F],
    slope: &'a [F],
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
        BlockInputs { current: &buffers.current[..len], slope: &buffers.slope[..len], delta }
    }
}

impl<F: Precision, D: PerElement<Voltage>> SplitParts for BlockInputs<'_, F, D> {
    fn len(&self) -> usize {
        self.current.len()
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (c1, c2) = self.current.split_at(mid);
        let (s1, s2) = self.slope.split_at(mid);
        let (d1, d2) = self.delta.split_at(mid);
        (
            BlockInputs { current: c1, slope: s1, delta: d1 },
            BlockInputs { current: c2, slope: s2, delta: d2 },
        )
    }
}

impl<F: Precision, D: PerElement<Voltage>> NeuronInputs<F> for BlockInputs<'_, F, D> {
    const HAS_SLOPE: bool = true;

    #[inline(always)]
    fn slope(&self, i: usize) -> F {
        self.slope[i]
    }

    #[inline(always)]
    fn take(&mut self, i: usize) -> NeuronInput<F> {
        let delta = F::of(self.delta.at(i).value);
        NeuronInput { current: self.current[i], slope: self.slope[i], delta }
    }
}
