//! A reference for the engine's speed: the neuron and synapse arithmetic of one step of
//! brainstate's COBA and CUBA networks (4 000 LIFRef neurons, two exponential synapses each;
//! brainstate) written by hand as one fused loop over plain arrays — no engine, no units, no
//! checks, no spike delivery — in `f64` (neurodim's storage) and in `f32`
//! (brainstate's default on a CPU). Per neuron: both conductances decay and take their
//! arrivals (zeroed), the pending reset, the exponential-Euler step (COBA: its factor
//! `dt·exprel(dt·J)` per neuron by a Taylor polynomial of the degree the type needs for
//! `|dt·J| ≤ 1/64`, as `neurodim_units::exprel_narrow`), the refractory hold, the spike flag;
//! then the spike times of the neurons that fired.
//!
//! It is what a straightforward hand-written kernel costs on the machine, not a lower bound:
//! `benches/network_step.rs` (the whole engine step, delivery included) is compared with it in
//! `docs/benchmarks.md`, and the `f32` rows tell what halving the bytes per state would buy.
//! The `traffic_*` rows are a lower bound: only the loads and stores of that state, no
//! arithmetic — what the memory system alone costs per step at each width.
//!
//! Run with `cargo bench --bench hand_fused`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

const N: usize = 4_000;

macro_rules! hand_kernel {
    ($name:ident, $float:ty, $degree:literal) => {
        mod $name {
            pub type F = $float;

            /// `1/(k+1)!` for `k = 0..=DEGREE`.
            const A: [F; $degree + 1] = {
                let (mut a, mut factorial, mut k) = ([0.0; $degree + 1], 1.0, 0);
                while k <= $degree {
                    factorial *= (k + 1) as F;
                    a[k] = 1.0 / factorial;
                    k += 1;
                }
                a
            };

            /// `Σ_{k≤DEGREE} x^k/(k+1)!`, as even and odd powers: two short chains in `x²`.
            #[inline(always)]
            fn exprel(x: F) -> F {
                let x2 = x * x;
                let even = A.iter().step_by(2).rev().fold(0.0, |sum, &a| sum * x2 + a);
                let odd = A.iter().skip(1).step_by(2).rev().fold(0.0, |sum, &a| sum * x2 + a);
                even + odd * x
            }

            /// The per-neuron arrays of one population (SI values scaled as in brainstate's
            /// example: mV, ms, mS, mA).
            pub struct Population {
                pub v: Vec<F>,
                pub last_spike: Vec<F>,
                pub g_e: Vec<F>,
                pub g_i: Vec<F>,
                pub arrived_e: Vec<F>,
                pub arrived_i: Vec<F>,
                pub spikes: Vec<bool>,
            }

            impl Population {
                pub fn new(n: usize) -> Self {
                    // V spread between reset and threshold, some conductance, some arrivals
                    let v = (0..n).map(|i| -60.0 + 10.0 * (i % 97) as F / 97.0).collect();
                    let spread = |scale: F| (0..n).map(|i| scale * (i % 13) as F).collect();
                    Population {
                        v,
                        last_spike: vec![-1e7; n],
                        g_e: spread(1.0),
                        g_i: spread(4.0),
                        arrived_e: spread(0.05),
                        arrived_i: spread(0.5),
                        spikes: vec![false; n],
                    }
                }

                /// One step at time `t` (ms); `COBA` chooses conductance-based outputs.
                #[inline(always)]
                pub fn step<const COBA: bool>(&mut self, t: F) {
                    let Population { v, last_spike, g_e, g_i, arrived_e, arrived_i, spikes } = self;
                    step::<COBA>(t, v, last_spike, (g_e, arrived_e), (g_i, arrived_i), spikes);
                }
            }

            /// Only the memory traffic of a step: reads the six arrays the step reads and
            /// writes the five it writes (all but the spike times), with one addition per
            /// value. No kernel that keeps this state in these arrays can be faster, whatever
            /// its arithmetic: a floor for the type's width.
            #[inline(always)]
            pub fn traffic(p: &mut Population, t: F) {
                let Population { v, last_spike, g_e, g_i, arrived_e, arrived_i, .. } = p;
                let n = v.len();
                let (last, g_e, g_i) = (&last_spike[..n], &mut g_e[..n], &mut g_i[..n]);
                let (a_e, a_i) = (&mut arrived_e[..n], &mut arrived_i[..n]);
                for i in 0..n {
                    let sum = v[i] + last[i] + g_e[i] + g_i[i] + a_e[i] + a_i[i];
                    (v[i], g_e[i], g_i[i], a_e[i], a_i[i]) = (sum * t, sum, sum, 0.0, 0.0);
                }
            }

            /// The loop, over slices given as arguments so that the compiler knows they do
            /// not overlap (and vectorises it).
            #[inline(always)]
            fn step<const COBA: bool>(
                t: F,
                v: &mut [F],
                last: &mut [F],
                (g_e, a_e): (&mut [F], &mut [F]),
                (g_i, a_i): (&mut [F], &mut [F]),
                spikes: &mut [bool],
            ) {
                let dt: F = 0.1;
                let (tau, tau_ref, v_rest, v_th, v_reset) = (20.0, 5.0, -60.0, -50.0, -60.0);
                let (i_ext, e_exc, e_inh, inv_tau): (F, F, F, F) = (20.0, 0.0, -80.0, 1.0 / tau);
                let (keep_e, keep_i) = ((-dt / 5.0).exp(), (-dt / 10.0).exp());
                let leak = dt * exprel(-dt * inv_tau);
                let n = v.len();
                let (last, spikes) = (&mut last[..n], &mut spikes[..n]);
                let (g_e, g_i, a_e, a_i) =
                    (&mut g_e[..n], &mut g_i[..n], &mut a_e[..n], &mut a_i[..n]);
                for i in 0..n {
                    let (ge, gi) = (g_e[i] * keep_e + a_e[i], g_i[i] * keep_i + a_i[i]);
                    (g_e[i], g_i[i], a_e[i], a_i[i]) = (ge, gi, 0.0, 0.0);
                    let start = if v[i] >= v_th { v[i] - (v_th - v_reset) } else { v[i] };
                    let integrated = if COBA {
                        let (offset, slope) = (i_ext + ge * e_exc + gi * e_inh, -(ge + gi));
                        let factor = dt * exprel(dt * ((slope - 1.0) * inv_tau));
                        start + factor * ((-start + v_rest + offset + slope * start) * inv_tau)
                    } else {
                        start + leak * ((-start + v_rest + i_ext + ge + gi) * inv_tau)
                    };
                    v[i] = if t - last[i] < tau_ref { start } else { integrated };
                    spikes[i] = v[i] >= v_th;
                }
                for (last, &spiked) in last.iter_mut().zip(spikes.iter()) {
                    if spiked {
                        *last = t;
                    }
                }
            }
        }
    };
}

