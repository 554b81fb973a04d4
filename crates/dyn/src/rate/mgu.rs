//! The minimal gated unit.

use neurodim_state::{State, init::Orthogonal, init::Zero};

use crate::DynError;
use crate::rate::cell::{RnnCell, blend, concat_rows, rows_for_input};
use crate::rate::cell_options::SharedInit;
use crate::rate::functional::sigmoid;
use crate::rate::{Activation, CellOptions, Linear, checks};

/// A minimal gated unit (Zhou et al. 2016; brainstate's `MGUCell`), a GRU with one gate:
///
/// ```text
/// f  = σ(W_f · [x, h] + b_f)
/// h̃  = act(W_h · [x, f ⊙ h] + b_h)
/// h  ← (1 − f) ⊙ h + f ⊙ h̃
/// ```
///
/// States: `"Wf.weight"`, `"Wf.bias"`, `"Wh.weight"`, `"Wh.bias"` (params,
/// `[num_in + num_out, num_out]` and `[num_out]`) and `"h"`. Defaults as brainstate's GRU:
/// `w_init` = [`Orthogonal`], `b_init` = zero, `state_init` = zero, activation `tanh`.
///
/// ```
/// use neurodim_dyn::rate::{MguCell, RnnCell};
/// use neurodim_state::prelude::*;
/// let mut mgu = MguCell::new(3, 3)?;
/// init_all(&mut mgu, Some(4), 42)?;
/// assert_eq!(mgu.update(&[1.0; 12])?.len(), 12);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[doc(alias = "MGUCell")]
#[derive(Debug, Clone)]
pub struct MguCell {
    num_in: usize,
    num_out: usize,
    activation: Activation,
    w_f: Linear,
    w_h: Linear,
    h: State<f64>,
    /// Scratch: `[x, h]`, then `[x, f ⊙ h]`, per row.
    xh: Vec<f64>,
    /// Scratch: `f` per row.
    forget: Vec<f64>,
    /// Scratch: `h̃` per row.
    candidate: Vec<f64>,
}

impl MguCell {
    /// An MGU from `num_in` inputs to `num_out` hidden units (both ≥ 1), brainstate's defaults.
    pub fn new(num_in: usize, num_out: usize) -> Result<Self, DynError> {
        MguCell::with_options(num_in, num_out, CellOptions::new())
    }

    /// An MGU with chosen initialisers and activation.
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
        let linear = || -> Result<Linear, DynError> {
            Ok(Linear::new(num_in + num_out, num_out, w_init.clone())?.with_bias(b_init.clone()))
        };
        Ok(MguCell {
            num_in,
            num_out,
            activation: options.activation.unwrap_or(Activation::Tanh),
            w_f: linear()?,
            w_h: linear()?,
            h: State::hidden(shape, options.state_init.unwrap_or_else(|| SharedInit::new(Zero))),
            xh: Vec::new(),
            forget: Vec::new(),
            candidate: Vec::new(),
        })
    }
}

impl RnnCell for MguCell {
    fn num_in(&self) -> usize {
        self.num_in
    }

    fn num_out(&self) -> usize {
        self.num_out
    }

    fn update(&mut self, x: &[f64]) -> Result<&[f64], DynError> {
        let (num_in, n) = (self.num_in, self.num_out);
        let rows = rows_for_input("MGU input", &self.h, x, num_in)?;
        concat_rows(&mut self.xh, x, self.h.values(), num_in, n);
        self.forget.resize(rows * n, 0.0);
        self.w_f.forward_into(&self.xh, &mut self.forget)?;
        self.forget.iter_mut().for_each(|f| *f = sigmoid(*f));
        for ((xh_row, f), h) in self
            .xh
            .chunks_exact_mut(num_in + n)
            .zip(self.forget.chunks_exact(n))
            .zip(self.h.values().chunks_exact(n))
        {
            for ((fh, &f), &h) in xh_row[num_in..].iter_mut().zip(f).zip(h) {
                *fh = f * h;
            }
        }
        self.candidate.resize(rows * n, 0.0);
        self.w_h.forward_into(&self.xh, &mut self.candidate)?;
        self.candidate.chunks_exact_mut(n).for_each(|row| self.activation.apply(row));
        for ((h, &f), &c) in self.h.values_mut().iter_mut().zip(&self.forget).zip(&self.candidate) {
            blend(h, f, c);
        }
        Ok(self.h.values())
    }

    fn hidden(&self) -> &[f64] {
        self.h.values()
    }
}

neurodim_state::stateful_fields!(MguCell { child "Wf" => w_f, child "Wh" => w_h, state "h" => h });

#[cfg(test)]
mod tests {
    use crate::rate::MguCell;

    #[test]
    fn no_outputs_is_refused() {
        assert!(MguCell::new(2, 0).is_err());
    }
}
