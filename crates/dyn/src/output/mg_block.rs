use core::ops::Div;

use neurodim_units::validate::{finite, non_negative, positive};
use neurodim_units::{Concentration, Conductance, Current, Ratio, Voltage, mM, mV};

use crate::DynError;
use crate::output::SynapticOutput;

/// A slope per volt (SI: 1/V), such as the voltage sensitivity of the Mg²⁺ block.
///
/// ```
/// use neurodim_dyn::output::PerVoltage;
/// use neurodim_units::prelude::*;
/// let alpha: PerVoltage = 0.062 / mV;
/// assert!(((alpha * (10.0 * mV)).value - 0.62).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub type PerVoltage = <Ratio as Div<Voltage>>::Output;

/// Parameters of [`MgBlock`]: brainstate's defaults, with the units of the usual NMDA block
/// (Jahr & Stevens 1990), since brainstate's are bare numbers meant as mV and mM.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // more extracellular Mg²⁺ blocks more NMDA receptors at rest
/// let block = |cc_mg| MgBlock::new(MgBlockParams { cc_mg, ..MgBlockParams::default() });
/// let (low, high) = (block(0.5 * mM)?, block(2.0 * mM)?);
/// assert!(high.unblocked(-65.0 * mV) < low.unblocked(-65.0 * mV));
/// // depolarisation relieves the block
/// assert!(high.unblocked(0.0 * mV) > high.unblocked(-65.0 * mV));
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MgBlockParams {
    /// Reversal potential `E` (default 0 mV).
    pub e: Voltage,
    /// Extracellular Mg²⁺ concentration `cc_Mg` (default 1.2 mM; ≥ 0).
    pub cc_mg: Concentration,
    /// Voltage sensitivity `α` (default 0.062 /mV; finite).
    pub alpha: PerVoltage,
    /// Dissociation constant `β` (default 3.57 mM; > 0).
    pub beta: Concentration,
    /// Offset `V_offset` (default 0 mV).
    pub v_offset: Voltage,
}

impl Default for MgBlockParams {
    fn default() -> Self {
        MgBlockParams {
            e: 0.0 * mV,
            cc_mg: 1.2 * mM,
            alpha: 0.062 / mV,
            beta: 3.57 * mM,
            v_offset: 0.0 * mV,
        }
    }
}

/// A conductance output with a voltage-dependent magnesium block, as for NMDA receptors
/// (brainstate's `MgBlock`):
///
/// `I = g·(E − V)·B(V)`, `B(V) = 1 / (1 + cc_Mg/β · e^(α·(V_offset − V)))`.
///
/// It is nonlinear in V, so it adds its tangent at the V it is given:
/// `slope = g·B·(α·(E − V)·(1 − B) − 1)`, `offset = I(V) − slope·V`. Pass the post-reset V
/// (see [`neuron`](crate::neuron)) and the exponential-Euler step is the same as evaluating
/// the block inside the right-hand side.
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_dyn::output::SynapticOutput;
/// let out = MgBlock::new(MgBlockParams::default())?;
/// let (g, v) = (1.0 * nS, -60.0 * mV);
/// let (offset, slope) = out.linearise(g, v);
/// let i = out.current(g, v);
/// assert!(((offset + slope * v) - i).value.abs() <= 1e-12 * i.value.abs());
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MgBlock {
    params: MgBlockParams,
}

impl MgBlock {
    /// A validated output.
    pub fn new(params: MgBlockParams) -> Result<Self, DynError> {
        finite("E", params.e)?;
        non_negative("cc_Mg", params.cc_mg)?;
        let alpha_per_mv = (params.alpha * mV).value;
        if !alpha_per_mv.is_finite() {
            return Err(DynError::invalid(
                "alpha",
                format!("{alpha_per_mv} /mV"),
                "must be finite",
            ));
        }
        positive("beta", params.beta)?;
        finite("V_offset", params.v_offset)?;
        Ok(MgBlock { params })
    }

    /// The parameters.
    pub fn params(&self) -> MgBlockParams {
        self.params
    }

    /// The unblocked fraction `B(V)`.
    pub fn unblocked(&self, v: Voltage) -> f64 {
        1.0 / self.block_denominator(v)
    }

    /// `1 + cc_Mg/β · e^(α·(V_offset − V))`.
    fn block_denominator(&self, v: Voltage) -> f64 {
        let p = self.params;
        1.0 + (p.cc_mg / p.beta).value * (p.alpha * (p.v_offset - v)).value.exp()
    }
}

impl SynapticOutput for MgBlock {
    #[inline]
    fn current(&self, g: Conductance, v: Voltage) -> Current {
        g * (self.params.e - v) / self.block_denominator(v)
    }

    #[inline]
    fn linearise(&self, g: Conductance, v: Voltage) -> (Current, Conductance) {
        let p = self.params;
        let b = self.unblocked(v);
        let slope = g * b * ((p.alpha * (p.e - v)).value * (1.0 - b) - 1.0);
        (self.current(g, v) - slope * v, slope)
    }
}

#[cfg(test)]
mod tests {
    use crate::output::{MgBlock, MgBlockParams};
    use neurodim_units::prelude::*;

    #[test]
    fn default_parameters() {
        let p = MgBlockParams::default();
        assert_eq!((p.cc_mg, p.beta), (1.2 * mM, 3.57 * mM));
    }

    #[test]
    fn a_zero_beta_is_refused() {
        assert!(MgBlock::new(MgBlockParams::default()).is_ok());
        let bad = MgBlockParams { beta: 0.0 * mM, ..MgBlockParams::default() };
        assert!(MgBlock::new(bad).is_err());
    }

    #[test]
    fn params_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(MgBlock::new(MgBlockParams::default())?.params(), MgBlockParams::default());
        Ok(())
    }

    #[test]
    fn unblocked_fraction_at_0_mv() -> Result<(), Box<dyn std::error::Error>> {
        let b = MgBlock::new(MgBlockParams::default())?.unblocked(0.0 * mV);
        assert!((b - 1.0 / (1.0 + 1.2 / 3.57)).abs() < 1e-15);
        Ok(())
    }
}
