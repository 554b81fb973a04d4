//! Export of monitor results: `.npy` files read back byte by byte (the format is NumPy's
//! `format.rst`, version 1.0), JSON sidecars parsed back and checked against their files, and
//! raster PNGs (feature `plot`). The fault-injection tests of every file written are in
//! `io_faults.rs`.

#![cfg(feature = "io")]

use std::path::{Path, PathBuf};

use neurodim::dynamics::monitor::{PopulationRateMonitor, SpikeMonitor, StateMonitor};
use neurodim::io::*;
use neurodim::prelude::*;
use neurodim::state::{Environment, StateValue};
use serde_json::{Value, json};

/// A fresh directory for one test's files, under Cargo's scratch directory for tests.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("io").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A `.npy` file split into its header dict and its data bytes, after checking the framing:
/// magic, version 1.0, a little-endian u16 header length, a header padded with spaces to a
/// multiple of 64 bytes and ended by '\n'.
fn read_npy(path: &Path) -> (String, Vec<u8>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..6], b"\x93NUMPY");
    assert_eq!((bytes[6], bytes[7]), (1, 0));
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let data_start = 10 + header_len;
    assert_eq!(data_start % 64, 0, "data must be 64-byte aligned");
    assert_eq!(bytes[data_start - 1], b'\n');
    let header = std::str::from_utf8(&bytes[10..data_start - 1]).unwrap();
    let dict = header.trim_end_matches(' ');
    assert!(dict.ends_with('}'), "{header:?}");
    (dict.to_string(), bytes[data_start..].to_vec())
}

fn f64s(data: &[u8]) -> Vec<f64> {
    data.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect()
}

fn u32s(data: &[u8]) -> Vec<u32> {
    data.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect()
}

fn u64s(data: &[u8]) -> Vec<u64> {
    data.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap())).collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The file of array `array` that the sidecar `json` in `dir` names, after checking its name
/// (`<name>.<array>.<16 hex digits>.npy`), size and checksum against the file itself.
fn array_file(dir: &Path, json: &Value, array: &str) -> PathBuf {
    let entry = &json["arrays"][array];
    let file = entry["file"].as_str().unwrap();
    let name = json["name"].as_str().unwrap();
    let hex = file
        .strip_prefix(&format!("{name}.{array}."))
        .and_then(|rest| rest.strip_suffix(".npy"))
        .unwrap_or_else(|| panic!("{file}"));
    let bytes = std::fs::read(dir.join(file)).unwrap();
    assert_eq!(entry["bytes"], bytes.len() as u64, "{file}");
    let checksum = format!("{:016x}", neurodim::state::Fnv1a64::of(&bytes));
    assert_eq!(entry["fnv1a64"], checksum.as_str(), "{file}");
    assert_eq!(hex, checksum, "{file} is named after its checksum");
    dir.join(file)
}

// ---------------------------------------------------------------- .npy

