use std::path::{Path, PathBuf};

use neurodim_dyn::DynError;
use neurodim_dyn::monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor};
use neurodim_state::StateValue;
use neurodim_units::Time;
use serde_json::{Map, Value, json};

use super::{IoError, Metadata, NpyElement, si_unit, write_npy};

/// The values of an exported array: `f64` in SI base units, or integers (indices, counts).
///
/// ```
/// use neurodim::io::ArrayData;
/// let data = ArrayData::U32(&[3, 1]);
/// assert_eq!(data.len(), 2);
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
    ///
    /// ```
    /// use neurodim::io::ArrayData;
    /// assert_eq!(ArrayData::F64(vec![0.5; 3]).len(), 3);
    /// ```
    pub fn len(&self) -> usize {
        match self {
            ArrayData::F64(v) => v.len(),
            ArrayData::U32(v) => v.len(),
            ArrayData::U64(v) => v.len(),
        }
    }

    /// Whether there are no values.
    ///
    /// ```
    /// use neurodim::io::ArrayData;
    /// assert!(ArrayData::U64(&[]).is_empty());
    /// ```
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

    fn write(&self, path: &Path, shape: &[usize]) -> Result<(), IoError> {
        match self {
            ArrayData::F64(v) => write_npy(path, shape, v),
            ArrayData::U32(v) => write_npy(path, shape, v),
            ArrayData::U64(v) => write_npy(path, shape, v),
        }
    }
}

/// One array of an export: written to `<name>.<array name>.npy` and described in the sidecar.
///
/// ```
/// use neurodim::io::{ArrayData, ExportArray};
/// let a = ExportArray { name: "times", unit: Some("s".into()), shape: vec![2], data: ArrayData::F64(vec![0.0, 1e-4]) };
/// assert_eq!(a.shape, vec![a.data.len()]);
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
/// monitors of [`neurodim::dynamics::monitor`](neurodim_dyn::monitor).
///
/// ```
/// use neurodim::io::Export;
/// use neurodim::dynamics::monitor::SpikeMonitor;
/// let mon = SpikeMonitor::new(3)?;
/// assert_eq!(mon.kind(), "spikes");
/// let names: Vec<_> = mon.arrays().iter().map(|a| a.name).collect();
/// assert_eq!(names, ["indices", "times", "neurons", "counts"]);
/// # Ok::<(), neurodim::dynamics::DynError>(())
/// ```
pub trait Export {
    /// What kind of recording this is, written as the sidecar's `"monitor"`.
    ///
    /// ```
    /// use neurodim::io::Export;
    /// use neurodim::dynamics::monitor::PopulationRateMonitor;
    /// assert_eq!(PopulationRateMonitor::new(2)?.kind(), "population_rate");
    /// # Ok::<(), neurodim::dynamics::DynError>(())
    /// ```
    fn kind(&self) -> &'static str;

    /// The time step of the recording (`None` if nothing was recorded).
    ///
    /// ```
    /// use neurodim::io::Export;
    /// use neurodim::dynamics::monitor::StateMonitor;
    /// assert_eq!(Export::dt(&StateMonitor::<f64>::new(2, &[0], 1)?), None);
    /// # Ok::<(), neurodim::dynamics::DynError>(())
    /// ```
    fn dt(&self) -> Option<Time>;

    /// The arrays to write, real values in SI base units.
    ///
    /// ```
    /// use neurodim::io::{ArrayData, Export};
    /// use neurodim::dynamics::monitor::StateMonitor;
    /// use neurodim::state::Environment;
    /// use neurodim::prelude::*;
    /// let mut v = StateMonitor::<Voltage>::new(1, &[0], 1)?;
    /// v.record(&Environment::new(0.1 * ms)?.step(0), &[-65.0 * mV])?;
    /// let arrays = v.arrays();
    /// assert_eq!(arrays[0].name, "values");
    /// assert_eq!(arrays[0].unit.as_deref(), Some("V"));
    /// assert_eq!(arrays[0].data, ArrayData::F64(vec![-0.065]));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn arrays(&self) -> Vec<ExportArray<'_>>;

    /// Facts about the recording for the sidecar (population size, recorded steps, …).
    ///
    /// ```
    /// use neurodim::io::Export;
    /// use neurodim::dynamics::monitor::SpikeMonitor;
    /// let summary = SpikeMonitor::new(5)?.summary();
    /// assert_eq!(summary["population"], 5);
    /// assert_eq!(summary["num_spikes"], 0);
    /// # Ok::<(), neurodim::dynamics::DynError>(())
    /// ```
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
        let n_samples = self.num_samples();
        let n_neurons = self.neurons().len();
        let values = self.values().iter().map(|&q| q.to_si()).collect();
        vec![
            ExportArray {
                name: "values",
                unit: Some(si_unit(Q::VALUE_TYPE)),
                shape: vec![n_samples, n_neurons],
                data: ArrayData::F64(values),
            },
            ExportArray {
                name: "times",
                unit: Some("s".into()),
                shape: vec![n_samples],
                data: ArrayData::F64(seconds(self.sample_times())),
            },
            ExportArray {
                name: "neurons",
                unit: None,
                shape: vec![n_neurons],
                data: ArrayData::U32(self.neurons()),
            },
        ]
    }

    fn summary(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("population".into(), self.population().into());
        map.insert("every".into(), self.every().into());
        map.insert("dimension".into(), Q::VALUE_TYPE.to_string().into());
        map.insert("recorded_steps".into(), steps_json(self.recorded_steps()));
        map
    }
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
/// ```
/// assert_eq!(neurodim::io::SIDECAR_FORMAT, ("neurodim-monitor", 1));
/// ```
pub const SIDECAR_FORMAT: (&str, u32) = ("neurodim-monitor", 1);

/// Writes a monitor's recording into directory `dir` (created if missing): each array to
/// `<name>.<array>.npy`, and a JSON sidecar `<name>.json` that describes them (file, dtype,
/// shape, SI unit), with `dt`, the monitor's summary and `metadata`. Returns the sidecar's path.
/// `name` must be a plain file name (non-empty, no path separator, not `.` or `..`).
///
/// The layout of the sidecar is documented in `docs/monitors.md`.
///
/// ```
/// use neurodim::io::{Metadata, export};
/// use neurodim::dynamics::monitor::SpikeMonitor;
/// use neurodim::state::Environment;
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
/// assert!(dir.join("E.indices.npy").exists());
/// assert!(export(&mon, &dir, "../E", &Metadata::new()).is_err());
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn export(
    monitor: &impl Export,
    dir: &Path,
    name: &str,
    metadata: &Metadata,
) -> Result<PathBuf, IoError> {
    check_file_name(name)?;
    std::fs::create_dir_all(dir).map_err(IoError::write(dir))?;
    let mut arrays = Map::new();
    for array in monitor.arrays() {
        let file = format!("{name}.{}.npy", array.name);
        array.data.write(&dir.join(&file), &array.shape)?;
        arrays.insert(
            array.name.into(),
            json!({ "file": file, "dtype": array.data.descr(), "shape": array.shape, "unit": array.unit }),
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
    sidecar.insert("arrays".into(), arrays.into());
    sidecar.insert("metadata".into(), metadata.to_json().into());
    let path = dir.join(format!("{name}.json"));
    let text = serde_json::to_string_pretty(&Value::Object(sidecar))
        .map_err(|e| IoError::write(&path)(std::io::Error::other(e)))?;
    std::fs::write(&path, text + "\n").map_err(IoError::write(&path))?;
    Ok(path)
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
