use neurodim_state::StreamRng;
use neurodim_state::init::Initializer;

use crate::DynError;
use crate::connect::connectivity::{batch_of, check_len};
use crate::connect::topology::check_population;
use crate::connect::{SpikeEvent, SynapticWeight, Weights};

/// A dense event-driven layer for small populations (brainstate's `EventLinear`): a weight
/// matrix `W` of shape `[n_in, n_out]`, or one scalar weight for every pair.
///
/// [`apply`](EventLinear::apply) adds into `out`, per batch item:
/// - matrix: `out[j] += Σ_{i spiking} W[i, j]` (with `float_as_event(false)`:
///   `out[j] += Σ_i x_i · W[i, j]`);
/// - scalar `w`: `out[j] += (Σ_i [x_i ≠ 0]) · w` for every `j`, i.e. brainstate's
///   `ones(out) · (sum(spk) · w)` (with `float_as_event(false)`: `(Σ_i x_i) · w`).
///
/// Rows of silent inputs are skipped, so the cost is `O(n_in + spikes · n_out)`.
///
/// ```
/// use neurodim_dyn::connect::EventLinear;
/// use neurodim_units::prelude::*;
/// let layer = EventLinear::scalar(20, 40, 1.5 * mV)?;
/// let mut spikes = [false; 20];
/// spikes[3] = true;
/// spikes[9] = true;
/// let mut out = [0.0 * mV; 40];
/// layer.apply(&spikes, &mut out)?;
/// assert!(out.iter().all(|&v| v == 3.0 * mV));
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EventLinear<W> {
    n_in: usize,
    n_out: usize,
    /// `Homogeneous(w)` is the scalar weight; `PerSynapse` the row-major `[n_in, n_out]` matrix.
    weight: Weights<W>,
    float_as_event: bool,
}

impl<W: SynapticWeight> EventLinear<W> {
    /// One weight `w` (finite) for every input–output pair.
    pub fn scalar(n_in: usize, n_out: usize, w: W) -> Result<Self, DynError> {
        EventLinear::new(n_in, n_out, Weights::Homogeneous(w))
    }

    /// A weight matrix of shape `[n_in, n_out]`, row-major (`matrix[i · n_out + j]` is the
    /// weight from input `i` to output `j`), all finite.
    pub fn matrix(n_in: usize, n_out: usize, matrix: Vec<W>) -> Result<Self, DynError> {
        EventLinear::new(n_in, n_out, Weights::PerSynapse(matrix))
    }

    /// A weight matrix drawn from an initialiser with shape `[n_in, n_out]` (brainstate's
    /// `EventLinear(in, out, KaimingUniform())`).
    pub fn from_initializer(
        n_in: usize,
        n_out: usize,
        init: &dyn Initializer<W>,
        rng: &mut StreamRng,
    ) -> Result<Self, DynError> {
        check_population("n_in", n_in)?;
        check_population("n_out", n_out)?;
        EventLinear::matrix(n_in, n_out, init.values(&[n_in, n_out], rng)?)
    }

    fn new(n_in: usize, n_out: usize, weight: Weights<W>) -> Result<Self, DynError> {
        check_population("n_in", n_in)?;
        check_population("n_out", n_out)?;
        weight.validate("weight matrix [n_in, n_out]", n_in * n_out)?;
        Ok(EventLinear { n_in, n_out, weight, float_as_event: true })
    }

    /// Whether a nonzero input counts as one event (`true`, the default, as in brainstate) or
    /// is multiplied by its value (`false`, a plain `x · W`).
    pub fn float_as_event(mut self, as_event: bool) -> Self {
        self.float_as_event = as_event;
        self
    }

    /// Adds the layer's response to `spikes` (`[batch, n_in]`, row-major) into `out`
    /// (`[batch, n_out]`). Each batch item is independent.
    pub fn apply<S: SpikeEvent>(&self, spikes: &[S], out: &mut [W]) -> Result<(), DynError> {
        let batch = batch_of(spikes.len(), self.n_in, "spikes")?;
        check_len("layer output", batch * self.n_out, out.len())?;
        let input =
            |x: S| if self.float_as_event { x.is_event() as u8 as f64 } else { x.magnitude() };
        for (item_in, item_out) in
            spikes.chunks_exact(self.n_in).zip(out.chunks_exact_mut(self.n_out))
        {
            match &self.weight {
                Weights::Homogeneous(w) => {
                    let total: f64 = item_in.iter().map(|&x| input(x)).sum();
                    let add = *w * total;
                    item_out.iter_mut().for_each(|o| *o += add);
                }
                Weights::PerSynapse(matrix) => {
                    for (row, &x) in matrix.chunks_exact(self.n_out).zip(item_in) {
                        if x.is_event() {
                            add_scaled_row(item_out, row, input(x), self.float_as_event);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// `out += row` for an event, `out += x · row` for a value.
fn add_scaled_row<W: SynapticWeight>(out: &mut [W], row: &[W], x: f64, as_event: bool) {
    if as_event {
        out.iter_mut().zip(row).for_each(|(o, &w)| *o += w);
    } else {
        out.iter_mut().zip(row).for_each(|(o, &w)| *o += w * x);
    }
}

#[cfg(test)]
mod tests {
    use crate::connect::EventLinear;
    use neurodim_state::StreamKey;
    use neurodim_state::init::Constant;

    #[test]
    fn scalar_refuses_empty_sides_and_infinite_weights() {
        assert!(EventLinear::scalar(2, 3, 1.0).is_ok());
        assert!(EventLinear::scalar(0, 3, 1.0).is_err());
        assert!(EventLinear::scalar(2, 3, f64::INFINITY).is_err());
    }

    #[test]
    fn matrix_rows_per_input_and_size_checked() -> Result<(), Box<dyn std::error::Error>> {
        let layer = EventLinear::matrix(2, 2, vec![1.0, 2.0, 3.0, 4.0])?;
        let mut out = [0.0; 2];
        layer.apply(&[false, true], &mut out)?;
        assert_eq!(out, [3.0, 4.0]);
        assert!(EventLinear::matrix(2, 2, vec![1.0; 3]).is_err());
        Ok(())
    }

    #[test]
    fn from_initializer_fills_the_matrix() -> Result<(), Box<dyn std::error::Error>> {
        let layer =
            EventLinear::from_initializer(3, 2, &Constant(0.5), &mut StreamKey::new(0, "w").rng())?;
        let mut out = [0.0; 2];
        layer.apply(&[true, true, false], &mut out)?;
        assert_eq!(out, [1.0, 1.0]);
        Ok(())
    }

    #[test]
    fn float_spikes_scale_the_weights() -> Result<(), Box<dyn std::error::Error>> {
        let layer = EventLinear::matrix(1, 1, vec![2.0])?.float_as_event(false);
        let mut out = [0.0];
        layer.apply(&[0.25_f64], &mut out)?;
        assert_eq!(out, [0.5]);
        Ok(())
    }

    #[test]
    fn apply_to_a_batch_of_two_items() -> Result<(), Box<dyn std::error::Error>> {
        let layer = EventLinear::scalar(2, 1, 1.0)?;
        let mut out = [0.0; 2];
        layer.apply(&[true, true, /* item 1: */ false, true], &mut out)?;
        assert_eq!(out, [2.0, 1.0]);
        Ok(())
    }
}