#[test]
fn npy_round_trip_is_exact() {
    let dir = scratch("npy_round_trip");
    let values = [0.1, -65e-3, f64::MIN_POSITIVE, 1e300, -0.0, 3.0];
    let path = dir.join("a.npy");
    write_npy(&path, &[2, 3], &values).unwrap();
    let (dict, data) = read_npy(&path);
    assert_eq!(dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }");
    // Bit for bit, -0.0 included.
    assert_eq!(
        f64s(&data).iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        values.map(f64::to_bits)
    );

    write_npy(&dir.join("b.npy"), &[4], &[0u32, 7, u32::MAX, 1]).unwrap();
    let (dict, data) = read_npy(&dir.join("b.npy"));
    assert_eq!(dict, "{'descr': '<u4', 'fortran_order': False, 'shape': (4,), }");
    assert_eq!(u32s(&data), [0, 7, u32::MAX, 1]);

    write_npy::<u64>(&dir.join("c.npy"), &[0], &[]).unwrap();
    let (dict, data) = read_npy(&dir.join("c.npy"));
    assert_eq!(dict, "{'descr': '<u8', 'fortran_order': False, 'shape': (0,), }");
    assert!(data.is_empty());

    write_npy(&dir.join("d.npy"), &[], &[2.5f64]).unwrap();
    let (dict, data) = read_npy(&dir.join("d.npy"));
    assert_eq!(dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
    assert_eq!(f64s(&data), [2.5]);
}

#[test]
fn npy_rejects_a_shape_that_does_not_match_the_data() {
    let dir = scratch("npy_shape");
    let err = write_npy(&dir.join("x.npy"), &[2, 2], &[1.0, 2.0, 3.0]).unwrap_err();
    assert_eq!(err.to_string(), "npy data for its shape: expected size 4, found 3");
    assert!(!dir.join("x.npy").exists());
}

#[test]
fn npy_rejects_a_shape_whose_header_does_not_fit_version_1() {
    let dir = scratch("npy_header");
    let path = dir.join("x.npy");
    // 40 000 dimensions of 1: a header of about 120 kB, beyond the 16-bit length field.
    let err = write_npy(&path, &[1; 40_000], &[1.0]).unwrap_err();
    assert!(
        matches!(&err, IoError::Invalid(e) if e.to_string().starts_with("invalid npy shape: 40000 dimensions")),
        "{err}"
    );
    assert!(!path.exists());
    // The largest shapes that fit are written, and their header length is exact.
    let fits = vec![1; 5000];
    write_npy(&path, &fits, &[2.0]).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    assert_eq!(bytes.len(), 10 + header_len + 8);
}

#[test]
fn npy_reports_the_path_it_could_not_write() {
    let dir = scratch("npy_unwritable");
    let path = dir.join("missing").join("x.npy");
    match write_npy(&path, &[1], &[1.0]).unwrap_err() {
        IoError::Write { path: p, .. } => assert_eq!(p, path),
        other => panic!("unexpected {other}"),
    }
}

// ---------------------------------------------------------------- export

fn spike_recording() -> SpikeMonitor {
    // dt = 0.5 ms; steps 2..6; spikes (step, neuron): (2, 1), (4, 0), (4, 2), (5, 1).
    let env = Environment::new(0.5 * ms).unwrap();
    let mut mon = SpikeMonitor::new(3).unwrap();
    let plan: [&[bool]; 4] = [
        &[false, true, false],
        &[false, false, false],
        &[true, false, true],
        &[false, true, false],
    ];
    for (k, fired) in plan.iter().enumerate() {
        mon.record(&env.step(2 + k as u64), fired).unwrap();
    }
    mon
}

#[test]
fn spike_export_writes_exact_arrays_and_a_sidecar() {
    let dir = scratch("export_spikes");
    let mon = spike_recording();
    let meta = Metadata::new().network("toy").seed(1234).with("note", "hand-made");
    let sidecar = export(&mon, &dir, "E_spikes", &meta).unwrap();
    assert_eq!(sidecar, dir.join("E_spikes.json"));
    let json = read_json(&sidecar);
    let file = |array| array_file(&dir, &json, array);

    let (dict, data) = read_npy(&file("indices"));
    assert_eq!(dict, "{'descr': '<u4', 'fortran_order': False, 'shape': (4,), }");
    assert_eq!(u32s(&data), [1, 0, 2, 1]);
    let (dict, data) = read_npy(&file("times"));
    assert_eq!(dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }");
    // t = step · dt in seconds, exactly as the monitor computes it.
    let dt = 0.5 * ms;
    assert_eq!(f64s(&data), [2.0, 4.0, 4.0, 5.0].map(|i| (i * dt).value));
    assert_eq!(f64s(&data)[0], 0.001);
    assert_eq!(u32s(&read_npy(&file("neurons")).1), [0, 1, 2]);
    assert_eq!(u64s(&read_npy(&file("counts")).1), [1, 2, 1]);

    assert_eq!(json["format"], "neurodim-monitor");
    assert_eq!(json["version"], 2);
    assert_eq!(json["name"], "E_spikes");
    assert_eq!(json["monitor"], "spikes");
    assert_eq!(json["dt"], json!({ "value": dt.value, "unit": "s" }));
    assert_eq!(json["population"], 3);
    assert_eq!(json["num_spikes"], 4);
    assert_eq!(json["recorded_steps"], json!([2, 6]));
    let described = |array: &str| {
        let mut entry = json["arrays"][array].clone();
        for checked_by_array_file in ["file", "bytes", "fnv1a64"] {
            entry.as_object_mut().unwrap().remove(checked_by_array_file);
        }
        entry
    };
    assert_eq!(described("times"), json!({ "dtype": "<f8", "shape": [4], "unit": "s" }));
    assert_eq!(described("indices"), json!({ "dtype": "<u4", "shape": [4], "unit": null }));
    // 4 arrays, and the export is whole.
    assert_eq!(json["arrays"].as_object().unwrap().len(), 4);
    assert_eq!(Value::Object(verify_export(&sidecar).unwrap()), json);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 5, "4 arrays and the sidecar");
    assert_eq!(json["arrays"]["counts"]["dtype"], "<u8");
    assert_eq!(json["arrays"]["neurons"]["shape"], json!([3]));
    assert_eq!(json["metadata"], json!({ "network": "toy", "seed": 1234, "note": "hand-made" }));
}

