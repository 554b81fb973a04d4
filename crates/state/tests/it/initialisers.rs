//! Statistics and structure of the initialisers.
//!
//! Every statistical check draws 1e5 samples and requires the sample mean and the sample
//! variance to lie within 5 standard errors of the exact values (SE of the mean = σ/√n; SE of
//! the variance = √((m₄ − σ⁴)/n) from the sample fourth central moment). Exact values come
//! from the distributions' definitions; truncated-normal moments are integrated numerically.

use neurodim_state::init::{
    FanMode, Identity, Initializer, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform,
    Normal, Orthogonal, ScalingDistribution, TruncatedNormal, Uniform, VarianceScaling,
    XavierNormal, XavierUniform,
};
use neurodim_state::{StateError, StreamKey};
use neurodim_units::*;

const N: usize = 100_000;

fn draw<T: neurodim_state::RealValue>(init: &impl Initializer<T>, shape: &[usize]) -> Vec<f64> {
    let values = init.values(shape, &mut StreamKey::new(2024, "stats").rng()).unwrap();
    values.into_iter().map(|x| x.to_si()).collect()
}

/// Asserts the sample mean and variance of `xs` are within 5 standard errors of `mean`, `var`.
fn assert_moments(xs: &[f64], mean: f64, var: f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    let m4 = xs.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n;
    let se_mean = (var / n).sqrt();
    let se_var = ((m4 - v * v) / n).sqrt();
    assert!((m - mean).abs() < 5.0 * se_mean, "mean {m} vs {mean} (SE {se_mean})");
    assert!((v - var).abs() < 5.0 * se_var, "variance {v} vs {var} (SE {se_var})");
}

/// Mean and variance of N(0, 1) truncated to [a, b], by Simpson's rule on the density.
fn truncated_moments(a: f64, b: f64) -> (f64, f64) {
    let steps = 200_000;
    let h = (b - a) / steps as f64;
    let (mut z0, mut z1, mut z2) = (0.0, 0.0, 0.0);
    for k in 0..=steps {
        let x = a + k as f64 * h;
        let w = if k == 0 || k == steps {
            1.0
        } else if k % 2 == 1 {
            4.0
        } else {
            2.0
        };
        let d = w * (-0.5 * x * x).exp();
        z0 += d;
        z1 += d * x;
        z2 += d * x * x;
    }
    let mean = z1 / z0;
    (mean, z2 / z0 - mean * mean)
}

#[test]
fn normal_has_its_mean_and_variance() {
    let xs = draw(&Normal::new(-55.0 * mV, 2.0 * mV).unwrap(), &[N]);
    assert_moments(&xs, -0.055, 0.002f64.powi(2));
}

#[test]
fn normal_with_zero_std_is_constant() {
    let xs = draw(&Normal::new(3.0, 0.0).unwrap(), &[10]);
    assert!(xs.iter().all(|&x| x == 3.0));
}

#[test]
fn uniform_has_its_mean_and_variance_and_stays_in_range() {
    let xs = draw(&Uniform::new(-70.0 * mV, -50.0 * mV).unwrap(), &[N]);
    assert!(xs.iter().all(|&x| (-0.070..-0.050).contains(&x)));
    assert_moments(&xs, -0.060, 0.020f64.powi(2) / 12.0);
}

#[test]
fn truncated_normal_matches_its_moments_in_every_sampler_regime() {
    // (lower, upper) in standard units: a wide two-sided interval (normal proposal), a narrow
    // two-sided one (uniform), a far tail (exponential), a narrow tail slice (uniform), a
    // lower tail, and brainstate's [−2, 2].
    let cases = [(-0.1, 5.0), (-0.5, 0.5), (3.0, 40.0), (2.0, 2.1), (-40.0, -1.5), (-2.0, 2.0)];
    for (a, b) in cases {
        let (loc, scale) = (-60.0, 4.0); // mV
        let init = TruncatedNormal::new(
            loc * mV,
            scale * mV,
            (loc + scale * a) * mV,
            (loc + scale * b) * mV,
        )
        .unwrap();
        let xs: Vec<f64> = draw(&init, &[N]).into_iter().map(|x| x * 1e3).collect();
        let (lo, hi) = (loc + scale * a, loc + scale * b);
        assert!(xs.iter().all(|&x| x >= lo && x <= hi), "left [{lo}, {hi}]");
        let (m, v) = truncated_moments(a, b);
        assert_moments(&xs, loc + scale * m, scale * scale * v);
    }
}

