//! The gated recurrent unit.

use neurodim_state::{State, init::Orthogonal, init::Zero};

use crate::DynError;
use crate::rate::cell::{RnnCell, blend, concat_rows, rows_for_input};
use crate::rate::cell_options::SharedInit;
use crate::rate::functional::sigmoid;
use crate::rate::{Activation, CellOptions, Linear, checks};

/// A gated recurrent unit (Cho et al. 2014; brainstate's `GRUCell`):
///
/// ```text
/// [r, z] = σ(W_rz · [x, h] + b_rz)        (reset gate r, update gate z, in that order)
/// h̃      = act(W_h · [x, r ⊙ h] + b_h)
/// h      ← (1 − z) ⊙ h + z ⊙ h̃
/// ```
///
/// States: the weights `"Wrz.weight"` (`[num_in + num_out, 2·num_out]`), `"Wrz.bias"`,
/// `"Wh.weight"` (`[num_in + num_out, num_out]`) and `"Wh.bias"` (params), and the hidden
/// state `"h"`. Defaults as brainstate: `w_init` = [`Orthogonal`], `b_init` = zero,
/// `state_init` = zero, activation `tanh`. Dimensionless.
///
/// ```
/// use neurodim_dyn::rate::{GruCell, RnnCell};
/// use neurodim_state::prelude::*;
///
/// let mut gru = GruCell::new(3, 3)?;
/// init_all(&mut gru, Some(4), 42)?;
/// let h = gru.update(&[1.0; 12])?;
/// assert_eq!(h.len(), 12); // [4, 3]
/// assert!(h.iter().all(|v| v.abs() <= 1.0));
/// reset_all(&mut gru)?;
/// assert_eq!(gru.hidden(), &[0.0; 12]);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[doc(alias = "GRUCell")]
#[derive(Debug, Clone)]
pub struct GruCell {
    num_in: usize,
    num_out: usize,
    activation: Activation,
    w_rz: Linear,
    w_h: Linear,
    h: State<f64>,
    /// Scratch: `[x, h]`, then `[x, r ⊙ h]`, per row.
    xh: Vec<f64>,
    /// Scratch: `[r, z]` per row.
    gates: Vec<f64>,
    /// Scratch: `h̃` per row.
    candidate: Vec<f64>,
}

impl GruCell {
    /// A GRU from `num_in` inputs to `num_out` hidden units (both ≥ 1) with brainstate's
    /// defaults.
    pub fn new(num_in: usize, num_out: usize) -> Result<Self, DynError> {
        GruCell::with_options(num_in, num_out, CellOptions::new())
    }

    /// A GRU with chosen initialisers and activation (the rest brainstate's defaults).
    ///
    /// See [`CellOptions`] for an example.
    pub fn with_options(
        num_in: usize,
        num_out: usize,
        options: CellOptions,
    ) -> Result<Self, DynError> {
        let shape = checks::units("num_out", num_out)?;
        checks::units("num_in", num_in)?;
        let w_init = match options.w_init {
            Some(init) => init,
            None => SharedInit::new(Orthogonal::new(1.0, 1.0)?),
        };
        let b_init = options.b_init.unwrap_or_else(|| SharedInit::new(Zero));
        let linear = |k: usize| -> Result<Linear, DynError> {
            Ok(Linear::new(num_in + num_out, k * num_out, w_init.clone())?
                .with_bias(b_init.clone()))
        };
        Ok(GruCell {
            num_in,
            num_out,
            activation: options.activation.unwrap_or(Activation::Tanh),
            w_rz: linear(2)?,
            w_h: linear(1)?,
            h: State::hidden(shape, options.state_init.unwrap_or_else(|| SharedInit::new(Zero))),
            xh: Vec::new(),
            gates: Vec::new(),
            candidate: Vec::new(),
        })
    }
}

impl RnnCell for GruCell {
    fn num_in(&self) -> usize {
        self.num_in
    }

    fn num_out(&self) -> usize {
        self.num_out
    }

    fn update(&mut self, x: &[f64]) -> Result<&[f64], DynError> {
        let (num_in, n) = (self.num_in, self.num_out);
        let rows = rows_for_input("GRU input", &self.h, x, num_in)?;
        concat_rows(&mut self.xh, x, self.h.values(), num_in, n);
        self.gates.resize(rows * 2 * n, 0.0);
        self.w_rz.forward_into(&self.xh, &mut self.gates)?;
        self.gates.iter_mut().for_each(|g| *g = sigmoid(*g));
        for ((xh_row, gates), h) in self
            .xh
            .chunks_exact_mut(num_in + n)
            .zip(self.gates.chunks_exact(2 * n))
            .zip(self.h.values().chunks_exact(n))
        {
            for ((rh, &r), &h) in xh_row[num_in..].iter_mut().zip(&gates[..n]).zip(h) {
                *rh = r * h;
            }
        }
        self.candidate.resize(rows * n, 0.0);
        self.w_h.forward_into(&self.xh, &mut self.candidate)?;
        self.candidate.chunks_exact_mut(n).for_each(|row| self.activation.apply(row));
        for ((h, gates), candidate) in self
            .h
            .values_mut()
            .chunks_exact_mut(n)
            .zip(self.gates.chunks_exact(2 * n))
            .zip(self.candidate.chunks_exact(n))
        {
            for ((h, &z), &c) in h.iter_mut().zip(&gates[n..]).zip(candidate) {
                blend(h, z, c);
            }
        }
        Ok(self.h.values())
    }

    fn hidden(&self) -> &[f64] {
        self.h.values()
    }
}

neurodim_state::stateful_fields!(GruCell { child "Wrz" => w_rz, child "Wh" => w_h, state "h" => h });

#[cfg(test)]
mod tests {
    use crate::rate::GruCell;

    #[test]
    fn no_inputs_is_refused() {
        assert!(GruCell::new(0, 3).is_err());
    }
}