#[test]
fn state_export_stores_si_values_sample_major() {
    let dir = scratch("export_state");
    let env = Environment::new(0.1 * ms).unwrap();
    let mut mon = StateMonitor::<Voltage>::new(4, &[3, 0], 2).unwrap();
    for i in 0..5 {
        let v: Vec<Voltage> = (0..4).map(|j| (-70.0 + j as f64 + 0.5 * i as f64) * mV).collect();
        mon.record(&env.step(i), &v).unwrap();
    }
    let sidecar = export(&mon, &dir, "V", &Metadata::new()).unwrap();
    let json = read_json(&sidecar);
    let (dict, data) = read_npy(&array_file(&dir, &json, "values"));
    assert_eq!(dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }");
    // Samples at steps 0, 2, 4; neurons 3 then 0; values in volts.
    let expected: Vec<f64> = [0.0, 2.0, 4.0]
        .iter()
        .flat_map(|&i| [3.0, 0.0].map(|j| ((-70.0 + j + 0.5 * i) * mV).value))
        .collect();
    assert_eq!(f64s(&data), expected);
    let times = f64s(&read_npy(&array_file(&dir, &json, "times")).1);
    assert_eq!(times, [0, 2, 4].map(|i| env.step(i).t.value));
    assert_eq!(u32s(&read_npy(&array_file(&dir, &json, "neurons")).1), [3, 0]);

    assert_eq!(json["monitor"], "state");
    assert_eq!(json["every"], 2);
    assert_eq!(json["dimension"], "m^2 kg s^-3 A^-1");
    assert_eq!(json["unit"], "V");
    assert_eq!(json["arrays"]["values"]["unit"], "V");
    assert_eq!(json["arrays"]["values"]["shape"], json!([3, 2]));
    assert_eq!(json["metadata"], json!({}));
}

#[test]
fn a_network_trace_exports_with_its_path_and_unit() {
    use neurodim::dynamics::network::Network;
    use neurodim::dynamics::neuron::{AdEx, AdExParams, Alif, AlifParams};

    let dir = scratch("export_network_trace");
    let mut net = Network::new(0.1 * ms).unwrap();
    let adex = AdEx::new(Shape::vector(3).unwrap(), AdExParams::rs()).unwrap();
    let e = net.add_population("E", adex).unwrap();
    net.set_current(e, 0.5 * nA).unwrap();
    let alif = Alif::new(Shape::vector(2).unwrap(), AlifParams::default()).unwrap();
    let a = net.add_population("A", alif).unwrap();
    net.set_current(a, 2.0 * mA).unwrap();
    let w = net.monitor_state("E.w", &[2, 0], 50).unwrap();
    let v = net.monitor_state("E.V", &[1], 50).unwrap();
    let adaptation = net.monitor_state("A.a", &[1], 50).unwrap();
    net.init(0).unwrap();
    net.run(1000).unwrap();

    // (trace, file name, path, unit, dimension)
    let cases = [
        (w, "w", "E.w", "A", "A"),
        (v, "v", "E.V", "V", "m^2 kg s^-3 A^-1"),
        (adaptation, "a", "A.a", "1", "1"),
    ];
    for (id, name, path, unit, dimension) in cases {
        let trace = net.state_trace(id).unwrap();
        let sidecar = export(trace, &dir, name, &Metadata::new()).unwrap();
        let json = read_json(&sidecar);
        assert_eq!(json["monitor"], "state");
        assert_eq!(json["path"], path);
        assert_eq!(json["unit"], unit);
        assert_eq!(json["dimension"], dimension);
        assert_eq!(json["arrays"]["values"]["unit"], unit);
        assert_eq!(json["every"], 50);
        // The values in the file are the trace's SI values, bit for bit.
        let values = f64s(&read_npy(&array_file(&dir, &json, "values")).1);
        assert_eq!(values, trace.si().values());
        assert_eq!(values.len(), 20 * trace.si().neurons().len());
        assert_eq!(u32s(&read_npy(&array_file(&dir, &json, "neurons")).1), trace.si().neurons());
    }
    // The adaptation current did grow: AdEx's w is not all zero in the file.
    let w_json = read_json(&dir.join("w.json"));
    let w_values = f64s(&read_npy(&array_file(&dir, &w_json, "values")).1);
    assert!(w_values.iter().any(|&w| w > 0.0));
}

