//! The fused synaptic pass of a population whose synapse groups are all exponential with an
//! output linear in V (COBA or CUBA, as in brainstate's COBA and CUBA networks).
//!
//! Stage by stage, a step of such a population passes over its neurons once per synapse
//! update, once to clear the drive, once per output and once more to clear the delay rings'
//! slots. Fused, it passes once: per neuron, each group's `g ← g·keep + Δg` (exactly
//! [`Expon`](crate::synapse::Expon)'s update, zeroing `Δg` as it is read), then
//! `offset = I₀ + Σ a_k·g_k` and `slope = Σ b_k·g_k` in the order of the groups (exactly what
//! [`SynapticOutput::add_to_range`](crate::output::SynapticOutput::add_to_range) adds). The
//! same operations in the same order: the same bits (tested in `tests/network_fused.rs`).

use core::ops::Range;

use neurodim_state::StepContext;
use neurodim_units::{Conductance, Current, Time, Voltage};

use crate::DynError;
use crate::neuron::drive::{NoSynaptic, Source, Uniform, check_len};
use crate::neuron::lif_ref::{Advance, LifRefRange};
use crate::neuron::{LifRef, PerNeuron, SynapticDrive, check_range, record_spike_times};
use crate::parallel::chunked;

/// At most this many groups of a population are fused (two: brainstate's networks have an
/// excitatory and an inhibitory group per population); with more, the population is stepped
/// stage by stage.
pub(crate) const MAX_LANES: usize = 2;

/// One synapse group's part of the fused pass.
pub(crate) struct ExponLane<'a> {
    /// The group's conductances (the whole population).
    pub(crate) g: &'a mut [Conductance],
    /// What arrived for them this step; zeroed by the pass.
    pub(crate) arrived: &'a mut [Conductance],
    /// `g`'s factor of one step's decay ([`Expon::keep`](crate::synapse::Expon::keep)).
    pub(crate) keep: f64,
    /// The output's current is `a·g + b·g·V`.
    pub(crate) a: Voltage,
    pub(crate) b: f64,
}

