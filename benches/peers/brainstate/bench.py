#!/usr/bin/env python3
"""brainstate COBA / CUBA benchmark (brainstate examples 103_COBA_2005 / 104_CUBA_2005, benchmark variant).

Written for brainstate==0.1.0.post20250503 (+ brainevent 0.0.1.post20250502, jax 0.6.0, brainunit 0.0.8),
where the event-driven fixed-probability connection is brainstate.nn.EventFixedProb and the loop is
brainstate.compile.for_loop.

usage: python bench.py {coba,cuba} {once,standalone,interleaved} [--scale S] [--duration D]
                       [--precision f32|f64] [--pairs N] [--reps N] [--no10s] [--count-only] [--seed N]

- once: one fresh-process measurement (what ../compare.py runs): build, compile ahead of time for
  the `--duration` run, then one timed run of `--duration` simulated seconds; prints
  event=once with sim_s (wall seconds of the run), sim_s_per_simulated_s, spikes, rate_hz and
  peak_rss_mib.
- standalone: compiles, then times `--reps` 1-s runs and one 10-s run.
- interleaved: alternates a 1-s run (already compiled) with neurodim's release example of the same
  name at the same scale, from $NEURODIM_EXAMPLES (default ../../../target/release/examples).

N = int(3200·S) + int(800·S) neurons, each source with exactly int(N · 80/N) = 80 targets
(EventFixedProb(conn_num=80/N)), as brainstate's benchmark scripts scale.
Every measurement is printed as one JSON line prefixed with 'RESULT '.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

import jax
import numpy as np
import jax.numpy as jnp
import brainunit as u
import brainstate

HERE = os.path.dirname(os.path.abspath(__file__))


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='milliseconds')


def emit(**kw):
    kw.setdefault('ts', now())
    print('RESULT ' + json.dumps(kw), flush=True)


def peak_rss_mib():
    """The process's peak resident memory (Linux VmHWM) in MiB, or None."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class EINet(brainstate.nn.DynamicsGroup):
    def __init__(self, kind, scale=1.0):
        super().__init__()
        self.n_exc = int(3200 * scale)
        self.n_inh = int(800 * scale)
        self.num = self.n_exc + self.n_inh
        if kind == 'coba':
            V_rest, we, wi = -60. * u.mV, 0.6 * u.mS, 6.7 * u.mS
            out_e = brainstate.nn.COBA.desc(E=0. * u.mV)
            out_i = brainstate.nn.COBA.desc(E=-80. * u.mV)
        else:
            V_rest, we, wi = -49. * u.mV, 1.62 * u.mS, -9.0 * u.mS
            out_e = brainstate.nn.CUBA.desc(scale=u.volt)
            out_i = brainstate.nn.CUBA.desc(scale=u.volt)
        self.N = brainstate.nn.LIFRef(
            self.num, V_rest=V_rest, V_th=-50. * u.mV, V_reset=-60. * u.mV,
            tau=20. * u.ms, tau_ref=5. * u.ms,
            V_initializer=brainstate.init.Normal(-55., 2., unit=u.mV))
        self.E = brainstate.nn.AlignPostProj(
            comm=brainstate.nn.EventFixedProb(self.n_exc, self.num, conn_num=80 / self.num, conn_weight=we),
            syn=brainstate.nn.Expon.desc(self.num, tau=5. * u.ms),
            out=out_e, post=self.N)
        self.I = brainstate.nn.AlignPostProj(
            comm=brainstate.nn.EventFixedProb(self.n_inh, self.num, conn_num=80 / self.num, conn_weight=wi),
            syn=brainstate.nn.Expon.desc(self.num, tau=10. * u.ms),
            out=out_i, post=self.N)

    def update(self, t, inp):
        with brainstate.environ.context(t=t):
            spk = self.N.get_spike() != 0.
            self.E(spk[:self.n_exc])
            self.I(spk[self.n_exc:])
            self.N(inp)
            return self.N.get_spike()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('net', choices=['coba', 'cuba'])
    ap.add_argument('mode', choices=['once', 'standalone', 'interleaved'])
    ap.add_argument('--scale', type=float, default=1.0, help='N = 4000 * scale neurons (80 targets per source)')
    ap.add_argument('--duration', type=float, default=1.0, help='simulated seconds of the timed run (once)')
    ap.add_argument('--pairs', type=int, default=6)
    ap.add_argument('--reps', type=int, default=5)
    ap.add_argument('--no10s', action='store_true')
    ap.add_argument('--precision', choices=['f32', 'f64'], default='f32',
                    help="brainstate's default float precision (brainstate.environ precision 32 or 64)")
    ap.add_argument('--seed', type=int, default=0, help='np.random (connectivity) and brainstate.random (V init) seed')
    ap.add_argument('--count-only', action='store_true',
                    help='the loop returns the spike count per step instead of the dense (T, N) raster '
                         'of brainstate\'s example (4 bytes per neuron and step)')
    args = ap.parse_args()

    brainstate.environ.set(dt=0.1 * u.ms, precision=64 if args.precision == 'f64' else 32)
    emit(event='env', net=args.net, mode=args.mode, scale=args.scale, seed=args.seed, count_only=args.count_only,
         XLA_FLAGS=os.environ.get('XLA_FLAGS'), JAX_PLATFORMS=os.environ.get('JAX_PLATFORMS'),
         jax=jax.__version__, brainstate=getattr(brainstate, '__version__', '?'),
         brainunit=u.__version__, devices=str(jax.devices()),
         x64=bool(jax.config.jax_enable_x64), cpus=sorted(os.sched_getaffinity(0)))

    np.random.seed(args.seed)
    brainstate.random.seed(args.seed)
    dt = brainstate.environ.get_dt()

    t0 = time.perf_counter()
    net = EINet(args.net, args.scale)          # built eagerly, outside jit
    brainstate.nn.init_all_states(net)
    build_s = time.perf_counter() - t0
    N = net.num
    synapses = (net.n_exc * net.E.comm.conn_num) + (net.n_inh * net.I.comm.conn_num)
    emit(event='build', build_s=build_s, neurons=N, synapses=synapses,
         V_dtype=str(net.N.V.value.mantissa.dtype if hasattr(net.N.V.value, 'mantissa') else net.N.V.value.dtype),
         E_conn_num=net.E.comm.conn_num, I_conn_num=net.I.comm.conn_num)

    @brainstate.compile.jit
    def run(times):
        if args.count_only:
            return brainstate.compile.for_loop(lambda t: jnp.sum(net.update(t, 20. * u.mA) != 0.), times)
        return brainstate.compile.for_loop(lambda t: net.update(t, 20. * u.mA), times)

    cpu_s = []

    def timed(times, dur_s):
        brainstate.nn.reset_all_states(net)
        jax.block_until_ready(net.N.V.value)
        ts = now()
        c0 = time.process_time()
        t0 = time.perf_counter()
        spk = run(times)
        jax.block_until_ready(spk)
        el = time.perf_counter() - t0
        cpu_s.append(time.process_time() - c0)
        spikes = int(jnp.sum(spk) if args.count_only else jnp.sum(spk != 0))
        dtype = str(spk.dtype)
        del spk
        return ts, el, spikes / N / dur_s, dtype, spikes

    if args.mode == 'once':
        times = u.math.arange(0. * u.ms, args.duration * 1000. * u.ms, dt)
        t0 = time.perf_counter()
        run.compile(times)                     # ahead of time: the timed call below does not compile
        compile_s = time.perf_counter() - t0
        ts, el, rate, dtype, spikes = timed(times, args.duration)
        emit(event='once', start=ts, net=args.net, scale=args.scale, neurons=N, synapses=synapses,
             duration_s=args.duration, steps=int(times.shape[0]), build_s=build_s, compile_s=compile_s,
             precision=args.precision, V_dtype=str(net.N.V.value.mantissa.dtype if hasattr(net.N.V.value, 'mantissa')
                                                   else net.N.V.value.dtype),
             sim_s=el, sim_s_per_simulated_s=el / args.duration, cpu_s=cpu_s[-1], spikes=spikes,
             rate_hz=rate, spike_dtype=dtype, count_only=args.count_only, peak_rss_mib=peak_rss_mib())
        return

    times1 = u.math.arange(0. * u.ms, 1000. * u.ms, dt)
    times10 = u.math.arange(0. * u.ms, 10000. * u.ms, dt)

    # first call: compile + run
    ts, el, rate, dtype, _ = timed(times1, 1.0)
    emit(event='compile+run_1s', start=ts, wall_s=el, rate_hz=rate, spike_dtype=dtype)

    if args.mode == 'standalone':
        walls = []
        for i in range(args.reps):
            ts, el, rate, _, _ = timed(times1, 1.0)
            walls.append(el)
            emit(event='run_1s', i=i, start=ts, wall_s=el, cpu_s=cpu_s[-1], rate_hz=rate)
        walls_sorted = sorted(walls)
        emit(event='median_1s', median_wall_s=walls_sorted[len(walls) // 2], walls=walls)
        if not args.no10s:
            ts, el, rate, _, _ = timed(times10, 10.0)
            emit(event='compile+run_10s', start=ts, wall_s=el, rate_hz=rate)
            ts, el, rate, _, _ = timed(times10, 10.0)
            emit(event='run_10s', start=ts, wall_s=el, cpu_s=cpu_s[-1], wall_per_sim_s=el / 10, rate_hz=rate)
    else:
        examples = os.environ.get('NEURODIM_EXAMPLES',
                                  os.path.join(HERE, '..', '..', '..', 'target', 'release', 'examples'))
        nd = os.path.join(examples, args.net)
        bs_w, nd_w, ratios = [], [], []
        for i in range(args.pairs):
            ts, el, rate, _, _ = timed(times1, 1.0)
            emit(event='pair_bs', i=i, start=ts, wall_s=el, cpu_s=cpu_s[-1], rate_hz=rate)
            ts2 = now()
            out = subprocess.run([nd, '--scale', str(args.scale), '--no-raster', '--json'],
                                 capture_output=True, text=True, check=True)
            j = json.loads(out.stdout.strip().splitlines()[-1])
            emit(event='pair_nd', i=i, start=ts2, sim_s=j['sim_s'], rate_hz=j['rate_hz'])
            bs_w.append(el); nd_w.append(j['sim_s']); ratios.append(el / j['sim_s'])
        med = lambda xs: sorted(xs)[len(xs) // 2] if len(xs) % 2 else 0.5 * (sorted(xs)[len(xs) // 2 - 1] + sorted(xs)[len(xs) // 2])
        emit(event='interleaved_summary', bs_median=med(bs_w), nd_median=med(nd_w), ratio_median=med(ratios),
             bs=bs_w, nd=nd_w, ratios=ratios)


if __name__ == '__main__':
    main()
