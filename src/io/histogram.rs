use std::path::Path;

use neurodim_dyn::DynError;
use neurodim_state::files::{AtomicFile, OsFiles};
use plotters::prelude::*;

use super::IoError;
use super::raster::{FONT_FAMILY, plot_error, register_bundled_font, tick_label};

/// Writes a histogram of `values` over `range` in `bins` equal bins as a PNG of 800 × 500
/// pixels, atomically (a temporary file renamed into place), with `title` and the x axis
/// labelled `x_desc`; values outside `range` are not counted. An error names an empty or
/// non-finite range, zero bins, or a value that is not finite.
///
/// ```
/// use neurodim::io::histogram_png;
/// let values: Vec<f64> = (0..1000).map(|i| (i as f64 / 1000.0).powi(3)).collect();
/// let path = std::env::temp_dir().join("neurodim_doc_histogram.png");
/// histogram_png(&path, &values, 0.0..1.0, 20, "w³", "w / Wmax")?;
/// assert!(std::fs::read(&path)?.starts_with(b"\x89PNG\r\n\x1a\n"));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn histogram_png(
    path: &Path,
    values: &[f64],
    range: core::ops::Range<f64>,
    bins: usize,
    title: &str,
    x_desc: &str,
) -> Result<(), IoError> {
    if !(range.start.is_finite() && range.end.is_finite() && range.start < range.end) {
        let shown = format!("{range:?}");
        return Err(DynError::invalid("range", shown, "must be finite and non-empty").into());
    }
    if bins == 0 {
        return Err(DynError::invalid("bins", bins, "must be >= 1").into());
    }
    if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
        return Err(DynError::invalid("values", bad, "must be finite").into());
    }
    let width = (range.end - range.start) / bins as f64;
    let mut counts = vec![0u64; bins];
    for &v in values.iter().filter(|v| range.contains(v)) {
        counts[(((v - range.start) / width) as usize).min(bins - 1)] += 1;
    }
    register_bundled_font()?;
    let file = AtomicFile::create(OsFiles, path).map_err(IoError::write(path))?;
    {
        let root = BitMapBackend::new(file.temp_path(), (800, 500)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT_FAMILY, 22))
            .margin(10)
            .margin_right(30)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(range.clone(), 0.0..top)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(x_desc)
            .y_desc("count")
            .x_label_formatter(&tick_label)
            .y_label_formatter(&tick_label)
            .label_style((FONT_FAMILY, 14))
            .draw()
            .map_err(plot_error)?;
        let bars = counts.iter().enumerate().map(|(k, &c)| {
            let x0 = range.start + k as f64 * width;
            Rectangle::new([(x0, 0.0), (x0 + width, c as f64)], BLUE.mix(0.6).filled())
        });
        chart.draw_series(bars).map_err(plot_error)?;
        root.present().map_err(plot_error)?;
    }
    file.commit().map_err(IoError::write(path))
}
