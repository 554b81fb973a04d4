//! The limit of this machine for one step of brainstate's COBA and CUBA networks: the neuron
//! and synapse arithmetic written by hand as one loop over plain arrays — no engine, no units,
//! no checks — and the spike delivery as a plain scatter, compiled for the widest vectors the
//! CPU has (AVX-512, else AVX2, chosen at run time as the engine's kernels are), at 4 000,
//! 40 000 and 400 000 neurons, in `f32` and `f64`.
//!
//! The arrays are those the engine keeps, in its layout: V, the two conductances and the two
//! arrival buffers in the state's precision; the spike times in `f64`; one spike flag per
//! neuron.
//!
//! - `traffic`: only the loads and stores of that state (every array read, all but the spike
//!   times written), one addition per value: no kernel that keeps this state in these arrays
//!   can be faster, whatever its arithmetic — the memory floor of a step at each size.
//! - `coba`, `cuba`: the whole per-neuron step in one loop: both conductances decay and take
//!   their arrivals (zeroed), the pending reset, the exponential-Euler step (COBA: its factor
//!   `dt·exprel(dt·J)` per neuron by the Taylor polynomial of the degree the type needs for
//!   `|dt·J| ≤ 1/64`), the refractory hold, the spike flag.
//! - `delivery`: the scatter of one step's spikes at COBA's rate (50 Hz: `N/200` sources per
//!   step, 80 random targets each, a fifth of them inhibitory) into the arrival buffers.
//!
//! - `coba-step`, `cuba-step`: the delivery then the update, on one thread (`1t`) and on two
//!   (`2t`), each thread delivering to and updating its own half of the population, with one
//!   join per step. `-- --thread-ratio` times the two in turn instead and prints the medians
//!   and the median ratio: what a second thread can give on this machine.
//!
//! `docs/benchmarks.md` sets the engine's step against these rows. Run with
//! `cargo bench --bench hand_fused`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group};

/// Runs `kernel` compiled for AVX-512 or AVX2 when the CPU has them, as the engine's kernels
/// are (`with_wide_vectors`).
#[inline(always)]
fn with_wide_vectors(kernel: impl FnOnce()) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512vl")
            && std::is_x86_feature_detected!("avx512bw")
        {
            #[target_feature(enable = "avx512f,avx512vl,avx512bw,avx2")]
            fn avx512(kernel: impl FnOnce()) {
                kernel()
            }
            // SAFETY: the CPU has just been checked to support these features.
            return unsafe { avx512(kernel) };
        }
        if std::is_x86_feature_detected!("avx2") {
            #[target_feature(enable = "avx2")]
            fn avx2(kernel: impl FnOnce()) {
                kernel()
            }
            // SAFETY: the CPU has just been checked to support AVX2.
            return unsafe { avx2(kernel) };
        }
    }
    kernel()
}

