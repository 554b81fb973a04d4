//! Command-line support shared by the network examples (`coba`, `cuba`): the flags (clap),
//! durations such as `500ms` or `10s`, peak memory, a progress bar on stderr (indicatif), and
//! the run and its report ([`run::run`]).
#![allow(dead_code)] // each example uses the part it needs

pub mod run;

use clap::builder::PossibleValuesParser;
use clap::{CommandFactory, FromArgMatches, Parser, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
// Not the prelude: its constant `s` would be a pattern in the code clap derives.
use neurodim::units::{DisplayField, Time, ms, s as second, us};

/// The flags every network example accepts; [`NetworkArgs::from_env`] adds the example's
/// variants and raster path.
#[derive(Debug, Clone, Parser)]
#[command(about = "Builds the network, runs it and reports its spike rates")]
pub struct NetworkArgs {
    /// Parameter set
    #[arg(long, value_name = "NAME")]
    pub variant: String,
    /// Network size: N = 4000 * S neurons
    #[arg(long, value_name = "S", default_value_t = 1.0, value_parser = parse_scale)]
    #[arg(allow_hyphen_values = true)]
    pub scale: f64,
    /// Simulated time, e.g. 500ms, 1s, 10s
    #[arg(long, value_name = "D", default_value = "1s", value_parser = parse_duration)]
    #[arg(allow_hyphen_values = true)]
    pub duration: Time,
    /// Run seed
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Worker threads
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = parse_threads)]
    pub threads: usize,
    /// State storage
    #[arg(long, value_name = "P", value_enum, default_value_t = Precision::F64)]
    pub precision: Precision,
    /// Raster plot PNG path (built with `--features plot`)
    #[arg(long, value_name = "PATH", overrides_with = "no_raster")]
    pub raster: Option<String>,
    /// Do not write a raster plot
    #[arg(long, overrides_with = "raster")]
    pub no_raster: bool,
    /// One JSON object on stdout instead of the summary, and no progress bar
    #[arg(long)]
    pub json: bool,
}

/// The precision of the network's states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Precision {
    F32,
    F64,
}

impl NetworkArgs {
    /// Parses `std::env::args` for `example`, whose parameter sets are `variants` (the first
    /// is the default) and whose raster plot goes to `default_raster` unless `--raster` or
    /// `--no-raster` (the last one given) says otherwise. Exits with clap's message (status 2)
    /// on a bad flag, and after `--help`.
    pub fn from_env(
        example: &'static str,
        variants: &'static [&'static str],
        default_raster: &str,
    ) -> NetworkArgs {
        let command = NetworkArgs::command()
            .name(example)
            .mut_arg("variant", |arg| {
                let parser = PossibleValuesParser::new(variants);
                arg.value_parser(parser).default_value(variants[0]).required(false)
            })
            .mut_arg("raster", |arg| {
                arg.help(format!("Raster plot PNG path [default: {default_raster}]"))
            });
        let matches = command.get_matches();
        let mut args = NetworkArgs::from_arg_matches(&matches).unwrap_or_else(|err| err.exit());
        if args.no_raster {
            args.raster = None;
        } else {
            args.raster.get_or_insert_with(|| default_raster.to_string());
        }
        args
    }
}

/// `--scale`: a finite number > 0.
fn parse_scale(text: &str) -> Result<f64, String> {
    let scale: f64 = text.parse().map_err(|_| format!("`{text}` is not a number"))?;
    if !(scale.is_finite() && scale > 0.0) {
        return Err("must be > 0".into());
    }
    Ok(scale)
}

/// `--threads`: from 1 to [`max_threads`].
fn parse_threads(text: &str) -> Result<usize, String> {
    let threads: usize = text.parse().map_err(|_| format!("`{text}` is not an integer"))?;
    if threads == 0 {
        return Err("must be >= 1".into());
    }
    if threads > max_threads() {
        return Err(format!(
            "{threads} is more than this machine can use (at most {})",
            max_threads()
        ));
    }
    Ok(threads)
}

/// A duration such as `500ms`, `1s`, `10 s`, `0.25s`, `100us`.
pub fn parse_duration(text: &str) -> Result<Time, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .ok_or("needs a unit (us, ms or s), e.g. 500ms")?;
    let (number, unit) = text.split_at(split);
    let x: f64 = number.trim().parse().map_err(|_| format!("`{number}` is not a number"))?;
    let unit = match unit {
        "s" => second,
        "ms" => ms,
        "us" => us,
        other => return Err(format!("unknown unit `{other}` (us, ms or s)")),
    };
    if !(x.is_finite() && x > 0.0) {
        return Err("must be > 0".into());
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

/// A progress bar over `steps` steps on stderr; hidden with `--json` (`json`), and (by
/// indicatif) when stderr is not a terminal.
pub fn progress_bar(steps: u64, json: bool) -> ProgressBar {
    if json {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template("[{bar:25}] {percent:>3}%  {elapsed_precise}")
        .expect("a valid template")
        .progress_chars("#>-");
    ProgressBar::with_draw_target(Some(steps), ProgressDrawTarget::stderr()).with_style(style)
}