#[test]
fn population_rate_export_stores_hertz() {
    let dir = scratch("export_rate");
    let env = Environment::new(1.0 * ms).unwrap();
    let mut mon = PopulationRateMonitor::new(4).unwrap();
    for (i, fired) in [[true, true, false, false], [false; 4], [true; 4]].iter().enumerate() {
        mon.record(&env.step(i as u64), fired).unwrap();
    }
    let sidecar = export(&mon, &dir, "rate", &Metadata::new().seed(3)).unwrap();
    let json = read_json(&sidecar);
    let rates = f64s(&read_npy(&array_file(&dir, &json, "rates")).1);
    // r = count / (4 · 1 ms): 500, 0, 1000 Hz.
    assert_eq!(rates, mon.rates().iter().map(|r| r.value).collect::<Vec<_>>());
    for (r, want) in rates.iter().zip([500.0, 0.0, 1000.0]) {
        assert!((r - want).abs() < 1e-9);
    }
    assert_eq!(json["monitor"], "population_rate");
    assert_eq!(json["arrays"]["rates"]["unit"], "Hz");
    assert_eq!(json["arrays"]["times"]["shape"], json!([3]));
    assert_eq!(json["recorded_steps"], json!([0, 3]));
}

#[test]
fn an_empty_recording_exports_empty_arrays_and_null_dt() {
    let dir = scratch("export_empty");
    let mon = SpikeMonitor::subset(10, &[4]).unwrap();
    let json = read_json(&export(&mon, &dir, "empty", &Metadata::new()).unwrap());
    assert_eq!(json["dt"], Value::Null);
    assert_eq!(json["arrays"]["times"]["shape"], json!([0]));
    assert_eq!(json["recorded_steps"], json!([0, 0]));
    let (dict, data) = read_npy(&array_file(&dir, &json, "times"));
    assert_eq!(dict, "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }");
    assert!(data.is_empty());
}

#[test]
fn export_rejects_names_that_are_not_plain_file_names() {
    let dir = scratch("export_names");
    let mon = spike_recording();
    for bad in ["", ".", "..", "a/b", "a\\b", "nul\0"] {
        match export(&mon, &dir, bad, &Metadata::new()).unwrap_err() {
            IoError::Invalid(e) => assert_eq!(e.param(), Some("name")),
            other => panic!("{bad:?}: unexpected {other}"),
        }
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "nothing may be written");
}

#[test]
fn export_reports_a_directory_it_cannot_create() {
    let dir = scratch("export_blocked");
    let file = dir.join("not_a_dir");
    std::fs::write(&file, b"x").unwrap();
    let err = export(&spike_recording(), &file, "E", &Metadata::new()).unwrap_err();
    assert!(matches!(&err, IoError::Write { path, .. } if *path == file), "{err}");
}

