use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use neurodim_dyn::DynError;
use neurodim_dyn::monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor, StateTrace};
use neurodim_state::files::{AtomicFile, Files, OsFiles};
use neurodim_state::{Fnv1a64, StateValue, ValueType};
use neurodim_units::Time;
use serde_json::{Map, Value, json};

use super::npy::{check_npy, write_npy_to};
use super::{IoError, Metadata, NpyElement, si_unit};

/// The values of an exported array: `f64` in SI base units, or integers (indices, counts).
///
/// ```
/// use neurodim::io::ArrayData;
/// use neurodim::prelude::*;
/// let mut mon = SpikeMonitor::new(3)?;
/// mon.record(&Environment::new(0.1 * ms)?.step(0), &[false, true, true])?;
/// let arrays = mon.arrays();
/// let indices = arrays.iter().find(|a| a.name == "indices").unwrap();
/// assert_eq!(indices.data, ArrayData::U32(&[1, 2])); // borrowed from the monitor
/// let times = arrays.iter().find(|a| a.name == "times").unwrap();
/// assert_eq!(times.data, ArrayData::F64(vec![0.0, 0.0])); // in seconds
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayData<'a> {
    /// Real values in SI base units (`<f8`).
    F64(Vec<f64>),
    /// Neuron indices (`<u4`).
    U32(&'a [u32]),
    /// Counts (`<u8`).
    U64(&'a [u64]),
}

impl ArrayData<'_> {
    /// The number of values.
    pub fn len(&self) -> usize {
        match self {
            ArrayData::F64(v) => v.len(),
            ArrayData::U32(v) => v.len(),
            ArrayData::U64(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn descr(&self) -> &'static str {
        match self {
            ArrayData::F64(_) => f64::DESCR,
            ArrayData::U32(_) => u32::DESCR,
            ArrayData::U64(_) => u64::DESCR,
        }
    }

    fn check(&self, shape: &[usize]) -> Result<(), IoError> {
        check_npy(self.descr(), shape, self.len())
    }

    fn write_to(&self, out: &mut impl Write, shape: &[usize]) -> std::io::Result<()> {
        match self {
            ArrayData::F64(v) => write_npy_to(out, shape, v),
            ArrayData::U32(v) => write_npy_to(out, shape, v),
            ArrayData::U64(v) => write_npy_to(out, shape, v),
        }
    }
}

/// One array of an export: written to `<name>.<array name>.npy` and described in the sidecar.
///
/// ```
/// use neurodim::io::ExportArray;
/// use neurodim::prelude::*;
/// let mut v = StateMonitor::<Voltage>::new(10, &[0, 9], 5)?;
/// let env = Environment::new(0.1 * ms)?;
/// for i in 0..20 {
///     v.record(&env.step(i), &[-65.0 * mV; 10])?;
/// }
/// let values: ExportArray = v.arrays().remove(0);
/// // 4 samples of 2 neurons, in volts: written to `<name>.values.npy`
/// assert_eq!((values.name, values.unit.as_deref(), values.shape), ("values", Some("V"), vec![4, 2]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ExportArray<'a> {
    /// The array's name: `times`, `indices`, `values`, …
    pub name: &'static str,
    /// The SI unit of real values (`"s"`, `"V"`, `"Hz"`); `None` for indices and counts.
    pub unit: Option<String>,
    /// The shape, C order (row-major).
    pub shape: Vec<usize>,
    /// The values.
    pub data: ArrayData<'a>,
}

/// A recording that can be exported as `.npy` arrays with a JSON sidecar: implemented by the
/// monitors of [`neurodim::dynamics::monitor`](neurodim_dyn::monitor) and by a network's
/// [`StateTrace`].
///
/// ```
/// use neurodim::prelude::*;
/// let mon = SpikeMonitor::new(3)?;
/// assert_eq!(mon.kind(), "spikes");
/// let names: Vec<_> = mon.arrays().iter().map(|a| a.name).collect();
/// assert_eq!(names, ["indices", "times", "neurons", "counts"]);
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
pub trait Export {
    /// What kind of recording this is, written as the sidecar's `"monitor"`.
    fn kind(&self) -> &'static str;

    /// The time step of the recording (`None` if nothing was recorded).
    fn dt(&self) -> Option<Time>;

    /// The arrays to write, real values in SI base units.
    fn arrays(&self) -> Vec<ExportArray<'_>>;

    /// Facts about the recording for the sidecar (population size, recorded steps, …).
    fn summary(&self) -> Map<String, Value>;
}

/// SI seconds of each step's time.
fn seconds(times: impl Iterator<Item = Time>) -> Vec<f64> {
    times.map(|t| t.value).collect()
}

fn steps_json(steps: core::ops::Range<u64>) -> Value {
    json!([steps.start, steps.end])
}

impl Export for SpikeMonitor {
    fn kind(&self) -> &'static str {
        "spikes"
    }

    fn dt(&self) -> Option<Time> {
        SpikeMonitor::dt(self)
    }

    fn arrays(&self) -> Vec<ExportArray<'_>> {
        let n_spikes = self.num_spikes();
        let n_neurons = self.neurons().len();
        vec![
            ExportArray {
                name: "indices",
                unit: None,
                shape: vec![n_spikes],
                data: ArrayData::U32(self.spike_indices()),
            },
            ExportArray {
                name: "times",
                unit: Some("s".into()),
                shape: vec![n_spikes],
                data: ArrayData::F64(seconds(self.spike_times())),
            },
            ExportArray {
                name: "neurons",
                unit: None,
                shape: vec![n_neurons],
                data: ArrayData::U32(self.neurons()),
            },
            ExportArray {
                name: "counts",
                unit: None,
                shape: vec![n_neurons],
                data: ArrayData::U64(self.counts()),
            },
        ]
    }

    fn summary(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("population".into(), self.population().into());
        map.insert("num_spikes".into(), self.num_spikes().into());
        map.insert("recorded_steps".into(), steps_json(self.recorded_steps()));
        map
    }
}

