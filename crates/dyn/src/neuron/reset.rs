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
/// use neurodim_dyn::neuron::SpikeReset;
/// assert_eq!(SpikeReset::default(), SpikeReset::Soft);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpikeReset {
    /// `V ← V − (V_th − V_reset)`.
    #[default]
    Soft,
    /// `V ← V_reset`.
    Hard,
}