#[test]
fn truncated_normal_with_an_open_side() {
    let init = TruncatedNormal::new(0.0, 1.0, 0.0, f64::INFINITY).unwrap();
    let xs = draw(&init, &[N]);
    assert!(xs.iter().all(|&x| x >= 0.0));
    // half-normal: mean √(2/π), variance 1 − 2/π
    let pi = core::f64::consts::PI;
    assert_moments(&xs, (2.0 / pi).sqrt(), 1.0 - 2.0 / pi);
}

#[test]
fn variance_scaling_family_has_scale_over_fan_variance() {
    // shape [fan_in = 40, fan_out = 2500]: 1e5 draws; variance = scale / fan for every
    // distribution (the truncated normal is corrected by 0.8796…).
    let shape = [40, 2500];
    let (fan_in, fan_avg) = (40.0, (40.0 + 2500.0) / 2.0);
    let dist = |name: &str| name.parse::<ScalingDistribution>().unwrap();
    for distribution in ["truncated_normal", "normal", "uniform"] {
        let init = VarianceScaling::new(3.0, FanMode::FanOut, dist(distribution), 1.0).unwrap();
        assert_moments(&draw(&init, &shape), 0.0, 3.0 / 2500.0);
    }
    let ma = 1e-3; // draws times 1 mA, in SI
    assert_moments(
        &draw(&KaimingNormal::new(1.0 * mA).unwrap(), &shape),
        0.0,
        2.0 / fan_in * ma * ma,
    );
    assert_moments(&draw(&KaimingUniform::default(), &shape), 0.0, 2.0 / fan_in);
    assert_moments(&draw(&XavierNormal::default(), &shape), 0.0, 1.0 / fan_avg);
    assert_moments(&draw(&XavierUniform::default(), &shape), 0.0, 1.0 / fan_avg);
    assert_moments(&draw(&LecunNormal::default(), &shape), 0.0, 1.0 / fan_in);
    assert_moments(&draw(&LecunUniform::default(), &shape), 0.0, 1.0 / fan_in);
}

#[test]
fn truncated_variance_scaling_stays_within_two_standard_deviations() {
    let xs = draw(&KaimingNormal::default(), &[50, 20]);
    let bound = 2.0 * (2.0f64 / 50.0).sqrt() / neurodim_state::init::TRUNCATED_NORMAL_STD;
    assert!(xs.iter().all(|x| x.abs() <= bound));
}

#[test]
fn fans_follow_brainstate() {
    let vs = VarianceScaling::new(1.0, FanMode::FanIn, ScalingDistribution::Normal, 1.0).unwrap();
    assert_eq!(vs.fans(&[7, 9]).unwrap(), (7.0, 9.0));
    // receptive field = 2·5 (all axes but in and out)
    assert_eq!(vs.fans(&[2, 5, 7, 9]).unwrap(), (70.0, 90.0));
    let err = vs.fans(&[7]).unwrap_err();
    assert_eq!(err.to_string(), "invalid in_axis: -2 is not an axis of shape [7]");
}

/// QᵀQ = I (columns) when rows ≥ cols, QQᵀ = I (rows) otherwise, to 1e-12.
fn assert_orthonormal(m: &[f64], rows: usize, cols: usize) {
    let (count, len) = if rows >= cols { (cols, rows) } else { (rows, cols) };
    let at =
        |vec: usize, k: usize| if rows >= cols { m[k * cols + vec] } else { m[vec * cols + k] };
    for i in 0..count {
        for j in 0..count {
            let dot: f64 = (0..len).map(|k| at(i, k) * at(j, k)).sum();
            let expected = if i == j { 1.0 } else { 0.0 };
            assert!((dot - expected).abs() < 1e-12, "({i}, {j}): {dot}");
        }
    }
}

#[test]
fn orthogonal_is_orthonormal_for_tall_wide_and_square_shapes() {
    for (rows, cols) in [(30, 30), (50, 20), (20, 50), (1, 7), (7, 1)] {
        let q = draw(&Orthogonal::new(1.0, 1.0).unwrap(), &[rows, cols]);
        // axis = −1: the last axis has `cols` entries, so the matrix is cols × rows; check Mᵀ
        let transposed: Vec<f64> =
            (0..cols * rows).map(|k| q[(k % rows) * cols + k / rows]).collect();
        assert_orthonormal(&transposed, cols, rows);
    }
}

