use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::Files;

/// A file being written next to its target and published by [`commit`](AtomicFile::commit):
/// flush, sync, rename over the target, sync the directory. Until the rename the target is
/// untouched; a file dropped without a commit (after an error, say) is removed.
///
/// The temporary file is `.tmp-<process id>-<counter>.<target name>` in the target's
/// directory: the same file system, so the rename is atomic; a name that no other writer uses;
/// hidden; and the target's extension kept, for writers that choose a format by it. A crash
/// between its creation and the rename leaves it behind; nothing reads it.
///
/// ```
/// use std::io::Write;
/// use neurodim_state::files::{AtomicFile, OsFiles};
///
/// let path = std::env::temp_dir().join("neurodim_doc_atomic.txt");
/// let mut file = AtomicFile::create(OsFiles, &path)?;
/// writeln!(file, "complete")?;
/// assert!(file.temp_path().exists() && !path.exists());
/// file.commit()?;
/// assert_eq!(std::fs::read_to_string(&path)?, "complete\n");
///
/// // Dropped without a commit: the target keeps its contents and no temporary file remains.
/// let mut file = AtomicFile::create(OsFiles, &path)?;
/// file.write_all(b"half")?;
/// let temp = file.temp_path().to_path_buf();
/// drop(file);
/// assert!(!temp.exists());
/// assert_eq!(std::fs::read_to_string(&path)?, "complete\n");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct AtomicFile<F: Files> {
    files: F,
    target: PathBuf,
    temp: PathBuf,
    /// `None` once the temporary file has been renamed (or closed for the rename).
    out: Option<BufWriter<F::File>>,
    /// Whether the temporary file no longer exists under its own name.
    renamed: bool,
}

/// Distinguishes the temporary files of one process.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

impl<F: Files> AtomicFile<F> {
    /// Starts writing `target`: creates a new temporary file in its directory, through
    /// `files` (taken by value: [`OsFiles`](super::OsFiles), or `&mut` some other [`Files`]
    /// that the caller inspects afterwards).
    pub fn create(mut files: F, target: &Path) -> io::Result<Self> {
        let name = target.file_name().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "the target has no file name")
        })?;
        let dir = parent(target);
        // A stale file of a crashed process with the same id may hold a name: try the next.
        let mut attempts = 0;
        loop {
            let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
            let temp_name = format!(".tmp-{}-{n}.{}", std::process::id(), name.to_string_lossy());
            let temp = dir.join(temp_name);
            match files.create_new(&temp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        files,
                        target: target.to_path_buf(),
                        temp,
                        out: Some(BufWriter::new(file)),
                        renamed: false,
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 16 => {
                    attempts += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// The temporary file, for a writer that must open it by name (a plotting library that
    /// writes to a path): write it there, then [`commit`](AtomicFile::commit).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// The file this one will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Publishes the file as its target: flush, sync, rename, sync the directory. After an
    /// error before the rename the target is untouched and the temporary file removed; after
    /// an error in the last step the new file is in place but may not survive a power cut.
    ///
    /// See [`AtomicFile`] for an example.
    pub fn commit(self) -> io::Result<()> {
        let target = self.target.clone();
        self.commit_as(&target)
    }

    /// Publishes the file under another name in the same directory as its target (a name
    /// known only once the contents are, such as one that includes their checksum). A name
    /// in another directory is an error, since the rename would not be atomic.
    pub fn commit_as(mut self, path: &Path) -> io::Result<()> {
        let dir = parent(&self.target).to_path_buf();
        if parent(path) != dir {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "an atomic file can only be renamed within its target's directory",
            ));
        }
        let out = self.out.take().expect("an uncommitted file is open");
        let mut file = out.into_inner().map_err(|e| e.into_error())?;
        self.files.sync(&mut file)?;
        // Closed before the rename: some systems refuse to rename an open file.
        drop(file);
        self.files.rename(&self.temp, path)?;
        self.renamed = true;
        self.files.sync_dir(&dir)
    }
}

impl<F: Files> Write for AtomicFile<F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.as_mut().expect("an uncommitted file is open").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.as_mut().expect("an uncommitted file is open").flush()
    }
}

impl<F: Files> Drop for AtomicFile<F> {
    fn drop(&mut self) {
        if !self.renamed {
            // Close before removing, and drop the buffer without flushing it: what it holds
            // belongs to a file that will not be published.
            if let Some(out) = self.out.take() {
                let (file, _unwritten) = out.into_parts();
                drop(file);
            }
            // Best effort: a temporary file that cannot be removed is litter, never read.
            let _ = self.files.remove_file(&self.temp);
        }
    }
}

/// The directory of `path`: its parent, or `.` for a bare file name.
pub(crate) fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use crate::Fnv1a64;
    use crate::files::{AtomicFile, OsFiles};
    use std::io::Write;

    #[test]
    fn create_in_a_missing_directory_fails() {
        let missing = std::env::temp_dir().join("neurodim_no_such_dir").join("x");
        assert!(AtomicFile::create(OsFiles, &missing).is_err());
    }

    #[test]
    fn writing_the_temp_file_by_name() -> Result<(), Box<dyn std::error::Error>> {
        let path = std::env::temp_dir().join("neurodim_doc_temp_path.txt");
        let file = AtomicFile::create(OsFiles, &path)?;
        std::fs::write(file.temp_path(), "by name")?;
        file.commit()?;
        assert_eq!(std::fs::read_to_string(&path)?, "by name");
        std::fs::remove_file(&path)?;
        Ok(())
    }

    #[test]
    fn target_as_given() -> Result<(), Box<dyn std::error::Error>> {
        let path = std::env::temp_dir().join("neurodim_doc_target.txt");
        assert_eq!(AtomicFile::create(OsFiles, &path)?.target(), path);
        Ok(())
    }

    #[test]
    fn commit_as_a_content_named_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir();
        let mut file = AtomicFile::create(OsFiles, &dir.join("neurodim_doc_data"))?;
        file.write_all(b"payload")?;
        let named = dir.join(format!("neurodim_doc_data.{:016x}", Fnv1a64::of(b"payload")));
        file.commit_as(&named)?;
        assert_eq!(std::fs::read(&named)?, b"payload");
        std::fs::remove_file(&named)?;
        Ok(())
    }
}
