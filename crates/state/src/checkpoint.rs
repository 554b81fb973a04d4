//! Saving every state of a model and loading it back bit-exactly.

use std::collections::{HashMap, HashSet};

use crate::stream_state::check_stream_positions;
use crate::{
    AnyState, CheckpointMetadata, StateError, StateKind, Stateful, ValueType, for_each_state,
    try_for_each_state_mut,
};

/// One state as a checkpoint holds it: its path, kind, value type (with its SI dimension),
/// full shape, and values as `f64` in SI base units (booleans as 0/1, a random stream's
/// position as eight 32-bit integers), row-major.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_state::{StateRecord, ValueType};
/// let r = StateRecord { path: "E.spike".into(), kind: StateKind::ShortTerm,
///     value_type: ValueType::Bool, shape: vec![2], values: vec![1.0, 0.0] };
/// assert_eq!(r.values.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateRecord {
    /// The dotted path, e.g. `"E.V"`.
    pub path: String,
    /// The kind.
    pub kind: StateKind,
    /// The value type and SI dimension.
    pub value_type: ValueType,
    /// The full shape (with the batch axis if any).
    pub shape: Vec<usize>,
    /// The values in SI base units; JSON writes ±∞ and NaN as the strings `"inf"`, `"-inf"`,
    /// `"NaN"`.
    #[serde(with = "crate::checkpoint_json::si_values")]
    pub values: Vec<f64>,
}

/// Every state of a model at one moment (brainstate's `save_all_states`), in visiting order,
/// with optional [`CheckpointMetadata`] saying what run it belongs to. Write it as JSON
/// ([`Checkpoint::to_json`]) or compact bytes with a checksum ([`Checkpoint::to_bytes`]), or
/// to a file atomically ([`Checkpoint::save`]); both forms load back bit-exactly.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_units::prelude::*;
/// # struct Cell { v: State<Voltage> }
/// # impl Stateful for Cell {
/// #     fn visit_states(&self, v: &mut Visit<'_>) { v.state("V", &self.v) }
/// #     fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) { v.state("V", &mut self.v) }
/// # }
/// let mut cell = Cell { v: State::hidden(Shape::vector(2)?, Constant(-65.0 * mV)) };
/// init_all(&mut cell, None, 0)?;
/// cell.v.values_mut()[1] = -50.0 * mV;
/// let json = Checkpoint::capture(&cell).to_json();
///
/// reset_all(&mut cell)?;
/// let report = Checkpoint::from_json(&json)?.restore(&mut cell)?;
/// assert!(report.is_complete());
/// assert_eq!(cell.v.values()[1], -50.0 * mV);
/// # Ok::<(), StateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Checkpoint {
    /// The states, in the order the model visited them.
    pub states: Vec<StateRecord>,
    /// What the states belong to ([`Checkpoint::metadata`]).
    pub(crate) metadata: CheckpointMetadata,
}

/// What [`Checkpoint::restore`] found besides the states it loaded.
///
/// ```
/// use neurodim_state::LoadReport;
/// let report = LoadReport { loaded: 3, missing: vec![], unexpected: vec!["old.V".into()] };
/// assert!(!report.is_complete());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LoadReport {
    /// How many states were loaded.
    pub loaded: usize,
    /// Paths of the model that the checkpoint lacks (left unchanged).
    pub missing: Vec<String>,
    /// Paths of the checkpoint that the model lacks (ignored).
    pub unexpected: Vec<String>,
}

impl LoadReport {
    /// Whether the checkpoint and the model had exactly the same paths.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }
}

impl Checkpoint {
    /// A checkpoint of `states`, without metadata.
    pub fn new(states: Vec<StateRecord>) -> Checkpoint {
        Checkpoint { states, metadata: CheckpointMetadata::default() }
    }

    /// Every state of `model`, with its current values, without metadata (add it with
    /// [`with_metadata`](Checkpoint::with_metadata)).
    ///
    /// See [`Checkpoint`] for an example.
    pub fn capture(model: &dyn Stateful) -> Checkpoint {
        let mut states = Vec::new();
        for_each_state(model, |path, state| states.push(record(path, state)));
        Checkpoint::new(states)
    }

    /// Loads the values of every checkpoint state whose path the model has. Nothing is written
    /// unless every such state matches in kind, value type (unit) and shape, and the
    /// checkpoint is consistent (values fill the shape, booleans are 0 or 1, streams are at a
    /// position Xoshiro256++ can be in, paths unique);
    /// otherwise the error names the path. Paths on one side only are reported, not errors
    /// (brainstate's `assign_state_values`); use [`restore_exact`](Checkpoint::restore_exact)
    /// to refuse them.
    ///
    /// Restore into a model initialised like the one saved (same `init_all` batch), since the
    /// shapes must match.
    ///
    /// See [`Checkpoint`] for an example.
    pub fn restore(&self, model: &mut dyn Stateful) -> Result<LoadReport, StateError> {
        let by_path = self.index()?;
        let mut report = LoadReport::default();
        let mut seen = HashSet::new();
        let mut mismatch = Ok(());
        for_each_state(model, |path, state| match by_path.get(path) {
            Some(record) => {
                seen.insert(path.to_string());
                if mismatch.is_ok() {
                    mismatch = check_fits(record, state);
                }
            }
            None => report.missing.push(path.to_string()),
        });
        mismatch?;
        report.unexpected = self
            .states
            .iter()
            .filter(|r| !seen.contains(&r.path))
            .map(|r| r.path.clone())
            .collect();
        try_for_each_state_mut(model, |path, state| match by_path.get(path) {
            Some(record) => {
                report.loaded += 1;
                state.load_si(&record.values)
            }
            None => Ok(()),
        })?;
        Ok(report)
    }

