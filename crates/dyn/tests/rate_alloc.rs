//! A step of a rate model allocates nothing once its states exist and its first step has sized
//! its scratch buffers: counted with a global allocator that tallies every allocation.
//!
//! One exception lies in a dependency: for matrices with every dimension above 5, nalgebra hands
//! the product to `matrixmultiply`, which allocates one packing buffer per product. The test
//! pins both: zero allocations with a batch of 4 (nalgebra's own loop), and at most one
//! allocation per matrix product with a batch of 16.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use neurodim_dyn::rate::*;
use neurodim_state::{Environment, init_all};
use neurodim_units::*;

struct Counting;

thread_local! {
    // Per thread, so that the test harness's own threads (which may allocate while a test runs,
    // e.g. to report a slow test) are not counted.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: the thread-local may already be gone while a thread shuts down.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: defers to the system allocator; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `steps` calls of `step` after one warm-up call.
fn allocations_after_warm_up(mut step: impl FnMut(), steps: usize) -> usize {
    step();
    let before = ALLOCATIONS.with(Cell::get);
    for _ in 0..steps {
        step();
    }
    ALLOCATIONS.with(Cell::get) - before
}

/// Allocations per step of every model, after a warm-up, for `batch` items; with the number of
/// matrix products each makes per step.
fn allocations_per_model(batch: usize) -> Vec<(&'static str, usize, usize)> {
    const STEPS: usize = 10;
    let (num_in, hidden) = (8, 16);
    let x = vec![0.3; batch * num_in];
    let cells: Vec<(&str, Box<dyn RnnCell>, usize)> = vec![
        ("vanilla", Box::new(VanillaRnnCell::new(num_in, hidden).unwrap()), 1),
        ("gru", Box::new(GruCell::new(num_in, hidden).unwrap()), 2),
        ("mgu", Box::new(MguCell::new(num_in, hidden).unwrap()), 2),
        ("lstm", Box::new(LstmCell::new(num_in, hidden).unwrap()), 1),
        ("urlstm", Box::new(UrlstmCell::new(num_in, hidden).unwrap()), 1),
    ];
    let mut counts = Vec::new();
    for (name, mut cell, products) in cells {
        init_all(cell.as_mut(), Some(batch), 0).unwrap();
        let n = allocations_after_warm_up(|| _ = cell.update(&x).unwrap(), STEPS);
        counts.push((name, n, products * STEPS));
    }

    let ctx = Environment::new(0.1 * ms).unwrap().step(0);
    let mut rate = LeakyRateReadout::new(num_in, hidden, 5.0 * ms).unwrap();
    init_all(&mut rate, Some(batch), 0).unwrap();
    let n = allocations_after_warm_up(|| _ = rate.update(&ctx, &x).unwrap(), STEPS);
    counts.push(("rate readout", n, STEPS));
    let mut spike = LeakySpikeReadout::new(num_in).unwrap();
    init_all(&mut spike, Some(batch), 0).unwrap();
    let n = allocations_after_warm_up(|| _ = spike.update(&ctx, &x).unwrap(), STEPS);
    counts.push(("spike readout", n, STEPS));

    let mut masked = Linear::<f64, f64>::new(num_in, hidden, neurodim_state::init::Constant(1.0))
        .unwrap()
        .with_mask(vec![true; num_in * hidden])
        .unwrap();
    init_all(&mut masked, None, 0).unwrap();
    let mut y = vec![0.0; batch * hidden];
    let n = allocations_after_warm_up(|| masked.forward_into(&x, &mut y).unwrap(), STEPS);
    counts.push(("masked linear", n, STEPS));
    counts
}

// One test function, so that no other test thread allocates while counting.
#[test]
fn steps_do_not_allocate() {
    for (name, n, _) in allocations_per_model(4) {
        assert_eq!(n, 0, "{name}: allocations in 10 steps");
    }
    for (name, n, products) in allocations_per_model(16) {
        assert!(n <= products, "{name}: {n} allocations in 10 steps, {products} matrix products");
    }
}
