//! The fused synaptic pass of a population whose synapse groups are all exponential with an
//! output linear in V (COBA or CUBA, as in brainstate's COBA and CUBA networks).
//!
//! Stage by stage, a step of such a population passes over its neurons once per synapse
//! update, once to clear the drive, once per output and once more to clear the delay rings'
//! slots. Fused, it passes once: per neuron, each group's `g ← g·keep + Δg` (exactly
//! [`Expon`](crate::synapse::Expon)'s update, zeroing `Δg` as it is read), then
//! `offset = I₀ + Σ a_k·g_k` and `slope = Σ b_k·g_k` in the order of the groups (exactly what
//! [`SynapticOutput::add_to_range`](crate::output::SynapticOutput::add_to_range) adds). The
//! same operations in the same order: the same bits (tested in `tests/it/network_fused.rs`).

use core::ops::Range;

use neurodim_state::{Precision, StateValue};
use neurodim_units::{Conductance, Current, Voltage};

use crate::DynError;
use crate::kernel::checks::{check_len, check_range};
use crate::kernel::staged::StagedInputs;
use crate::kernel::{
    Broadcast, NeuronInput, NeuronInputs, Par, PerElement, PerNeuron, SplitParts, SynapticDrive,
    chunked,
};
use crate::projection::group::Arrival;

/// At most this many groups of a population are fused (two: brainstate's networks have an
/// excitatory and an inhibitory group per population); with more, the population is stepped
/// stage by stage.
pub(crate) const MAX_CHANNELS: usize = 2;

/// One synapse group's part of the fused pass.
pub(crate) struct ExponChannel<'a, F: Precision> {
    /// The group's conductances (the whole population).
    pub(crate) g: &'a mut [F::Stored<Conductance>],
    /// What arrived for them this step; zeroed by the pass.
    pub(crate) arrived: &'a mut [Arrival<F>],
    /// `g`'s factor of one step's decay ([`SynapseModel::single_exponential`]).
    ///
    /// [`SynapseModel::single_exponential`]: crate::kernel::SynapseModel::single_exponential
    pub(crate) keep: F,
    /// The output's current is `a·g + b·g·V`.
    pub(crate) a: Voltage,
    pub(crate) b: f64,
}

