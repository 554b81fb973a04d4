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

use neurodim_units::{Conductance, Current, Voltage};

use crate::DynError;
use crate::neuron::drive::{Source, Uniform, check_len};
use crate::neuron::{PerNeuron, SynapticDrive, check_range};
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
    for lane in lanes.iter() {
        check_len("synaptic conductance", len, lane.g.len())?;
        check_len("synaptic arrivals", len, lane.arrived.len())?;
    }
    let (offset, slope) = drive.parts_mut();
    let (offset, slope) = (&mut offset[range.clone()], &mut slope[range.clone()]);
    match (lanes, with_slope) {
        ([one], true) => one_lane::<true>(one, base, offset, slope, range),
        ([one], false) => one_lane::<false>(one, base, offset, slope, range),
        ([first, second], true) => two_lanes::<true>([first, second], base, offset, slope, range),
        ([first, second], false) => two_lanes::<false>([first, second], base, offset, slope, range),
        (lanes, _) => {
            return Err(DynError::invalid(
                "fused synapse groups",
                lanes.len(),
                "must be 1 or 2 (MAX_LANES)",
            ));
        }
    }
    Ok(())
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
