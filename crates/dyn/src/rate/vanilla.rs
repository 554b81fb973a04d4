//! The vanilla (Elman) recurrent cell.

use neurodim_state::{State, init::XavierNormal, init::Zero};

use crate::DynError;
use crate::rate::cell::{RnnCell, concat_rows, rows_for_input};
use crate::rate::cell_options::SharedInit;
use crate::rate::{Activation, CellOptions, Linear, checks};

/// A vanilla (Elman) recurrent cell (brainstate's `ValinaRNNCell`, sic):
///
/// ```text
/// h ← act(W · [x, h] + b)
/// ```
///
/// States: `"W.weight"` (`[num_in + num_out, num_out]`), `"W.bias"` (params) and `"h"`.
/// Defaults as brainstate: `w_init` = [`XavierNormal`], `b_init` = zero, `state_init` = zero,
/// activation `relu`.
///
/// ```
/// use neurodim_dyn::rate::{RnnCell, VanillaRnnCell};
/// use neurodim_state::prelude::*;
/// let mut rnn = VanillaRnnCell::new(3, 3)?;
/// init_all(&mut rnn, Some(4), 42)?;
/// let h = rnn.update(&[1.0; 12])?;
/// assert!(h.iter().all(|&v| v >= 0.0)); // relu
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[doc(alias = "ValinaRNNCell")]
#[doc(alias = "RNNCell")]
#[derive(Debug, Clone)]
pub struct VanillaRnnCell {
    num_in: usize,
    num_out: usize,
    activation: Activation,
    w: Linear,
    h: State<f64>,
    /// Scratch: `[x, h]` per row.
    xh: Vec<f64>,
}

impl VanillaRnnCell {
    /// A vanilla RNN from `num_in` inputs to `num_out` hidden units (both ≥ 1), brainstate's
    /// defaults.
    pub fn new(num_in: usize, num_out: usize) -> Result<Self, DynError> {
        VanillaRnnCell::with_options(num_in, num_out, CellOptions::new())
    }

    /// A vanilla RNN with chosen initialisers and activation.
    ///
    /// See [`CellOptions`] for an example.
    pub fn with_options(
        num_in: usize,
        num_out: usize,
        options: CellOptions,
    ) -> Result<Self, DynError> {
        let shape = checks::units("num_out", num_out)?;
        checks::units("num_in", num_in)?;
        let w_init = options.w_init.unwrap_or_else(|| SharedInit::new(XavierNormal::default()));
        let b_init = options.b_init.unwrap_or_else(|| SharedInit::new(Zero));
        Ok(VanillaRnnCell {
            num_in,
            num_out,
            activation: options.activation.unwrap_or(Activation::Relu),
            w: Linear::new(num_in + num_out, num_out, w_init)?.with_bias(b_init),
            h: State::hidden(shape, options.state_init.unwrap_or_else(|| SharedInit::new(Zero))),
            xh: Vec::new(),
        })
    }
}

impl RnnCell for VanillaRnnCell {
    fn num_in(&self) -> usize {
        self.num_in
    }

    fn num_out(&self) -> usize {
        self.num_out
    }

    fn update(&mut self, x: &[f64]) -> Result<&[f64], DynError> {
        rows_for_input("vanilla RNN input", &self.h, x, self.num_in)?;
        concat_rows(&mut self.xh, x, self.h.values(), self.num_in, self.num_out);
        self.w.forward_into(&self.xh, self.h.values_mut())?;
        self.h
            .values_mut()
            .chunks_exact_mut(self.num_out)
            .for_each(|row| self.activation.apply(row));
        Ok(self.h.values())
    }

    fn hidden(&self) -> &[f64] {
        self.h.values()
    }
}

neurodim_state::stateful_fields!(VanillaRnnCell { child "W" => w, state "h" => h });

#[cfg(test)]
mod tests {
    use crate::rate::VanillaRnnCell;

    #[test]
    fn no_inputs_is_refused() {
        assert!(VanillaRnnCell::new(0, 1).is_err());
    }
}
