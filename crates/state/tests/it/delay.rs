//! Delays: rotation reads at every registered delay against hand-computed sequences, time
//! reads with interpolation, the visitor, and every rejection.

use neurodim_state::init::Constant;
use neurodim_state::*;
use neurodim_units::*;

const FILL: f64 = -1.0;

/// A delay of 2 elements with entries of 1, 3 and 4 steps (registered by time, dt = 0.1 ms)
/// and initial fill −1.
fn delay() -> (Delay<f64>, [DelayEntry; 3]) {
    let mut d =
        Delay::new(Shape::vector(2).unwrap(), 0.1 * ms).unwrap().with_initializer(Constant(FILL));
    let entries = [
        d.register_time("one", 0.1 * ms).unwrap(),
        d.register_time("three", 0.3 * ms).unwrap(), // 2.9999999999999996 → 3
        d.register_time("four", 0.4 * ms).unwrap(),
    ];
    d.init(None, StreamKey::new(0, "d")).unwrap();
    (d, entries)
}

/// What step `i` pushes: element k holds 10·i + k.
fn pushed(i: u64) -> [f64; 2] {
    [10.0 * i as f64, 10.0 * i as f64 + 1.0]
}

#[test]
fn rotation_reads_return_what_was_pushed_steps_ago() {
    let (mut d, [one, three, four]) = delay();
    assert_eq!([one.steps(), three.steps(), four.steps()], [1, 3, 4]);
    assert_eq!(d.full_shape(), vec![5, 2]); // L = 4 + 1 slots, no further
    // Hand-computed: at step 5, before its push, 1 step ago is step 4's push [40, 41],
    // 3 steps ago step 2's [20, 21], 4 steps ago step 1's [10, 11].
    for i in 0..5 {
        d.push(i, &pushed(i)).unwrap();
    }
    assert_eq!(d.read_entry(5, one).unwrap(), &[40.0, 41.0]);
    assert_eq!(d.read_entry(5, three).unwrap(), &[20.0, 21.0]);
    assert_eq!(d.read_entry(5, four).unwrap(), &[10.0, 11.0]);
    // After step 5's push (into slot 0, over step 0's values) the reads are unchanged.
    d.push(5, &pushed(5)).unwrap();
    assert_eq!(d.read_entry(5, four).unwrap(), &[10.0, 11.0]);
    assert_eq!(d.read_step(5, 0).unwrap(), &[50.0, 51.0]);
}

#[test]
fn rotation_reads_over_many_steps_before_and_after_each_push() {
    let (mut d, entries) = delay();
    for i in 0..23u64 {
        for before_push in [true, false] {
            if !before_push {
                d.push(i, &pushed(i)).unwrap();
            }
            for entry in entries {
                let ago = entry.steps() as u64;
                let expected = if ago > i { [FILL, FILL] } else { pushed(i - ago) };
                assert_eq!(d.read_entry(i, entry).unwrap(), &expected, "step {i}, delay {ago}");
            }
            // 0 steps: the current value only after the push, else the push L = 5 steps ago
            let expected = match (before_push, i.checked_sub(5)) {
                (false, _) => pushed(i),
                (true, Some(earlier)) => pushed(earlier),
                (true, None) => [FILL, FILL],
            };
            assert_eq!(d.read_step(i, 0).unwrap(), &expected, "step {i}, delay 0");
        }
    }
}

#[test]
fn registration_rounds_time_to_whole_steps() {
    // 1.3 ms / 0.1 ms is 13.000000000000002 in floating point (ceil would give 14),
    // 0.3 ms / 0.1 ms is 2.9999999999999996, 0.25 ms / 0.1 ms is 2.5 (rounds away from 0)
    let mut d = Delay::<bool>::new(Shape::vector(1).unwrap(), 0.1 * ms).unwrap();
    assert_eq!(d.register_time("a", 1.3 * ms).unwrap().steps(), 13);
    assert_eq!(d.register_time("b", 0.3 * ms).unwrap().steps(), 3);
    assert_eq!(d.register_time("c", 0.25 * ms).unwrap().steps(), 3);
    assert_eq!(d.register_time("d", 0.0 * ms).unwrap().steps(), 0);
    assert_eq!(d.max_steps(), 13);
    assert_eq!(d.entry("b").map(DelayEntry::steps), Some(3));
}

