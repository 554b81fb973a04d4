//! The LSTM with uniform gate initialisation and a refine gate.

use neurodim_state::{
    Shape, State, StateError, StreamRng, init::Initializer, init::XavierNormal, init::Zero,
};
use rand::RngExt;

use crate::DynError;
use crate::rate::cell::{RnnCell, concat_rows, gated_output, rows_for_input};
use crate::rate::cell_options::SharedInit;
use crate::rate::functional::sigmoid;
use crate::rate::{Activation, CellOptions, Linear, checks};

/// An LSTM with a uniformly initialised forget gate and a refine gate (Gu et al. 2020,
/// "Improving the gating mechanism of recurrent neural networks"; brainstate's `URLSTMCell`):
///
/// ```text
/// [f, r, u, o] = W · [x, h]                         (no bias in W)
/// f̂ = σ(f + b),  r̂ = σ(r − b)
/// g = 2 r̂ f̂ + (1 − 2 r̂) f̂²                        (effective forget gate)
/// c ← g ⊙ c + (1 − g) ⊙ act(u)
/// h ← σ(o) ⊙ act(c)
/// ```
///
/// with the gate bias `bᵢ = −ln(1/uᵢ − 1)`, `uᵢ ~ Uniform(1/num_out, 1 − 1/num_out)`, drawn at
/// `init_all` from the cell's own stream (the path `"bias"`); brainstate draws it at
/// construction from its global generator. States: `"W.weight"`
/// (`[num_in + num_out, 4·num_out]`) and `"bias"` (params), `"c"` and `"h"`. Defaults as
/// brainstate: `w_init` = [`XavierNormal`], `state_init` = zero, activation `tanh`; there is no
/// `b_init`. `num_out` must be at least 2 for the interval of `u` to be non-empty.
///
/// ```
/// use neurodim_dyn::rate::{RnnCell, UrlstmCell};
/// use neurodim_state::prelude::*;
/// let mut cell = UrlstmCell::new(3, 3)?;
/// init_all(&mut cell, Some(4), 42)?;
/// assert_eq!(cell.update(&[1.0; 12])?.len(), 12);
/// // u lies in [1/3, 2/3), so |b| < ln 2
/// assert!(cell.gate_bias().iter().all(|b| b.abs() < 2f64.ln()));
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
#[doc(alias = "URLSTMCell")]
#[derive(Debug, Clone)]
pub struct UrlstmCell {
    num_in: usize,
    num_out: usize,
    activation: Activation,
    w: Linear,
    bias: State<f64>,
    c: State<f64>,
    h: State<f64>,
    /// Scratch: `[x, h]` per row.
    xh: Vec<f64>,
    /// Scratch: `[f, r, u, o]` per row.
    gates: Vec<f64>,
    /// Scratch: `act(c)` for one row.
    act_c: Vec<f64>,
}

/// The URLSTM's gate bias: `−ln(1/u − 1)` with `u ~ Uniform(1/n, 1 − 1/n)` over the last axis
/// of size `n`.
#[derive(Debug, Clone, Copy)]
struct UniformGateBias;

impl Initializer<f64> for UniformGateBias {
    fn values(&self, shape: &[usize], rng: &mut StreamRng) -> Result<Vec<f64>, StateError> {
        let n = shape.last().copied().unwrap_or(1) as f64;
        let (low, high) = (1.0 / n, 1.0 - 1.0 / n);
        Ok((0..shape.iter().product::<usize>())
            .map(|_| {
                let u = low + (high - low) * rng.random::<f64>();
                -(1.0 / u - 1.0).ln()
            })
            .collect())
    }
}

impl UrlstmCell {
    /// A URLSTM from `num_in` (≥ 1) inputs to `num_out` (≥ 2) hidden units, brainstate's
    /// defaults.
    pub fn new(num_in: usize, num_out: usize) -> Result<Self, DynError> {
        UrlstmCell::with_options(num_in, num_out, CellOptions::new())
    }

