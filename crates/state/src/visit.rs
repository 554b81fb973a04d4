//! One visitor trait through which any model exposes its states by path and kind, and the
//! generic functions built on it: [`init_all`], [`reset_all`], [`list_states`],
//! [`count_params`].

use crate::{AnyState, StateError, StateKind, StreamKey, ValueType};

/// A model that owns states. Implementing these two methods (one read-only, one mutable) gives
/// a model — built-in or written by a user — init, reset, listing, filtering and checkpoints.
///
/// Paths join names with `.`: a network that visits its child `"E"` whose state is `"V"`
/// exposes `"E.V"`.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_state::count_params;
/// use neurodim_units::prelude::*;
///
/// struct Cell { v: State<Voltage>, w: State<Ratio> }
///
/// impl Stateful for Cell {
///     fn visit_states(&self, v: &mut Visit<'_>) {
///         v.state("V", &self.v);
///         v.state("w", &self.w);
///     }
///     fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
///         v.state("V", &mut self.v);
///         v.state("w", &mut self.w);
///     }
/// }
///
/// struct Net { e: Cell }
///
/// impl Stateful for Net {
///     fn visit_states(&self, v: &mut Visit<'_>) { v.child("E", &self.e); }
///     fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) { v.child("E", &mut self.e); }
/// }
///
/// let shape = Shape::vector(4)?;
/// let mut net = Net { e: Cell {
///     v: State::hidden(shape.clone(), Constant(-65.0 * mV)),
///     w: State::param(shape, Zero),
/// } };
/// init_all(&mut net, Some(2), 7)?;
/// let paths: Vec<String> = list_states(&net).into_iter().map(|info| info.path).collect();
/// assert_eq!(paths, ["E.V", "E.w"]);
/// assert_eq!(count_params(&net), 4); // params are shared across the batch
/// assert_eq!(net.e.v.full_shape(), vec![2, 4]);
/// # Ok::<(), StateError>(())
/// ```
pub trait Stateful {
    /// Shows every state to `visitor`, read-only.
    fn visit_states(&self, visitor: &mut Visit<'_>);
    /// Shows every state to `visitor`, mutably.
    fn visit_states_mut(&mut self, visitor: &mut VisitMut<'_>);
}

/// The read-only side of a state walk: a path prefix and a callback.
///
/// See [`Stateful`] for an example.
pub struct Visit<'a> {
    prefix: String,
    /// The one path a [`towards`](Visit::towards) walk visits; `None` visits every state.
    target: Option<&'a str>,
    callback: &'a mut dyn FnMut(&str, &dyn AnyState),
}

impl<'a> Visit<'a> {
    /// A walk that calls `callback(path, state)` for every state.
    pub fn new(callback: &'a mut dyn FnMut(&str, &dyn AnyState)) -> Self {
        Visit { prefix: String::new(), target: None, callback }
    }

    /// A walk that calls `callback` for the one state at path `target` (if there is one) and
    /// enters only the children on the way to it, so that reaching one state of a large model
    /// costs a name comparison per child, not a walk of every state. The paths are built in
    /// `buffer` (cleared first): a walk repeated with the buffer that
    /// [`into_buffer`](Self::into_buffer) hands back allocates nothing once the buffer holds
    /// the target's path, so it can run inside a step.
    pub fn towards(
        target: &'a str,
        mut buffer: String,
        callback: &'a mut dyn FnMut(&str, &dyn AnyState),
    ) -> Self {
        buffer.clear();
        Visit { prefix: buffer, target: Some(target), callback }
    }

    /// The path buffer, to hand to the next [`towards`](Self::towards).
    pub fn into_buffer(self) -> String {
        self.prefix
    }

    /// Visits one state named `name` under the current path.
    pub fn state(&mut self, name: &str, state: &dyn AnyState) {
        let len = self.push(name);
        if self.target.is_none_or(|target| target == self.prefix) {
            (self.callback)(&self.prefix, state);
        }
        self.prefix.truncate(len);
    }

    /// Visits every state of `child` under `<path>.<name>`.
    pub fn child(&mut self, name: &str, child: &dyn Stateful) {
        let len = self.push(name);
        if self.leads_to_target() {
            child.visit_states(self);
        }
        self.prefix.truncate(len);
    }

    fn push(&mut self, name: &str) -> usize {
        push_name(&mut self.prefix, name)
    }

