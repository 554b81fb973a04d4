//! Checkpoints as files: written atomically, so that a crash or a failing disk part-way
//! through a save leaves the previous checkpoint file whole, and read back in either form.

use std::io::Write;
use std::path::Path;

use crate::files::{AtomicFile, Files, OsFiles};
use crate::{Checkpoint, StateError, checkpoint::format_error};

/// The form in which [`Checkpoint::save`] writes a checkpoint.
///
/// ```
/// use neurodim_state::prelude::*;
/// use neurodim_state::{CheckpointEncoding, CheckpointMetadata};
/// let cp = Checkpoint::default().with_metadata(CheckpointMetadata::new().with_step(10));
/// let path = std::env::temp_dir().join("neurodim_doc_encoding.json");
/// cp.save(&path, CheckpointEncoding::Json)?; // text a person can read
/// assert!(std::fs::read_to_string(&path)?.starts_with('{'));
/// assert_eq!(Checkpoint::load(&path)?, cp); // the encoding is recognised on loading
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckpointEncoding {
    /// [`Checkpoint::to_bytes`]: compact, every bit kept, under a checksum.
    Binary,
    /// [`Checkpoint::to_json`]: readable and editable, no checksum.
    Json,
}

impl Checkpoint {
    /// Writes the checkpoint to `path` in `encoding`, atomically: into a temporary file in the
    /// same directory, synced to the disk, then renamed over `path`. A reader of `path` sees
    /// the previous file or the whole new one; a failed save leaves the previous file as it
    /// was.
    ///
    /// ```
    /// use neurodim_state::prelude::*;
    /// use neurodim_state::{CheckpointEncoding, CheckpointMetadata};
    /// let path = std::env::temp_dir().join("neurodim_doc_checkpoint.ndck");
    /// let cp = Checkpoint::default().with_metadata(CheckpointMetadata::new().with_step(10));
    /// cp.save(&path, CheckpointEncoding::Binary)?;
    /// assert_eq!(Checkpoint::load(&path)?, cp);
    /// cp.save(&path, CheckpointEncoding::Json)?;
    /// assert_eq!(Checkpoint::load(&path)?, cp);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), neurodim_state::StateError>(())
    /// ```
    pub fn save(&self, path: &Path, encoding: CheckpointEncoding) -> Result<(), StateError> {
        self.save_with(&mut OsFiles, path, encoding)
    }

    /// [`save`](Checkpoint::save) through `files`: [`OsFiles`], or a stand-in such as
    /// [`FailingFiles`](crate::files::FailingFiles) in a test of failures.
    pub fn save_with<F: Files>(
        &self,
        files: &mut F,
        path: &Path,
        encoding: CheckpointEncoding,
    ) -> Result<(), StateError> {
        let bytes = match encoding {
            CheckpointEncoding::Binary => self.to_bytes(),
            CheckpointEncoding::Json => self.to_json().into_bytes(),
        };
        let mut write = || -> std::io::Result<()> {
            let mut file = AtomicFile::create(&mut *files, path)?;
            file.write_all(&bytes)?;
            file.commit()
        };
        write().map_err(StateError::checkpoint_file("writing", path))
    }

    /// Reads a checkpoint file written by [`save`](Checkpoint::save) in either form: JSON if
    /// its first character other than white space is `{`, else binary. Everything
    /// [`from_bytes`](Checkpoint::from_bytes) and [`from_json`](Checkpoint::from_json) refuse
    /// is refused.
    pub fn load(path: &Path) -> Result<Checkpoint, StateError> {
        let bytes = std::fs::read(path).map_err(StateError::checkpoint_file("reading", path))?;
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            let text = std::str::from_utf8(&bytes)
                .map_err(|e| format_error(format!("JSON that is not UTF-8: {e}")))?;
            Checkpoint::from_json(text)
        } else {
            Checkpoint::from_bytes(&bytes)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::files::FailingFiles;
    use crate::{Checkpoint, CheckpointEncoding, StateError};

    #[test]
    fn a_failed_write_leaves_no_file() {
        let path = std::env::temp_dir().join("neurodim_doc_checkpoint_fail.ndck");
        let err = Checkpoint::default()
            .save_with(&mut FailingFiles::new(0), &path, CheckpointEncoding::Binary)
            .unwrap_err();
        assert!(matches!(err, StateError::CheckpointFile { action: "writing", .. }));
        assert!(!path.exists());
    }

    #[test]
    fn loading_a_missing_file_fails() {
        let path = std::env::temp_dir().join("neurodim_no_such_checkpoint.ndck");
        assert!(matches!(Checkpoint::load(&path), Err(StateError::CheckpointFile { .. })));
    }
}