macro_rules! hand_kernel {
    ($name:ident, $float:ty) => {
        mod $name {
            pub type F = $float;
            /// The arrival buffers' type: the state's precision, as in the engine.
            type A = $float;

            /// `exprel(x) = (eˣ − 1)/x` for `|x| ≤ 1/64` to the type's precision: the Taylor
            /// polynomial of degree 6 in `f64`, 3 in `f32`.
            #[inline(always)]
            fn exprel(x: F) -> F {
                if core::mem::size_of::<F>() == 8 {
                    let x2 = x * x;
                    let even = ((x2 / 5040.0 + 1.0 / 120.0) * x2 + 1.0 / 6.0) * x2 + 1.0;
                    let odd = ((1.0 / 720.0) * x2 + 1.0 / 24.0) * x2 + 0.5;
                    even + odd * x
                } else {
                    ((x / 24.0 + 1.0 / 6.0) * x + 0.5) * x + 1.0
                }
            }

            /// The per-neuron arrays of one population, in the engine's layout (SI values
            /// scaled as in brainstate's example: mV, ms, mS, mA).
            pub struct Population {
                pub v: Vec<F>,
                pub last_spike: Vec<f64>,
                pub g_e: Vec<F>,
                pub g_i: Vec<F>,
                pub arrived_e: Vec<A>,
                pub arrived_i: Vec<A>,
                pub spikes: Vec<bool>,
                /// 80 targets per source (CSR rows of equal length, each ascending as the
                /// engine's connection rules build them).
                pub targets: Vec<u32>,
            }

            /// The neurons `offset..offset + v.len()` of a population: what one thread updates
            /// and delivers to.
            pub struct Part<'a> {
                offset: usize,
                v: &'a mut [F],
                last_spike: &'a mut [f64],
                g_e: &'a mut [F],
                g_i: &'a mut [F],
                arrived_e: &'a mut [A],
                arrived_i: &'a mut [A],
                spikes: &'a mut [bool],
                targets: &'a [u32],
                n: usize,
            }

            impl Population {
                pub fn new(n: usize) -> Self {
                    // V spread between reset and threshold, some conductance, some arrivals
                    let v = (0..n).map(|i| -60.0 + 10.0 * (i % 97) as F / 97.0).collect();
                    let spread = |scale: F| (0..n).map(|i| scale * (i % 13) as F).collect();
                    let arrivals = |scale: A| (0..n).map(|i| scale * (i % 13) as A).collect();
                    // a fixed pseudo-random target list (a multiplicative hash of the index)
                    let mut targets: Vec<u32> = (0..n * 80)
                        .map(|k| {
                            ((k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11) as usize % n
                        })
                        .map(|t| t as u32)
                        .collect();
                    targets.chunks_mut(80).for_each(|row| row.sort_unstable());
                    Population {
                        v,
                        last_spike: vec![-1e7; n],
                        g_e: spread(1.0),
                        g_i: spread(4.0),
                        arrived_e: arrivals(0.05),
                        arrived_i: arrivals(0.5),
                        spikes: vec![false; n],
                        targets,
                    }
                }

                /// The whole step at time `t`, step `k`: delivery, then the update, on the
                /// calling thread.
                #[inline(always)]
                pub fn step_one<const COBA: bool>(&mut self, t: f64, k: usize) {
                    super::with_wide_vectors(
                        #[inline(always)]
                        || {
                            let mut whole = self.whole();
                            whole.deliver(k);
                            whole.step::<COBA>(t);
                        },
                    )
                }

                /// The same step on two threads, each delivering to and updating its own half:
                /// one join per step, the least synchronisation a step can have. Call it on a
                /// worker of a pool of two (a join from outside a pool costs ~10 µs more).
                pub fn step_two<const COBA: bool>(&mut self, t: f64, k: usize) {
                    let n = self.v.len();
                    let (mut left, mut right) = self.halves(n / 2);
                    let half = |part: &mut Part<'_>| {
                        super::with_wide_vectors(
                            #[inline(always)]
                            || {
                                part.deliver(k);
                                part.step::<COBA>(t);
                            },
                        )
                    };
                    rayon::join(|| half(&mut left), || half(&mut right));
                }

                /// The whole population as one part.
                pub fn whole(&mut self) -> Part<'_> {
                    let n = self.v.len();
                    Part {
                        offset: 0,
                        v: &mut self.v,
                        last_spike: &mut self.last_spike,
                        g_e: &mut self.g_e,
                        g_i: &mut self.g_i,
                        arrived_e: &mut self.arrived_e,
                        arrived_i: &mut self.arrived_i,
                        spikes: &mut self.spikes,
                        targets: &self.targets,
                        n,
                    }
                }

                /// The neurons below `mid` and the rest, for two threads.
                pub fn halves(&mut self, mid: usize) -> (Part<'_>, Part<'_>) {
                    let n = self.v.len();
                    let (v0, v1) = self.v.split_at_mut(mid);
                    let (l0, l1) = self.last_spike.split_at_mut(mid);
                    let (ge0, ge1) = self.g_e.split_at_mut(mid);
                    let (gi0, gi1) = self.g_i.split_at_mut(mid);
                    let (ae0, ae1) = self.arrived_e.split_at_mut(mid);
                    let (ai0, ai1) = self.arrived_i.split_at_mut(mid);
                    let (s0, s1) = self.spikes.split_at_mut(mid);
                    let targets = &self.targets;
                    (
                        Part {
                            offset: 0,
                            v: v0,
                            last_spike: l0,
                            g_e: ge0,
                            g_i: gi0,
                            arrived_e: ae0,
                            arrived_i: ai0,
                            spikes: s0,
                            targets,
                            n,
                        },
                        Part {
                            offset: mid,
                            v: v1,
                            last_spike: l1,
                            g_e: ge1,
                            g_i: gi1,
                            arrived_e: ae1,
                            arrived_i: ai1,
                            spikes: s1,
                            targets,
                            n,
                        },
                    )
                }
            }

            impl Part<'_> {
                /// Only the memory traffic of a step (see the module documentation).
                #[inline(always)]
                pub fn traffic(&mut self, t: f64) {
                    let n = self.v.len();
                    let (v, last) = (&mut self.v[..n], &self.last_spike[..n]);
                    let (g_e, g_i) = (&mut self.g_e[..n], &mut self.g_i[..n]);
                    let (a_e, a_i) = (&mut self.arrived_e[..n], &mut self.arrived_i[..n]);
                    let spikes = &mut self.spikes[..n];
                    for i in 0..n {
                        let sum = v[i] + g_e[i] + g_i[i] + last[i] as F + (a_e[i] + a_i[i]) as F;
                        (v[i], g_e[i], g_i[i]) = (sum * t as F, sum, sum);
                        (a_e[i], a_i[i]) = (0.0, 0.0);
                        spikes[i] = sum > 0.0;
                    }
                }

                /// One step at time `t` (ms); `COBA` chooses conductance-based outputs.
                #[inline(always)]
                pub fn step<const COBA: bool>(&mut self, t: f64) {
                    let dt: F = 0.1;
                    let (tau, v_rest, v_th, v_reset): (F, F, F, F) = (20.0, -60.0, -50.0, -60.0);
                    let (i_ext, e_exc, e_inh, inv_tau): (F, F, F, F) =
                        (20.0, 0.0, -80.0, 1.0 / tau);
                    let (keep_e, keep_i) = ((-dt / 5.0).exp(), (-dt / 10.0).exp());
                    let leak = dt * exprel(-dt * inv_tau);
                    let refractory = 5.0 - 0.05; // half a step short of τ_ref, as the engine's window
                    let n = self.v.len();
                    let (v, last) = (&mut self.v[..n], &mut self.last_spike[..n]);
                    let (g_e, g_i) = (&mut self.g_e[..n], &mut self.g_i[..n]);
                    let (a_e, a_i) = (&mut self.arrived_e[..n], &mut self.arrived_i[..n]);
                    let spikes = &mut self.spikes[..n];
                    for i in 0..n {
                        let ge = g_e[i] * keep_e + a_e[i] as F;
                        let gi = g_i[i] * keep_i + a_i[i] as F;
                        (g_e[i], g_i[i], a_e[i], a_i[i]) = (ge, gi, 0.0, 0.0);
                        let start = if v[i] >= v_th { v[i] - (v_th - v_reset) } else { v[i] };
                        let integrated = if COBA {
                            let (offset, slope) = (i_ext + ge * e_exc + gi * e_inh, -(ge + gi));
                            let factor = dt * exprel(dt * ((slope - 1.0) * inv_tau));
                            start + factor * ((-start + v_rest + offset + slope * start) * inv_tau)
                        } else {
                            start + leak * ((-start + v_rest + i_ext + ge + gi) * inv_tau)
                        };
                        let held = t - last[i] < refractory;
                        v[i] = if held { start } else { integrated };
                        spikes[i] = v[i] >= v_th;
                    }
                    for (last, &spiked) in last.iter_mut().zip(spikes.iter()) {
                        if spiked {
                            *last = t;
                        }
                    }
                }

                /// The scatter of step `k`'s spikes into this part's targets: `N/200` sources,
                /// 80 targets each, the first four fifths of the population excitatory. A part
                /// of the population walks every source and finds its targets in each ascending
                /// row by binary search, as the engine's delivery shared between threads does.
                #[inline(always)]
                pub fn deliver(&mut self, k: usize) {
                    let n = self.n;
                    let exc = n * 4 / 5;
                    let (lo, hi) = (self.offset as u32, (self.offset + self.v.len()) as u32);
                    let whole = self.v.len() == n;
                    let (a_e, a_i) = (&mut *self.arrived_e, &mut *self.arrived_i);
                    for s in 0..n / 200 {
                        let pre = (s * 200 + k * 7919) % n;
                        let (buffer, w) =
                            if pre < exc { (&mut *a_e, 0.6) } else { (&mut *a_i, 6.7) };
                        let mut row = &self.targets[pre * 80..pre * 80 + 80];
                        if !whole {
                            let first = row.partition_point(|&t| t < lo);
                            row = &row[first..];
                            row = &row[..row.partition_point(|&t| t < hi)];
                        }
                        for &t in row {
                            buffer[(t - lo) as usize] += w;
                        }
                    }
                }
            }
        }
    };
}