impl<Q: StateValue> Export for StateMonitor<Q> {
    fn kind(&self) -> &'static str {
        "state"
    }

    fn dt(&self) -> Option<Time> {
        StateMonitor::dt(self)
    }

    fn arrays(&self) -> Vec<ExportArray<'_>> {
        state_arrays(self, Q::VALUE_TYPE)
    }

    fn summary(&self) -> Map<String, Value> {
        state_summary(self, Q::VALUE_TYPE)
    }
}

/// A network's trace, exported as a state monitor whose sidecar also records the state's
/// `"path"`; the values are in the SI unit of the state's dimension (`"unit"`).
impl Export for StateTrace {
    fn kind(&self) -> &'static str {
        "state"
    }

    fn dt(&self) -> Option<Time> {
        self.si().dt()
    }

    fn arrays(&self) -> Vec<ExportArray<'_>> {
        state_arrays(self.si(), self.value_type())
    }

    fn summary(&self) -> Map<String, Value> {
        let mut map = state_summary(self.si(), self.value_type());
        map.insert("path".into(), self.path().into());
        map
    }
}

/// The arrays of a state recording whose values are of `value_type`: `values` (samples ×
/// recorded elements, SI), `times` and `neurons`.
fn state_arrays<Q: StateValue>(
    monitor: &StateMonitor<Q>,
    value_type: ValueType,
) -> Vec<ExportArray<'_>> {
    let n_samples = monitor.num_samples();
    let n_neurons = monitor.neurons().len();
    let values = monitor.values().iter().map(|&q| q.to_si()).collect();
    vec![
        ExportArray {
            name: "values",
            unit: Some(si_unit(value_type)),
            shape: vec![n_samples, n_neurons],
            data: ArrayData::F64(values),
        },
        ExportArray {
            name: "times",
            unit: Some("s".into()),
            shape: vec![n_samples],
            data: ArrayData::F64(seconds(monitor.sample_times())),
        },
        ExportArray {
            name: "neurons",
            unit: None,
            shape: vec![n_neurons],
            data: ArrayData::U32(monitor.neurons()),
        },
    ]
}

/// The summary of a state recording whose values are of `value_type`: the size of the
/// recorded state, the sampling interval, the values' SI unit and dimension, the steps.
fn state_summary<Q: StateValue>(
    monitor: &StateMonitor<Q>,
    value_type: ValueType,
) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("population".into(), monitor.population().into());
    map.insert("every".into(), monitor.every().into());
    map.insert("unit".into(), si_unit(value_type).into());
    map.insert("dimension".into(), value_type.to_string().into());
    map.insert("recorded_steps".into(), steps_json(monitor.recorded_steps()));
    map
}

