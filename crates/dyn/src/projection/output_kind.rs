use core::ops::Range;

use neurodim_units::{Conductance, Current, Voltage};

use crate::DynError;
use crate::kernel::Par;
use crate::neuron::SynapticDrive;
use crate::output::{Coba, Cuba, MgBlock, SynapticOutput, add_stored};
use neurodim_state::StateValue;

/// The output of an [`AlignPost`](crate::projection::AlignPost) projection: how its synapse's
/// conductance becomes a current into the post population, with its parameter values.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::output::SynapticOutput;
/// let out: OutputKind = Coba::new(0.0 * mV)?.into();
/// // g·(E − V) = 1 mS · 60 mV = 60 µA
/// assert!((out.current(1.0 * mS, -60.0 * mV).value_in(uA) - 60.0).abs() < 1e-9);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutputKind {
    /// Conductance-based, `I = g·(E − V)`.
    Coba(Coba),
    /// Current-based, `I = g·scale`.
    Cuba(Cuba),
    /// NMDA-like, `I = g·(E − V)·B(V)` with a magnesium block `B`.
    MgBlock(MgBlock),
}

impl From<Coba> for OutputKind {
    fn from(output: Coba) -> Self {
        OutputKind::Coba(output)
    }
}

impl From<Cuba> for OutputKind {
    fn from(output: Cuba) -> Self {
        OutputKind::Cuba(output)
    }
}

impl From<MgBlock> for OutputKind {
    fn from(output: MgBlock) -> Self {
        OutputKind::MgBlock(output)
    }
}

impl OutputKind {
    /// Whether its linearisation depends on the V it is taken at (only the Mg²⁺ block: COBA's
    /// offset `g·E` and slope `−g` do not), so that it must see the post-reset V.
    pub(crate) fn linearises_at_v(&self) -> bool {
        matches!(self, OutputKind::MgBlock(_))
    }

    /// `(a, b)` with which the output's current is `I = a·g + b·g·V`, for the outputs linear
    /// in V: COBA (`a = E`, `b = −1`) and CUBA (`a` its scale, `b = 0`). The products are those
    /// of [`SynapticOutput::linearise`] (`g·E`, `−g`, `g·scale`), so they give the same bits.
    pub(crate) fn linear_coefficients(&self) -> Option<(Voltage, f64)> {
        match self {
            OutputKind::Coba(out) => Some((out.e(), -1.0)),
            OutputKind::Cuba(out) => Some((out.scale(), 0.0)),
            OutputKind::MgBlock(_) => None,
        }
    }
}

impl OutputKind {
    /// [`SynapticOutput::add_to_range`] for a conductance and a potential in any stored form
    /// (the states of a network in `f32` or `f64`), dispatched once per call.
    pub(crate) fn add_stored<G: StateValue, V: StateValue>(
        &self,
        g: &[G],
        v: &[V],
        drive: &mut SynapticDrive,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        match self {
            OutputKind::Coba(out) => add_stored(out, g, v, drive, range, par),
            OutputKind::Cuba(out) => add_stored(out, g, v, drive, range, par),
            OutputKind::MgBlock(out) => add_stored(out, g, v, drive, range, par),
        }
    }
}

impl SynapticOutput for OutputKind {
    #[inline]
    fn current(&self, g: Conductance, v: Voltage) -> Current {
        match self {
            OutputKind::Coba(out) => out.current(g, v),
            OutputKind::Cuba(out) => out.current(g, v),
            OutputKind::MgBlock(out) => out.current(g, v),
        }
    }

    #[inline]
    fn linearise(&self, g: Conductance, v: Voltage) -> (Current, Conductance) {
        match self {
            OutputKind::Coba(out) => out.linearise(g, v),
            OutputKind::Cuba(out) => out.linearise(g, v),
            OutputKind::MgBlock(out) => out.linearise(g, v),
        }
    }

    fn has_slope(&self) -> bool {
        !matches!(self, OutputKind::Cuba(_))
    }

    /// Dispatches once per call rather than once per element.
    fn add_to_range(
        &self,
        g: &[Conductance],
        v: &[Voltage],
        drive: &mut SynapticDrive,
        range: Range<usize>,
        par: Par,
    ) -> Result<(), DynError> {
        self.add_stored(g, v, drive, range, par)
    }
}
