//! The long short-term memory cell.

use neurodim_state::{State, init::XavierNormal, init::Zero};

use crate::DynError;
use crate::rate::cell::{RnnCell, concat_rows, gated_output, rows_for_input};
use crate::rate::cell_options::SharedInit;
use crate::rate::functional::sigmoid;
use crate::rate::{Activation, CellOptions, Linear, checks};

/// A long short-term memory cell (Zaremba et al. 2014, with the forget bias +1 of Jozefowicz
/// et al. 2015; brainstate's `LSTMCell`):
///
/// ```text
/// [i, g, f, o] = W · [x, h] + b          (in that order)
/// c ← σ(f + 1) ⊙ c + σ(i) ⊙ act(g)
/// h ← σ(o) ⊙ act(c)
/// ```
///
/// States: `"W.weight"` (`[num_in + num_out, 4·num_out]`), `"W.bias"` (params), and the hidden
/// states `"c"` and `"h"`. Defaults as brainstate: `w_init` = [`XavierNormal`], `b_init` =
/// zero, `state_init` = zero (for both `c` and `h`), activation `tanh`.
///
/// ```
/// use neurodim_dyn::rate::{LstmCell, RnnCell};
/// use neurodim_state::prelude::*;
/// let mut lstm = LstmCell::new(3, 3)?;
/// init_all(&mut lstm, Some(4), 42)?;
/// assert_eq!(lstm.update(&[1.0; 12])?.len(), 12);
/// assert_eq!(lstm.cell_state().len(), 12);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[doc(alias = "LSTMCell")]
#[derive(Debug, Clone)]
pub struct LstmCell {
    num_in: usize,
    num_out: usize,
    activation: Activation,
    w: Linear,
    c: State<f64>,
    h: State<f64>,
    /// Scratch: `[x, h]` per row.
    xh: Vec<f64>,
    /// Scratch: `[i, g, f, o]` per row.
    gates: Vec<f64>,
    /// Scratch: `act(c)` for one row.
    act_c: Vec<f64>,
}

impl LstmCell {
    /// An LSTM from `num_in` inputs to `num_out` hidden units (both ≥ 1), brainstate's
    /// defaults.
    pub fn new(num_in: usize, num_out: usize) -> Result<Self, DynError> {
        LstmCell::with_options(num_in, num_out, CellOptions::new())
    }

    /// An LSTM with chosen initialisers and activation.
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
        let state_init = options.state_init.unwrap_or_else(|| SharedInit::new(Zero));
        Ok(LstmCell {
            num_in,
            num_out,
            activation: options.activation.unwrap_or(Activation::Tanh),
            w: Linear::new(num_in + num_out, 4 * num_out, w_init)?.with_bias(b_init),
            c: State::hidden(shape.clone(), state_init.clone()),
            h: State::hidden(shape, state_init),
            xh: Vec::new(),
            gates: Vec::new(),
            act_c: Vec::new(),
        })
    }

    /// The cell state `c` (empty before init).
    pub fn cell_state(&self) -> &[f64] {
        self.c.values()
    }
}

impl RnnCell for LstmCell {
    fn num_in(&self) -> usize {
        self.num_in
    }

    fn num_out(&self) -> usize {
        self.num_out
    }

    fn update(&mut self, x: &[f64]) -> Result<&[f64], DynError> {
        let (num_in, n) = (self.num_in, self.num_out);
        let rows = rows_for_input("LSTM input", &self.h, x, num_in)?;
        concat_rows(&mut self.xh, x, self.h.values(), num_in, n);
        self.gates.resize(rows * 4 * n, 0.0);
        self.w.forward_into(&self.xh, &mut self.gates)?;
        self.act_c.resize(n, 0.0);
        for ((gates, c), h) in self
            .gates
            .chunks_exact_mut(4 * n)
            .zip(self.c.values_mut().chunks_exact_mut(n))
            .zip(self.h.values_mut().chunks_exact_mut(n))
        {
            let (i, rest) = gates.split_at_mut(n);
            let (g, rest) = rest.split_at_mut(n);
            let (f, o) = rest.split_at(n);
            self.activation.apply(g);
            for (((c, &i), &g), &f) in c.iter_mut().zip(&*i).zip(&*g).zip(f) {
                *c = sigmoid(f + 1.0) * *c + sigmoid(i) * g;
            }
            gated_output(h, o, c, self.activation, &mut self.act_c);
        }
        Ok(self.h.values())
    }

    fn hidden(&self) -> &[f64] {
        self.h.values()
    }
}

neurodim_state::stateful_fields!(LstmCell { child "W" => w, state "c" => c, state "h" => h });

#[cfg(test)]
mod tests {
    use crate::rate::LstmCell;

    #[test]
    fn no_outputs_is_refused() {
        assert!(LstmCell::new(1, 0).is_err());
    }

    #[test]
    fn no_cell_state_before_init() -> Result<(), Box<dyn std::error::Error>> {
        assert!(LstmCell::new(1, 1)?.cell_state().is_empty());
        Ok(())
    }
}