#[test]
fn a_zero_length_buffer_reads_last_steps_value_before_the_push() {
    // brainstate: with L = 1 a read of 0 steps before the push sees the previous step.
    let mut d = Delay::<f64>::new(Shape::vector(1).unwrap(), 1.0 * ms).unwrap();
    d.init(None, StreamKey::new(0, "d")).unwrap();
    d.push(0, &[3.0]).unwrap();
    assert_eq!(d.read_step(1, 0).unwrap(), &[3.0]);
    d.push(1, &[4.0]).unwrap();
    assert_eq!(d.read_step(1, 0).unwrap(), &[4.0]);
}

#[test]
fn spikes_with_a_batch() {
    let mut d = Delay::<bool>::new(Shape::vector(3).unwrap(), 0.5 * ms).unwrap();
    let e = d.register_time("E2I", 1.0 * ms).unwrap();
    d.init(Some(2), StreamKey::new(0, "spikes")).unwrap();
    assert_eq!(d.full_shape(), vec![3, 2, 3]);
    let step0 = [true, false, false, false, false, true];
    d.push(0, &step0).unwrap();
    d.push(1, &[false; 6]).unwrap();
    assert_eq!(d.read_entry(2, e).unwrap(), &step0);
    assert_eq!(d.read_entry(3, e).unwrap(), &[false; 6]);
}

#[test]
fn linear_interpolation_between_steps() {
    let mut d = Delay::<Voltage>::new(Shape::vector(2).unwrap(), 0.1 * ms).unwrap();
    d.register_steps("max", 3).unwrap();
    d.init(None, StreamKey::new(0, "V")).unwrap();
    // pushes at steps 0..=3: [−70, 0], [−66, 4], [−62, 8], [−58, 12] mV
    for i in 0..4 {
        let v = -70.0 + 4.0 * i as f64;
        d.push(i, &[v * mV, (v + 70.0) * mV]).unwrap();
    }
    let mut out = [0.0 * mV; 2];
    let mv = |out: &[Voltage]| [out[0].value_in(mV), out[1].value_in(mV)];
    let close = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9;
    // at step 3 after its push: 0.15 ms = 1.5 steps, halfway between step 2 and step 1
    d.read_time(3, 0.15 * ms, Interpolation::Linear, &mut out).unwrap();
    assert!(close(mv(&out), [-64.0, 6.0]), "{:?}", mv(&out));
    // 0.225 ms = 2.25 steps: 0.75·step 1 + 0.25·step 0
    d.read_time(3, 0.225 * ms, Interpolation::Linear, &mut out).unwrap();
    assert!(close(mv(&out), [-67.0, 3.0]), "{:?}", mv(&out));
    // whole steps read exactly, also when d/dt is not exact in floating point
    d.read_time(3, 0.3 * ms, Interpolation::Linear, &mut out).unwrap();
    assert_eq!(out, [-70.0 * mV, 0.0 * mV]);
    // rounding: 2.25 → 2 steps, 1.6 → 2 steps
    d.read_time(3, 0.225 * ms, Interpolation::Round, &mut out).unwrap();
    assert_eq!(out, [-66.0 * mV, 4.0 * mV]);
    assert_eq!(d.read_time_rounded(3, 0.16 * ms).unwrap(), &[-66.0 * mV, 4.0 * mV]);
}

