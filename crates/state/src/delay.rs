//! A ring-buffer history of a state or of spikes, read back with a delay.

use std::sync::Arc;

use neurodim_units::{DisplayField, Time, UnitsError, validate};

use crate::{
    AnyState, IntoShape, Shape, StateError, StateKind, StateValue, StreamKey, ValueType,
    check_batch,
    init::{Initializer, Zero, initial_values},
};

/// The history of a population's values (a `Delay<Voltage>`, a `Delay<bool>` of spikes) over
/// the last `max_steps + 1` steps, in a ring buffer (brainstate's `Delay` with the
/// `rotation` method).
///
/// **Layout.** `L = max_steps + 1` slots of `[batch, ..shape]` values each, `[L, batch,
/// ..shape]` flat; `max_steps` is the longest delay registered, so memory grows with the
/// longest delay actually used and no further.
///
/// **Read-before-write semantics.** [`push`](Delay::push) at step `i` writes slot `i mod L`;
/// [`read_step`](Delay::read_step)`(i, s)` at step `i` reads slot `(i − s) mod L` and so
/// returns **what was pushed at step `i − s`**, whether the read comes before or after the
/// push of step `i`, for every `1 ≤ s ≤ max_steps`. A read with `s = 0` returns the value of
/// step `i` only after that step's push; before it, it returns the value pushed at step
/// `i − L` (with `L = 1`, last step's value, as in brainstate). A read of a step before the
/// first push (`i − s < 0`) returns the initial fill (zero unless
/// [`with_initializer`](Delay::with_initializer) says otherwise).
///
/// **Registration.** Entries are registered by time (`steps = round(d / dt)`) or by steps,
/// before [`init_all`](crate::init_all) allocates the buffer; after it, registering a delay
/// longer than the buffer is an error. brainstate uses `ceil(d / dt)`, which makes
/// `1.3 ms / 0.1 ms = 13.000000000000002` a 14-step delay; rounding gives 13.
///
/// A delay is a short-term state to the [`Stateful`](crate::Stateful) visitor: `init_all`
/// allocates it, `reset_all` refills it, and checkpoints hold its history.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_state::Delay;
///
/// let mut spikes = Delay::<bool>::new(Shape::vector(2)?, 0.1 * ms)?;
/// let syn = spikes.register_time("E2I", 0.2 * ms)?; // 2 steps
/// spikes.init(None, StreamKey::new(0, "E.spike.delay"))?;
/// spikes.push(0, &[true, false])?;
/// spikes.push(1, &[false, false])?;
/// // at step 2, before its push: what was pushed at step 0
/// assert_eq!(spikes.read_entry(2, syn)?, &[true, false]);
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Delay<T: StateValue> {
    shape: Shape,
    dt: Time,
    initializer: Arc<dyn Initializer<T>>,
    entries: Vec<(String, usize)>,
    max_steps: usize,
    batch: Option<usize>,
    key: Option<StreamKey>,
    history: Vec<T>,
}

/// A registered delay, read with [`Delay::read_entry`]: a number of steps.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// use neurodim_state::Delay;
/// let mut d = Delay::<Voltage>::new(Shape::vector(1)?, 0.1 * ms)?;
/// assert_eq!(d.register_time("a", 0.25 * ms)?.steps(), 3); // round(2.5) = 3
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelayEntry {
    steps: usize,
}

impl DelayEntry {
    /// The delay in steps.
    pub fn steps(self) -> usize {
        self.steps
    }
}

impl<T: StateValue> Delay<T> {
    /// An empty delay (no entries, `max_steps = 0`) of a population of `shape` for steps of
    /// `dt` (finite, > 0), filled with zeros (`false`) until values are pushed.
    pub fn new(shape: impl IntoShape, dt: Time) -> Result<Self, StateError> {
        Ok(Delay {
            shape: shape.into_shape()?,
            dt: validate::positive("dt", dt)?,
            initializer: Arc::new(Zero),
            entries: Vec::new(),
            max_steps: 0,
            batch: None,
            key: None,
            history: Vec::new(),
        })
    }