    /// Whether the states under the current path may include the target: always without one,
    /// else if the target continues the path with `.`.
    fn leads_to_target(&self) -> bool {
        self.target.is_none_or(|target| {
            target.strip_prefix(self.prefix.as_str()).is_some_and(|rest| rest.starts_with('.'))
        })
    }
}

/// The mutable side of a state walk: a path prefix and a callback.
///
/// See [`Stateful`] for an example.
pub struct VisitMut<'a> {
    prefix: String,
    callback: &'a mut dyn FnMut(&str, &mut dyn AnyState),
}

impl<'a> VisitMut<'a> {
    /// A walk that calls `callback(path, state)` for every state.
    pub fn new(callback: &'a mut dyn FnMut(&str, &mut dyn AnyState)) -> Self {
        VisitMut { prefix: String::new(), callback }
    }

    /// Visits one state named `name` under the current path.
    pub fn state(&mut self, name: &str, state: &mut dyn AnyState) {
        let len = self.push(name);
        (self.callback)(&self.prefix, state);
        self.prefix.truncate(len);
    }

    /// Visits every state of `child` under `<path>.<name>`.
    pub fn child(&mut self, name: &str, child: &mut dyn Stateful) {
        let len = self.push(name);
        child.visit_states_mut(self);
        self.prefix.truncate(len);
    }

    fn push(&mut self, name: &str) -> usize {
        push_name(&mut self.prefix, name)
    }
}

/// Appends `.name` (or `name` at the root) to a dotted path; returns the length to truncate
/// back to.
fn push_name(prefix: &mut String, name: &str) -> usize {
    let len = prefix.len();
    if len > 0 {
        prefix.push('.');
    }
    prefix.push_str(name);
    len
}

/// Calls `f(path, state)` for every state of `model`.
///
/// ```
/// # use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// # struct M(State<Voltage>);
/// # impl Stateful for M {
/// #     fn visit_states(&self, v: &mut Visit<'_>) { v.state("V", &self.0) }
/// #     fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) { v.state("V", &mut self.0) }
/// # }
/// let m = M(State::hidden(Shape::vector(2)?, Zero));
/// let mut n = 0;
/// for_each_state(&m, |path, _| { assert_eq!(path, "V"); n += 1; });
/// assert_eq!(n, 1);
/// # Ok::<(), StateError>(())
/// ```
pub fn for_each_state(model: &dyn Stateful, mut f: impl FnMut(&str, &dyn AnyState)) {
    model.visit_states(&mut Visit::new(&mut f));
}

/// Calls `f(path, state)` for every state of `model`, mutably; stops at the first error.
///
/// See [`init_all`] and [`reset_all`], built on it.
pub fn try_for_each_state_mut(
    model: &mut dyn Stateful,
    mut f: impl FnMut(&str, &mut dyn AnyState) -> Result<(), StateError>,
) -> Result<(), StateError> {
    let mut result = Ok(());
    let mut callback = |path: &str, state: &mut dyn AnyState| {
        if result.is_ok() {
            result = f(path, state);
        }
    };
    model.visit_states_mut(&mut VisitMut::new(&mut callback));
    result
}

/// Initialises every state of `model` for an optional batch size. Each state draws from its
/// own stream, `StreamKey::new(seed, path)`, so one seed reproduces the whole model and adding
/// a state elsewhere does not change these values.
///
/// See [`Stateful`] for an example.
pub fn init_all(
    model: &mut dyn Stateful,
    batch: Option<usize>,
    seed: u64,
) -> Result<(), StateError> {
    try_for_each_state_mut(model, |path, state| state.init(batch, StreamKey::new(seed, path)))
}

/// Restores the initial values of every hidden and short-term state; long-term and param
/// states keep theirs.
///
/// ```
/// # use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// # struct M(State<Voltage>, State<Voltage>);
/// # impl Stateful for M {
/// #     fn visit_states(&self, v: &mut Visit<'_>) { v.state("V", &self.0); v.state("W", &self.1) }
/// #     fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) { v.state("V", &mut self.0); v.state("W", &mut self.1) }
/// # }
/// let shape = Shape::vector(1)?;
/// let mut m = M(State::hidden(shape.clone(), Constant(-65.0 * mV)),
///               State::param(shape, Constant(1.0 * mV)));
/// init_all(&mut m, None, 0)?;
/// m.0.values_mut()[0] = 0.0 * mV;
/// m.1.values_mut()[0] = 2.0 * mV;
/// reset_all(&mut m)?;
/// assert_eq!(m.0.values()[0], -65.0 * mV); // hidden: restored
/// assert_eq!(m.1.values()[0], 2.0 * mV);   // param: kept
/// # Ok::<(), StateError>(())
/// ```
pub fn reset_all(model: &mut dyn Stateful) -> Result<(), StateError> {
    try_for_each_state_mut(model, |path, state| {
        if state.kind().is_reset() {
            state.reset().map_err(|e| match e {
                StateError::Uninitialised { .. } => {
                    StateError::Uninitialised { path: path.to_string() }
                }
                other => other,
            })
        } else {
            Ok(())
        }
    })
}