    /// Like [`restore`](Checkpoint::restore), but a checkpoint whose paths differ from the
    /// model's at all is refused before anything is written.
    pub fn restore_exact(&self, model: &mut dyn Stateful) -> Result<(), StateError> {
        let ours: HashSet<&str> = self.states.iter().map(|r| r.path.as_str()).collect();
        let mut theirs = Vec::new();
        for_each_state(model, |path, _| theirs.push(path.to_string()));
        let missing: Vec<String> =
            theirs.iter().filter(|p| !ours.contains(p.as_str())).cloned().collect();
        let unexpected: Vec<String> = self
            .states
            .iter()
            .filter(|r| !theirs.contains(&r.path))
            .map(|r| r.path.clone())
            .collect();
        if !missing.is_empty() || !unexpected.is_empty() {
            return Err(StateError::CheckpointPaths { missing, unexpected });
        }
        self.restore(model).map(|_| ())
    }

    /// Checks that every record is consistent (values fill the shape, booleans are 0 or 1,
    /// streams are at a possible position) and paths are unique: what loading a file checks
    /// before returning it, and [`restore`](Checkpoint::restore) before writing anything.
    pub(crate) fn check(&self) -> Result<(), StateError> {
        self.index().map(|_| ())
    }

    /// The records by path, after checking each is consistent and paths are unique.
    fn index(&self) -> Result<HashMap<&str, &StateRecord>, StateError> {
        let mut by_path = HashMap::with_capacity(self.states.len());
        for record in &self.states {
            check_consistent(record)?;
            if by_path.insert(record.path.as_str(), record).is_some() {
                return Err(format_error(format!("state `{}` appears twice", record.path)));
            }
        }
        Ok(by_path)
    }
}

fn record(path: &str, state: &dyn AnyState) -> StateRecord {
    StateRecord {
        path: path.to_string(),
        kind: state.kind(),
        value_type: state.value_type(),
        shape: state.full_shape(),
        values: state.to_si(),
    }
}

pub(crate) fn format_error(reason: String) -> StateError {
    StateError::CheckpointFormat { reason }
}

/// A record's values fill its shape, booleans are 0 or 1, and a stream's position is one
/// Xoshiro256++ can be in.
fn check_consistent(record: &StateRecord) -> Result<(), StateError> {
    // The shape comes from a file: its product may not fit in memory, let alone in usize.
    let expected = element_count(&record.shape).ok_or_else(|| {
        format_error(format!(
            "state `{}` has shape {:?}, whose number of elements overflows usize",
            record.path, record.shape
        ))
    })?;
    if record.values.len() != expected {
        return Err(format_error(format!(
            "state `{}` has {} values for shape {:?} ({expected} elements)",
            record.path,
            record.values.len(),
            record.shape
        )));
    }
    if record.value_type == ValueType::Bool && record.values.iter().any(|&x| x != 0.0 && x != 1.0) {
        return Err(format_error(format!(
            "state `{}` is boolean but holds values other than 0 and 1",
            record.path
        )));
    }
    if record.value_type == ValueType::Stream {
        check_stream_positions(&record.values)
            .map_err(|rule| format_error(format!("state `{}`: {rule}", record.path)))?;
    }
    Ok(())
}

/// The number of elements of `shape`, or `None` if it overflows `usize`.
pub(crate) fn element_count(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

/// The record may be loaded into `state`: same kind, value type and shape.
fn check_fits(record: &StateRecord, state: &dyn AnyState) -> Result<(), StateError> {
    let mismatch = |field, expected: String, found: String| StateError::CheckpointMismatch {
        path: record.path.clone(),
        field,
        expected,
        found,
    };
    if record.kind != state.kind() {
        return Err(mismatch("kind", state.kind().to_string(), record.kind.to_string()));
    }
    if record.value_type != state.value_type() {
        return Err(mismatch(
            "unit",
            state.value_type().to_string(),
            record.value_type.to_string(),
        ));
    }
    if record.shape != state.full_shape() {
        return Err(mismatch(
            "shape",
            format!("{:?}", state.full_shape()),
            format!("{:?}", record.shape),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Checkpoint, LoadReport, StateKind, StateRecord, ValueType, *};

    #[test]
    fn a_default_report_is_complete() {
        assert!(LoadReport::default().is_complete());
    }

    #[test]
    fn new_has_no_metadata() {
        let cp = Checkpoint::new(vec![StateRecord {
            path: "x".into(),
            kind: StateKind::Hidden,
            value_type: ValueType::Bool,
            shape: vec![1],
            values: vec![1.0],
        }]);
        assert_eq!(cp.states.len(), 1);
        assert!(cp.metadata().is_empty());
    }

    #[test]
    fn restore_exact_names_missing_paths() -> Result<(), Box<dyn std::error::Error>> {
        struct M(State<f64>);
        impl Stateful for M {
            fn visit_states(&self, v: &mut Visit<'_>) {
                v.state("x", &self.0)
            }
            fn visit_states_mut(&mut self, v: &mut VisitMut<'_>) {
                v.state("x", &mut self.0)
            }
        }
        let mut m = M(State::hidden(Shape::vector(1)?, init::Zero));
        init_all(&mut m, None, 0)?;
        let err = Checkpoint::default().restore_exact(&mut m).unwrap_err();
        assert_eq!(
            err.to_string(),
            "checkpoint paths differ from the model's: missing [\"x\"], unexpected []"
        );
        Ok(())
    }
}
