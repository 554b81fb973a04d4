//! Writing files so that a reader sees either the old file or the whole new one, never a
//! torn mixture, even if the program dies or the disk fails part-way.
//!
//! [`AtomicFile`] writes into a new temporary file in the target's directory, flushes it,
//! syncs it to the disk, and only then renames it over the target (a rename within one
//! directory replaces the target atomically) and syncs the directory so that the rename
//! itself survives a crash. Checkpoints and every file of `neurodim::io` are written this
//! way.
//!
//! The file operations go through the [`Files`] trait: [`OsFiles`] is the operating
//! system's; [`FailingFiles`] fails one chosen operation, so that a test can check, for every
//! operation of a write in turn, that a failure there leaves the previous files intact.
//!
//! ```
//! use neurodim_state::files::{AtomicFile, OsFiles};
//! use std::io::Write;
//!
//! let path = std::env::temp_dir().join("neurodim_doc_files.txt");
//! std::fs::write(&path, "old")?;
//! let mut file = AtomicFile::create(OsFiles, &path)?;
//! file.write_all(b"new")?;
//! assert_eq!(std::fs::read_to_string(&path)?, "old"); // untouched until the commit
//! file.commit()?;
//! assert_eq!(std::fs::read_to_string(&path)?, "new");
//! # std::fs::remove_file(&path)?;
//! # Ok::<(), std::io::Error>(())
//! ```

use std::io::{self, Write};
use std::path::Path;

mod atomic;
mod failing;
mod os;

pub use atomic::AtomicFile;
pub use failing::{FailingFile, FailingFiles};
pub use os::OsFiles;

/// The file operations that atomic writes need, so that they can be replaced in tests.
///
/// Implementations other than [`OsFiles`] are meant to wrap it (counting, failing or logging
/// operations), not to store files elsewhere: callers also read and create directories
/// directly.
///
/// ```
/// use neurodim_state::files::{Files, OsFiles};
/// use std::io::Write;
///
/// let dir = std::env::temp_dir();
/// let (temp, path) = (dir.join("neurodim_doc_trait.tmp"), dir.join("neurodim_doc_trait.txt"));
/// let mut files = OsFiles;
/// let mut file = files.create_new(&temp)?;
/// file.write_all(b"x")?;
/// files.sync(&mut file)?;
/// drop(file);
/// files.rename(&temp, &path)?;
/// files.sync_dir(&dir)?;
/// assert_eq!(std::fs::read(&path)?, b"x");
/// files.remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait Files {
    /// A file open for writing.
    type File: Write;

    /// Creates the file `path`, which must not exist yet, for writing.
    fn create_new(&mut self, path: &Path) -> io::Result<Self::File>;

    /// Makes everything written to `file` durable (`fsync`). Buffers in front of the file must
    /// be flushed first.
    fn sync(&mut self, file: &mut Self::File) -> io::Result<()>;

    /// Renames `from` to `to`, replacing `to` if it exists; atomic when both are in the same
    /// directory.
    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()>;

    /// Makes the entries of directory `dir` (a rename into it) durable; a no-op where the
    /// operating system has no such call.
    fn sync_dir(&mut self, dir: &Path) -> io::Result<()>;

    /// Removes the file `path`.
    fn remove_file(&mut self, path: &Path) -> io::Result<()>;
}

/// Lending files: a writer can take `&mut files` and the caller still has them afterwards
/// (to count what [`FailingFiles`] did, say).
impl<F: Files + ?Sized> Files for &mut F {
    type File = F::File;

    fn create_new(&mut self, path: &Path) -> io::Result<F::File> {
        (**self).create_new(path)
    }

    fn sync(&mut self, file: &mut F::File) -> io::Result<()> {
        (**self).sync(file)
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        (**self).rename(from, to)
    }

    fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
        (**self).sync_dir(dir)
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        (**self).remove_file(path)
    }
}