#[test]
fn orthogonal_scales_and_moves_its_axis() {
    // shape [4, 3, 5] with axis 0: 4 rows of length 15, orthonormal, times scale 2 and nS.
    let q = draw(&Orthogonal::new(2.0, 1.0 * nS).unwrap().with_axis(0), &[4, 3, 5]);
    let m: Vec<f64> = q.iter().map(|x| x / 2e-9).collect();
    assert_orthonormal(&m, 4, 15);
}

#[test]
fn identity_fills_the_diagonal() {
    let eye = draw(&Identity::new(0.5 * nS).unwrap(), &[3, 3]);
    for (k, x) in eye.iter().enumerate() {
        assert_eq!(*x, if k % 4 == 0 { 0.5e-9 } else { 0.0 });
    }
    assert!(matches!(
        Identity::new(1.0).unwrap().values(&[2, 3, 3], &mut StreamKey::new(0, "W").rng()),
        Err(StateError::InvalidShape { .. })
    ));
}

#[test]
fn same_seed_same_values_different_path_different_values() {
    let init = Normal::new(0.0, 1.0).unwrap();
    let at = |seed, path| init.values(&[100], &mut StreamKey::new(seed, path).rng()).unwrap();
    assert_eq!(at(5, "E.V"), at(5, "E.V"));
    assert_ne!(at(5, "E.V"), at(5, "I.V"));
    assert_ne!(at(5, "E.V"), at(6, "E.V"));
}

#[test]
fn bad_parameters_are_rejected_with_their_rule() {
    let msg = |e: StateError| e.to_string();
    assert_eq!(
        msg(Normal::new(0.0 * mV, -2.0 * mV).unwrap_err()),
        "invalid std: -2 mV (must be >= 0)"
    );
    assert_eq!(
        msg(Normal::new(f64::NAN * mV, 1.0 * mV).unwrap_err()),
        "invalid mean: NaN mV (must be finite)"
    );
    assert_eq!(
        msg(Normal::new(0.0, f64::INFINITY).unwrap_err()),
        "invalid std: inf (must be finite)"
    );
    assert_eq!(
        msg(TruncatedNormal::new(0.0 * mV, 1.0 * mV, 1.0 * mV, -1.0 * mV).unwrap_err()),
        "invalid upper: -1 mV (must be > lower)"
    );
    assert_eq!(
        msg(TruncatedNormal::new(0.0, 0.0, -1.0, 1.0).unwrap_err()),
        "invalid scale: 0 (must be > 0)"
    );
    assert_eq!(
        msg(TruncatedNormal::new(0.0, 1.0, f64::NAN, 1.0).unwrap_err()),
        "invalid lower: NaN (must not be NaN)"
    );
    assert_eq!(
        msg(Uniform::new(2.0 * ms, 1.0 * ms).unwrap_err()),
        "invalid max: 1 ms (must be > min)"
    );
    assert_eq!(
        msg(Uniform::new(-f64::MAX, f64::MAX).unwrap_err()),
        format!("invalid max: {} (must be within f64 range of min (max − min finite))", f64::MAX)
    );
    assert_eq!(
        msg(TruncatedNormal::new(0.0, 5e-324, 1.0, f64::INFINITY).unwrap_err()),
        "invalid lower: 1 (must be a finite number of scales from loc)"
    );
    // values print in the field's unit without conversion noise (0.6 nS, not 0.6000000000000001)
    assert_eq!(
        msg(Uniform::new(0.6 * nS, 0.6 * nS).unwrap_err()),
        "invalid max: 0.6 nS (must be > min)"
    );
    assert_eq!(
        msg("fan_sum".parse::<FanMode>().unwrap_err()),
        "invalid mode: \"fan_sum\" (must be one of fan_in, fan_out, fan_avg)"
    );
    assert_eq!(
        msg("gaussian".parse::<ScalingDistribution>().unwrap_err()),
        "invalid distribution: \"gaussian\" (must be one of truncated_normal, normal, uniform)"
    );
    assert_eq!(
        msg(VarianceScaling::new(-1.0, FanMode::FanIn, ScalingDistribution::Normal, 1.0)
            .unwrap_err()),
        "invalid scale: -1 (must be > 0)"
    );
    assert_eq!(
        msg(KaimingNormal::new(f64::NAN * mA).unwrap_err()),
        "invalid unit: NaN pA (must be finite)"
    );
}
