//! A GRU and an LSTM driven by a sine wave: the rate cells of `neurodim::dynamics::rate` with
//! brainstate's default initialisers (Orthogonal for the GRU, XavierNormal for the LSTM).
//!
//! Run with `cargo run --release --example rnn_cells`.

use std::f64::consts::PI;

use neurodim::dynamics::DynError;
use neurodim::dynamics::rate::{GruCell, LstmCell, RnnCell};
use neurodim::state::init_all;

const HIDDEN: usize = 4;
const STEPS: usize = 40;
const PERIOD: f64 = 20.0; // steps per cycle of the input

fn main() -> Result<(), DynError> {
    let mut gru = GruCell::new(1, HIDDEN)?;
    let mut lstm = LstmCell::new(1, HIDDEN)?;
    init_all(&mut gru, None, 42)?;
    init_all(&mut lstm, None, 42)?;

    println!("{:>4} {:>7}   {:^34}   {:^34}", "step", "input", "GRU h", "LSTM h");
    for t in 0..STEPS {
        let x = [(2.0 * PI * t as f64 / PERIOD).sin()];
        let h_gru = format_units(gru.update(&x)?);
        let h_lstm = format_units(lstm.update(&x)?);
        println!("{t:>4} {:>7.3}   {h_gru}   {h_lstm}", x[0]);
    }
    Ok(())
}

fn format_units(h: &[f64]) -> String {
    h.iter().map(|v| format!("{v:>8.4}")).collect::<Vec<_>>().join(" ")
}
