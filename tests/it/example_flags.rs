//! The network examples' command-line support (`examples/common`): durations with units, and
//! the built `coba` example's exit code and JSON.

#[path = "../../examples/common/mod.rs"]
mod common;

use common::parse_duration;
use neurodim::prelude::*;

#[test]
fn durations_parse_with_units() {
    assert_eq!(parse_duration("500ms").unwrap(), 500.0 * ms);
    assert_eq!(parse_duration("10s").unwrap(), 10.0 * s);
    assert_eq!(parse_duration(" 0.5 s").unwrap(), 0.5 * s);
    assert!(parse_duration("10").is_err());
    assert!(parse_duration("-1s").is_err());
    assert!(parse_duration("1h").is_err());
}

#[test]
fn a_duration_shorter_than_one_step_is_an_error() {
    let err = common::steps_of(0.04 * ms, 0.1 * ms).unwrap_err();
    assert_eq!(err, "--duration 0.04 ms is shorter than one step (dt = 0.1 ms)");
    assert!(!err.contains('\n'));
    assert_eq!(common::steps_of(0.05 * ms, 0.1 * ms), Ok(1));
    assert_eq!(common::steps_of(1.0 * s, 0.1 * ms), Ok(10_000));
}

#[test]
fn json_numbers_are_never_nan() {
    assert_eq!(common::json_number(f64::NAN, 4), "null");
    assert_eq!(common::json_number(f64::INFINITY, 4), "null");
    assert_eq!(common::json_number(50.71234, 2), "50.71");
}

#[test]
fn threads_beyond_the_machine_are_refused() {
    let parse = |threads: &str| {
        let flags = ["--threads", threads].into_iter().map(String::from);
        common::NetworkArgs::parse(flags, &["a"], "r.png")
    };
    assert!(parse("5000").unwrap_err().starts_with("--threads 5000 is more than"));
    assert!(parse("1").unwrap().is_some());
    assert!(common::max_threads() <= 1024);
}

#[test]
fn memory_beyond_the_machine_is_an_error_that_says_how_much() {
    use neurodim::benchmarks::estimated_bytes;
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

#[test]
fn the_example_exits_non_zero_with_one_line_for_a_duration_shorter_than_a_step() {
    let output = std::process::Command::new(coba_example())
        .args(["--duration", "0.04ms", "--no-raster"])
        .output()
        .unwrap();
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
    let output = std::process::Command::new(coba_example())
        .args(["--duration", "0.5ms", "--json", "--no-raster"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["network"], "coba");
    assert_eq!(json["duration_s"].as_f64(), Some(0.0005));
    for field in ["rate_hz", "rate_exc_hz", "rate_inh_hz"] {
        // a number (not NaN, which JSON cannot hold) or null
        assert!(json[field].is_number() || json[field].is_null(), "{field}: {}", json[field]);
    }
}
