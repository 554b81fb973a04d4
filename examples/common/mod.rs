//! Command-line support shared by the network examples (`coba`, `cuba`): flag parsing,
//! durations such as `500ms` or `10s`, peak memory, a progress bar on stderr, and the run and
//! its report ([`run::run`]).
#![allow(dead_code)] // each example uses the part it needs

pub mod run;

use std::io::Write;
use std::time::Instant;

use neurodim::prelude::*;

/// The flags every network example accepts.
#[derive(Debug, Clone)]
pub struct NetworkArgs {
    /// Which parameter set (`brainstate` by default).
    pub variant: String,
    /// Network size multiplier: N = 4 000 · scale.
    pub scale: f64,
    /// Simulated time.
    pub duration: Time,
    /// The run's seed.
    pub seed: u64,
    /// Worker threads (1 = single-threaded).
    pub threads: usize,
    /// Where to write the raster plot, if anywhere.
    pub raster: Option<String>,
    /// The precision of the network's states: `"f64"` (default) or `"f32"`.
    pub precision: &'static str,
    /// Print one JSON object on stdout instead of the human summary.
    pub json: bool,
}

impl NetworkArgs {
    /// Parses `std::env::args`, exiting with a usage message on `--help` or a bad flag.
    pub fn from_env(example: &str, variants: &[&str], default_raster: &str) -> NetworkArgs {
        match Self::parse(std::env::args().skip(1), variants, default_raster) {
            Ok(Some(args)) => args,
            Ok(None) => {
                println!("{}", usage(example, variants));
                std::process::exit(0);
            }
            Err(message) => {
                eprintln!("error: {message}\n\n{}", usage(example, variants));
                std::process::exit(2);
            }
        }
    }

    /// Parses flags; `Ok(None)` means `--help` was asked for.
    pub fn parse(
        mut flags: impl Iterator<Item = String>,
        variants: &[&str],
        default_raster: &str,
    ) -> Result<Option<NetworkArgs>, String> {
        let mut args = NetworkArgs {
            variant: variants[0].to_string(),
            scale: 1.0,
            duration: 1.0 * s,
            seed: 0,
            threads: 1,
            raster: Some(default_raster.to_string()),
            precision: "f64",
            json: false,
        };
        while let Some(flag) = flags.next() {
            let mut value = |name: &str| flags.next().ok_or(format!("{name} needs a value"));
            match flag.as_str() {
                "-h" | "--help" => return Ok(None),
                "--variant" => {
                    let v = value("--variant")?;
                    if !variants.contains(&v.as_str()) {
                        return Err(format!(
                            "unknown variant `{v}` (expected one of {variants:?})"
                        ));
                    }
                    args.variant = v;
                }
                "--scale" => {
                    let v = value("--scale")?;
                    args.scale =
                        v.parse().map_err(|_| format!("--scale: `{v}` is not a number"))?;
                    if !(args.scale.is_finite() && args.scale > 0.0) {
                        return Err(format!("--scale must be > 0, got {v}"));
                    }
                }
                "--duration" => args.duration = parse_duration(&value("--duration")?)?,
                "--seed" => {
                    let v = value("--seed")?;
                    args.seed =
                        v.parse().map_err(|_| format!("--seed: `{v}` is not an integer"))?;
                }
                "--threads" => {
                    let v = value("--threads")?;
                    args.threads =
                        v.parse().map_err(|_| format!("--threads: `{v}` is not an integer"))?;
                    if args.threads == 0 {
                        return Err("--threads must be >= 1".into());
                    }
                    if args.threads > max_threads() {
                        return Err(format!(
                            "--threads {} is more than this machine can use (at most {})",
                            args.threads,
                            max_threads()
                        ));
                    }
                }
                "--precision" => {
                    args.precision = match value("--precision")?.as_str() {
                        "f64" => "f64",
                        "f32" => "f32",
                        other => {
                            return Err(format!("--precision must be f32 or f64, got `{other}`"));
                        }
                    }
                }
                "--raster" => args.raster = Some(value("--raster")?),
                "--no-raster" => args.raster = None,
                "--json" => args.json = true,
                other => return Err(format!("unknown flag `{other}`")),
            }
        }
        Ok(Some(args))
    }
}

