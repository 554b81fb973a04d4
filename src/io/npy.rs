use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use neurodim_dyn::DynError;

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
    ///
    /// ```
    /// use neurodim::io::NpyElement;
    /// assert_eq!(<f64 as NpyElement>::DESCR, "<f8");
    /// ```
    const DESCR: &'static str;
    /// Appends the value's little-endian bytes to `out`.
    ///
    /// ```
    /// use neurodim::io::NpyElement;
    /// let mut out = Vec::new();
    /// 258u32.write_le(&mut out)?;
    /// assert_eq!(out, [2, 1, 0, 0]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
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
/// `format.write_array_header_1_0`).
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
    let dims = match shape {
        [n] => format!("({n},)"),
        _ => format!("({})", shape.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
    };
    let dict = format!("{{'descr': '{}', 'fortran_order': False, 'shape': {dims}, }}", T::DESCR);
    // magic + length field + dict + '\n', rounded up to 64 bytes.
    let unpadded = MAGIC.len() + 2 + dict.len() + 1;
    let total = unpadded.next_multiple_of(64);
    let header_len = total - MAGIC.len() - 2;
    let mut header = Vec::with_capacity(total);
    header.extend_from_slice(MAGIC);
    // A shape has a handful of dimensions, so the dict is far below 64 KiB.
    header.extend_from_slice(&(header_len as u16).to_le_bytes());
    header.extend_from_slice(dict.as_bytes());
    header.resize(total - 1, b' ');
    header.push(b'\n');
    header
}

/// Writes `data`, a C-ordered (row-major) array of `shape`, to `path` as a version 1.0 `.npy`
/// file that `numpy.load` reads. The product of `shape` must equal `data.len()`.
///
/// ```
/// use neurodim::io::write_npy;
/// let path = std::env::temp_dir().join("neurodim_doc_write_npy.npy");
/// write_npy(&path, &[2, 2], &[1.0f64, 2.0, 3.0, 4.0])?;
/// let bytes = std::fs::read(&path)?;
/// assert_eq!(bytes.len(), 128 + 4 * 8);
/// assert_eq!(&bytes[128..136], &1.0f64.to_le_bytes());
/// assert!(write_npy(&path, &[3], &[1.0f64, 2.0]).is_err());
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_npy<T: NpyElement>(path: &Path, shape: &[usize], data: &[T]) -> Result<(), IoError> {
    let expected = shape.iter().product::<usize>();
    if expected != data.len() {
        return Err(DynError::SizeMismatch {
            what: "npy data for its shape".into(),
            expected,
            found: data.len(),
        }
        .into());
    }
    let write = || -> std::io::Result<()> {
        let mut out = BufWriter::new(File::create(path)?);
        out.write_all(&npy_header::<T>(shape))?;
        for &x in data {
            x.write_le(&mut out)?;
        }
        out.flush()
    };
    write().map_err(IoError::write(path))
}
