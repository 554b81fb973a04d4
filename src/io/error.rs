use core::fmt;
use std::path::PathBuf;

use neurodim_dyn::DynError;

/// The error type of [`neurodim::io`](crate::io): a file that could not be written, or an
/// argument that breaks its rule.
///
/// ```
/// use neurodim::io::IoError;
/// use neurodim::prelude::*;
/// let e = IoError::from(DynError::invalid("name", "a/b", "must be a plain file name"));
/// assert_eq!(e.to_string(), "invalid name: a/b (must be a plain file name)");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum IoError {
    /// Writing `path` failed. The file (or, for an export, the previous export) is as it
    /// was before the write.
    Write {
        /// The file being written.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// Reading `path` failed (while verifying an export).
    Read {
        /// The file being read.
        path: PathBuf,
        /// What the operating system reported.
        source: std::io::Error,
    },
    /// A file that does not hold what its sidecar records: another size or checksum, a
    /// malformed sidecar, or one of another format (see
    /// [`verify_export`](crate::io::verify_export)).
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What does not match.
        reason: String,
    },
    /// An argument breaks its rule (a file name, a shape, a plot size, …).
    Invalid(DynError),
    /// The plotting library failed to draw (feature `plot`).
    Plot(String),
}

impl IoError {
    pub(crate) fn write(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> IoError {
        let path = path.into();
        move |source| IoError::Write { path, source }
    }

    pub(crate) fn read(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> IoError {
        let path = path.into();
        move |source| IoError::Read { path, source }
    }
}

impl fmt::Display for IoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoError::Write { path, source } => write!(f, "writing {}: {source}", path.display()),
            IoError::Read { path, source } => write!(f, "reading {}: {source}", path.display()),
            IoError::Corrupt { path, reason } => write!(f, "corrupt {}: {reason}", path.display()),
            IoError::Invalid(e) => e.fmt(f),
            IoError::Plot(message) => write!(f, "plotting failed: {message}"),
        }
    }
}

impl std::error::Error for IoError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IoError::Write { source, .. } | IoError::Read { source, .. } => Some(source),
            IoError::Corrupt { .. } => None,
            IoError::Invalid(e) => Some(e),
            IoError::Plot(_) => None,
        }
    }
}

impl From<DynError> for IoError {
    fn from(e: DynError) -> Self {
        IoError::Invalid(e)
    }
}
