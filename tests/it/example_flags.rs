//! The network examples' command line (`examples/common`), through the built `coba` example:
//! its flags and their checks, its exit codes, and its JSON; and the memory estimate it checks
//! before building.

use neurodim::benchmarks::estimated_bytes;
use neurodim::units::s;

#[test]
fn memory_beyond_the_machine_is_an_error_that_says_how_much() {
    use neurodim::dynamics::network::check_memory;
    // --scale 1e9: 4e12 neurons with 80 synapses each need petabytes.
    let huge = estimated_bytes(1e9, 1.0 * s);
    assert!(huge.is_some_and(|bytes| bytes > 1 << 50));
    let err = check_memory("the network", huge).unwrap_err().to_string();
    assert!(err.starts_with("invalid memory: the network needs ") && err.contains("GiB"), "{err}");
    // --duration 1e6 s records 4e11 spikes of 12 bytes.
    assert!(estimated_bytes(1.0, 1e6 * s).is_some_and(|bytes| bytes > 4 << 40));
    assert_eq!(estimated_bytes(f64::MAX, f64::MAX * s), None);
    // The default run needs a few MiB.
    assert!(estimated_bytes(1.0, 1.0 * s).is_some_and(|bytes| bytes < 16 << 20));
}

/// The built `coba` example, next to this test's binary (`target/<profile>/examples/coba`),
/// brought up to date once per test run by `cargo build` with this test's profile and features:
/// a no-op under `cargo test`, which builds the examples before it runs the tests, and a build
/// when this file runs alone (`--test it example_flags::`) or the example changed since.
fn coba_example() -> &'static std::path::Path {
    static EXAMPLE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    EXAMPLE.get_or_init(|| {
        // target/<profile>/deps/example_flags-<hash>
        let exe = std::env::current_exe().unwrap();
        let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
        let features: Vec<&str> = [
            ("benchmarks", cfg!(feature = "benchmarks")),
            ("io", cfg!(feature = "io")),
            ("parallel", cfg!(feature = "parallel")),
            ("plot", cfg!(feature = "plot")),
        ]
        .into_iter()
        .filter_map(|(name, on)| on.then_some(name))
        .collect();
        let profile = match profile_dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") | None => "dev",
            Some(other) => other,
        };
        let status = std::process::Command::new(env!("CARGO"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["build", "--quiet", "--example", "coba", "--profile", profile])
            .args(["--no-default-features", "--features", &features.join(",")])
            .status()
            .unwrap();
        assert!(status.success(), "cargo build --example coba: {status}");
        profile_dir.join("examples").join(format!("coba{}", std::env::consts::EXE_SUFFIX))
    })
}

/// The built `coba` example run with `flags`.
fn coba(flags: &[&str]) -> std::process::Output {
    std::process::Command::new(coba_example()).args(flags).output().unwrap()
}

/// The JSON object of a successful `coba --json` run with `flags` (and no raster).
#[cfg(feature = "io")]
fn coba_json(flags: &[&str]) -> serde_json::Value {
    let output = coba(&[flags, &["--json", "--no-raster"]].concat());
    assert!(output.status.success(), "{flags:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The message of a `coba` run with `flags` that clap refuses: exit status 2, nothing on stdout.
fn refused(flags: &[&str]) -> String {
    let output = coba(flags);
    assert_eq!(output.status.code(), Some(2), "{flags:?}: {:?}", output.status);
    assert!(output.stdout.is_empty());
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn durations_without_a_unit_or_not_positive_are_refused() {
    let err = refused(&["--duration", "10"]);
    assert!(err.contains("invalid value '10' for '--duration <D>': needs a unit"), "{err}");
    let err = refused(&["--duration", "-1s"]);
    assert!(err.contains("invalid value '-1s' for '--duration <D>': must be > 0"), "{err}");
    let err = refused(&["--duration", "1h"]);
    assert!(err.contains("'--duration <D>': unknown unit `h` (us, ms or s)"), "{err}");
    let err = refused(&["--scale", "0"]);
    assert!(err.contains("invalid value '0' for '--scale <S>': must be > 0"), "{err}");
}

/// 200 neurons (the smallest scales cannot have 80 targets per source).
#[cfg(feature = "io")]
const SMALL: [&str; 2] = ["--scale", "0.05"];

#[cfg(feature = "io")]
#[test]
fn durations_parse_with_units_and_round_to_whole_steps() {
    for (duration, seconds) in
        [("500ms", 0.5), (" 0.5 s", 0.5), ("200us", 0.0002), ("0.05ms", 0.0001)]
    {
        let json = coba_json(&[&SMALL[..], &["--duration", duration]].concat());
        assert_eq!(json["duration_s"].as_f64(), Some(seconds), "--duration {duration:?}");
    }
    // the default: 1 s, 10 000 steps of 0.1 ms
    assert_eq!(coba_json(&SMALL)["duration_s"].as_f64(), Some(1.0));
}

#[test]
fn threads_beyond_the_machine_are_refused() {
    let err = refused(&["--threads", "5000"]);
    let refusal = "invalid value '5000' for '--threads <N>': 5000 is more than this machine can \
                   use (at most ";
    let at_most = err.split_once(refusal).map(|(_, rest)| rest).unwrap_or_else(|| panic!("{err}"));
    let at_most: usize = at_most.split(')').next().unwrap().parse().unwrap();
    assert!((1..=1024).contains(&at_most), "{err}");
    assert!(refused(&["--threads", "0"]).contains("'--threads <N>': must be >= 1"));
}

/// The flags that `benches/peers/compare.py` passes, and the keys it reads from the JSON.
#[cfg(feature = "io")]
#[test]
fn the_flags_and_json_keys_of_the_peer_comparison_work() {
    let json = coba_json(&[
        "--variant",
        "brainstate",
        "--scale",
        "0.05",
        "--threads",
        "1",
        "--precision",
        "f32",
        "--duration",
        "0.5ms",
        "--seed",
        "3",
    ]);
    assert_eq!((json["variant"].as_str(), json["seed"].as_u64()), (Some("brainstate"), Some(3)));
    assert_eq!((json["threads"].as_u64(), json["precision"].as_str()), (Some(1), Some("f32")));
    assert_eq!(json["neurons"].as_u64(), Some(200));
    for key in ["sim_s", "duration_s", "spikes", "rate_hz", "synapses", "build_s"] {
        assert!(json[key].is_number(), "{key}: {}", json[key]);
    }
    assert!(json["peak_rss_mib"].is_number() || json["peak_rss_mib"].is_null());
}

#[test]
fn the_example_exits_non_zero_with_one_line_for_a_duration_shorter_than_a_step() {
    let output = coba(&["--duration", "0.04ms", "--no-raster"]);
    assert!(!output.status.success(), "{:?}", output.status);
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("--duration 0.04 ms is shorter than one step (dt = 0.1 ms)"),
        "{stderr}"
    );
}

#[cfg(feature = "io")]
#[test]
fn the_example_prints_valid_json_with_finite_rates() {
    // 0.5 ms: a few steps, few or no spikes yet
    let json = coba_json(&["--duration", "0.5ms"]);
    assert_eq!(json["network"], "coba");
    assert_eq!(json["duration_s"].as_f64(), Some(0.0005));
    for field in ["rate_hz", "rate_exc_hz", "rate_inh_hz"] {
        // a number (not NaN, which JSON cannot hold) or null
        assert!(json[field].is_number() || json[field].is_null(), "{field}: {}", json[field]);
    }
}