/// Updates the conductances of `channels` for the neurons in `range` and writes their drive:
/// `offset = base + Σ a_k·g_k`, and, if `with_slope`, `slope = Σ b_k·g_k` (the slope is left
/// alone otherwise: a population whose outputs are all current-based reads only the offset).
pub(crate) fn fill_linear_drive<F: Precision>(
    channels: &mut [ExponChannel<'_, F>],
    base: PerNeuron<'_, Current>,
    drive: &mut SynapticDrive,
    with_slope: bool,
    range: Range<usize>,
    par: Par,
) -> Result<(), DynError> {
    let len = drive.len();
    check_range(len, &range)?;
    check_len("external current", len, base.count())?;
    check_channels(channels, len)?;
    let (offset, slope) = drive.parts_mut();
    let (offset, slope) = (&mut offset[range.clone()], &mut slope[range.clone()]);
    match (channels, with_slope) {
        ([one], true) => one_channel::<F, true>(one, base, offset, slope, range, par),
        ([one], false) => one_channel::<F, false>(one, base, offset, slope, range, par),
        ([first, second], true) => {
            two_channels::<F, true>([first, second], base, offset, slope, range, par)
        }
        ([first, second], false) => {
            two_channels::<F, false>([first, second], base, offset, slope, range, par)
        }
        (channels, _) => return Err(channel_count(channels)),
    }
    Ok(())
}

/// Each channel's conductances and arrivals must cover the population of `len` neurons.
pub(crate) fn check_channels<F: Precision>(
    channels: &[ExponChannel<'_, F>],
    len: usize,
) -> Result<(), DynError> {
    for channel in channels {
        check_len("synaptic conductance", len, channel.g.len())?;
        check_len("synaptic arrivals", len, channel.arrived.len())?;
    }
    Ok(())
}

/// The error for a number of channels the fused passes do not take.
pub(crate) fn channel_count<F: Precision>(channels: &[ExponChannel<'_, F>]) -> DynError {
    DynError::invalid("fused synapse groups", channels.len(), "must be 1 or 2 (MAX_CHANNELS)")
}

/// Runs `$body` with `$base` bound to the base current of the neurons of `$range` as a
/// [`PerElement`] (one value for all, or their slice), so that the loop in `$body` is compiled
/// for each.
macro_rules! with_base {
    ($current:expr, $range:expr, |$base:ident| $body:block) => {
        match $current {
            PerNeuron::All(c) => {
                let $base = Broadcast(c);
                $body
            }
            PerNeuron::Each(c) => {
                let $base = &c[$range];
                $body
            }
        }
    };
}

/// One group's update of a neuron and its part of the drive, `(offset, slope)`.
#[inline(always)]
fn add_channel<F: Precision, const SLOPE: bool>(
    (g, arrived): (&mut F::Stored<Conductance>, &mut Arrival<F>),
    (keep, a, b): (F, Voltage, f64),
    (offset, slope): &mut (Current, Conductance),
) {
    let updated = Conductance::from_si(decay_and_add(g, arrived, keep).wide());
    *offset += updated * a;
    if SLOPE {
        *slope += updated * b;
    }
}

/// One element of a channel: `g ← g·keep + Δg` in the state's precision, `Δg` zeroed; returns
/// the new `g` (S) in that precision (in `f64` the same operations as `Expon`'s update, so the
/// same bits).
#[inline(always)]
fn decay_and_add<F: Precision>(
    g: &mut F::Stored<Conductance>,
    arrived: &mut Arrival<F>,
    keep: F,
) -> F {
    let updated = F::load(*g) * keep + F::load(*arrived);
    *g = F::store(updated);
    *arrived = F::store(F::zero());
    updated
}

/// The slices of `channel` for `range`, and its coefficients `(keep, a, b)`.
#[allow(clippy::type_complexity)]
fn parts<'s, F: Precision>(
    channel: &'s mut ExponChannel<'_, F>,
    range: &Range<usize>,
) -> (&'s mut [F::Stored<Conductance>], &'s mut [Arrival<F>], (F, Voltage, f64)) {
    let coefficients = (channel.keep, channel.a, channel.b);
    (&mut channel.g[range.clone()], &mut channel.arrived[range.clone()], coefficients)
}

/// Stores a neuron's drive; the slope only if the outputs have one.
#[inline(always)]
fn store<const SLOPE: bool>(
    (o, s): (Current, Conductance),
    offset: &mut Current,
    slope: &mut Conductance,
) {
    *offset = o;
    if SLOPE {
        *slope = s;
    }
}

fn one_channel<F: Precision, const SLOPE: bool>(
    channel: &mut ExponChannel<'_, F>,
    base: PerNeuron<'_, Current>,
    offset: &mut [Current],
    slope: &mut [Conductance],
    range: Range<usize>,
    par: Par,
) {
    let (g, arrived, c) = parts(channel, &range);
    chunked!(par, (g, arrived, offset, slope), range, {
        with_base!(base, range, |base| {
            let neurons = g.iter_mut().zip(arrived.iter_mut());
            let drive = offset.iter_mut().zip(slope.iter_mut());
            for (i, (channel, (offset, slope))) in neurons.zip(drive).enumerate() {
                let mut sum = (base.at(i), Conductance::default());
                add_channel::<F, SLOPE>(channel, c, &mut sum);
                store::<SLOPE>(sum, offset, slope);
            }
        })
    });
}

fn two_channels<F: Precision, const SLOPE: bool>(
    [first, second]: [&mut ExponChannel<'_, F>; 2],
    base: PerNeuron<'_, Current>,
    offset: &mut [Current],
    slope: &mut [Conductance],
    range: Range<usize>,
    par: Par,
) {
    let (g1, arrived1, c1) = parts(first, &range);
    let (g2, arrived2, c2) = parts(second, &range);
    chunked!(par, (g1, arrived1, g2, arrived2, offset, slope), range, {
        with_base!(base, range, |base| {
            let first = g1.iter_mut().zip(arrived1.iter_mut());
            let second = g2.iter_mut().zip(arrived2.iter_mut());
            let drive = offset.iter_mut().zip(slope.iter_mut());
            for (i, ((first, second), (offset, slope))) in first.zip(second).zip(drive).enumerate()
            {
                let mut sum = (base.at(i), Conductance::default());
                add_channel::<F, SLOPE>(first, c1, &mut sum);
                add_channel::<F, SLOPE>(second, c2, &mut sum);
                store::<SLOPE>(sum, offset, slope);
            }
        })
    });
}

/// One channel's slices for the neurons of a range, as [`ChannelInputs`] reads them, with its
/// coefficients in the state's precision.
pub(crate) struct ChannelSlices<'a, F: Precision> {
    g: &'a mut [F::Stored<Conductance>],
    arrived: &'a mut [Arrival<F>],
    keep: F,
    /// The output's current is `a·g + b·g·V`: `a` (V) and `b` (1).
    a: F,
    b: F,
}

impl<'a, F: Precision> ChannelSlices<'a, F> {
    /// The slices of `channel` for the neurons in `range`.
    pub(crate) fn new(channel: &'a mut ExponChannel<'_, F>, range: Range<usize>) -> Self {
        let (keep, a, b) = (channel.keep, F::of(channel.a.value), F::of(channel.b));
        ChannelSlices {
            g: &mut channel.g[range.clone()],
            arrived: &mut channel.arrived[range],
            keep,
            a,
            b,
        }
    }

    /// Neuron `i`'s update of this channel, `g ← g·keep + Δg`, `Δg ← 0`; its current `a·g` added
    /// to `current` (A) and, if `SLOPE`, its slope `b·g` to `slope` (S).
    #[inline(always)]
    fn add<const SLOPE: bool>(&mut self, i: usize, current: &mut F, slope: &mut F) {
        let updated = decay_and_add(&mut self.g[i], &mut self.arrived[i], self.keep);
        *current = *current + updated * self.a;
        if SLOPE {
            *slope = *slope + updated * self.b;
        }
    }
}

impl<F: Precision> SplitParts for ChannelSlices<'_, F> {
    fn len(&self) -> usize {
        self.g.len()
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (g1, g2) = self.g.split_at_mut(mid);
        let (a1, a2) = self.arrived.split_at_mut(mid);
        let (keep, a, b) = (self.keep, self.a, self.b);
        (
            ChannelSlices { g: g1, arrived: a1, keep, a, b },
            ChannelSlices { g: g2, arrived: a2, keep, a, b },
        )
    }
}

/// One or two channels, as a tuple: each adds its part of a neuron's drive in order.
pub(crate) trait ChannelSet<F: Precision>: SplitParts {
    /// Neuron `i`'s update of every channel, their currents added to `current` (A) in order and,
    /// if `SLOPE`, their slopes to `slope` (S).
    fn add<const SLOPE: bool>(&mut self, i: usize, current: &mut F, slope: &mut F);
}

impl<F: Precision> ChannelSet<F> for (ChannelSlices<'_, F>,) {
    #[inline(always)]
    fn add<const SLOPE: bool>(&mut self, i: usize, current: &mut F, slope: &mut F) {
        self.0.add::<SLOPE>(i, current, slope);
    }
}

impl<F: Precision> ChannelSet<F> for (ChannelSlices<'_, F>, ChannelSlices<'_, F>) {
    #[inline(always)]
    fn add<const SLOPE: bool>(&mut self, i: usize, current: &mut F, slope: &mut F) {
        self.0.add::<SLOPE>(i, current, slope);
        self.1.add::<SLOPE>(i, current, slope);
    }
}

/// The inputs of the one-loop step plan: each neuron's exponential channels `L` are updated
/// (`g ← g·keep + Δg`, `Δg ← 0`, exactly [`fill_linear_drive`]'s update) and their drive
/// summed in the state's precision, in the order of the channels, with the base (external)
/// current `B` and the voltage jumps `D`:
///
/// - current-based outputs only (CUBA; [`NeuronInputs`]): as each neuron's input is taken,
///   `I = I_base + Σ a_k·g_k`;
/// - outputs with a slope (COBA; [`StagedInputs`]): a block of neurons at a time, just before
///   the model reads it, `I = I_base + Σ a_k·g_k` (the sum from zero, then added to the
///   base) and `s = Σ b_k·g_k`.
///
/// Either way the same operations in the same order as the fused pass followed by the
/// neurons' update (in `f64` the same bits; in `f32` the sums are rounded per operation
/// instead of once per neuron), and the drive never goes through memory.
pub(crate) struct ChannelInputs<L, B, D> {
    pub(crate) channels: L,
    pub(crate) base: B,
    pub(crate) delta: D,
}

impl<L: SplitParts, B: PerElement<Current>, D: PerElement<Voltage>> SplitParts
    for ChannelInputs<L, B, D>
{
    fn len(&self) -> usize {
        self.channels.len()
    }

    fn split_at(self, mid: usize) -> (Self, Self) {
        let (l1, l2) = self.channels.split_at(mid);
        let (b1, b2) = self.base.split_at(mid);
        let (d1, d2) = self.delta.split_at(mid);
        (
            ChannelInputs { channels: l1, base: b1, delta: d1 },
            ChannelInputs { channels: l2, base: b2, delta: d2 },
        )
    }
}

impl<F, L, B, D> NeuronInputs<F> for ChannelInputs<L, B, D>
where
    F: Precision,
    L: ChannelSet<F>,
    B: PerElement<Current>,
    D: PerElement<Voltage>,
{
    const HAS_SLOPE: bool = false;

    #[inline(always)]
    fn slope(&self, _i: usize) -> F {
        F::zero()
    }

    #[inline(always)]
    fn take(&mut self, i: usize) -> NeuronInput<F> {
        let (mut current, mut slope) = (F::of(self.base.at(i).value), F::zero());
        self.channels.add::<false>(i, &mut current, &mut slope);
        NeuronInput { current, slope, delta: F::of(self.delta.at(i).value) }
    }
}

impl<F, L, B, D> StagedInputs<F> for ChannelInputs<L, B, D>
where
    F: Precision,
    L: ChannelSet<F>,
    B: PerElement<Current>,
    D: PerElement<Voltage>,
{
    type Delta = D;

    #[inline(always)]
    fn stage(mut self, current: &mut [F], slope: &mut [F]) -> D {
        let len = current.len();
        let slope = &mut slope[..len];
        for i in 0..len {
            let (mut offset, mut s) = (F::zero(), F::zero());
            self.channels.add::<true>(i, &mut offset, &mut s);
            // `I_base + offset`, then `+ slope·V` in the model: the order of the sum of the
            // drive's inputs
            current[i] = F::of(self.base.at(i).value) + offset;
            slope[i] = s;
        }
        self.delta
    }
}
