use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use neurodim_dyn::DynError;
use neurodim_dyn::monitor::SpikeMonitor;
use neurodim_state::files::{AtomicFile, Files, OsFiles};
use neurodim_units::{Hz, Time, ValueIn, ms, validate};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use super::IoError;

/// DejaVu Sans, bundled so that plots need no system font (licence: assets/fonts).
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(crate) const FONT_FAMILY: &str = "sans-serif";

/// How [`raster_png`] draws: image size in pixels, a title, and an optional population-rate
/// panel with its bin width.
///
/// ```
/// use neurodim::io::RasterOptions;
/// use neurodim::prelude::*;
/// let opts = RasterOptions::new(800, 500)?.title("E population").rate_panel(5.0 * ms)?;
/// assert_eq!(opts.size(), (800, 500));
/// # Ok::<(), neurodim::io::IoError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RasterOptions {
    width: u32,
    height: u32,
    title: String,
    rate_bin: Option<Time>,
}

impl Default for RasterOptions {
    /// 1000 × 600 pixels, no title, no rate panel.
    fn default() -> Self {
        RasterOptions { width: 1000, height: 600, title: String::new(), rate_bin: None }
    }
}

impl RasterOptions {
    /// The smallest width or height that leaves room for the axes.
    pub const MIN_SIZE: u32 = 200;
    /// The largest width or height (a 16384² RGB image is already 768 MiB).
    pub const MAX_SIZE: u32 = 16384;

    /// Options for an image of `width × height` pixels, each in
    /// [`MIN_SIZE`](Self::MIN_SIZE)`..=`[`MAX_SIZE`](Self::MAX_SIZE).
    pub fn new(width: u32, height: u32) -> Result<Self, IoError> {
        for (param, value) in [("width", width), ("height", height)] {
            if !(Self::MIN_SIZE..=Self::MAX_SIZE).contains(&value) {
                return Err(
                    DynError::invalid(param, value, "must lie in 200..=16384 pixels").into()
                );
            }
        }
        Ok(RasterOptions { width, height, ..Self::default() })
    }

    /// Sets the title drawn above the plot.
    ///
    /// See [`RasterOptions`] for an example.
    pub fn title(self, title: impl Into<String>) -> Self {
        RasterOptions { title: title.into(), ..self }
    }

    /// Adds a panel below the raster with the population rate in bins of `bin` (> 0, rounded to
    /// whole steps, at least one): `r = spikes in the bin / (recorded neurons · bin duration)`,
    /// as [`SpikeMonitor::binned_rates`] computes it.
    pub fn rate_panel(self, bin: Time) -> Result<Self, IoError> {
        let bin = validate::positive("rate bin", bin).map_err(DynError::from)?;
        Ok(RasterOptions { rate_bin: Some(bin), ..self })
    }

    /// The image size in pixels, `(width, height)`.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
}

/// Draws a raster plot of `monitor` to the PNG file `path`: a dot at (spike time in ms, neuron
/// index) for every spike, over the recorded span; with [`RasterOptions::rate_panel`], the
/// population rate in Hz below it on the same time axis. The monitor must have recorded at
/// least one step.
///
/// The file is written atomically: drawn into a temporary file in the same directory, synced,
/// then renamed over `path`, so a failure leaves a previous plot at `path` as it was.
///
/// ```
/// use neurodim::io::{RasterOptions, raster_png};
/// use neurodim::prelude::*;
///
/// let env = Environment::new(0.1 * ms)?;
/// let mut mon = SpikeMonitor::new(50)?;
/// for i in 0..1000u64 {
///     let fired: Vec<bool> = (0..50u64).map(|j| (i + 7 * j) % 97 == 0).collect();
///     mon.record(&env.step(i), &fired)?;
/// }
/// let path = std::env::temp_dir().join("neurodim_doc_raster.png");
/// let opts = RasterOptions::new(600, 400)?.title("demo").rate_panel(5.0 * ms)?;
/// raster_png(&path, &mon, &opts)?;
/// assert!(std::fs::read(&path)?.starts_with(b"\x89PNG\r\n\x1a\n"));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn raster_png(
    path: &Path,
    monitor: &SpikeMonitor,
    options: &RasterOptions,
) -> Result<(), IoError> {
    raster_png_with(OsFiles, path, monitor, options)
}

