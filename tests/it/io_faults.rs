//! Files that survive failures: every operation of `write_npy`, `export` and `raster_png` is
//! made to fail in turn (`FailingFiles`), and after each failure the previous files are
//! byte-for-byte what they were and still verify; a successful export replaces the previous
//! one whole, and `verify_export` refuses a sidecar whose files are not the ones it names.

#![cfg(feature = "io")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use neurodim::dynamics::monitor::{SpikeMonitor, StateMonitor};
use neurodim::io::*;
use neurodim::prelude::*;
use neurodim::state::Environment;
use neurodim::state::files::FailingFiles;
use serde_json::{Value, json};

/// A fresh directory for one test's files, under Cargo's scratch directory for tests.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("io_faults").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that `dir` holds exactly the files of `expected`, with the same contents (naming
/// the files that differ rather than printing contents).
fn assert_unchanged(dir: &Path, expected: &BTreeMap<String, Vec<u8>>, what: &str) {
    let now = snapshot(dir);
    let names = |snap: &BTreeMap<String, Vec<u8>>| snap.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&now), names(expected), "{what}: other files");
    for (file, contents) in expected {
        assert!(now[file] == *contents, "{what}: {file} changed");
    }
}

/// Every file in `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().into_string().unwrap(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A voltage recording of 4 neurons over `samples` steps, offset by `shift` mV so that two
/// recordings differ in every array but `neurons`. Large enough that each array takes several
/// write calls.
fn voltages(samples: u64, shift: f64) -> StateMonitor<Voltage> {
    let env = Environment::new(0.1 * ms).unwrap();
    let mut mon = StateMonitor::<Voltage>::new(4, &[0, 1, 2, 3], 1).unwrap();
    for i in 0..samples {
        let v: Vec<Voltage> =
            (0..4).map(|j| (-65.0 + shift + (i * 4 + j) as f64 * 1e-3) * mV).collect();
        mon.record(&env.step(i), &v).unwrap();
    }
    mon
}

#[test]
fn export_survives_a_failure_at_every_operation() {
    let dir = scratch("export");
    let (old, new) = (voltages(3000, 0.0), voltages(3500, 1.0));
    let sidecar = export(&old, &dir, "V", &Metadata::new().seed(1)).unwrap();
    let before = snapshot(&dir);
    assert_eq!(before.len(), 4, "3 arrays and the sidecar");

    // How many operations the new export takes, counted in a directory of its own.
    let mut counting = FailingFiles::new(u64::MAX);
    export_with(&mut counting, &new, &scratch("export_count"), "V", &Metadata::new().seed(2))
        .unwrap();
    let total = counting.operations();
    // 4 files, each: create, writes, sync, rename, sync the directory.
    assert!(total > 4 * 5, "the export took only {total} operations");

    for n in 0..total {
        let mut files = FailingFiles::new(n);
        let err = export_with(&mut files, &new, &dir, "V", &Metadata::new().seed(2)).unwrap_err();
        assert!(files.failed(), "operation {n}: {err}");
        assert!(matches!(err, IoError::Write { .. }), "operation {n}: {err}");
        let fields = verify_export(&sidecar).unwrap_or_else(|e| panic!("operation {n}: {e}"));
        if n + 1 < total {
            // Nothing of the new export is left, and the old one is exactly as it was.
            assert_unchanged(&dir, &before, &format!("operation {n}"));
        } else {
            // Only syncing the directory after the sidecar's rename comes later: the new
            // export is in place, whole.
            assert_eq!(fields["metadata"], json!({ "seed": 2 }));
            assert_eq!(fields["arrays"]["times"]["shape"], json!([3500]));
        }
    }
    export(&new, &dir, "V", &Metadata::new().seed(2)).unwrap();
    let fields = verify_export(&sidecar).unwrap();
    assert_eq!(fields["metadata"], json!({ "seed": 2 }));
    // The old arrays are gone: the directory holds the new sidecar and the files it names.
    let mut named: Vec<String> = fields["arrays"]
        .as_object()
        .unwrap()
        .values()
        .map(|a| a["file"].as_str().unwrap().to_string())
        .chain(["V.json".to_string()])
        .collect();
    named.sort();
    assert_eq!(snapshot(&dir).into_keys().collect::<Vec<_>>(), named);
}