#[test]
fn rejections_name_the_problem() {
    let msg = |e: StateError| e.to_string();
    assert_eq!(
        msg(Delay::<bool>::new(Shape::vector(1).unwrap(), -0.1 * ms).unwrap_err()),
        "invalid dt: -0.1 ms (must be > 0)"
    );
    assert_eq!(
        msg(Delay::<bool>::new(Shape::vector(1).unwrap(), f64::NAN * ms).unwrap_err()),
        "invalid dt: NaN ms (must be finite)"
    );
    let (mut d, _) = delay();
    let mut out = [0.0; 2];
    assert_eq!(
        msg(d.read_step(0, 5).unwrap_err()),
        "delay of 5 steps is longer than the buffer's 4 steps (read)"
    );
    assert_eq!(
        msg(d.read_time(0, 0.45 * ms, Interpolation::Linear, &mut out).unwrap_err()),
        "delay of 5 steps is longer than the buffer's 4 steps (read)"
    );
    assert_eq!(
        msg(d.read_time_rounded(0, -0.1 * ms).unwrap_err()),
        "invalid delay: -0.1 ms (must be >= 0)"
    );
    assert_eq!(
        msg(d.read_time(0, f64::INFINITY * ms, Interpolation::Round, &mut out).unwrap_err()),
        "invalid delay: inf ms (must be finite)"
    );
    assert_eq!(
        msg(d.read_time(0, 0.1 * ms, Interpolation::Round, &mut [0.0; 3]).unwrap_err()),
        "delay read buffer: expected 2 values, found 3"
    );
    assert_eq!(
        msg(d.push(0, &[1.0]).unwrap_err()),
        "values pushed into a delay: expected 2 values, found 1"
    );
    assert_eq!(
        msg(d.register_steps("one", 1).unwrap_err()),
        "delay entry `one` is already registered"
    );
    assert_eq!(
        msg(d.register_time("long", 1.0 * ms).unwrap_err()),
        "delay of 10 steps is longer than the buffer's 4 steps (registered after init)"
    );
    assert_eq!(
        msg(d.init(Some(0), StreamKey::new(0, "d")).unwrap_err()),
        "invalid batch size 0: must be >= 1"
    );
    assert_eq!(
        msg(d.register_steps("huge", usize::MAX).unwrap_err()),
        format!(
            "invalid delay steps: {} ((steps + 1) · population size must fit in usize)",
            usize::MAX
        )
    );
    let mut big = Delay::<bool>::new(Shape::vector(1 << 20).unwrap(), 1.0 * ms).unwrap();
    big.register_steps("long", 1 << 20).unwrap();
    assert_eq!(
        msg(big.init(Some(usize::MAX / 2), StreamKey::new(0, "d")).unwrap_err()),
        format!(
            "invalid shape [1048577, {}, 1048576]: the number of elements overflows usize",
            usize::MAX / 2
        )
    );
    let fresh = Delay::<bool>::new(Shape::vector(1).unwrap(), 1.0 * ms).unwrap();
    assert!(matches!(fresh.read_step(0, 0), Err(StateError::Uninitialised { .. })));
}

struct Population {
    v: State<Voltage>,
    v_delay: Delay<Voltage>,
}

impl Stateful for Population {
    fn visit_states(&self, v: &mut Visit<'_>) {
        v.state("V", &self.v);
        v.state("V_delay", &self.v_delay);
    }
    fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
        v.state("V", &mut self.v);
        v.state("V_delay", &mut self.v_delay);
    }
}

#[test]
fn a_delay_is_a_short_term_state_to_the_visitor() {
    let shape = Shape::vector(4).unwrap();
    let mut v_delay =
        Delay::new(shape.clone(), 0.1 * ms).unwrap().with_initializer(Constant(-65.0 * mV));
    v_delay.register_time("proj", 0.2 * ms).unwrap();
    let mut pop = Population { v: State::hidden(shape, Constant(-65.0 * mV)), v_delay };
    init_all(&mut pop, Some(3), 1).unwrap();
    let info = &list_states(&pop)[1];
    assert_eq!(
        (info.path.as_str(), info.kind, info.shape.clone()),
        ("V_delay", StateKind::ShortTerm, vec![3, 3, 4])
    );
    pop.v_delay.push(0, &[0.0 * mV; 12]).unwrap();
    reset_all(&mut pop).unwrap();
    assert!(pop.v_delay.history().iter().all(|&x| x == -65.0 * mV));
}
