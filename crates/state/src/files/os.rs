use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use super::Files;

/// The operating system's files: what [`AtomicFile`](super::AtomicFile) uses outside tests.
///
/// ```
/// use neurodim_state::files::{AtomicFile, OsFiles};
/// let path = std::env::temp_dir().join("neurodim_doc_os_files.bin");
/// AtomicFile::create(OsFiles, &path)?.commit()?;
/// assert_eq!(std::fs::read(&path)?.len(), 0);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OsFiles;

impl Files for OsFiles {
    type File = File;

    fn create_new(&mut self, path: &Path) -> io::Result<File> {
        OpenOptions::new().write(true).create_new(true).open(path)
    }

    fn sync(&mut self, file: &mut File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&mut self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn sync_dir(&mut self, dir: &Path) -> io::Result<()> {
        sync_dir(dir)
    }

    fn remove_file(&mut self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }
}

/// On Unix a rename is durable only once its directory is synced.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Elsewhere a directory cannot be opened as a file; the rename is as durable as the
/// operating system makes it.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}