/// [`raster_png`] through `files`: [`OsFiles`], or a stand-in such as
/// [`FailingFiles`](neurodim_state::files::FailingFiles) in a test of failures. The plotting
/// library writes the temporary file itself, so only creating, syncing and renaming it go
/// through `files`.
///
/// ```
/// use neurodim::io::{RasterOptions, raster_png_with};
/// use neurodim::prelude::*;
/// use neurodim::state::{Environment, files::FailingFiles};
///
/// let mut mon = SpikeMonitor::new(2)?;
/// mon.record(&Environment::new(0.1 * ms)?.step(0), &[true, false])?;
/// let path = std::env::temp_dir().join("neurodim_doc_raster_with.png");
/// // Creating the temporary file fails: nothing is drawn, nothing is left.
/// assert!(raster_png_with(FailingFiles::new(0), &path, &mon, &RasterOptions::default()).is_err());
/// assert!(!path.exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn raster_png_with<F: Files>(
    files: F,
    path: &Path,
    monitor: &SpikeMonitor,
    options: &RasterOptions,
) -> Result<(), IoError> {
    monitor.dt().ok_or_else(|| {
        DynError::invalid(
            "spike monitor",
            "no recorded step",
            "must have recorded at least one step",
        )
    })?;
    register_bundled_font()?;
    // Create the file first, so that an unwritable path is reported as such, with its path,
    // rather than as a drawing failure after all the work.
    let file = AtomicFile::create(files, path).map_err(IoError::write(path))?;
    draw(file.temp_path(), monitor, options)?;
    file.commit().map_err(IoError::write(path))
}

/// Draws the plot of [`raster_png`] into the PNG file `path`, which is written by the plotting
/// library when this returns (every drawing area, and with it the bitmap, is dropped here).
fn draw(path: &Path, monitor: &SpikeMonitor, options: &RasterOptions) -> Result<(), IoError> {
    let span = monitor.recorded_span();
    let (t0, t1) = (span.start.value_in(ms), span.end.value_in(ms));
    let population = monitor.population() as f64;

    let root = BitMapBackend::new(path, options.size()).into_drawing_area();
    root.fill(&WHITE).map_err(plot_error)?;
    let body = if options.title.is_empty() {
        root.clone()
    } else {
        root.titled(&options.title, (FONT_FAMILY, 22)).map_err(plot_error)?
    };
    let (raster_area, rate_area) = match options.rate_bin {
        Some(_) => {
            let raster_height = body.dim_in_pixel().1 * 7 / 10;
            let (top, bottom) = body.split_vertically(raster_height);
            (top, Some(bottom))
        }
        None => (body, None),
    };

    let mut raster = time_chart(&raster_area, t0..t1, 0.0..population, "neuron index")?;
    // A dot about one neuron's row high, clamped so that it stays visible and distinct.
    let radius = (raster_area.dim_in_pixel().1 as f64 / population / 2.0).clamp(1.0, 3.0) as i32;
    let dots = monitor
        .spike_times()
        .zip(monitor.spike_indices())
        .map(|(t, &j)| Circle::new((t.value_in(ms), j as f64 + 0.5), radius, BLACK.filled()));
    raster.draw_series(dots).map_err(plot_error)?;

    if let (Some(area), Some(bin)) = (rate_area, options.rate_bin) {
        let bins: Vec<(f64, f64, f64)> = monitor
            .binned_rates(bin)?
            .into_iter()
            .map(|(t, r)| (t.start.value_in(ms), t.end.value_in(ms), r.value_in(Hz)))
            .collect();
        let max_rate = bins.iter().map(|&(_, _, r)| r).fold(0.0, f64::max);
        let mut chart = time_chart(&area, t0..t1, 0.0..(max_rate * 1.1).max(1.0), "rate (Hz)")?;
        let steps = bins.iter().flat_map(|&(start, end, r)| [(start, r), (end, r)]);
        chart.draw_series(LineSeries::new(steps, BLUE.stroke_width(2))).map_err(plot_error)?;
    }
    root.present().map_err(plot_error)
}