    /// The same delay, filled initially by `initializer` (brainstate's `init` argument): what
    /// reads of steps before the first push return. It is called with the buffer's full shape
    /// `[L, batch, ..shape]`.
    pub fn with_initializer(self, initializer: impl Initializer<T> + 'static) -> Self {
        Delay { initializer: Arc::new(initializer), ..self }
    }

    /// The time step.
    pub fn dt(&self) -> Time {
        self.dt
    }

    /// The population shape (without the batch and history axes).
    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// The longest registered delay, in steps (0 with no entries).
    pub fn max_steps(&self) -> usize {
        self.max_steps
    }

    /// The number of whole steps in `delay`, `round(delay / dt)`; `delay` must be finite and
    /// `>= 0`.
    pub fn steps_for(&self, delay: Time) -> Result<usize, StateError> {
        let x = validate::non_negative("delay", delay)?.value / self.dt.value;
        if x > usize::MAX as f64 {
            return Err(StateError::Units(UnitsError::invalid(
                "delay",
                delay.display(),
                "must be at most usize::MAX steps",
            )));
        }
        Ok(x.round() as usize)
    }

    /// Registers an entry `name` of `round(delay / dt)` steps and grows the buffer to hold it.
    pub fn register_time(&mut self, name: &str, delay: Time) -> Result<DelayEntry, StateError> {
        let steps = self.steps_for(delay)?;
        self.register_steps(name, steps)
    }

    /// Registers an entry `name` of `steps` steps and grows the buffer to hold it. Once
    /// [`init`](Delay::init) has allocated the buffer, a longer delay than it holds is an
    /// error (register every entry before `init_all`).
    pub fn register_steps(&mut self, name: &str, steps: usize) -> Result<DelayEntry, StateError> {
        if self.entries.iter().any(|(n, _)| n == name) {
            return Err(StateError::DuplicateEntry { name: name.to_string() });
        }
        if steps.checked_add(1).and_then(|slots| slots.checked_mul(self.shape.len())).is_none() {
            return Err(StateError::Units(UnitsError::invalid(
                "delay steps",
                steps,
                "(steps + 1) · population size must fit in usize",
            )));
        }
        if self.key.is_some() && steps > self.max_steps {
            return Err(StateError::DelayTooLong {
                steps,
                max_steps: self.max_steps,
                context: "registered after init",
            });
        }
        self.entries.push((name.to_string(), steps));
        self.max_steps = self.max_steps.max(steps);
        Ok(DelayEntry { steps })
    }

    /// The entry registered as `name`.
    pub fn entry(&self, name: &str) -> Option<DelayEntry> {
        self.entries.iter().find(|(n, _)| n == name).map(|&(_, steps)| DelayEntry { steps })
    }

    /// The full shape of the buffer, `[L, batch, ..shape]` (`[L, ..shape]` without a batch).
    pub fn full_shape(&self) -> Vec<usize> {
        let mut shape = vec![self.slots()];
        shape.extend(self.shape.with_batch(self.batch));
        shape
    }

    /// Allocates the buffer for the registered entries and an optional batch, filled by the
    /// initialiser from the stream `key` ([`init_all`](crate::init_all) calls this).
    pub fn init(&mut self, batch: Option<usize>, key: StreamKey) -> Result<(), StateError> {
        let batch = check_batch(batch)?;
        let mut full = vec![self.slots()];
        full.extend(self.shape.with_batch(batch));
        self.history = initial_values(self.initializer.as_ref(), &full, key)?;
        self.batch = batch;
        self.key = Some(key);
        Ok(())
    }

    /// Refills the buffer with its initial values (same initialiser, stream and batch).
    pub fn reset(&mut self) -> Result<(), StateError> {
        match self.key {
            Some(key) => self.init(self.batch, key),
            None => Err(StateError::Uninitialised { path: "delay".into() }),
        }
    }

    /// The number of slots, `L = max_steps + 1`.
    fn slots(&self) -> usize {
        self.max_steps + 1
    }

    /// The number of values in one slot, `batch · ∏ shape`.
    fn slot_len(&self) -> usize {
        self.batch.unwrap_or(1) * self.shape.len()
    }

    fn check_init(&self) -> Result<(), StateError> {
        if self.key.is_none() {
            return Err(StateError::Uninitialised { path: "delay".into() });
        }
        Ok(())
    }