fn usage(example: &str, variants: &[&str]) -> String {
    format!(
        "usage: cargo run --release --example {example} -- [flags]\n\
         \n  --variant NAME     parameter set: {}\n  --scale S          N = 4000 * S neurons (default 1)\n  \
         --duration D       simulated time, e.g. 500ms, 1s, 10s (default 1s)\n  --seed N           run seed (default 0)\n  \
         --threads N        worker threads (default 1)\n  --precision P      state storage: f64 (default) or f32\n  --raster PATH      raster plot PNG path\n  \
         --no-raster        do not write a raster plot\n  --json             one JSON object on stdout",
        variants.join(", ")
    )
}

/// A duration such as `500ms`, `1s`, `10 s`, `0.25s`, `100us`.
pub fn parse_duration(text: &str) -> Result<Time, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or(format!("duration `{text}` needs a unit (us, ms or s), e.g. 500ms"))?;
    let (number, unit) = text.split_at(split);
    let x: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("duration `{text}`: `{number}` is not a number"))?;
    let unit = match unit {
        "s" => s,
        "ms" => ms,
        "us" => us,
        other => return Err(format!("duration `{text}`: unknown unit `{other}` (us, ms or s)")),
    };
    if !(x.is_finite() && x > 0.0) {
        return Err(format!("duration `{text}` must be > 0"));
    }
    Ok(x * unit)
}

/// The most worker threads a run may ask for: 4 per hardware thread of this machine, and
/// never more than 1024 (setting up thousands of threads takes minutes and gains nothing).
pub fn max_threads() -> usize {
    let parallelism = std::thread::available_parallelism().map_or(1, |n| n.get());
    parallelism.saturating_mul(4).min(1024)
}

/// The number of steps of `dt` in `duration`, which must be at least one step.
pub fn steps_of(duration: Time, dt: Time) -> Result<u64, String> {
    let steps = (duration.value / dt.value).round();
    // NaN (a zero dt cannot occur, but a NaN duration could) is refused too.
    if steps.is_nan() || steps < 1.0 {
        return Err(format!(
            "--duration {} is shorter than one step (dt = {})",
            duration.display(),
            dt.display()
        ));
    }
    if steps >= u64::MAX as f64 {
        return Err(format!(
            "--duration {} has too many steps of {}",
            duration.display(),
            dt.display()
        ));
    }
    Ok(steps as u64)
}

/// `x` as a JSON number with `decimals` decimals, or `null` if it is not finite (JSON has no
/// NaN or infinity).
pub fn json_number(x: f64, decimals: usize) -> String {
    if x.is_finite() { format!("{x:.decimals$}") } else { "null".to_string() }
}

/// The process's peak resident memory in MiB (Linux `VmHWM`); `None` elsewhere.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// A progress bar on stderr, redrawn at most every 1 %, silent when `quiet`.
pub struct Progress {
    total: u64,
    last_percent: u64,
    started: Instant,
    quiet: bool,
}

impl Progress {
    /// A bar over `total` steps.
    pub fn new(total: u64, quiet: bool) -> Progress {
        Progress { total: total.max(1), last_percent: u64::MAX, started: Instant::now(), quiet }
    }

    /// Reports that `done` steps are complete.
    pub fn update(&mut self, done: u64) {
        let percent = done * 100 / self.total;
        if self.quiet || percent == self.last_percent {
            return;
        }
        self.last_percent = percent;
        let filled = (percent / 4) as usize;
        let elapsed = self.started.elapsed().as_secs_f64();
        eprint!("\r[{:<25}] {percent:>3}%  {elapsed:.1} s", "#".repeat(filled));
        if done >= self.total {
            eprintln!();
        }
        let _ = std::io::stderr().flush();
    }
}
