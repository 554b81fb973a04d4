//! What a checkpoint belongs to: the facts a caller records with the states and checks before
//! restoring them, so that a checkpoint of another run is refused instead of loaded.

use neurodim_units::{Time, validate};

use crate::{Checkpoint, StateError};

/// Optional facts about the run a [`Checkpoint`] was taken from: the step index it was taken
/// at, the time step `dt`, the numeric precision (`"f64"`), and a fingerprint of the model
/// (a hash of its structure, parameters and wiring, computed by whoever fills it). Every field
/// is optional; both the JSON and the binary form store them (the binary form under its
/// checksum), and [`Checkpoint::check_metadata`] compares them with what a caller expects.
///
/// ```
/// use neurodim_state::CheckpointMetadata;
/// use neurodim_units::prelude::*;
/// let meta = CheckpointMetadata::new()
///     .with_step(500)
///     .with_dt(0.1 * ms)?
///     .with_precision("f64")
///     .with_fingerprint(0x5eed);
/// assert_eq!(meta.step(), Some(500));
/// assert_eq!(meta.dt(), Some(0.1 * ms));
/// assert_eq!(meta.precision(), Some("f64"));
/// assert_eq!(meta.fingerprint(), Some(0x5eed));
/// assert!(CheckpointMetadata::new().is_empty());
/// # Ok::<(), neurodim_state::StateError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckpointMetadata {
    step: Option<u64>,
    dt: Option<Time>,
    precision: Option<String>,
    fingerprint: Option<u64>,
}

impl CheckpointMetadata {
    /// No facts.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same with the step index at which the states were captured: the index of the
    /// next step to run.
    pub fn with_step(self, step: u64) -> Self {
        CheckpointMetadata { step: Some(step), ..self }
    }

    /// The same with the time step `dt` (finite, > 0), stored in seconds.
    pub fn with_dt(self, dt: Time) -> Result<Self, StateError> {
        let dt = validate::positive("dt", dt)?;
        Ok(CheckpointMetadata { dt: Some(dt), ..self })
    }

    /// The same with the numeric precision of the states as a name (`"f64"`, `"f32"`).
    pub fn with_precision(self, precision: impl Into<String>) -> Self {
        CheckpointMetadata { precision: Some(precision.into()), ..self }
    }

    /// The same with a fingerprint of the model: any 64-bit hash of what must agree for the
    /// states to make sense (structure, parameters, wiring).
    pub fn with_fingerprint(self, fingerprint: u64) -> Self {
        CheckpointMetadata { fingerprint: Some(fingerprint), ..self }
    }

    /// The step index, if recorded.
    pub fn step(&self) -> Option<u64> {
        self.step
    }

    /// The time step, if recorded.
    pub fn dt(&self) -> Option<Time> {
        self.dt
    }

    /// The precision, if recorded.
    pub fn precision(&self) -> Option<&str> {
        self.precision.as_deref()
    }

    /// The fingerprint, if recorded.
    pub fn fingerprint(&self) -> Option<u64> {
        self.fingerprint
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        *self == CheckpointMetadata::default()
    }

    /// The fields as (name, value as text), in the order they are checked: what the model is
    /// first (a checkpoint of another model differs in everything after), then when. Each text
    /// is one-to-one with its value, so comparing texts compares values (`dt` bit for bit).
    fn described(&self) -> [(&'static str, Option<String>); 4] {
        [
            ("fingerprint", self.fingerprint.map(|f| format!("{f:#018x}"))),
            ("precision", self.precision.as_ref().map(|p| format!("{p:?}"))),
            // Seconds with the shortest exact representation: two different steps never print
            // alike.
            ("dt", self.dt.map(|dt| format!("{} s", dt.value))),
            ("step", self.step.map(|i| i.to_string())),
        ]
    }
}

impl Checkpoint {
    /// The metadata recorded with the states (empty unless set).
    pub fn metadata(&self) -> &CheckpointMetadata {
        &self.metadata
    }

    /// Replaces the metadata.
    pub fn set_metadata(&mut self, metadata: CheckpointMetadata) {
        self.metadata = metadata;
    }

    /// The same checkpoint with `metadata`: `Checkpoint::capture(&model).with_metadata(…)`.
    pub fn with_metadata(mut self, metadata: CheckpointMetadata) -> Self {
        self.metadata = metadata;
        self
    }