/// A description of one state: its path, kind, value type and full shape.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_state::{StateInfo, ValueType, SiDimension};
/// let info = StateInfo { path: "E.V".into(), kind: StateKind::Hidden,
///     value_type: ValueType::Real(SiDimension([2, 1, -3, -1, 0, 0, 0])), shape: vec![4] };
/// assert_eq!(info.len(), 4);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateInfo {
    /// The dotted path, e.g. `"E.V"`.
    pub path: String,
    /// The kind.
    pub kind: StateKind,
    /// The value type and dimension.
    pub value_type: ValueType,
    /// The full shape (with the batch axis if any).
    pub shape: Vec<usize>,
}

impl StateInfo {
    /// The number of elements.
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }
}

/// Every state of `model`, in visiting order. Filter the result by kind or path as needed, or
/// use [`states_of_kind`].
///
/// See [`Stateful`] for an example.
pub fn list_states(model: &dyn Stateful) -> Vec<StateInfo> {
    let mut out = Vec::new();
    for_each_state(model, |path, state| {
        out.push(StateInfo {
            path: path.to_string(),
            kind: state.kind(),
            value_type: state.value_type(),
            shape: state.full_shape(),
        })
    });
    out
}

/// The states of `model` of one kind.
///
/// ```
/// # use neurodim_state::prelude::*;
/// use neurodim_state::states_of_kind;
/// use neurodim_units::prelude::*;
/// # struct M(State<Voltage>, State<Voltage>);
/// # impl Stateful for M {
/// #     fn visit_states(&self, v: &mut Visit<'_>) { v.state("V", &self.0); v.state("W", &self.1) }
/// #     fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) { v.state("V", &mut self.0); v.state("W", &mut self.1) }
/// # }
/// let shape = Shape::vector(3)?;
/// let m = M(State::hidden(shape.clone(), Zero), State::param(shape, Zero));
/// let params = states_of_kind(&m, StateKind::Param);
/// assert_eq!(params.len(), 1);
/// assert_eq!(params[0].path, "W");
/// # Ok::<(), StateError>(())
/// ```
pub fn states_of_kind(model: &dyn Stateful, kind: StateKind) -> Vec<StateInfo> {
    list_states(model).into_iter().filter(|info| info.kind == kind).collect()
}

/// The number of elements in all param states (brainstate's `count_parameters`).
///
/// See [`Stateful`] for an example.
pub fn count_params(model: &dyn Stateful) -> usize {
    states_of_kind(model, StateKind::Param).iter().map(StateInfo::len).sum()
}

#[cfg(test)]
mod tests {
    use crate::*;
    use neurodim_units::prelude::*;

    #[test]
    fn a_walk_towards_one_path_reuses_its_buffer() {
        struct Cell {
            v: State<Voltage>,
            w: State<Current>,
        }
        stateful_fields!(Cell { state "V" => v, state "w" => w });
        struct Net {
            e: Cell,
            i: Cell,
        }
        stateful_fields!(Net { child "E" => e, child "I" => i });
        let cell = || Cell {
            v: State::hidden(Shape::vector(2).unwrap(), init::Zero),
            w: State::hidden(Shape::vector(2).unwrap(), init::Zero),
        };
        let net = Net { e: cell(), i: cell() };
        let mut buffer = String::new();
        for _ in 0..2 {
            let mut seen = Vec::new();
            let mut record = |path: &str, _: &dyn AnyState| seen.push(path.to_string());
            let mut walk = Visit::towards("I.w", buffer, &mut record);
            net.visit_states(&mut walk);
            buffer = walk.into_buffer();
            assert_eq!(seen, ["I.w"]);
        }
        assert!(buffer.capacity() >= "I.w".len());
    }
}
