use std::io::Write;
use std::path::Path;

use neurodim_dyn::DynError;
use neurodim_state::files::{AtomicFile, Files, OsFiles};

use super::IoError;

/// An element type that `.npy` files store: its NumPy type string and its little-endian bytes.
///
/// ```
/// use neurodim::io::NpyElement;
/// assert_eq!(f64::DESCR, "<f8");
/// assert_eq!(u32::DESCR, "<u4");
/// assert_eq!(u64::DESCR, "<u8");
/// ```
pub trait NpyElement: Copy {
    /// NumPy's `dtype.str`: byte order `<` (little-endian), kind and size in bytes.
    const DESCR: &'static str;
    /// Appends the value's little-endian bytes to `out`.
    fn write_le(self, out: &mut impl Write) -> std::io::Result<()>;
}

macro_rules! npy_elements {
    ($($ty:ty => $descr:literal),*) => {$(
        impl NpyElement for $ty {
            const DESCR: &'static str = $descr;
            fn write_le(self, out: &mut impl Write) -> std::io::Result<()> {
                out.write_all(&self.to_le_bytes())
            }
        }
    )*};
}

npy_elements!(f64 => "<f8", u32 => "<u4", u64 => "<u8");

/// The magic string that opens every `.npy` file, followed by format version 1.0.
const MAGIC: &[u8] = b"\x93NUMPY\x01\x00";

/// The header of a version 1.0 `.npy` file for a C-ordered array of `T` of `shape`: the magic
/// string, the header length (`u16`, little-endian), and a Python dict literal padded with
/// spaces and ended by `\n` so that the data starts at a multiple of 64 bytes (NumPy's
/// `format.write_array_header_1_0`). Version 1.0 holds a header of at most 65535 bytes, a
/// shape of about 3000 dimensions; [`write_npy`] refuses a longer one.
///
/// ```
/// use neurodim::io::npy_header;
/// let h = npy_header::<f64>(&[3]);
/// assert_eq!(h.len(), 128); // 10 bytes, a 57-byte dict, padding, '\n'
/// assert_eq!(&h[..8], b"\x93NUMPY\x01\x00");
/// assert_eq!(u16::from_le_bytes([h[8], h[9]]), 118);
/// assert!(h[10..].starts_with(b"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"));
/// assert_eq!(*h.last().unwrap(), b'\n');
/// ```
pub fn npy_header<T: NpyElement>(shape: &[usize]) -> Vec<u8> {
    let dict = header_dict(T::DESCR, shape);
    let total = total_len(&dict);
    let header_len = total - MAGIC.len() - 2;
    let mut header = Vec::with_capacity(total);
    header.extend_from_slice(MAGIC);
    // `write_npy` refuses a shape whose header does not fit the 16-bit length field.
    header.extend_from_slice(&(header_len as u16).to_le_bytes());
    header.extend_from_slice(dict.as_bytes());
    header.resize(total - 1, b' ');
    header.push(b'\n');
    header
}

/// The header's Python dict for an array of `descr` and `shape`.
fn header_dict(descr: &str, shape: &[usize]) -> String {
    let dims = match shape {
        [n] => format!("({n},)"),
        _ => format!("({})", shape.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
    };
    format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}")
}

/// The length of the whole header around `dict`: magic, length field, dict and '\n', rounded up
/// to 64 bytes.
fn total_len(dict: &str) -> usize {
    (MAGIC.len() + 2 + dict.len() + 1).next_multiple_of(64)
}

/// Writes `data`, a C-ordered (row-major) array of `shape`, to `path` as a version 1.0 `.npy`
/// file that `numpy.load` reads. The product of `shape` must equal `data.len()`, and the
/// header must fit version 1.0's 65535 bytes (about 3000 dimensions).
///
/// The file is written atomically: into a temporary file in the same directory, synced to the
/// disk, then renamed over `path` (see [`neurodim::state::files`](neurodim_state::files)). A
/// reader of `path` sees the previous file or the whole new one, never a truncated array whose
/// header claims the full shape; a failed write leaves the previous file as it was.
///
/// ```
/// use neurodim::io::write_npy;
/// let path = std::env::temp_dir().join("neurodim_doc_write_npy.npy");
/// write_npy(&path, &[2, 2], &[1.0f64, 2.0, 3.0, 4.0])?;
/// let bytes = std::fs::read(&path)?;
/// assert_eq!(bytes.len(), 128 + 4 * 8);
/// assert_eq!(&bytes[128..136], &1.0f64.to_le_bytes());
/// assert!(write_npy(&path, &[3], &[1.0f64, 2.0]).is_err());
/// assert_eq!(std::fs::read(&path)?, bytes); // a refused write leaves the file as it was
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_npy<T: NpyElement>(path: &Path, shape: &[usize], data: &[T]) -> Result<(), IoError> {
    write_npy_with(OsFiles, path, shape, data)
}

/// [`write_npy`] through `files`: [`OsFiles`], or a stand-in such as
/// [`FailingFiles`](neurodim_state::files::FailingFiles) in a test of failures.
///
/// ```
/// use neurodim::io::{IoError, write_npy_with};
/// use neurodim::state::files::FailingFiles;
/// let path = std::env::temp_dir().join("neurodim_doc_write_npy_with.npy");
/// let err = write_npy_with(FailingFiles::new(1), &path, &[1], &[1.0f64]).unwrap_err();
/// assert!(matches!(err, IoError::Write { .. }));
/// assert!(!path.exists());
/// ```
pub fn write_npy_with<T: NpyElement, F: Files>(
    files: F,
    path: &Path,
    shape: &[usize],
    data: &[T],
) -> Result<(), IoError> {
    check_npy(T::DESCR, shape, data.len())?;
    let write = || -> std::io::Result<()> {
        let mut out = AtomicFile::create(files, path)?;
        write_npy_to(&mut out, shape, data)?;
        out.commit()
    };
    write().map_err(IoError::write(path))
}

/// The checks of [`write_npy`]: the shape fits its data (of type `descr`) and a version 1.0
/// header.
pub(crate) fn check_npy(descr: &str, shape: &[usize], len: usize) -> Result<(), IoError> {
    let expected = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
    if expected != Some(len) {
        return Err(DynError::SizeMismatch {
            what: "npy data for its shape".into(),
            expected: expected.unwrap_or(usize::MAX),
            found: len,
        }
        .into());
    }
    let header_len = total_len(&header_dict(descr, shape)) - MAGIC.len() - 2;
    if header_len > usize::from(u16::MAX) {
        return Err(DynError::invalid(
            "npy shape",
            format!("{} dimensions (a {header_len}-byte header)", shape.len()),
            "must fit a version 1.0 header of at most 65535 bytes",
        )
        .into());
    }
    Ok(())
}

/// The bytes of a `.npy` file, header then data, to `out` (checked by [`check_npy`]).
pub(crate) fn write_npy_to<T: NpyElement>(
    out: &mut impl Write,
    shape: &[usize],
    data: &[T],
) -> std::io::Result<()> {
    out.write_all(&npy_header::<T>(shape))?;
    for &x in data {
        x.write_le(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::io::NpyElement;

    #[test]
    fn f64_descr() {
        assert_eq!(<f64 as NpyElement>::DESCR, "<f8");
    }

    #[test]
    fn little_endian_u32() -> Result<(), Box<dyn std::error::Error>> {
        let mut out = Vec::new();
        258u32.write_le(&mut out)?;
        assert_eq!(out, [2, 1, 0, 0]);
        Ok(())
    }
}