impl Export for PopulationRateMonitor {
    fn kind(&self) -> &'static str {
        "population_rate"
    }

    fn dt(&self) -> Option<Time> {
        PopulationRateMonitor::dt(self)
    }

    fn arrays(&self) -> Vec<ExportArray<'_>> {
        let n_steps = self.rates().len();
        let rates = self.rates().iter().map(|r| r.value).collect();
        vec![
            ExportArray {
                name: "rates",
                unit: Some("Hz".into()),
                shape: vec![n_steps],
                data: ArrayData::F64(rates),
            },
            ExportArray {
                name: "times",
                unit: Some("s".into()),
                shape: vec![n_steps],
                data: ArrayData::F64(seconds(self.times())),
            },
        ]
    }

    fn summary(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("population".into(), self.population().into());
        map.insert("recorded_steps".into(), steps_json(self.recorded_steps()));
        map
    }
}

/// The format written in every sidecar's `"format"` and `"version"`; a reader should check both.
///
/// Version 2 names each array by the checksum of its contents and gives its size and checksum
/// (version 1 had fixed names and no checksums).
pub const SIDECAR_FORMAT: (&str, u32) = ("neurodim-monitor", 2);

/// Writes a monitor's recording into directory `dir` (created if missing): each array to a
/// `.npy` file, and a JSON sidecar `<name>.json` that describes them (file, dtype, shape, SI
/// unit, size and checksum), with `dt`, the monitor's summary and `metadata`. Returns the
/// sidecar's path. `name` must be a plain file name (non-empty, no path separator, not `.` or
/// `..`).
///
/// **A reader never sees a mix of two exports.** Each array file is named after its contents,
/// `<name>.<array>.<16 hex digits of its FNV-1a 64>.npy`, and written atomically (temporary
/// file, sync, rename), so no file of the previous export is touched; the sidecar, which
/// names the arrays, is written last, atomically: that rename publishes the new export. Only
/// then are the previous export's arrays removed. A failure or a crash at any point leaves
/// the previous sidecar and every file it names intact (plus, at worst, unreferenced new
/// files); [`verify_export`] checks a sidecar against its files.
///
/// The layout of the sidecar is documented in `docs/monitors.md`.
///
/// ```
/// use neurodim::io::verify_export;
/// use neurodim::prelude::*;
///
/// let env = Environment::new(0.1 * ms)?;
/// let mut mon = SpikeMonitor::new(2)?;
/// mon.record(&env.step(0), &[true, false])?;
/// let dir = std::env::temp_dir().join("neurodim_doc_export");
/// let sidecar = export(&mon, &dir, "E", &Metadata::new().seed(42))?;
/// let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sidecar)?)?;
/// assert_eq!(json["monitor"], "spikes");
/// assert_eq!(json["arrays"]["times"]["unit"], "s");
/// assert_eq!(json["metadata"]["seed"], 42);
/// let indices = json["arrays"]["indices"]["file"].as_str().unwrap();
/// assert!(indices.starts_with("E.indices.") && indices.ends_with(".npy"));
/// assert!(dir.join(indices).exists());
/// verify_export(&sidecar)?;
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export(
    monitor: &impl Export,
    dir: &Path,
    name: &str,
    metadata: &Metadata,
) -> Result<PathBuf, IoError> {
    export_with(OsFiles, monitor, dir, name, metadata)
}

