//! Invariants of the rate cells, for any weights and any finite input (proptest).
//!
//! Inputs are bounded by 1e100 in magnitude: beyond that the weighted sums themselves can
//! overflow to ±∞ and produce ∞ − ∞ = NaN before any cell logic runs, which no cell can undo.

use neurodim_dyn::rate::*;
use neurodim_state::init::{Constant, Uniform};
use neurodim_state::init_all;
use proptest::prelude::*;

const NUM_IN: usize = 2;
const H: usize = 3;
const BATCH: usize = 2;

fn finite_inputs(steps: usize) -> impl Strategy<Value = Vec<Vec<f64>>> {
    let value = prop_oneof![-1e100..1e100f64, -10.0..10.0f64, Just(0.0)];
    prop::collection::vec(prop::collection::vec(value, BATCH * NUM_IN), steps)
}

/// Weights and biases uniform in [−scale, scale), so that the weights, not only the inputs,
/// vary between cases.
fn random_weights(scale: f64) -> CellOptions {
    let uniform = || Uniform::new(-scale, scale).unwrap();
    CellOptions::new().w_init(uniform()).b_init(uniform())
}

fn run_within(
    cell: &mut dyn RnnCell,
    inputs: &[Vec<f64>],
    bound: f64,
) -> Result<(), TestCaseError> {
    for x in inputs {
        let h = cell.update(x).unwrap();
        for &v in h {
            prop_assert!(v.is_finite() && v.abs() <= bound, "h = {v}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// GRU: h is a convex combination of h and tanh(·), so it stays in [−1, 1] from h₀ = 0.
    #[test]
    fn gru_hidden_state_stays_in_tanh_range(inputs in finite_inputs(8), scale in 0.1..5.0f64, seed in any::<u64>()) {
        let mut cell = GruCell::with_options(NUM_IN, H, random_weights(scale)).unwrap();
        init_all(&mut cell, Some(BATCH), seed).unwrap();
        run_within(&mut cell, &inputs, 1.0)?;
    }

    /// MGU: as the GRU.
    #[test]
    fn mgu_hidden_state_stays_in_tanh_range(inputs in finite_inputs(8), scale in 0.1..5.0f64, seed in any::<u64>()) {
        let mut cell = MguCell::with_options(NUM_IN, H, random_weights(scale)).unwrap();
        init_all(&mut cell, Some(BATCH), seed).unwrap();
        run_within(&mut cell, &inputs, 1.0)?;
    }

    /// GRU with a sigmoid activation: h stays in [0, 1] from h₀ in [0, 1].
    #[test]
    fn gru_with_sigmoid_stays_in_unit_interval(inputs in finite_inputs(8), seed in any::<u64>()) {
        let options = CellOptions::new().activation(Activation::Sigmoid).state_init(Constant(0.5));
        let mut cell = GruCell::with_options(NUM_IN, H, options).unwrap();
        init_all(&mut cell, Some(BATCH), seed).unwrap();
        for x in &inputs {
            for &v in cell.update(x).unwrap() {
                prop_assert!((0.0..=1.0).contains(&v), "h = {v}");
            }
        }
    }

    /// LSTM: h = σ(o)·tanh(c) lies in [−1, 1] (c itself may grow by at most 1 per step).
    #[test]
    fn lstm_hidden_state_stays_in_tanh_range(inputs in finite_inputs(8), scale in 0.1..5.0f64, seed in any::<u64>()) {
        let mut cell = LstmCell::with_options(NUM_IN, H, random_weights(scale)).unwrap();
        init_all(&mut cell, Some(BATCH), seed).unwrap();
        for (t, x) in inputs.iter().enumerate() {
            for &v in cell.update(x).unwrap() {
                prop_assert!(v.abs() <= 1.0, "h = {v}");
            }
            for &c in cell.cell_state() {
                prop_assert!(c.abs() <= (t + 1) as f64, "c = {c} after {} steps", t + 1);
            }
        }
    }

    /// LSTM (zero bias, brainstate's default): zero input from a zero state stays exactly at
    /// zero, whatever the weights: every gate input is W·0 = 0, so c = σ(1)·0 + σ(0)·tanh(0).
    #[test]
    fn lstm_at_rest_stays_at_rest(seed in any::<u64>(), steps in 1usize..20) {
        let options = CellOptions::new().w_init(Uniform::new(-3.0, 3.0).unwrap());
        let mut cell = LstmCell::with_options(NUM_IN, H, options).unwrap();
        init_all(&mut cell, Some(BATCH), seed).unwrap();
        for _ in 0..steps {
            prop_assert!(cell.update(&[0.0; BATCH * NUM_IN]).unwrap().iter().all(|&v| v == 0.0));
            prop_assert!(cell.cell_state().iter().all(|&c| c == 0.0));
        }
    }

    /// The same seed gives the same initial weights (bit for bit), and another seed others;
    /// the batch size does not change them.
    #[test]
    fn same_seed_same_weights(seed in any::<u64>(), batch in 1usize..6) {
        let weights = |seed: u64, batch: Option<usize>| {
            let mut cell = GruCell::new(NUM_IN, H).unwrap();
            init_all(&mut cell, batch, seed).unwrap();
            let mut all = Vec::new();
            neurodim_state::for_each_state(&cell, |_, state| {
                if state.kind() == neurodim_state::StateKind::Param {
                    all.extend(state.to_si());
                }
            });
            all
        };
        let a = weights(seed, None);
        prop_assert_eq!(&a, &weights(seed, Some(batch)));
        prop_assert_ne!(&a, &weights(seed.wrapping_add(1), None));
    }
}
