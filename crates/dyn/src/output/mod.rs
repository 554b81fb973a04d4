//! Synaptic outputs: how a synapse's conductance becomes a current into the postsynaptic
//! neurons (brainstate's `COBA`, `CUBA`, `MgBlock`).
//!
//! An output does not call into the neuron. Each step it adds its current to the
//! postsynaptic population's [`SynapticDrive`] as a value and a slope in V,
//! `I(V) ≈ offset + slope·V`, taken at the potential it is given (the post-reset V; see
//! [`neuron`](crate::neuron)). For [`Coba`] and [`Cuba`] the form is exact; for [`MgBlock`] it
//! is the tangent at V, which is all an exponential-Euler step uses.
//!
//! ```
//! use neurodim_dyn::neuron::SynapticDrive;
//! use neurodim_dyn::prelude::*;
//! use neurodim_units::prelude::*;
//! use neurodim_dyn::output::SynapticOutput;
//!
//! let (g_e, g_i) = ([2.0 * nS], [1.0 * nS]);
//! let v = [-60.0 * mV];
//! let mut drive = SynapticDrive::new(1);
//! Coba::new(0.0 * mV)?.add_to(&g_e, &v, &mut drive)?;
//! Coba::new(-80.0 * mV)?.add_to(&g_i, &v, &mut drive)?;
//! // 2 nS·(0 − (−60)) mV + 1 nS·(−80 − (−60)) mV = 100 pA
//! assert!((drive.current_at(0, v[0]).value_in(pA) - 100.0).abs() < 1e-9);
//! # Ok::<(), neurodim_dyn::DynError>(())
//! ```

use core::ops::Range;

use neurodim_state::StateValue;
use neurodim_units::{Conductance, Current, Voltage};

use crate::DynError;
use crate::kernel::checks::check_len;
use crate::kernel::checks::check_range;
use crate::kernel::{Par, chunked};
use crate::neuron::SynapticDrive;

mod coba;
mod cuba;
mod mg_block;

pub use coba::Coba;
pub use cuba::Cuba;
pub use mg_block::{MgBlock, MgBlockParams, PerVoltage};

/// A synaptic output: the current a conductance `g` drives at potential `V`.
///
/// ```
/// use neurodim_dyn::output::SynapticOutput;
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// let outputs: Vec<Box<dyn SynapticOutput>> =
///     vec![Box::new(Coba::new(0.0 * mV)?), Box::new(Cuba::default())];
/// let (g, v) = (1.0 * nS, -60.0 * mV);
/// for out in &outputs {
///     let (offset, slope) = out.linearise(g, v);
///     assert!((offset + slope * v - out.current(g, v)).value.abs() < 1e-20);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait SynapticOutput: Sync {
    /// Whether the slope of [`linearise`](Self::linearise) can be nonzero (`false` for a current
    /// independent of V, whose outputs then leave the slopes untouched).
    fn has_slope(&self) -> bool {
        true
    }

    /// The current of conductance `g` at potential `v` (brainstate's `update(g, V)`).
    fn current(&self, g: Conductance, v: Voltage) -> Current;

    /// `(offset, slope)` with `offset + slope·V = current(g, V)` and
    /// `slope = ∂current/∂V` at `v`.
    fn linearise(&self, g: Conductance, v: Voltage) -> (Current, Conductance);

    /// Adds the linearised current of every element (`g[i]` at `v[i]`) to `drive`. All three
    /// must have the same length.
    fn add_to(
        &self,
        g: &[Conductance],
        v: &[Voltage],
        drive: &mut SynapticDrive,
    ) -> Result<(), DynError> {
        self.add_to_range(g, v, drive, 0..g.len(), Par::Seq)
    }

    /// Adds the linearised current of the elements in `range` (flat indices) to `drive`:
    /// [`add_to`](Self::add_to) restricted to a tile of the population. `g`, `v` and `drive`
    /// cover the whole population (the same length); a range past its end is an error. `par`
    /// splits it between threads.
    fn add_to_range(
        &self,
        g: &[Conductance],
        v: &[Voltage],
        drive: &mut SynapticDrive,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        add_stored(self, g, v, drive, range, par)
    }
}

/// [`SynapticOutput::add_to_range`] for conductances and potentials in any stored form (`f64`
/// quantities, or the `f32` states of a network in single precision), each element read as a
/// quantity (exactly: the same bits in `f64`).
pub(crate) fn add_stored<O: SynapticOutput + ?Sized, G: StateValue, V: StateValue>(
    output: &O,
    g: &[G],
    v: &[V],
    drive: &mut SynapticDrive,
    range: Range<usize>,
    par: Par,
) -> Result<(), DynError> {
    check_len("membrane potential", g.len(), v.len())?;
    check_len("synaptic drive", g.len(), drive.len())?;
    check_range(g.len(), &range)?;
    let (offset, slope) = drive.parts_mut();
    let (offset, slope) = (&mut offset[range.clone()], &mut slope[range.clone()]);
    let has_slope = output.has_slope();
    chunked!(par, (offset, slope), range, {
        let (g, v) = (&g[range.clone()], &v[range]);
        add_linearised(output, has_slope, g, v, offset, slope)
    });
    Ok(())
}

#[inline(always)]
fn add_linearised<O: SynapticOutput + ?Sized, G: StateValue, V: StateValue>(
    output: &O,
    has_slope: bool,
    g: &[G],
    v: &[V],
    offset: &mut [Current],
    slope: &mut [Conductance],
) {
    let quantities = |g: G, v: V| (Conductance::from_si(g.to_si()), Voltage::from_si(v.to_si()));
    if has_slope {
        for (((o, sl), &g), &v) in offset.iter_mut().zip(slope.iter_mut()).zip(g).zip(v) {
            let (g, v) = quantities(g, v);
            let (d_offset, d_slope) = output.linearise(g, v);
            *o += d_offset;
            *sl += d_slope;
        }
    } else {
        for ((o, &g), &v) in offset.iter_mut().zip(g).zip(v) {
            let (g, v) = quantities(g, v);
            *o += output.linearise(g, v).0;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::kernel::Par;
    use crate::neuron::SynapticDrive;
    use crate::output::{Coba, Cuba, SynapticOutput};
    use neurodim_units::prelude::*;

    #[test]
    fn coba_has_a_slope_cuba_has_none() -> Result<(), Box<dyn std::error::Error>> {
        assert!(Coba::new(0.0 * mV)?.has_slope() && !Cuba::default().has_slope());
        Ok(())
    }

    #[test]
    fn add_to_range_fills_the_range_only() -> Result<(), Box<dyn std::error::Error>> {
        let (g, v) = ([1.0 * nS, 2.0 * nS], [-60.0 * mV; 2]);
        let mut drive = SynapticDrive::new(2);
        Coba::new(0.0 * mV)?.add_to_range(&g, &v, &mut drive, 1..2, Par::Seq)?;
        assert_eq!(drive.slope(), [0.0 * nS, -2.0 * nS]);
        Ok(())
    }
}