/// [`export`] through `files`: [`OsFiles`], or a stand-in such as
/// [`FailingFiles`](neurodim_state::files::FailingFiles) in a test of failures.
///
/// ```
/// use neurodim::io::export_with;
/// use neurodim::prelude::*;
/// use neurodim::state::files::FailingFiles;
///
/// let mon = SpikeMonitor::new(2)?;
/// let dir = std::env::temp_dir().join("neurodim_doc_export_with");
/// let sidecar = export(&mon, &dir, "E", &Metadata::new())?;
/// let before = std::fs::read(&sidecar)?;
/// // The sidecar's rename fails: the previous export stays as it was.
/// let mut files = FailingFiles::new(u64::MAX);
/// export_with(&mut files, &mon, &dir, "F", &Metadata::new())?;
/// let renaming_f_json = files.operations() - 2;
/// assert!(export_with(FailingFiles::new(renaming_f_json), &mon, &dir, "E",
///     &Metadata::new().seed(1)).is_err());
/// assert_eq!(std::fs::read(&sidecar)?, before);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export_with<F: Files>(
    mut files: F,
    monitor: &impl Export,
    dir: &Path,
    name: &str,
    metadata: &Metadata,
) -> Result<PathBuf, IoError> {
    check_file_name(name)?;
    let arrays = monitor.arrays();
    for array in &arrays {
        array.data.check(&array.shape)?;
    }
    std::fs::create_dir_all(dir).map_err(IoError::write(dir))?;
    let sidecar_path = dir.join(format!("{name}.json"));
    let previous = previous_files(&sidecar_path, name);

    let mut entries = Map::new();
    // The array files this export has published so far: removed again if it fails.
    let mut written = HashSet::new();
    for array in &arrays {
        let stem = dir.join(format!("{name}.{}.npy", array.name));
        let (file, bytes, checksum) = match write_array(&mut files, &stem, array, &mut written) {
            Ok(done) => done,
            Err(e) => {
                discard(&mut files, dir, &written, &previous);
                return Err(IoError::write(&stem)(e));
            }
        };
        entries.insert(
            array.name.into(),
            json!({
                "file": file,
                "dtype": array.data.descr(),
                "shape": array.shape,
                "unit": array.unit,
                "bytes": bytes,
                "fnv1a64": format!("{checksum:016x}"),
            }),
        );
    }

    let mut sidecar = Map::new();
    sidecar.insert("format".into(), SIDECAR_FORMAT.0.into());
    sidecar.insert("version".into(), SIDECAR_FORMAT.1.into());
    sidecar.insert("name".into(), name.into());
    sidecar.insert("monitor".into(), monitor.kind().into());
    sidecar.insert(
        "dt".into(),
        monitor.dt().map_or(Value::Null, |dt| json!({ "value": dt.value, "unit": "s" })),
    );
    sidecar.extend(monitor.summary());
    sidecar.insert("arrays".into(), entries.into());
    sidecar.insert("metadata".into(), metadata.to_json().into());
    let text = serde_json::to_string_pretty(&Value::Object(sidecar))
        .map_err(|e| IoError::write(&sidecar_path)(std::io::Error::other(e)))?
        + "\n";
    // The commit point: until this rename, the previous sidecar and its arrays are untouched.
    let mut publish = || -> std::io::Result<()> {
        let mut out = AtomicFile::create(&mut files, &sidecar_path)?;
        out.write_all(text.as_bytes())?;
        out.commit()
    };
    let published = publish();
    // A failure after the rename (syncing the directory) leaves the new export in place.
    let in_place =
        published.is_ok() || std::fs::read(&sidecar_path).is_ok_and(|now| now == text.as_bytes());
    if !in_place {
        discard(&mut files, dir, &written, &previous);
    } else {
        // The previous export's arrays are no longer named by any sidecar, nor are those of an
        // export of this name that crashed before its sidecar. Removing them is tidying up:
        // one that cannot be removed is left behind, unreferenced.
        let array_names: Vec<&str> = arrays.iter().map(|a| a.name).collect();
        let stale = previous.iter().cloned().chain(unreferenced(dir, name, &array_names));
        for file in stale.filter(|f| !written.contains(f)).collect::<HashSet<_>>() {
            let _ = files.remove_file(&dir.join(file));
        }
    }
    published.map_err(IoError::write(&sidecar_path))?;
    Ok(sidecar_path)
}

/// Removes the array files a failed export published (or was publishing), except those the
/// previous export names too (same contents, same name): the previous export is left exactly
/// as it was.
fn discard<F: Files>(
    files: &mut F,
    dir: &Path,
    written: &HashSet<String>,
    previous: &HashSet<String>,
) {
    for file in written.difference(previous) {
        let _ = files.remove_file(&dir.join(file));
    }
}

/// The files in `dir` named like this export's arrays, `<name>.<array>.<16 hex digits>.npy`
/// for one of `arrays`: leftovers of an export of `name` that crashed, once a sidecar no
/// longer names them.
fn unreferenced(dir: &Path, name: &str, arrays: &[&str]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let is_ours = |file: &str| {
        let Some(rest) = file.strip_prefix(name).and_then(|r| r.strip_prefix('.')) else {
            return false;
        };
        let Some(rest) = rest.strip_suffix(".npy") else { return false };
        let Some((array, hex)) = rest.rsplit_once('.') else { return false };
        arrays.contains(&array) && hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit())
    };
    entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|f| is_ours(f)).collect()
}