    /// A URLSTM with chosen initialisers and activation. Setting `b_init` is an error: the
    /// cell's bias is the uniform gate bias.
    pub fn with_options(
        num_in: usize,
        num_out: usize,
        options: CellOptions,
    ) -> Result<Self, DynError> {
        checks::units("num_in", num_in)?;
        let shape = checks::units("num_out", num_out)?;
        if num_out < 2 {
            return Err(DynError::invalid("num_out", num_out, "must be >= 2 for a URLSTM"));
        }
        if options.b_init.is_some() {
            return Err(DynError::invalid(
                "b_init",
                "an initialiser",
                "a URLSTM has no bias initialiser (its bias is the uniform gate bias)",
            ));
        }
        let w_init = options.w_init.unwrap_or_else(|| SharedInit::new(XavierNormal::default()));
        let state_init = options.state_init.unwrap_or_else(|| SharedInit::new(Zero));
        Ok(UrlstmCell {
            num_in,
            num_out,
            activation: options.activation.unwrap_or(Activation::Tanh),
            w: Linear::new(num_in + num_out, 4 * num_out, w_init)?.without_bias(),
            bias: State::param(Shape::vector(num_out)?, UniformGateBias),
            c: State::hidden(shape.clone(), state_init.clone()),
            h: State::hidden(shape, state_init),
            xh: Vec::new(),
            gates: Vec::new(),
            act_c: Vec::new(),
        })
    }

    /// The gate bias `b` (empty before init).
    pub fn gate_bias(&self) -> &[f64] {
        self.bias.values()
    }

    /// The cell state `c` (empty before init).
    pub fn cell_state(&self) -> &[f64] {
        self.c.values()
    }
}

impl RnnCell for UrlstmCell {
    fn num_in(&self) -> usize {
        self.num_in
    }

    fn num_out(&self) -> usize {
        self.num_out
    }

    fn update(&mut self, x: &[f64]) -> Result<&[f64], DynError> {
        let (num_in, n) = (self.num_in, self.num_out);
        let rows = rows_for_input("URLSTM input", &self.h, x, num_in)?;
        concat_rows(&mut self.xh, x, self.h.values(), num_in, n);
        self.gates.resize(rows * 4 * n, 0.0);
        self.w.forward_into(&self.xh, &mut self.gates)?;
        self.act_c.resize(n, 0.0);
        let bias = self.bias.values();
        for ((gates, c), h) in self
            .gates
            .chunks_exact_mut(4 * n)
            .zip(self.c.values_mut().chunks_exact_mut(n))
            .zip(self.h.values_mut().chunks_exact_mut(n))
        {
            let (f, rest) = gates.split_at_mut(n);
            let (r, rest) = rest.split_at_mut(n);
            let (u, o) = rest.split_at_mut(n);
            self.activation.apply(u);
            for ((((c, &f), &r), &u), &b) in c.iter_mut().zip(&*f).zip(&*r).zip(&*u).zip(bias) {
                let f_hat = sigmoid(f + b);
                let r_hat = sigmoid(r - b);
                let g = 2.0 * r_hat * f_hat + (1.0 - 2.0 * r_hat) * f_hat * f_hat;
                *c = g * *c + (1.0 - g) * u;
            }
            gated_output(h, o, c, self.activation, &mut self.act_c);
        }
        Ok(self.h.values())
    }

    fn hidden(&self) -> &[f64] {
        self.h.values()
    }
}

neurodim_state::stateful_fields!(UrlstmCell { child "W" => w, state "bias" => bias, state "c" => c, state "h" => h });

#[cfg(test)]
mod tests {
    use crate::rate::{CellOptions, UrlstmCell};
    use neurodim_state::init::Constant;
    use neurodim_state::init_all;

    #[test]
    fn fewer_than_two_inputs_is_refused() {
        assert!(UrlstmCell::new(3, 1).is_err());
    }

    #[test]
    fn options_without_a_bias_initializer() {
        assert!(UrlstmCell::with_options(2, 2, CellOptions::new().w_init(Constant(0.1))).is_ok());
        assert!(UrlstmCell::with_options(2, 2, CellOptions::new().b_init(Constant(0.1))).is_err());
    }

    #[test]
    fn the_gate_bias_is_drawn_once_without_a_batch_axis() -> Result<(), Box<dyn std::error::Error>>
    {
        let mut a = UrlstmCell::new(2, 4)?;
        let mut b = UrlstmCell::new(2, 4)?;
        init_all(&mut a, None, 7)?;
        init_all(&mut b, Some(3), 7)?;
        assert_eq!(a.gate_bias(), b.gate_bias()); // same seed, same draw, no batch axis
        Ok(())
    }

    #[test]
    fn no_cell_state_before_init() -> Result<(), Box<dyn std::error::Error>> {
        assert!(UrlstmCell::new(1, 2)?.cell_state().is_empty());
        Ok(())
    }
}
