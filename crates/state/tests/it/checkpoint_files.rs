//! Checkpoint files: saved atomically, so that a failure at any operation of a save leaves the
//! previous file whole and loadable, and loaded back in either form.

use std::path::{Path, PathBuf};

use neurodim_state::files::FailingFiles;
use neurodim_state::*;
use neurodim_units::*;

/// A fresh directory for one test's files, under Cargo's scratch directory for tests.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("checkpoint_files").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A checkpoint of `n` values taken at `step`.
fn checkpoint(step: u64, n: usize) -> Checkpoint {
    let values = (0..n).map(|i| (step * 1000 + i as u64) as f64 * 1e-3).collect();
    Checkpoint::new(vec![StateRecord {
        path: "E.V".into(),
        kind: StateKind::Hidden,
        value_type: <Voltage as StateValue>::VALUE_TYPE,
        shape: vec![n],
        values,
    }])
    .with_metadata(CheckpointMetadata::new().with_step(step).with_precision("f64"))
}

/// The names of the files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_save_leaves_the_previous_checkpoint_intact() {
    for encoding in [CheckpointEncoding::Binary, CheckpointEncoding::Json] {
        let dir = scratch(&format!("fail_{encoding:?}"));
        let path = dir.join("run.ckpt");
        let (old, new) = (checkpoint(100, 3000), checkpoint(200, 3000));
        old.save(&path, encoding).unwrap();
        let old_bytes = std::fs::read(&path).unwrap();

        // How many operations a save takes, counted on a file of its own.
        let mut counting = FailingFiles::new(u64::MAX);
        new.save_with(&mut counting, &dir.join("count.ckpt"), encoding).unwrap();
        std::fs::remove_file(dir.join("count.ckpt")).unwrap();
        let total = counting.operations();
        // create, write (at least once), sync, rename, sync the directory
        assert!(total >= 5, "{encoding:?}: a save took {total} operations");

        for n in 0..total {
            let mut files = FailingFiles::new(n);
            let err = new.save_with(&mut files, &path, encoding).unwrap_err();
            assert!(files.failed(), "{encoding:?}, operation {n}: {err}");
            assert!(
                matches!(&err, StateError::CheckpointFile { path: p, action: "writing", .. } if *p == path),
                "{err:?}"
            );
            // Only the last operation, syncing the directory, comes after the rename.
            if n + 1 < total {
                assert_eq!(std::fs::read(&path).unwrap(), old_bytes, "{encoding:?}, op {n}");
                assert_eq!(Checkpoint::load(&path).unwrap(), old);
            } else {
                assert_eq!(Checkpoint::load(&path).unwrap(), new);
                old.save(&path, encoding).unwrap();
            }
            assert_eq!(listing(&dir), ["run.ckpt"], "{encoding:?}, op {n}: a temporary file left");
        }
        new.save(&path, encoding).unwrap();
        assert_eq!(Checkpoint::load(&path).unwrap(), new);
    }
}

#[test]
fn load_reads_either_form_and_refuses_damage() {
    let dir = scratch("load");
    let cp = checkpoint(3, 10).with_metadata(
        CheckpointMetadata::new().with_step(3).with_dt(0.1 * ms).unwrap().with_fingerprint(9),
    );
    let (bin, json) = (dir.join("a.ndck"), dir.join("a.json"));
    cp.save(&bin, CheckpointEncoding::Binary).unwrap();
    cp.save(&json, CheckpointEncoding::Json).unwrap();
    assert_eq!(Checkpoint::load(&bin).unwrap(), cp);
    assert_eq!(Checkpoint::load(&json).unwrap(), cp);
    assert_eq!(std::fs::read(&bin).unwrap(), cp.to_bytes());
    assert_eq!(std::fs::read_to_string(&json).unwrap(), cp.to_json());

    // A binary file cut short on disk, or emptied.
    let bytes = std::fs::read(&bin).unwrap();
    for len in [0, 2, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&bin, &bytes[..len]).unwrap();
        assert!(
            matches!(Checkpoint::load(&bin), Err(StateError::CheckpointCorrupt { .. })),
            "{len}"
        );
    }
    // A JSON file cut short.
    let text = std::fs::read_to_string(&json).unwrap();
    std::fs::write(&json, &text[..text.len() / 2]).unwrap();
    assert!(matches!(Checkpoint::load(&json), Err(StateError::CheckpointFormat { .. })));
    // A file that is not there.
    let missing = dir.join("missing.ndck");
    match Checkpoint::load(&missing).unwrap_err() {
        StateError::CheckpointFile { path, action, kind, .. } => {
            assert_eq!((path, action, kind), (missing, "reading", std::io::ErrorKind::NotFound))
        }
        other => panic!("{other}"),
    }
}

#[test]
fn a_save_into_a_missing_directory_names_the_file() {
    let dir = scratch("missing_dir");
    let path = dir.join("no").join("x.ckpt");
    let err = checkpoint(1, 1).save(&path, CheckpointEncoding::Binary).unwrap_err();
    assert!(err.to_string().starts_with(&format!("writing checkpoint {}: ", path.display())));
}
