//! Householder QR, enough for [`Orthogonal`](crate::init::Orthogonal): the thin `Q` of a tall
//! matrix and the signs of `diag(R)`.

/// The thin QR factorisation `A = Q R` of a row-major `m × k` matrix (`m ≥ k`), by Householder
/// reflections; returns `Q` (`m × k`, row-major, orthonormal columns) and `diag(R)`.
pub(crate) fn thin_qr(mut a: Vec<f64>, m: usize, k: usize) -> (Vec<f64>, Vec<f64>) {
    debug_assert!(m >= k && a.len() == m * k);
    let mut reflectors: Vec<Vec<f64>> = Vec::with_capacity(k);
    let mut r_diag = Vec::with_capacity(k);
    for j in 0..k {
        let norm = (j..m).map(|i| a[i * k + j] * a[i * k + j]).sum::<f64>().sqrt();
        // Reflect x onto −sign(x₀)‖x‖e₀, the choice that avoids cancellation in v = x − αe₀.
        let alpha = if a[j * k + j] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (j..m).map(|i| a[i * k + j]).collect();
        v[0] -= alpha;
        let v_norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if v_norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= v_norm);
            apply_reflector(&v, &mut a, j, k, j..k);
        }
        r_diag.push(a[j * k + j]);
        reflectors.push(v);
    }
    // Q = H₀ H₁ … H_{k−1} applied to the first k columns of the identity.
    let mut q = vec![0.0; m * k];
    (0..k).for_each(|j| q[j * k + j] = 1.0);
    for (j, v) in reflectors.iter().enumerate().rev() {
        if v.iter().any(|&x| x != 0.0) {
            apply_reflector(v, &mut q, j, k, 0..k);
        }
    }
    (q, r_diag)
}

/// `B[first.., cols] ← (I − 2 v vᵀ) B[first.., cols]` for a row-major `B` with `k` columns
/// and a unit vector `v`.
fn apply_reflector(
    v: &[f64],
    b: &mut [f64],
    first: usize,
    k: usize,
    cols: core::ops::Range<usize>,
) {
    for c in cols {
        let dot: f64 = v.iter().enumerate().map(|(i, vi)| vi * b[(first + i) * k + c]).sum();
        v.iter().enumerate().for_each(|(i, vi)| b[(first + i) * k + c] -= 2.0 * vi * dot);
    }
}