hand_kernel!(double, f64);
hand_kernel!(single, f32);

fn hand_fused(c: &mut Criterion) {
    let mut group = c.benchmark_group("hand_fused");
    let two =
        rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool of two threads");
    macro_rules! rows {
        ($module:ident, $precision:literal, $n:expr) => {
            let n: usize = $n;
            let mut population = $module::Population::new(n);
            let mut t = 0.0f64;
            let mut k = 0usize;
            group.bench_function(format!("traffic/{}/{n}", $precision), |b| {
                b.iter(|| {
                    with_wide_vectors(
                        #[inline(always)]
                        || population.whole().traffic(black_box(1.0)),
                    )
                })
            });
            group.bench_function(format!("cuba/{}/{n}", $precision), |b| {
                b.iter(|| {
                    with_wide_vectors(
                        #[inline(always)]
                        || population.whole().step::<false>(black_box(t)),
                    );
                    t += 0.1;
                })
            });
            group.bench_function(format!("coba/{}/{n}", $precision), |b| {
                b.iter(|| {
                    with_wide_vectors(
                        #[inline(always)]
                        || population.whole().step::<true>(black_box(t)),
                    );
                    t += 0.1;
                })
            });
            group.bench_function(format!("delivery/{}/{n}", $precision), |b| {
                b.iter(|| {
                    population.whole().deliver(black_box(k));
                    k += 1;
                })
            });
            // the whole step on one thread and on two, the loop inside the pool as the
            // engine runs a whole run
            macro_rules! whole_step {
                ($model:literal, $coba:literal) => {
                    group.bench_function(format!("{}-step/{}/{n}/1t", $model, $precision), |b| {
                        b.iter(|| {
                            population.step_one::<$coba>(black_box(t), black_box(k));
                            (t, k) = (t + 0.1, k + 1);
                        })
                    });
                    group.bench_function(format!("{}-step/{}/{n}/2t", $model, $precision), |b| {
                        two.install(|| {
                            b.iter(|| {
                                population.step_two::<$coba>(black_box(t), black_box(k));
                                (t, k) = (t + 0.1, k + 1);
                            })
                        })
                    });
                };
            }
            whole_step!("coba", true);
            whole_step!("cuba", false);
        };
    }
    for n in [4_000, 40_000, 400_000] {
        rows!(single, "f32", n);
        rows!(double, "f64", n);
    }
    group.finish();
}

