use std::cell::Cell;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::rc::Rc;

use super::{Files, OsFiles};

/// The operating system's files, except that operation number `fail_at` (from 0) fails: for
/// tests of what a failure part-way through a write leaves behind.
///
/// The operations counted are those that can fail half-way through publishing a file:
/// creating a file, each `write` call on it, syncing it, renaming it and syncing its directory.
/// Removing a file is not counted and never fails: writers remove only what they no longer
/// need, and a test of the files they keep should not depend on it.
///
/// Run a writer with `fail_at = 0, 1, 2, …` until it succeeds to fail each of its operations
/// in turn:
///
/// ```
/// use std::io::Write;
/// use neurodim_state::files::{AtomicFile, FailingFiles};
///
/// let path = std::env::temp_dir().join("neurodim_doc_failing.txt");
/// std::fs::write(&path, "old")?;
/// let write = |files: &mut FailingFiles| -> std::io::Result<()> {
///     let mut file = AtomicFile::create(files, &path)?;
///     file.write_all(b"new")?;
///     file.commit()
/// };
/// let mut n = 0;
/// loop {
///     let mut files = FailingFiles::new(n);
///     match write(&mut files) {
///         Ok(()) => break,
///         Err(e) => {
///             assert!(files.failed(), "{e}");
///             // Failed before the rename: the old contents. At the directory sync, the
///             // last operation, the new file is already in place.
///             let now = std::fs::read_to_string(&path)?;
///             assert!(now == "old" || (now == "new" && n == 4), "{n}: {now}");
///         }
///     }
///     n += 1;
/// }
/// assert_eq!(n, 5); // create, write, sync, rename, sync the directory
/// assert_eq!(std::fs::read_to_string(&path)?, "new");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FailingFiles {
    counter: Rc<Counter>,
}

/// The count of operations, shared with the files that [`FailingFiles`] opens.
#[derive(Debug)]
struct Counter {
    fail_at: u64,
    done: Cell<u64>,
    failed: Cell<bool>,
}

impl Counter {
    /// Counts one operation, `what`, and fails it if it is the chosen one.
    fn tick(&self, what: &str) -> io::Result<()> {
        let n = self.done.get();
        self.done.set(n + 1);
        if n == self.fail_at {
            self.failed.set(true);
            Err(io::Error::other(format!("injected failure of operation {n} ({what})")))
        } else {
            Ok(())
        }
    }
}

impl FailingFiles {
    /// Files whose operation number `fail_at` (from 0) fails; `u64::MAX` for none.
    pub fn new(fail_at: u64) -> Self {
        FailingFiles {
            counter: Rc::new(Counter { fail_at, done: Cell::new(0), failed: Cell::new(false) }),
        }
    }

    /// The operations counted so far, the failed one included.
    pub fn operations(&self) -> u64 {
        self.counter.done.get()
    }

    /// Whether the chosen operation was reached (and failed).
    pub fn failed(&self) -> bool {
        self.counter.failed.get()
    }
}

/// A file opened by [`FailingFiles`]: each `write` call is one counted operation.
///
/// ```
/// use std::io::Write;
/// use neurodim_state::files::{FailingFiles, Files};
/// let path = std::env::temp_dir().join("neurodim_doc_failing_file.txt");
/// # let _ = std::fs::remove_file(&path);
/// let mut files = FailingFiles::new(2);
/// let mut file = files.create_new(&path)?; // operation 0
/// file.write_all(b"a")?;                   // operation 1
/// assert!(file.write_all(b"b").is_err());  // operation 2
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct FailingFile {
    file: File,
    counter: Rc<Counter>,
}

impl Write for FailingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.counter.tick("write")?;
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Files for FailingFiles {
    type File = FailingFile;

    fn create_new(&mut self, path: &Path) -> io::Result<FailingFile> {
        self.counter.tick("create")?;
        let file = OsFiles.create_new(path)?;
        Ok(FailingFile { file, counter: Rc::clone(&self.counter) })
    }

    fn sync(&mut self, file: &mut FailingFile) -> io::Result<()> {
        self.counter.tick("sync")?;
        file.file.sync_all()
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        self.counter.tick("rename")?;
        OsFiles.rename(from, to)
    }

    fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
        self.counter.tick("sync directory")?;
        OsFiles.sync_dir(dir)
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        OsFiles.remove_file(path)
    }
}

#[cfg(test)]
mod tests {
    use crate::files::{AtomicFile, FailingFiles};

    #[test]
    fn failing_at_operation_0_fails_create() {
        let path = std::env::temp_dir().join("neurodim_doc_failing_new.txt");
        let err = AtomicFile::create(FailingFiles::new(0), &path).err().unwrap();
        assert_eq!(err.to_string(), "injected failure of operation 0 (create)");
    }

    #[test]
    fn an_empty_commit_takes_four_operations() -> Result<(), Box<dyn std::error::Error>> {
        let path = std::env::temp_dir().join("neurodim_doc_failing_count.txt");
        let mut files = FailingFiles::new(u64::MAX);
        AtomicFile::create(&mut files, &path)?.commit()?;
        assert_eq!(files.operations(), 4); // nothing written: create, sync, rename, sync dir
        std::fs::remove_file(&path)?;
        Ok(())
    }

    #[test]
    fn not_failed_before_the_operation() {
        assert!(!FailingFiles::new(3).failed());
    }
}