#[test]
fn si_units_of_the_quantity_types() {
    fn unit<Q: StateValue>() -> String {
        si_unit(Q::VALUE_TYPE)
    }
    assert_eq!(unit::<Voltage>(), "V");
    assert_eq!(unit::<Current>(), "A");
    assert_eq!(unit::<Conductance>(), "S");
    assert_eq!(unit::<Capacitance>(), "F");
    assert_eq!(unit::<Resistance>(), "ohm");
    assert_eq!(unit::<Charge>(), "C");
    assert_eq!(unit::<Time>(), "s");
    assert_eq!(unit::<Frequency>(), "Hz");
    assert_eq!(unit::<Ratio>(), "1");
    assert_eq!(unit::<f64>(), "1");
    assert_eq!(unit::<Concentration>(), "mol/m^3");
    assert_eq!(unit::<Area>(), "m^2");
    assert_eq!(unit::<ConductanceDensity>(), "S/m^2");
    assert_eq!(unit::<CurrentDensity>(), "A/m^2");
    assert_eq!(unit::<CapacitanceDensity>(), "F/m^2");
    assert_eq!(unit::<VoltageRate>(), "V/s");
    assert_eq!(unit::<CurrentRate>(), "A/s");
    assert_eq!(unit::<ConductanceRate>(), "S/s");
    assert_eq!(unit::<bool>(), "bool");
    // A dimension without a name falls back to base units.
    assert_eq!(unit::<ConcentrationRate>(), "m^-3 s^-1 mol");
}

// ---------------------------------------------------------------- raster PNG

#[cfg(feature = "plot")]
mod raster {
    use super::*;

    /// The width and height in a PNG's IHDR chunk, after checking the signature.
    fn png_size(path: &Path) -> (u32, u32) {
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let be = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
        (be(16), be(20))
    }

    fn busy_recording() -> SpikeMonitor {
        let env = Environment::new(0.1 * ms).unwrap();
        let mut mon = SpikeMonitor::new(100).unwrap();
        for i in 0..2000u64 {
            // A slow wave of activity so that the rate panel has structure.
            let fired: Vec<bool> =
                (0..100u64).map(|j| (i * 13 + j * 31) % (50 + (i / 200) * 10) == 0).collect();
            mon.record(&env.step(i), &fired).unwrap();
        }
        mon
    }

    #[test]
    fn raster_png_has_the_requested_size() {
        let dir = scratch("raster");
        let mon = busy_recording();
        let with_panel = dir.join("with_panel.png");
        let opts = RasterOptions::new(900, 600)
            .unwrap()
            .title("100 neurons")
            .rate_panel(5.0 * ms)
            .unwrap();
        raster_png(&with_panel, &mon, &opts).unwrap();
        assert_eq!(png_size(&with_panel), (900, 600));

        let plain = dir.join("plain.png");
        raster_png(&plain, &mon, &RasterOptions::new(320, 240).unwrap()).unwrap();
        assert_eq!(png_size(&plain), (320, 240));
    }

    #[test]
    fn raster_png_rejects_an_empty_recording() {
        let dir = scratch("raster_empty");
        let path = dir.join("x.png");
        let err = raster_png(&path, &SpikeMonitor::new(3).unwrap(), &RasterOptions::default())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid spike monitor: no recorded step (must have recorded at least one step)"
        );
        assert!(!path.exists());
    }

    #[test]
    fn raster_png_reports_an_unwritable_path() {
        let dir = scratch("raster_unwritable");
        let path = dir.join("missing").join("x.png");
        let err = raster_png(&path, &busy_recording(), &RasterOptions::default()).unwrap_err();
        assert!(matches!(&err, IoError::Write { path: p, .. } if *p == path), "{err}");
    }

    #[test]
    fn raster_options_reject_bad_values() {
        for (w, h) in [(199, 600), (600, 199), (16385, 600), (600, 0)] {
            assert!(RasterOptions::new(w, h).is_err(), "{w} × {h}");
        }
        assert!(RasterOptions::new(200, 16384).is_ok());
        assert_eq!(
            RasterOptions::default().rate_panel(-1.0 * ms).unwrap_err().to_string(),
            "invalid rate bin: -1 ms (must be > 0)"
        );
    }
}