#[test]
fn write_npy_survives_a_failure_at_every_operation() {
    let dir = scratch("npy");
    let path = dir.join("x.npy");
    let old: Vec<f64> = (0..5000).map(|i| i as f64).collect();
    let new: Vec<f64> = (0..6000).map(|i| -(i as f64)).collect();
    write_npy(&path, &[5000], &old).unwrap();
    let before = snapshot(&dir);
    let mut counting = FailingFiles::new(u64::MAX);
    write_npy_with(&mut counting, &dir.join("count.npy"), &[6000], &new).unwrap();
    std::fs::remove_file(dir.join("count.npy")).unwrap();
    let total = counting.operations();
    assert!(total > 5, "a 48 kB array takes several writes, took {total} operations");
    for n in 0..total - 1 {
        let mut files = FailingFiles::new(n);
        let err = write_npy_with(&mut files, &path, &[6000], &new).unwrap_err();
        assert!(files.failed() && matches!(&err, IoError::Write { path: p, .. } if *p == path));
        assert_unchanged(&dir, &before, &format!("operation {n}"));
    }
    write_npy(&path, &[6000], &new).unwrap();
    assert_eq!(std::fs::read(&path).unwrap().len(), 128 + 6000 * 8);
}

#[test]
fn re_exports_replace_the_previous_files_and_sweep_leftovers() {
    let dir = scratch("replace");
    let a = voltages(10, 0.0);
    let first = snapshot_after(&dir, &a);
    // The same recording again: the same files, byte for byte.
    assert_eq!(snapshot_after(&dir, &a), first);

    // Leftovers of a crashed export of "V" (arrays named like its own, no sidecar naming
    // them) are swept by the next export; files that only look similar are not touched.
    let orphan = "V.values.0123456789abcdef.npy";
    for file in [orphan, "V.values.notes.npy", "V.json.bak", "W.values.0123456789abcdef.npy"] {
        std::fs::write(dir.join(file), b"user data").unwrap();
    }
    let b = voltages(12, 0.5);
    let after = snapshot_after(&dir, &b);
    assert!(!after.contains_key(orphan));
    for kept in ["V.values.notes.npy", "V.json.bak", "W.values.0123456789abcdef.npy"] {
        assert_eq!(after[kept], b"user data", "{kept}");
    }
    // The first export's arrays are gone except `neurons`, whose contents did not change.
    let neurons = |snap: &BTreeMap<String, Vec<u8>>| {
        snap.keys().filter(|f| f.starts_with("V.neurons.")).cloned().collect::<Vec<_>>()
    };
    assert_eq!(neurons(&after), neurons(&first));
    let values = after.keys().filter(|f| f.starts_with("V.values.") && *f != "V.values.notes.npy");
    assert_eq!(values.count(), 1);

    // A sidecar of the earlier layout (fixed names) is replaced and its files removed.
    let dir = scratch("replace_v1");
    std::fs::write(dir.join("V.values.npy"), b"v1").unwrap();
    let v1 = json!({ "format": "neurodim-monitor", "version": 1,
        "arrays": { "values": { "file": "V.values.npy" }, "evil": { "file": "../outside.npy" } } });
    std::fs::write(dir.join("V.json"), v1.to_string()).unwrap();
    snapshot_after(&dir, &a);
    assert!(!dir.join("V.values.npy").exists());
}

/// Exports `mon` as "V" into `dir`, verifies it, and returns the directory's files.
fn snapshot_after(dir: &Path, mon: &StateMonitor<Voltage>) -> BTreeMap<String, Vec<u8>> {
    let sidecar = export(mon, dir, "V", &Metadata::new()).unwrap();
    verify_export(&sidecar).unwrap();
    snapshot(dir)
}

