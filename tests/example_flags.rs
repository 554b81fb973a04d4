//! The network examples' command-line support (`examples/common`): durations with units.

#[path = "../examples/common/mod.rs"]
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
    use neurodim::dynamics::network::check_memory;
    // --scale 1e9: 4e12 neurons with 80 synapses each need petabytes.
    let huge = common::estimated_bytes(1e9, 1.0 * s);
    assert!(huge.is_some_and(|bytes| bytes > 1 << 50));
    let err = check_memory("the network", huge).unwrap_err().to_string();
    assert!(err.starts_with("invalid memory: the network needs ") && err.contains("GiB"), "{err}");
    // --duration 1e6 s records 4e11 spikes of 12 bytes.
    assert!(common::estimated_bytes(1.0, 1e6 * s).is_some_and(|bytes| bytes > 4 << 40));
    assert_eq!(common::estimated_bytes(f64::MAX, f64::MAX * s), None);
    // The default run needs a few MiB.
    assert!(common::estimated_bytes(1.0, 1.0 * s).is_some_and(|bytes| bytes < 16 << 20));
}