    /// Checks the stored metadata against `expected`: every field that `expected` sets must be
    /// stored with the same value (`dt` bit for bit); fields that `expected` leaves unset are
    /// not checked. The error names the first field that differs (fingerprint, precision,
    /// `dt`, step, in that order), with the stored and the expected value.
    pub fn check_metadata(&self, expected: &CheckpointMetadata) -> Result<(), StateError> {
        let stored = self.metadata.described();
        for ((field, want), (_, have)) in expected.described().into_iter().zip(stored) {
            if let Some(want) = want
                && have.as_ref() != Some(&want)
            {
                return Err(StateError::CheckpointMetadata {
                    field,
                    stored: have.unwrap_or_else(|| "none".into()),
                    expected: want,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::{Checkpoint, CheckpointMetadata, Fnv1a64, StateError};
    use neurodim_units::prelude::*;

    #[test]
    fn new_metadata_is_empty() {
        assert_eq!(CheckpointMetadata::new().step(), None);
    }

    #[test]
    fn with_step_sets_the_step() {
        assert_eq!(CheckpointMetadata::new().with_step(7).step(), Some(7));
    }

    #[test]
    fn with_dt_refuses_nan() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(CheckpointMetadata::new().with_dt(0.1 * ms)?.dt(), Some(0.1 * ms));
        assert_eq!(
            CheckpointMetadata::new().with_dt(f64::NAN * ms).unwrap_err().to_string(),
            "invalid dt: NaN ms (must be finite)"
        );
        Ok(())
    }

    #[test]
    fn with_precision_sets_the_precision() {
        assert_eq!(CheckpointMetadata::new().with_precision("f32").precision(), Some("f32"));
    }

    #[test]
    fn with_fingerprint_sets_the_fingerprint() {
        let meta = CheckpointMetadata::new().with_fingerprint(Fnv1a64::of(b"E: 3200 LIF"));
        assert!(meta.fingerprint().is_some());
    }

    #[test]
    fn no_step_by_default() {
        assert_eq!(CheckpointMetadata::new().step(), None);
    }

    #[test]
    fn no_dt_by_default() {
        assert_eq!(CheckpointMetadata::new().dt(), None);
    }

    #[test]
    fn no_precision_by_default() {
        assert_eq!(CheckpointMetadata::new().precision(), None);
    }

    #[test]
    fn no_fingerprint_by_default() {
        assert_eq!(CheckpointMetadata::new().fingerprint(), None);
    }

    #[test]
    fn a_step_makes_it_non_empty() {
        assert!(!CheckpointMetadata::new().with_step(0).is_empty());
    }

    #[test]
    fn a_default_checkpoint_has_no_metadata() {
        assert!(Checkpoint::default().metadata().is_empty());
    }

    #[test]
    fn set_metadata_replaces_it() {
        let mut cp = Checkpoint::default();
        cp.set_metadata(CheckpointMetadata::new().with_step(3));
        assert_eq!(cp.metadata().step(), Some(3));
    }

    #[test]
    fn with_metadata_sets_it() {
        let cp = Checkpoint::default().with_metadata(CheckpointMetadata::new().with_step(9));
        assert_eq!(cp.metadata().step(), Some(9));
    }

    #[test]
    fn check_metadata_names_the_field_that_differs() -> Result<(), Box<dyn std::error::Error>> {
        let saved = CheckpointMetadata::new().with_step(500).with_dt(0.1 * ms)?;
        let cp = Checkpoint::default().with_metadata(saved.clone());
        assert!(cp.check_metadata(&saved).is_ok());
        assert!(cp.check_metadata(&CheckpointMetadata::new()).is_ok());

        let err = cp.check_metadata(&CheckpointMetadata::new().with_step(501)).unwrap_err();
        assert_eq!(
            err,
            StateError::CheckpointMetadata {
                field: "step",
                stored: "500".into(),
                expected: "501".into()
            }
        );
        let err = cp.check_metadata(&CheckpointMetadata::new().with_fingerprint(1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "checkpoint metadata: fingerprint none does not match \
            the expected 0x0000000000000001"
        );
        Ok(())
    }
}