/// Writes one array atomically as `<stem without .npy>.<checksum>.npy`; returns that file name,
/// its size in bytes and its checksum. The name goes into `written` before the rename, so that
/// a failure after it (syncing the directory) still leaves the file known to the caller.
fn write_array<F: Files>(
    files: &mut F,
    stem: &Path,
    array: &ExportArray<'_>,
    written: &mut HashSet<String>,
) -> std::io::Result<(String, u64, u64)> {
    let mut out =
        Checksummed { inner: AtomicFile::create(files, stem)?, hash: Fnv1a64::new(), bytes: 0 };
    array.data.write_to(&mut out, &array.shape)?;
    let (checksum, bytes) = (out.hash.value(), out.bytes);
    let stem_name = stem.file_name().expect("a file name").to_string_lossy();
    let file = format!("{}.{checksum:016x}.npy", stem_name.trim_end_matches(".npy"));
    written.insert(file.clone());
    out.inner.commit_as(&stem.with_file_name(&file))?;
    Ok((file, bytes, checksum))
}

/// A writer that hashes and counts what passes through it.
struct Checksummed<W> {
    inner: W,
    hash: Fnv1a64,
    bytes: u64,
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The array files named by the sidecar at `path` of an earlier export of `name`, if it is
/// one: the files that the new export replaces. Only names of this export's own form
/// (`<name>.….npy`, plain file names) are taken, so that a sidecar edited by hand cannot make
/// an export remove anything else.
fn previous_files(path: &Path, name: &str) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(path) else { return HashSet::new() };
    let Ok(json) = serde_json::from_str::<Value>(&text) else { return HashSet::new() };
    if json["format"] != SIDECAR_FORMAT.0 {
        return HashSet::new();
    }
    let Some(arrays) = json["arrays"].as_object() else { return HashSet::new() };
    arrays
        .values()
        .filter_map(|a| a["file"].as_str())
        .filter(|f| {
            check_file_name(f).is_ok() && f.starts_with(&format!("{name}.")) && f.ends_with(".npy")
        })
        .map(str::to_string)
        .collect()
}

/// Checks that the export whose sidecar is `sidecar` is whole: the sidecar is of a format this
/// version writes, and every array it names exists with the size and checksum it records.
/// Returns the sidecar's fields. A reader that calls it before loading the arrays knows they
/// are the ones the sidecar describes, not those of another export.
///
/// ```
/// use neurodim::io::{IoError, verify_export};
/// use neurodim::prelude::*;
///
/// let dir = std::env::temp_dir().join("neurodim_doc_verify_export");
/// let sidecar = export(&SpikeMonitor::new(3)?, &dir, "E", &Metadata::new())?;
/// let fields = verify_export(&sidecar)?;
/// assert_eq!(fields["monitor"], "spikes");
///
/// let counts = dir.join(fields["arrays"]["counts"]["file"].as_str().unwrap());
/// std::fs::write(&counts, b"something else")?;
/// assert!(matches!(verify_export(&sidecar), Err(IoError::Corrupt { .. })));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn verify_export(sidecar: &Path) -> Result<Map<String, Value>, IoError> {
    let corrupt = |path: &Path, reason: String| IoError::Corrupt { path: path.into(), reason };
    let text = std::fs::read_to_string(sidecar).map_err(IoError::read(sidecar))?;
    let json: Map<String, Value> =
        serde_json::from_str(&text).map_err(|e| corrupt(sidecar, format!("JSON: {e}")))?;
    let (format, version) = SIDECAR_FORMAT;
    if json.get("format") != Some(&format.into()) || json.get("version") != Some(&version.into()) {
        return Err(corrupt(
            sidecar,
            format!(
                "format {} version {}, expected {format:?} version {version}",
                json.get("format").unwrap_or(&Value::Null),
                json.get("version").unwrap_or(&Value::Null)
            ),
        ));
    }
    let arrays = json
        .get("arrays")
        .and_then(Value::as_object)
        .ok_or_else(|| corrupt(sidecar, "no \"arrays\" object".into()))?;
    let dir = sidecar.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    for (array, entry) in arrays {
        let field = |key: &str| {
            entry
                .get(key)
                .ok_or_else(|| corrupt(sidecar, format!("array {array:?} has no {key:?}")))
        };
        let file =
            field("file")?.as_str().filter(|f| check_file_name(f).is_ok()).ok_or_else(|| {
                corrupt(sidecar, format!("array {array:?}: \"file\" is not a plain file name"))
            })?;
        let bytes = field("bytes")?.as_u64();
        let checksum = field("fnv1a64")?
            .as_str()
            .and_then(|h| (h.len() == 16).then(|| u64::from_str_radix(h, 16).ok()).flatten());
        let (Some(bytes), Some(checksum)) = (bytes, checksum) else {
            return Err(corrupt(sidecar, format!("array {array:?}: malformed size or checksum")));
        };
        let path = dir.join(file);
        let contents = std::fs::read(&path).map_err(IoError::read(&path))?;
        let found = Fnv1a64::of(&contents);
        if contents.len() as u64 != bytes || found != checksum {
            return Err(corrupt(
                &path,
                format!(
                    "{} bytes hashing to {found:016x}, but the sidecar records {bytes} bytes \
                     hashing to {checksum:016x}",
                    contents.len()
                ),
            ));
        }
    }
    Ok(json)
}