/// `--thread-ratio`: what a second thread gives the hand-written step, one thread and two
/// alternating (rounds of the same number of steps, timed in turn), the median of the ratios
/// of 7 rounds; the host's drift within a round affects both alike.
fn thread_ratio() {
    let two =
        rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool of two threads");
    println!("model precision N: one thread, two threads (µs per step, medians), median ratio");
    macro_rules! ratio {
        ($module:ident, $precision:literal, $model:literal, $coba:literal, $n:expr) => {
            let n: usize = $n;
            let steps = 40_000_000 / n;
            let mut population = $module::Population::new(n);
            let (mut t, mut k) = (0.0f64, 0usize);
            let mut one = Vec::new();
            let mut both = Vec::new();
            for round in 0..8 {
                let start = std::time::Instant::now();
                for _ in 0..steps {
                    population.step_one::<$coba>(black_box(t), black_box(k));
                    (t, k) = (t + 0.1, k + 1);
                }
                let single = start.elapsed().as_secs_f64() / steps as f64;
                let start = std::time::Instant::now();
                two.install(|| {
                    for _ in 0..steps {
                        population.step_two::<$coba>(black_box(t), black_box(k));
                        (t, k) = (t + 0.1, k + 1);
                    }
                });
                let double = start.elapsed().as_secs_f64() / steps as f64;
                if round > 0 {
                    // the first round warms the caches and the pool
                    one.push(single);
                    both.push(double);
                }
            }
            let median = |mut v: Vec<f64>| {
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            };
            let ratios = one.iter().zip(&both).map(|(a, b)| a / b).collect();
            println!(
                "{} {} {n}: {:.2} {:.2} {:.2}",
                $model,
                $precision,
                median(one.clone()) * 1e6,
                median(both.clone()) * 1e6,
                median(ratios)
            );
        };
    }
    for n in [4_000, 40_000, 400_000] {
        ratio!(single, "f32", "coba", true, n);
        ratio!(double, "f64", "coba", true, n);
        ratio!(single, "f32", "cuba", false, n);
        ratio!(double, "f64", "cuba", false, n);
    }
}

criterion_group!(benches, hand_fused);

fn main() {
    if std::env::args().any(|arg| arg == "--thread-ratio") {
        return thread_ratio();
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