    /// Records the values of step `i` (`[batch, ..shape]`, flat) into slot `i mod L`.
    /// Allocates nothing.
    pub fn push(&mut self, i: u64, values: &[T]) -> Result<(), StateError> {
        self.check_init()?;
        let len = self.slot_len();
        if values.len() != len {
            return Err(StateError::LengthMismatch {
                what: "values pushed into a delay".into(),
                expected: len,
                found: values.len(),
            });
        }
        let slot = (i % self.slots() as u64) as usize;
        self.history[slot * len..(slot + 1) * len].copy_from_slice(values);
        Ok(())
    }

    /// At step `i`, the values pushed at step `i − steps` (see the read-before-write
    /// semantics on [`Delay`]); `steps` at most [`max_steps`](Delay::max_steps).
    pub fn read_step(&self, i: u64, steps: usize) -> Result<&[T], StateError> {
        self.check_init()?;
        if steps > self.max_steps {
            return Err(StateError::DelayTooLong {
                steps,
                max_steps: self.max_steps,
                context: "read",
            });
        }
        let slots = self.slots();
        let slot = ((i % slots as u64) as usize + slots - steps) % slots;
        let len = self.slot_len();
        Ok(&self.history[slot * len..(slot + 1) * len])
    }

    /// At step `i`, the values pushed at step `i − entry.steps()`.
    pub fn read_entry(&self, i: u64, entry: DelayEntry) -> Result<&[T], StateError> {
        self.read_step(i, entry.steps)
    }

    /// The history as stored, `[L, batch, ..shape]` flat (slot `k` holds the push of the
    /// last step `j` with `j mod L = k`).
    pub fn history(&self) -> &[T] {
        &self.history
    }
}

impl<T: StateValue> AnyState for Delay<T> {
    fn kind(&self) -> StateKind {
        StateKind::ShortTerm
    }

    fn value_type(&self) -> ValueType {
        T::VALUE_TYPE
    }

    fn full_shape(&self) -> Vec<usize> {
        Delay::full_shape(self)
    }

    fn init(&mut self, batch: Option<usize>, key: StreamKey) -> Result<(), StateError> {
        Delay::init(self, batch, key)
    }

    fn reset(&mut self) -> Result<(), StateError> {
        Delay::reset(self)
    }

    fn to_si(&self) -> Vec<f64> {
        self.history.iter().map(|v| v.to_si()).collect()
    }

    fn si_at(&self, index: usize) -> Option<f64> {
        self.history.get(index).map(|v| v.to_si())
    }