#[test]
fn verify_export_refuses_a_mix_of_two_exports_and_damaged_files() {
    let dir = scratch("verify");
    let spikes = |n: u64| {
        let env = Environment::new(0.1 * ms).unwrap();
        let mut mon = SpikeMonitor::new(3).unwrap();
        for i in 0..n {
            mon.record(&env.step(i), &[i % 2 == 0, i % 3 == 0, true]).unwrap();
        }
        mon
    };
    let sidecar = export(&spikes(10), &dir, "E", &Metadata::new()).unwrap();
    let stale = std::fs::read(&sidecar).unwrap();
    export(&spikes(20), &dir, "E", &Metadata::new()).unwrap();
    let current = std::fs::read(&sidecar).unwrap();

    // A sidecar of the first export next to the arrays of the second: its own arrays are
    // gone, so it is refused rather than read with the second export's arrays.
    std::fs::write(&sidecar, &stale).unwrap();
    match verify_export(&sidecar).unwrap_err() {
        IoError::Read { source, .. } => assert_eq!(source.kind(), std::io::ErrorKind::NotFound),
        other => panic!("{other}"),
    }
    std::fs::write(&sidecar, &current).unwrap();
    let fields = verify_export(&sidecar).unwrap();

    // An array whose contents changed, or were cut short.
    let times = dir.join(fields["arrays"]["times"]["file"].as_str().unwrap());
    let good = std::fs::read(&times).unwrap();
    let mut changed = good.clone();
    *changed.last_mut().unwrap() ^= 1;
    for damaged in [changed, good[..good.len() - 8].to_vec()] {
        std::fs::write(&times, &damaged).unwrap();
        assert!(
            matches!(verify_export(&sidecar), Err(IoError::Corrupt { path, .. }) if path == times)
        );
    }
    std::fs::write(&times, &good).unwrap();

    // A sidecar of another version, or not JSON.
    let mut json: Value = serde_json::from_slice(&current).unwrap();
    json["version"] = json!(1);
    std::fs::write(&sidecar, json.to_string()).unwrap();
    let err = verify_export(&sidecar).unwrap_err().to_string();
    assert!(
        err.ends_with(
            "format \"neurodim-monitor\" version 1, expected \"neurodim-monitor\" version 2"
        ),
        "{err}"
    );
    std::fs::write(&sidecar, &current[..current.len() / 2]).unwrap();
    assert!(matches!(verify_export(&sidecar), Err(IoError::Corrupt { .. })));
}

#[cfg(feature = "plot")]
#[test]
fn raster_png_survives_a_failure_at_every_operation() {
    let dir = scratch("raster");
    let path = dir.join("raster.png");
    let env = Environment::new(0.1 * ms).unwrap();
    let mut mon = SpikeMonitor::new(10).unwrap();
    for i in 0..200u64 {
        let fired: Vec<bool> = (0..10u64).map(|j| (i + j) % 17 == 0).collect();
        mon.record(&env.step(i), &fired).unwrap();
    }
    raster_png(&path, &mon, &RasterOptions::new(300, 200).unwrap()).unwrap();
    let before = snapshot(&dir);
    let bigger = RasterOptions::new(400, 300).unwrap();
    // create, sync, rename, sync the directory (the plotting library writes by itself).
    for n in 0..3 {
        let mut files = FailingFiles::new(n);
        assert!(raster_png_with(&mut files, &path, &mon, &bigger).is_err());
        assert!(files.failed());
        assert_unchanged(&dir, &before, &format!("operation {n}"));
    }
    let mut files = FailingFiles::new(u64::MAX);
    raster_png_with(&mut files, &path, &mon, &bigger).unwrap();
    assert_eq!(files.operations(), 4);
    assert_ne!(snapshot(&dir), before);
    assert_eq!(snapshot(&dir).len(), 1);
}
