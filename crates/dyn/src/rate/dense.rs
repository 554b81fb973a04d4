//! The one matrix kernel of the rate models: `Y = X · W (+ b)` over a batch of rows, by nalgebra.

use nalgebra::{DMatrixView, DMatrixViewMut};

/// Computes `y = x · w + b` for `rows` row vectors at once, without allocating.
///
/// All buffers are row-major: `x` is `[rows, num_in]`, `w` is `[num_in, num_out]`, `bias` is
/// `[num_out]` and `y` is `[rows, num_out]`. A row-major `[r, c]` buffer is the column-major
/// `c × r` matrix nalgebra sees as its transpose, so the product is computed as
/// `yᵀ = wᵀ · xᵀ` on views of the same memory (nalgebra hands large products to
/// `matrixmultiply`). The caller guarantees the lengths.
pub(crate) fn affine(
    x: &[f64],
    rows: usize,
    w: &[f64],
    num_in: usize,
    num_out: usize,
    bias: Option<&[f64]>,
    y: &mut [f64],
) {
    debug_assert_eq!(x.len(), rows * num_in);
    debug_assert_eq!(w.len(), num_in * num_out);
    debug_assert_eq!(y.len(), rows * num_out);
    let beta = match bias {
        Some(b) => {
            y.chunks_exact_mut(num_out).for_each(|row| row.copy_from_slice(b));
            1.0
        }
        None => 0.0, // nalgebra does not read `y` when beta is 0
    };
    let wt = DMatrixView::from_slice(w, num_out, num_in);
    let xt = DMatrixView::from_slice(x, num_in, rows);
    let mut yt = DMatrixViewMut::from_slice(y, num_out, rows);
    yt.gemm(1.0, &wt, &xt, beta);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-computed product, small (nalgebra's own loop) and large (`matrixmultiply`).
    #[test]
    fn matches_the_definition() {
        // x = [[1, 2]], w = [[1, 2, 3], [4, 5, 6]], b = [0.5, 0, -1]: y = [9.5, 12, 14]
        let mut y = [0.0; 3];
        affine(
            &[1.0, 2.0],
            1,
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            2,
            3,
            Some(&[0.5, 0.0, -1.0]),
            &mut y,
        );
        assert_eq!(y, [9.5, 12.0, 14.0]);

        let (rows, num_in, num_out) = (7, 9, 8);
        let x: Vec<f64> = (0..rows * num_in).map(|k| (k as f64 * 0.37).sin()).collect();
        let w: Vec<f64> = (0..num_in * num_out).map(|k| (k as f64 * 0.11).cos()).collect();
        let mut y = vec![f64::NAN; rows * num_out];
        affine(&x, rows, &w, num_in, num_out, None, &mut y);
        for r in 0..rows {
            for j in 0..num_out {
                let expected: f64 =
                    (0..num_in).map(|i| x[r * num_in + i] * w[i * num_out + j]).sum();
                assert!((y[r * num_out + j] - expected).abs() < 1e-12);
            }
        }
    }
}
