//! Writing results for other tools (feature `io`, on by default): monitor recordings as NumPy
//! `.npy` arrays with a JSON sidecar, and (feature `plot`) raster plots as PNG.
//!
//! - [`export`] writes any [`Export`] (the three monitors and a network's state traces) to
//!   `.npy` files and a `<name>.json` sidecar with units, `dt`, shapes, checksums and
//!   [`Metadata`];
//!   `docs/monitors.md` documents the layout and shows how to load it in Python.
//!   [`verify_export`] checks a sidecar against the files it names.
//! - [`write_npy`] writes one array in NumPy's format version 1.0.
//! - `raster_png` (feature `plot`) draws spike times against neuron index, with an optional
//!   population-rate panel.
//!
//! Every file is written atomically — into a temporary file in the same directory, synced,
//! then renamed over its target — so a reader sees a previous file or the whole new one; an
//! export publishes its arrays and sidecar together (see [`export`]). The `_with` variants
//! take the [`Files`](neurodim_state::files::Files) to write through, for tests of failures.
//!
//! ```
//! use neurodim::prelude::*;
//!
//! let env = Environment::new(0.1 * ms)?;
//! let mut v = StateMonitor::<Voltage>::new(10, &[0, 9], 5)?;
//! for i in 0..20 {
//!     v.record(&env.step(i), &[-65.0 * mV; 10])?;
//! }
//! let dir = std::env::temp_dir().join("neurodim_doc_io");
//! let sidecar = export(&v, &dir, "V", &Metadata::new().network("demo"))?;
//! let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sidecar)?)?;
//! assert_eq!(json["arrays"]["values"]["shape"], serde_json::json!([4, 2]));
//! assert_eq!(json["arrays"]["values"]["unit"], "V");
//! neurodim::io::verify_export(&dir.join("V.json"))?;
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod export;
#[cfg(feature = "plot")]
mod histogram;
mod metadata;
mod npy;
#[cfg(feature = "plot")]
mod raster;
mod unit;

pub use error::IoError;
pub use export::{
    ArrayData, Export, ExportArray, SIDECAR_FORMAT, export, export_with, verify_export,
};
#[cfg(feature = "plot")]
pub use histogram::histogram_png;
pub use metadata::Metadata;
pub use npy::{NpyElement, npy_header, write_npy, write_npy_with};
#[cfg(feature = "plot")]
pub use raster::{RasterOptions, raster_png, raster_png_with};
pub use unit::si_unit;
