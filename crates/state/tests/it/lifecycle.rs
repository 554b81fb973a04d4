//! init_all / reset_all over a model, batch shapes, and the rejections of the core types.

use neurodim_state::init::{Constant, Normal, Param, Uniform, Zero};
use neurodim_state::*;
use neurodim_units::*;

/// One of each kind, with random initial values where it matters.
struct Population {
    v: State<Voltage>,      // hidden, random
    g: State<Conductance>,  // hidden, constant
    spike: State<bool>,     // short-term
    rate: State<Frequency>, // long-term
    w: State<f64>,          // param, random
}

impl Population {
    fn new(shape: Shape) -> Self {
        Population {
            v: State::hidden(shape.clone(), Normal::new(-60.0 * mV, 5.0 * mV).unwrap()),
            g: State::hidden(shape.clone(), Constant(1.0 * nS)),
            spike: State::short_term(shape.clone(), Zero),
            rate: State::long_term(shape.clone(), Zero),
            w: State::param(shape, Uniform::new(0.0, 1.0).unwrap()),
        }
    }
}

impl Stateful for Population {
    fn visit_states(&self, v: &mut Visit<'_>) {
        v.state("V", &self.v);
        v.state("g", &self.g);
        v.state("spike", &self.spike);
        v.state("rate", &self.rate);
        v.state("w", &self.w);
    }
    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        v.state("V", &mut self.v);
        v.state("g", &mut self.g);
        v.state("spike", &mut self.spike);
        v.state("rate", &mut self.rate);
        v.state("w", &mut self.w);
    }
}

fn scramble(p: &mut Population) {
    p.v.values_mut().iter_mut().for_each(|x| *x = 0.0 * mV);
    p.g.values_mut().iter_mut().for_each(|x| *x = 5.0 * nS);
    p.spike.values_mut().iter_mut().for_each(|x| *x = true);
    p.rate.values_mut().iter_mut().for_each(|x| *x = 3.0 * Hz);
    p.w.values_mut().iter_mut().for_each(|x| *x = 7.0);
}

#[test]
fn reset_restores_hidden_and_short_term_exactly_and_keeps_the_rest() {
    for (dims, batch) in [(vec![10], Some(4)), (vec![2, 3], Some(5)), (vec![7], None)] {
        let mut p = Population::new(Shape::new(dims.clone()).unwrap());
        init_all(&mut p, batch, 42).unwrap();
        let shape = Shape::new(dims.clone()).unwrap();
        let expected_shape = shape.with_batch(batch);
        for info in list_states(&p) {
            // params are shared by the items of a batch; every other state gets the batch axis
            let expected = if info.kind == StateKind::Param {
                shape.with_batch(None)
            } else {
                expected_shape.clone()
            };
            assert_eq!(info.shape, expected, "{}", info.path);
        }
        let (v0, g0) = (p.v.values().to_vec(), p.g.values().to_vec());
        assert!(v0.windows(2).any(|w| w[0] != w[1]), "V is random");
        scramble(&mut p);
        reset_all(&mut p).unwrap();
        assert_eq!(p.v.values(), &v0[..], "random hidden state restored exactly");
        assert_eq!(p.g.values(), &g0[..]);
        assert!(p.spike.values().iter().all(|&x| !x));
        assert!(p.rate.values().iter().all(|&x| x == 3.0 * Hz), "long-term kept");
        assert!(p.w.values().iter().all(|&x| x == 7.0), "param kept");
    }
}

#[test]
fn batch_shapes_lead_with_the_batch_axis() {
    let mut p = Population::new(Shape::new([2, 3]).unwrap());
    init_all(&mut p, Some(5), 0).unwrap();
    assert_eq!(p.v.full_shape(), vec![5, 2, 3]);
    assert_eq!(p.v.values().len(), 30);
    assert_eq!(p.w.full_shape(), vec![2, 3], "params have no batch axis");
    assert_eq!(count_params(&p), 6);
    let mut q = Population::new(Shape::vector(4000).unwrap());
    init_all(&mut q, Some(2), 0).unwrap();
    assert_eq!(q.spike.full_shape(), vec![2, 4000]);
}

#[test]
fn one_seed_reproduces_the_model_and_paths_get_their_own_streams() {
    let shape = Shape::vector(50).unwrap();
    let mut a = Population::new(shape.clone());
    let mut b = Population::new(shape);
    init_all(&mut a, None, 9).unwrap();
    init_all(&mut b, None, 9).unwrap();
    assert_eq!(a.v.values(), b.v.values());
    assert_eq!(a.w.values(), b.w.values());
    init_all(&mut b, None, 10).unwrap();
    assert_ne!(a.v.values(), b.v.values());
}

#[test]
fn bad_inputs_are_rejected_with_their_rule() {
    let msg = |e: StateError| e.to_string();
    assert_eq!(msg(Environment::new(0.0 * ms).unwrap_err()), "invalid dt: 0 ms (must be > 0)");
    assert_eq!(msg(Environment::new(-0.1 * ms).unwrap_err()), "invalid dt: -0.1 ms (must be > 0)");
    assert_eq!(
        msg(Environment::new(f64::INFINITY * ms).unwrap_err()),
        "invalid dt: inf ms (must be finite)"
    );
    assert_eq!(
        msg(Shape::new([3, 0]).unwrap_err()),
        "invalid shape [3, 0]: every dimension must be >= 1"
    );
    assert_eq!(
        msg(Shape::new(Vec::<usize>::new()).unwrap_err()),
        "invalid shape []: must have at least one dimension"
    );
    let mut p = Population::new(Shape::vector(3).unwrap());
    assert_eq!(
        msg(init_all(&mut p, Some(0), 0).unwrap_err()),
        "invalid batch size 0: must be >= 1"
    );
    assert_eq!(
        msg(reset_all(&mut p).unwrap_err()),
        "state `V` has no values yet: call init_all first"
    );
    init_all(&mut p, None, 0).unwrap();
    assert_eq!(
        msg(p.v.set_values(vec![0.0 * mV; 4]).unwrap_err()),
        "state values: expected 3 values, found 4"
    );
    assert_eq!(
        msg(Param::per_element("tau", vec![10.0 * ms; 2], &Shape::vector(3).unwrap()).unwrap_err()),
        "parameter tau: expected 3 values, found 2"
    );
}