// The degree of the exp-Euler factor's Taylor polynomial: enough for |dt·J| ≤ 1/64 (here
// |dt·J| ≈ 0.005) to the type's precision, as `neurodim_units::exprel_narrow` does in `f64`.
hand_kernel!(double, f64, 6);
hand_kernel!(single, f32, 3);

/// Runs `kernel` compiled for AVX2 when the CPU has it, as the engine's kernels are.
fn with_wide_vectors(kernel: impl FnOnce()) {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx2")]
        fn avx2(kernel: impl FnOnce()) {
            kernel()
        }
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been checked to support AVX2.
            return unsafe { avx2(kernel) };
        }
    }
    kernel()
}

fn hand_fused(c: &mut Criterion) {
    let mut group = c.benchmark_group("hand_fused");
    macro_rules! bench {
        ($label:literal, $module:ident, $coba:literal) => {
            let mut population = $module::Population::new(N);
            let mut t: $module::F = 0.0;
            group.bench_function($label, |b| {
                b.iter(|| {
                    with_wide_vectors(
                        #[inline(always)]
                        || population.step::<$coba>(black_box(t)),
                    );
                    t += 0.1;
                })
            });
        };
    }
    macro_rules! floor {
        ($label:literal, $module:ident) => {
            let mut population = $module::Population::new(N);
            group.bench_function($label, |b| {
                b.iter(|| {
                    with_wide_vectors(
                        #[inline(always)]
                        || $module::traffic(&mut population, black_box(1.0)),
                    )
                })
            });
        };
    }
    floor!("traffic_f64_4000", double);
    floor!("traffic_f32_4000", single);
    bench!("cuba_f64_4000", double, false);
    bench!("coba_f64_4000", double, true);
    bench!("cuba_f32_4000", single, false);
    bench!("coba_f32_4000", single, true);
    group.finish();
}

criterion_group!(benches, hand_fused);
criterion_main!(benches);