fn check_file_name(name: &str) -> Result<(), DynError> {
    let plain =
        !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0']);
    if plain {
        Ok(())
    } else {
        Err(DynError::invalid("name", format!("{name:?}"), "must be a plain file name"))
    }
}

#[cfg(test)]
mod tests {
    use crate::dynamics::monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor};
    use crate::dynamics::network::Network;
    use crate::dynamics::neuron::{AdEx, AdExParams};
    use crate::io::{ArrayData, Export, ExportArray, Metadata, export};
    use crate::prelude::*;
    use crate::state::Environment;

    #[test]
    fn len_of_f64_data() {
        assert_eq!(ArrayData::F64(vec![0.5; 3]).len(), 3);
    }

    #[test]
    fn empty_u64_data() {
        assert!(ArrayData::U64(&[]).is_empty());
    }

    #[test]
    fn the_kind_of_a_rate_monitor() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(PopulationRateMonitor::new(2)?.kind(), "population_rate");
        Ok(())
    }

    #[test]
    fn no_dt_before_recording() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(Export::dt(&StateMonitor::<f64>::new(2, &[0], 1)?), None);
        Ok(())
    }

    #[test]
    fn a_voltage_trace_exports_values_in_volts() -> Result<(), Box<dyn std::error::Error>> {
        let mut v = StateMonitor::<Voltage>::new(1, &[0], 1)?;
        v.record(&Environment::new(0.1 * ms)?.step(0), &[-65.0 * mV])?;
        let arrays = v.arrays();
        assert_eq!(arrays[0].name, "values");
        assert_eq!(arrays[0].unit.as_deref(), Some("V"));
        assert_eq!(arrays[0].data, ArrayData::F64(vec![-0.065]));
        Ok(())
    }

    #[test]
    fn the_summary_of_an_empty_spike_monitor() -> Result<(), Box<dyn std::error::Error>> {
        let summary = SpikeMonitor::new(5)?.summary();
        assert_eq!(summary["population"], 5);
        assert_eq!(summary["num_spikes"], 0);
        Ok(())
    }

    #[test]
    fn a_state_trace_exports_its_path_and_unit() -> Result<(), Box<dyn std::error::Error>> {
        let mut net = Network::new(0.1 * ms)?;
        let _e = net.add_population("E", AdEx::new(2, AdExParams::default())?)?;
        let w = net.monitor_state("E.w", &[0, 1], 10)?;
        net.init(0)?;
        net.run(100)?;
        let dir = std::env::temp_dir().join("neurodim_doc_export_trace");
        let sidecar = export(net.state_trace(w).unwrap(), &dir, "w", &Metadata::new())?;
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sidecar)?)?;
        assert_eq!(json["path"], "E.w");
        assert_eq!(json["unit"], "A"); // AdEx's adaptation current
        assert_eq!(json["arrays"]["values"]["shape"], serde_json::json!([10, 2]));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn the_sidecar_format_and_version() {
        assert_eq!(crate::io::SIDECAR_FORMAT, ("neurodim-monitor", 2));
    }

    #[test]
    fn a_name_that_leaves_the_directory_is_refused() -> Result<(), Box<dyn std::error::Error>> {
        let mon = SpikeMonitor::new(2)?;
        let dir = std::env::temp_dir().join("neurodim_test_export_name");
        assert!(export(&mon, &dir, "../E", &Metadata::new()).is_err());
        Ok(())
    }

    #[test]
    fn arrays_built_by_hand() {
        let data = ArrayData::U32(&[3, 1]);
        assert_eq!(data.len(), 2);
        let a = ExportArray {
            name: "times",
            unit: Some("s".into()),
            shape: vec![2],
            data: ArrayData::F64(vec![0.0, 1e-4]),
        };
        assert_eq!(a.shape, vec![a.data.len()]);
    }
}