/// The area a [`DrawingArea`] of the bitmap backend covers.
type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// A chart on `area` with time in ms on x over `time` and `y_desc` on y over `y`, axes drawn.
fn time_chart<'a, 'b>(
    area: &'a Area<'b>,
    time: Range<f64>,
    y: Range<f64>,
    y_desc: &str,
) -> Result<ChartContext<'a, BitMapBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>, IoError>
{
    let mut chart = ChartBuilder::on(area)
        .margin(10)
        .margin_right(30)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(time, y)
        .map_err(plot_error)?;
    // About one label per 90 px across and 40 px up, so that labels never run together.
    let (width, height) = area.dim_in_pixel();
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels((width / 90).max(2) as usize)
        .y_labels((height / 40).max(2) as usize)
        .x_desc("time (ms)")
        .y_desc(y_desc)
        .label_style((FONT_FAMILY, 14))
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .draw()
        .map_err(plot_error)?;
    Ok(chart)
}

/// A drawing failure of plotters, as an [`IoError`].
pub(crate) fn plot_error<E: std::error::Error + Send + Sync>(
    e: DrawingAreaErrorKind<E>,
) -> IoError {
    IoError::Plot(e.to_string())
}

/// A tick value with at most 6 decimals and no trailing zeros: `20`, `0.25`, not `20.0` or
/// `0.30000000000000004`.
pub(crate) fn tick_label(x: &f64) -> String {
    let fixed = format!("{x:.6}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    if trimmed == "-0" { "0".into() } else { trimmed.into() }
}

/// Registers the bundled font with plotters once per process.
pub(crate) fn register_bundled_font() -> Result<(), IoError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok =
        *REGISTERED.get_or_init(|| register_font(FONT_FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok { Ok(()) } else { Err(IoError::Plot("the bundled font could not be loaded".into())) }
}

#[cfg(test)]
mod tests {
    use crate::io::RasterOptions;
    use crate::prelude::*;

    #[test]
    fn the_smallest_size() {
        assert!(RasterOptions::new(RasterOptions::MIN_SIZE, 400).is_ok());
        assert!(RasterOptions::new(RasterOptions::MIN_SIZE - 1, 400).is_err());
    }

    #[test]
    fn beyond_the_largest_size() {
        assert!(RasterOptions::new(400, RasterOptions::MAX_SIZE + 1).is_err());
    }

    #[test]
    fn new_refuses_a_size_out_of_range() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(RasterOptions::new(640, 480)?.size(), (640, 480));
        assert_eq!(
            RasterOptions::new(640, 20_000).unwrap_err().to_string(),
            "invalid height: 20000 (must lie in 200..=16384 pixels)"
        );
        Ok(())
    }

    #[test]
    fn the_bin_must_be_positive_and_finite() {
        assert!(RasterOptions::default().rate_panel(2.0 * ms).is_ok());
        assert!(RasterOptions::default().rate_panel(f64::NAN * ms).is_err());
    }

    #[test]
    fn default_size() {
        assert_eq!(RasterOptions::default().size(), (1000, 600));
    }

    #[test]
    fn too_small_a_size_or_a_zero_bin_is_refused() {
        assert!(RasterOptions::new(10, 500).is_err());
        assert!(RasterOptions::default().rate_panel(0.0 * ms).is_err());
    }
}
