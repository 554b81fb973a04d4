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
