/// How a neuron's potential is reset after a spike (brainstate's `spk_reset`).
///
/// The reset is applied at the *start of the next update* (brainstate's convention, kept): in the
/// step where a neuron spikes the stored V is at or above threshold, so the spike can be read
/// back from V.
///
/// - `Soft` (the default): subtract the distance between threshold and reset,
///   `V ← V − (V_th − V_reset)`; the overshoot above threshold is kept.
/// - `Hard`: `V ← V_reset` (brainstate writes `V − (V − V_reset)`, which can differ from
///   `V_reset` in the last bit; neurodim assigns `V_reset` exactly).
///
/// ```
/// use neurodim_dyn::prelude::*;
/// use neurodim_units::prelude::*;
/// // brainstate's LIF test cell: V the step after its first spike (step 109)
/// let mut v_after = Vec::new();
/// for reset in [SpikeReset::Soft, SpikeReset::Hard] {
///     let mut net = Network::new(0.1 * ms)?;
///     let params = LifParams { tau: 10.0 * ms, reset, ..LifParams::default() };
///     let cell = net.add_population("cell", Lif::new(1, params)?)?;
///     net.set_current(cell, 1.5 * mA)?;
///     net.init(0)?;
///     net.run(111)?;
///     v_after.push(net.neurons(cell)?.v()[0].value_in(mV));
/// }
/// // soft keeps the overshoot above V_th (brainstate: 0.0156118 mV), hard restarts from
/// // V_reset = 0 (brainstate: 0.0149252 mV); brainstate's float32 resolution at 1 mV
/// assert!((v_after[0] - 0.0156118).abs() < 1.2e-7, "{}", v_after[0]);
/// assert!((v_after[1] - 0.0149252).abs() < 1.2e-7, "{}", v_after[1]);
/// # Ok::<(), DynError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpikeReset {
    /// `V ← V − (V_th − V_reset)`.
    #[default]
    Soft,
    /// `V ← V_reset`.
    Hard,
}

#[cfg(test)]
mod tests {
    use crate::neuron::SpikeReset;

    #[test]
    fn soft_by_default() {
        assert_eq!(SpikeReset::default(), SpikeReset::Soft);
    }
}
