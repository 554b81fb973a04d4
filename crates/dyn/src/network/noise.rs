use neurodim_state::init::Constant;
use neurodim_state::{
    Shape, State, StateError, Stateful, StepContext, StreamArray, StreamKey, Visit, VisitMut,
};
use neurodim_units::Current;

use crate::DynError;
use crate::input::noise_current::NoiseStep;
use crate::input::{Blocks, NoiseCurrent, POISSON_BLOCK, shared_par};
use crate::kernel::{Par, for_each_share};

/// A [`NoiseCurrent`] inside a network: the current it adds to each neuron of its population
/// in the step, and its random streams, one per block of [`POISSON_BLOCK`] neurons (stream `b`
/// at [`StreamArray::key_of`]`(StreamKey::new(seed, name), b)`), so that the values are the
/// same whichever threads draw the blocks. The currents are the short-term state `"I"`
/// (`"<name>.I"` in the network; zero outside the noise's window) and the streams' positions
/// `"rng"`, so that a checkpoint taken between two draws resumes with the values held.
pub(crate) struct NoiseFeed {
    pub(crate) name: String,
    noise: NoiseCurrent,
    rng: StreamArray,
    current: State<Current>,
}

impl NoiseFeed {
    /// `noise` under `name` into `shape` neurons.
    pub(crate) fn new(name: String, noise: NoiseCurrent, shape: Shape) -> Self {
        let rng = StreamArray::new(StreamKey::new(0, &name), shape.len().div_ceil(POISSON_BLOCK));
        let current = State::short_term(shape, Constant(Current::default()));
        NoiseFeed { name, noise, rng, current }
    }

    /// Restarts the streams from `seed`.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng.restart(StreamKey::new(seed, &self.name));
    }

    /// The noise current it adds.
    pub(crate) fn noise(&self) -> &NoiseCurrent {
        &self.noise
    }

    /// The current into each neuron in the last step advanced.
    pub(crate) fn current(&self) -> &[Current] {
        self.current.values()
    }

    /// Sets the currents of the step of `ctx`: zero outside the window, new values at a
    /// draw (the blocks shared between the threads of `par` from 4 blocks on), else those held.
    pub(crate) fn advance(&mut self, ctx: &StepContext, par: Par) -> Result<(), DynError> {
        let current = self.current.values_mut();
        if current.is_empty() {
            return Err(StateError::Uninitialised { path: format!("{}.I", self.name) }.into());
        }
        match self.noise.step(ctx.i) {
            NoiseStep::Off => current.fill(Current::default()),
            NoiseStep::Hold => {}
            NoiseStep::Draw(std) => {
                let streams = self.rng.streams_mut();
                let noise = &self.noise;
                let par = shared_par(streams.len(), par);
                for_each_share(par, Blocks { streams, target: current }, &|_, blocks| {
                    let chunks = blocks.target.chunks_mut(POISSON_BLOCK);
                    for (rng, block) in blocks.streams.iter_mut().zip(chunks) {
                        noise.draw(std, rng, block);
                    }
                });
            }
        }
        Ok(())
    }
}

impl Stateful for NoiseFeed {
    fn visit_states(&self, visitor: &mut Visit<'_>) {
        visitor.state("I", &self.current);
        visitor.state("rng", &self.rng);
    }

    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>) {
        visitor.state("I", &mut self.current);
        visitor.state("rng", &mut self.rng);
    }
}