/// Updates the conductances of `lanes` for the neurons in `range` and writes their drive:
/// `offset = base + Σ a_k·g_k`, and, if `with_slope`, `slope = Σ b_k·g_k` (the slope is left
/// alone otherwise: a population whose outputs are all current-based reads only the offset).
pub(crate) fn fill_linear_drive(
    lanes: &mut [ExponLane<'_>],
    base: PerNeuron<'_, Current>,
    drive: &mut SynapticDrive,
    with_slope: bool,
    range: Range<usize>,
) -> Result<(), DynError> {
    let len = drive.len();
    check_range(len, &range)?;
    check_len("external current", len, base.count())?;
    check_lanes(lanes, len)?;
    let (offset, slope) = drive.parts_mut();
    let (offset, slope) = (&mut offset[range.clone()], &mut slope[range.clone()]);
    match (lanes, with_slope) {
        ([one], true) => one_lane::<true>(one, base, offset, slope, range),
        ([one], false) => one_lane::<false>(one, base, offset, slope, range),
        ([first, second], true) => two_lanes::<true>([first, second], base, offset, slope, range),
        ([first, second], false) => two_lanes::<false>([first, second], base, offset, slope, range),
        (lanes, _) => return Err(lane_count(lanes)),
    }
    Ok(())
}

/// Each lane's conductances and arrivals must cover the population of `len` neurons.
fn check_lanes(lanes: &[ExponLane<'_>], len: usize) -> Result<(), DynError> {
    for lane in lanes {
        check_len("synaptic conductance", len, lane.g.len())?;
        check_len("synaptic arrivals", len, lane.arrived.len())?;
    }
    Ok(())
}

/// The error for a number of lanes the fused passes do not take.
fn lane_count(lanes: &[ExponLane<'_>]) -> DynError {
    DynError::invalid("fused synapse groups", lanes.len(), "must be 1 or 2 (MAX_LANES)")
}

/// Runs `$body` with `$base` bound to the base current of the neurons of `$range` as a
/// [`Source`] (one value for all, or their slice), so that the loop in `$body` is compiled
/// for each.
macro_rules! with_base {
    ($current:expr, $range:expr, |$base:ident| $body:block) => {
        match $current {
            PerNeuron::All(c) => {
                let $base = Uniform(c);
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
fn add_lane<const SLOPE: bool>(
    (g, arrived): (&mut Conductance, &mut Conductance),
    (keep, a, b): (f64, Voltage, f64),
    (offset, slope): &mut (Current, Conductance),
) {
    let updated = *g * keep + *arrived;
    *g = updated;
    *arrived = Conductance::default();
    *offset += updated * a;
    if SLOPE {
        *slope += updated * b;
    }
}

/// The slices of `lane` for `range`, and its coefficients `(keep, a, b)`.
fn parts<'s>(
    lane: &'s mut ExponLane<'_>,
    range: &Range<usize>,
) -> (&'s mut [Conductance], &'s mut [Conductance], (f64, Voltage, f64)) {
    let coefficients = (lane.keep, lane.a, lane.b);
    (&mut lane.g[range.clone()], &mut lane.arrived[range.clone()], coefficients)
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

fn one_lane<const SLOPE: bool>(
    lane: &mut ExponLane<'_>,
    base: PerNeuron<'_, Current>,
    offset: &mut [Current],
    slope: &mut [Conductance],
    range: Range<usize>,
) {
    let (g, arrived, c) = parts(lane, &range);
    chunked!((g, arrived, offset, slope), range, {
        with_base!(base, range, |base| {
            let neurons = g.iter_mut().zip(arrived.iter_mut());
            let drive = offset.iter_mut().zip(slope.iter_mut());
            for (i, (lane, (offset, slope))) in neurons.zip(drive).enumerate() {
                let mut sum = (base.at(i), Conductance::default());
                add_lane::<SLOPE>(lane, c, &mut sum);
                store::<SLOPE>(sum, offset, slope);
            }
        })
    });
}

fn two_lanes<const SLOPE: bool>(
    [first, second]: [&mut ExponLane<'_>; 2],
    base: PerNeuron<'_, Current>,
    offset: &mut [Current],
    slope: &mut [Conductance],
    range: Range<usize>,
) {
    let (g1, arrived1, c1) = parts(first, &range);
    let (g2, arrived2, c2) = parts(second, &range);
    chunked!((g1, arrived1, g2, arrived2, offset, slope), range, {
        with_base!(base, range, |base| {
            let first = g1.iter_mut().zip(arrived1.iter_mut());
            let second = g2.iter_mut().zip(arrived2.iter_mut());
            let drive = offset.iter_mut().zip(slope.iter_mut());
            for (i, ((first, second), (offset, slope))) in first.zip(second).zip(drive).enumerate()
            {
                let mut sum = (base.at(i), Conductance::default());
                add_lane::<SLOPE>(first, c1, &mut sum);
                add_lane::<SLOPE>(second, c2, &mut sum);
                store::<SLOPE>(sum, offset, slope);
            }
        })
    });
}

/// Runs `$body` with `$delta` bound to the voltage jumps of the neurons of `$range` as a
/// [`Source`] (zero for all when `$jumps` is empty, or their slice).
macro_rules! with_jumps {
    ($jumps:expr, $range:expr, |$delta:ident| $body:block) => {
        if $jumps.is_empty() {
            let $delta = Uniform(Voltage::default());
            $body
        } else {
            let $delta = &$jumps[$range];
            $body
        }
    };
}

/// The whole step of the LIFRef neurons in `range` whose synapse groups are all current-based
/// exponential `lanes` (brainstate's CUBA network): per neuron, each lane's update and the
/// current `I₀ + Σ a_k·g_k` as [`fill_linear_drive`] computes it without a slope, then the
/// neuron's update with that current as [`LifRef`]'s update with
/// [`Drive::currents`](crate::neuron::Drive::currents) does it (and the voltage jumps `jumps`,
/// empty for none). The same operations in the same order, so the same bits, in one loop:
/// the current never goes through memory (tested in `tests/network_fused.rs`).
pub(crate) fn step_current_lanes(
    lanes: &mut [ExponLane<'_>],
    base: PerNeuron<'_, Current>,
    neuron: &mut LifRef,
    ctx: &StepContext,
    jumps: &[Voltage],
    spikes: &mut [bool],
    range: Range<usize>,
) -> Result<(), DynError> {
    let len = spikes.len();
    check_range(len, &range)?;
    check_len("external current", len, base.count())?;
    if !jumps.is_empty() {
        check_len("voltage jumps", len, jumps.len())?;
    }
    check_lanes(lanes, len)?;
    let LifRefRange { advance, leak, v, last } = neuron.range_mut(ctx, len, range.clone())?;
    let (spikes, t) = (&mut spikes[range.clone()], ctx.t);
    match lanes {
        [lane] => {
            let (g, arrived, c) = parts(lane, &range);
            chunked!((v, last, spikes, g, arrived), range, {
                with_base!(base, range.clone(), |base| {
                    with_jumps!(jumps, range, |delta| {
                        let lane = g.iter_mut().zip(arrived.iter_mut());
                        let neurons = v.iter_mut().zip(last.iter());
                        for (i, (lane, (v, last))) in lane.zip(neurons).enumerate() {
                            let mut sum = (base.at(i), Conductance::default());
                            add_lane::<false>(lane, c, &mut sum);
                            let input = (sum.0, NoSynaptic, i, delta.at(i));
                            advance.update::<true, _>(v, *last, leak, input);
                        }
                    })
                });
                spike_flags(advance, v, spikes, last, t);
            });
        }
        [first, second] => {
            let (g1, arrived1, c1) = parts(first, &range);
            let (g2, arrived2, c2) = parts(second, &range);
            chunked!((v, last, spikes, g1, arrived1, g2, arrived2), range, {
                with_base!(base, range.clone(), |base| {
                    with_jumps!(jumps, range, |delta| {
                        let first = g1.iter_mut().zip(arrived1.iter_mut());
                        let second = g2.iter_mut().zip(arrived2.iter_mut());
                        let neurons = v.iter_mut().zip(last.iter());
                        let all = first.zip(second).zip(neurons);
                        for (i, ((first, second), (v, last))) in all.enumerate() {
                            let mut sum = (base.at(i), Conductance::default());
                            add_lane::<false>(first, c1, &mut sum);
                            add_lane::<false>(second, c2, &mut sum);
                            let input = (sum.0, NoSynaptic, i, delta.at(i));
                            advance.update::<true, _>(v, *last, leak, input);
                        }
                    })
                });
                spike_flags(advance, v, spikes, last, t);
            });
        }
        lanes => return Err(lane_count(lanes)),
    }
    Ok(())
}

/// The spike flags of the updated `v` and the spike times `t` of those that fire. In a pass of
/// its own: packing the comparisons into bytes inside the update loop costs more than
/// reading V again (network_step `cuba_4000`: 11.0–11.7 µs with the stage-by-stage neuron
/// update, 9.2–11.6 fused with the flags in the loop, 8.9–10.4 with this pass).
#[inline(always)]
fn spike_flags(advance: Advance, v: &[Voltage], spikes: &mut [bool], last: &mut [Time], t: Time) {
    spikes.iter_mut().zip(v).for_each(|(spike, &v)| *spike = advance.fires(v));
    record_spike_times(spikes, last, t);
}
