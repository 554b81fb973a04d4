//! What every recurrent cell is, and the steps they share.

use neurodim_state::{State, Stateful};

use crate::DynError;
use crate::rate::functional::sigmoid;
use crate::rate::{Activation, checks};

/// A recurrent rate cell (brainstate's `RNNCell`): a hidden state `h` of `num_out` units per
/// batch item, updated from an input of `num_in` units per item.
///
/// Inputs and outputs are row-major `[batch, units]` (or `[units]` without a batch). The cell
/// must have been initialised by [`init_all`](neurodim_state::init_all).
///
/// ```
/// use neurodim_dyn::rate::{LstmCell, RnnCell};
/// use neurodim_state::prelude::*;
///
/// fn run(cell: &mut dyn RnnCell, steps: usize) -> Result<Vec<f64>, neurodim_dyn::DynError> {
///     let x = vec![0.5; cell.num_in()];
///     for _ in 0..steps {
///         cell.update(&x)?;
///     }
///     Ok(cell.hidden().to_vec())
/// }
/// let mut lstm = LstmCell::new(2, 4)?;
/// init_all(&mut lstm, None, 1)?;
/// assert_eq!(run(&mut lstm, 3)?.len(), 4);
/// # Ok::<(), neurodim_dyn::DynError>(())
/// ```
pub trait RnnCell: Stateful {
    /// The number of input units.
    fn num_in(&self) -> usize;
    /// The number of hidden units.
    fn num_out(&self) -> usize;
    /// One step: updates the states from `x` (`[batch, num_in]`) and returns the new `h`
    /// (`[batch, num_out]`). Errors if the cell is not initialised or `x` has the wrong size.
    fn update(&mut self, x: &[f64]) -> Result<&[f64], DynError>;
    /// The hidden state `h` (empty before init).
    fn hidden(&self) -> &[f64];
}

/// Checks the input of one step against the hidden state and returns the number of rows.
pub(crate) fn rows_for_input(
    cell: &'static str,
    h: &State<f64>,
    x: &[f64],
    num_in: usize,
) -> Result<usize, DynError> {
    let rows = checks::rows_of(h, "h")?;
    checks::len(cell, x.len(), rows * num_in)?;
    Ok(rows)
}

/// Fills `xh` (`[rows, num_in + num_out]`) with the rows of `x` followed by those of `h`,
/// growing it only the first time.
pub(crate) fn concat_rows(xh: &mut Vec<f64>, x: &[f64], h: &[f64], num_in: usize, num_out: usize) {
    let rows = h.len() / num_out;
    xh.resize(rows * (num_in + num_out), 0.0);
    for ((row, x_row), h_row) in xh
        .chunks_exact_mut(num_in + num_out)
        .zip(x.chunks_exact(num_in))
        .zip(h.chunks_exact(num_out))
    {
        row[..num_in].copy_from_slice(x_row);
        row[num_in..].copy_from_slice(h_row);
    }
}

/// `h ← (1 − z) ⊙ h + z ⊙ h̃`, the convex update of the GRU and the MGU (written this way, not
/// `h + z (h̃ − h)`, so that in floating point it stays between `h` and `h̃`).
#[inline]
pub(crate) fn blend(h: &mut f64, z: f64, candidate: f64) {
    *h = (1.0 - z) * *h + z * candidate;
}

/// `h = σ(o) ⊙ act(c)`, the output of the LSTM and the URLSTM for one row; `act_c` is scratch
/// of one row.
pub(crate) fn gated_output(
    h: &mut [f64],
    o: &[f64],
    c: &[f64],
    activation: Activation,
    act_c: &mut [f64],
) {
    act_c.copy_from_slice(c);
    activation.apply(act_c);
    for ((h, &o), &a) in h.iter_mut().zip(o).zip(act_c.iter()) {
        *h = sigmoid(o) * a;
    }
}