    fn load_si(&mut self, values: &[f64]) -> Result<(), StateError> {
        if values.len() != self.history.len() {
            return Err(StateError::LengthMismatch {
                what: "delay history".into(),
                expected: self.history.len(),
                found: values.len(),
            });
        }
        self.history.iter_mut().zip(values).for_each(|(h, &x)| *h = T::from_si(x));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::init::Constant;
    use crate::{Delay, Shape, StreamKey};
    use neurodim_units::prelude::*;

    #[test]
    fn steps_as_registered() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 1.0 * ms)?;
        assert_eq!(d.register_steps("a", 4)?.steps(), 4);
        Ok(())
    }

    #[test]
    fn a_zero_dt_is_refused() {
        let err = Delay::<Voltage>::new(Shape::vector(3).unwrap(), 0.0 * ms).unwrap_err();
        assert_eq!(err.to_string(), "invalid dt: 0 ms (must be > 0)");
    }

    #[test]
    fn the_initializer_fills_the_history() -> Result<(), Box<dyn std::error::Error>> {
        let mut v = Delay::new(Shape::vector(1)?, 0.1 * ms)?.with_initializer(Constant(-65.0 * mV));
        v.register_steps("x", 3)?;
        v.init(None, StreamKey::new(0, "V.delay"))?;
        assert_eq!(v.read_step(0, 3)?, &[-65.0 * mV]);
        Ok(())
    }

    #[test]
    fn dt_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?.dt(), 0.1 * ms);
        Ok(())
    }

    #[test]
    fn shape_as_given() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Delay::<bool>::new(Shape::new([2, 3])?, 0.1 * ms)?.shape().dims(), &[2, 3]);
        Ok(())
    }

    #[test]
    fn max_steps_of_the_registered_delays() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        d.register_time("a", 1.0 * ms)?;
        d.register_time("b", 0.5 * ms)?;
        assert_eq!(d.max_steps(), 10);
        Ok(())
    }

    #[test]
    fn steps_for_rounds_and_refuses_negative_delays() -> Result<(), Box<dyn std::error::Error>> {
        let d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        assert_eq!(d.steps_for(0.3 * ms)?, 3);
        assert_eq!(
            d.steps_for(-0.1 * ms).unwrap_err().to_string(),
            "invalid delay: -0.1 ms (must be >= 0)"
        );
        Ok(())
    }

    #[test]
    fn register_time_refuses_duplicates_and_nan() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        d.register_time("E2E", 1.5 * ms)?;
        assert!(d.register_time("E2E", 1.0 * ms).is_err()); // duplicate name
        assert!(d.register_time("bad", f64::NAN * ms).is_err());
        Ok(())
    }

    #[test]
    fn after_init_a_delay_must_fit_the_buffer() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        d.register_steps("a", 5)?;
        d.init(None, StreamKey::new(0, "d"))?;
        assert!(d.register_steps("b", 3).is_ok());
        assert_eq!(
            d.register_steps("c", 6).unwrap_err().to_string(),
            "delay of 6 steps is longer than the buffer's 5 steps (registered after init)"
        );
        Ok(())
    }

    #[test]
    fn entry_by_name() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        let e = d.register_steps("a", 2)?;
        assert_eq!(d.entry("a"), Some(e));
        assert_eq!(d.entry("b"), None);
        Ok(())
    }

    #[test]
    fn full_shape_is_history_batch_and_shape() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::new([2, 3])?, 0.1 * ms)?;
        d.register_steps("a", 4)?;
        d.init(Some(5), StreamKey::new(0, "d"))?;
        assert_eq!(d.full_shape(), vec![5, 5, 2, 3]);
        Ok(())
    }

    #[test]
    fn init_refuses_batch_zero() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<Voltage>::new(Shape::vector(3)?, 0.1 * ms)?;
        assert!(d.init(Some(0), StreamKey::new(0, "d")).is_err()); // batch 0
        d.init(Some(2), StreamKey::new(0, "d"))?;
        assert_eq!(d.history().len(), 6);
        Ok(())
    }

    #[test]
    fn reset_clears_the_history() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        d.register_steps("a", 1)?;
        d.init(None, StreamKey::new(0, "d"))?;
        d.push(0, &[true])?;
        d.reset()?;
        assert_eq!(d.read_step(1, 1)?, &[false]);
        Ok(())
    }

    #[test]
    fn push_checks_the_batch_length() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<Voltage>::new(Shape::vector(2)?, 0.1 * ms)?;
        d.init(Some(2), StreamKey::new(0, "d"))?;
        d.push(0, &[-65.0 * mV; 4])?;
        assert!(d.push(1, &[-65.0 * mV; 2]).is_err()); // the batch makes 4 values
        Ok(())
    }

    #[test]
    fn read_step_within_the_history() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<f64>::new(Shape::vector(1)?, neurodim_units::ms)?;
        d.register_steps("two", 2)?;
        d.init(None, StreamKey::new(0, "d"))?;
        for i in 0..5 {
            d.push(i, &[i as f64])?;
        }
        assert_eq!(d.read_step(4, 0)?, &[4.0]);
        assert_eq!(d.read_step(4, 2)?, &[2.0]);
        assert!(d.read_step(4, 3).is_err());
        Ok(())
    }

    #[test]
    fn read_entry_one_step_later() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(1)?, 0.1 * ms)?;
        let e = d.register_time("e", 0.1 * ms)?;
        d.init(None, StreamKey::new(0, "d"))?;
        d.push(7, &[true])?;
        assert_eq!(d.read_entry(8, e)?, &[true]);
        Ok(())
    }

    #[test]
    fn history_holds_every_slot() -> Result<(), Box<dyn std::error::Error>> {
        let mut d = Delay::<bool>::new(Shape::vector(2)?, 0.1 * ms)?;
        d.register_steps("a", 1)?;
        d.init(None, StreamKey::new(0, "d"))?;
        assert_eq!(d.history().len(), 4);
        Ok(())
    }
}
