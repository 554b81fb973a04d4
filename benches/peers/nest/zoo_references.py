#!/usr/bin/env python3
"""Reference traces of NEST 3.10's neuron models, short-term synapses and devices ("model zoo").

Writes ``crates/dyn/tests/it/references/nest_zoo.json`` for neurodim's NEST model zoo (issue 15);
``zoo_semantics.md`` beside this file states what NEST computes.  Every neuron case is replayed
through ``zoo_model.py`` (a pure-Python re-implementation written from NEST's C++ and GSL's C) and
the script stops with an error unless the model reproduces NEST (see ``MODEL_TOL``); the achieved
agreement is stored under ``model_check``.

Deterministic: ``nest.ResetKernel()`` per case, ``local_num_threads`` 1, ``rng_seed`` fixed
(``RNG_SEED``), fixed numpy seeds for generated input trains.

JSON layout (top level)::

    generator, nest_version, conventions (text), model_check {...},
    neurons:   [case, ...]
    synapses:  [case, ...]
    devices:   [case, ...]

A ``neurons`` case::

    id          "<model>/h<resolution>/<kind>"   kind: dc | spikes | step_current
    model       NEST model name
    resolution  h in ms
    duration    T in ms: traces cover stamps h, 2h, ..., T (every step)
    neuron      every numeric/bool/list parameter and state NEST reports for the node after the case's
                params were set (NEST names, NEST units), i.e. the complete initial condition; a
                non-finite value is written as the string "inf" / "-inf" (e.g. iaf_psc_alpha's V_min)
    params      the parameters the case set (the rest are NEST's defaults)
    inputs      the stimulation, enough to rebuild it:
                  dc_generator:          {"amplitude", "start", "stop", "delay"}
                  step_current_generator {"amplitude_times", "amplitude_values", "delay"}
                  spike_generators:      [{"spike_times", "weight", "delay", "delay_effective"}, ...]
                (delay_effective: the delay NEST stored, ld_round(delay/h)*h, as GetConnections reports it)
    record      {"interval": h, "first_step": 1, "n": N, "traces": {recordable: [N floats]}}
                traces[r][i] is the value NEST's multimeter recorded with time stamp (i+1)*h, i.e. the state
                after the update from step i to step i+1
    spikes      spike times in ms as NEST's spike_recorder reports them (stamps: end of the step)
    spike_steps the same in steps (integers)

``synapses`` cases (NEST's own tsodyks test protocol: spike_generator -> parrot_neuron (static,
delay 1 ms) -> plastic synapse (delay 0.1 ms) -> iaf_psc_exp): ``synapse_model``, ``synapse``
(every parameter of the connection before the run), ``post`` (the iaf_psc_exp parameters),
``pre_spike_times`` (parrot emission times), ``delivered`` ([t_pre, weight delivered] from a
weight_recorder: for these models the recorder logs the *effective* weight of each spike,
weight*u*x resp. weight*delta_y), ``final`` (x, y, u after the run), and ``record`` of the post
neuron's V_m and I_syn_ex at 1 ms interval.

``devices`` cases: each has ``device``, ``what`` (text), ``setup`` (parameters) and its data; see
the ``what`` field of each.  Statistical cases (noise, Poisson generators) store summary statistics
(and small raw samples) for distribution tests, not traces to match.

Floats are written with Python's ``repr`` (exact doubles).  NEST's time of step n is
``n * tics_per_step * 0.001`` (e.g. step 7 at h = 0.1 is 0.7000000000000001); the spike times
stored here are NEST's doubles.

Usage:  benches/peers/nest/venv/bin/python benches/peers/nest/zoo_references.py [--out PATH]
"""

import argparse
import json
import math
import os
import sys
import time

os.environ.setdefault("PYNEST_QUIET", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import zoo_model  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "crates", "dyn", "tests", "it", "references", "nest_zoo.json")

RESOLUTIONS = [0.1, 0.2, 0.5, 1.0]
DURATION = 100.0  # ms per neuron case
RNG_SEED = 12345
MODEL_TOL = 1e-9  # max |model - NEST| / max(1, |NEST|) accepted for every trace value

# Spike input of the "spikes" cases (times on every resolution's grid: whole ms).
EXC_TIMES = [10.0, 20.0, 20.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 60.0]  # 20.0 twice: two spikes, one step
INH_TIMES = [30.0, 50.0, 52.0, 52.0]
EXC2_TIMES = [70.0, 85.0]  # second delay
INH2_TIMES = [75.0]
DELAY2 = 2.5  # rounds to 2.6 ms at h = 0.2 and to 3.0 ms at h = 1.0 (ld_round(delay/h))
DC_START, DC_STOP = 10.0, 80.0
STEP_TIMES = [10.0, 30.0, 50.0, 70.0]
STEP_FACTORS = [0.5, 1.2, -0.4, 0.0]  # times the model's DC amplitude

GIF_PARAMS = {"tau_sfa": [120.0, 10.0], "q_sfa": [10.0, 25.0], "tau_stc": [10.0, 20.0], "q_stc": [20.0, -5.0]}

# model: params set, DC amplitude (pA), excitatory / inhibitory spike weights, extra recordables
MODELS = {
    "iaf_psc_delta": dict(params={}, dc=500.0, w=(4.0, -3.0), extra=[], syn=[]),
    "iaf_psc_exp": dict(params={}, dc=500.0, w=(800.0, -600.0), extra=[], syn=["I_syn_ex", "I_syn_in"]),
    "iaf_psc_alpha": dict(params={}, dc=500.0, w=(500.0, -400.0), extra=[], syn=["I_syn_ex", "I_syn_in"]),
    "iaf_cond_exp": dict(params={}, dc=500.0, w=(70.0, -30.0), extra=[], syn=["g_ex", "g_in"]),
    "iaf_cond_alpha": dict(params={}, dc=500.0, w=(30.0, -10.0), extra=[], syn=["g_ex", "g_in"]),
    "aeif_cond_exp": dict(params={}, dc=800.0, w=(80.0, -30.0), extra=["w"], syn=["g_ex", "g_in"]),
    "aeif_cond_alpha": dict(params={}, dc=800.0, w=(30.0, -10.0), extra=["w"], syn=["g_ex", "g_in"]),
    "hh_psc_alpha": dict(params={}, dc=1000.0, w=(1000.0, -100.0), extra=[], syn=["I_syn_ex", "I_syn_in"]),
    "izhikevich": dict(params={}, dc=10.0, w=(10.0, -5.0), extra=["U_m"], syn=[]),
    "mat2_psc_exp": dict(params={}, dc=600.0, w=(700.0, -300.0), extra=["V_th"], syn=[]),
    "gif_psc_exp": dict(params=GIF_PARAMS, dc=250.0, w=(300.0, -200.0), extra=["E_sfa", "I_stc"],
                        syn=["I_syn_ex", "I_syn_in"]),
}

SKIP_KEYS = {
    "global_id", "local_id", "thread", "vp", "model_id", "node_uses_wfr", "frozen", "local", "recordables",
    "element_type", "model", "thread_local_id", "archiver_length", "post_trace", "synaptic_elements",
    "supports_precise_spikes", "receptor_types", "Ca", "beta_Ca", "tau_Ca", "tau_minus", "tau_minus_triplet",
    "tau_minus_stdp", "flush_event_send_interval", "ignore_and_spike", "ignore_and_spike_interval",
    "ignore_and_spike_offset", "spike_event_is_due", "t_spike", "time_since_last_spike",
}


def clean_status(st):
    out = {}
    for k in sorted(st):
        if k in SKIP_KEYS:
            continue
        v = st[k]
        if isinstance(v, (bool, np.bool_)):
            out[k] = bool(v)
        elif isinstance(v, (int, np.integer)):
            out[k] = int(v)
        elif isinstance(v, (float, np.floating)):
            v = float(v)
            out[k] = v if math.isfinite(v) else ("inf" if v > 0 else ("-inf" if v < 0 else "nan"))
        elif isinstance(v, (list, tuple, np.ndarray)) and all(isinstance(x, (int, float, np.number)) for x in v):
            out[k] = [float(x) for x in v]
    return out


def fl(a):
    return [float(x) for x in a]


def reset(nest, h):
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": h, "local_num_threads": 1, "rng_seed": RNG_SEED})


def steps_of(t, h):
    return int(round(t / h))


def sim_full(nest, T):
    """Simulate T plus one min_delay slice, so that the multimeter has collected every sample up to T
    (NEST 3.10 hands a slice's samples to the multimeter only at the start of the next slice)."""
    md = nest.GetKernelStatus("min_delay")
    nest.Simulate(T + md)


# ------------------------------------------------------------------------------------------------
# Neurons
# ------------------------------------------------------------------------------------------------

def neuron_case(nest, model, h, kind):
    cfg = MODELS[model]
    reset(nest, h)
    n = nest.Create(model, params=dict(cfg["params"]))
    status = clean_status(n.get())
    rec = ["V_m"] + cfg["extra"] + (cfg["syn"] if kind == "spikes" else [])
    inputs = {}
    if kind == "dc":
        dc = nest.Create("dc_generator", params={"amplitude": cfg["dc"], "start": DC_START, "stop": DC_STOP})
        nest.Connect(dc, n, syn_spec={"delay": 1.0})
        inputs["dc_generator"] = dict(amplitude=cfg["dc"], start=DC_START, stop=DC_STOP, delay=1.0)
    elif kind == "step_current":
        vals = [f * cfg["dc"] for f in STEP_FACTORS]
        sc = nest.Create("step_current_generator", params={"amplitude_times": STEP_TIMES, "amplitude_values": vals})
        nest.Connect(sc, n, syn_spec={"delay": 1.0})
        inputs["step_current_generator"] = dict(amplitude_times=STEP_TIMES, amplitude_values=vals, delay=1.0)
    else:
        w_ex, w_in = cfg["w"]
        gens = []
        for times, w, d in ((EXC_TIMES, w_ex, 1.0), (INH_TIMES, w_in, 1.0), (EXC2_TIMES, w_ex, DELAY2),
                            (INH2_TIMES, w_in, DELAY2)):
            g = nest.Create("spike_generator", params={"spike_times": times})
            nest.Connect(g, n, syn_spec={"weight": w, "delay": d})
            d_eff = float(nest.GetConnections(g, n).get("delay"))
            gens.append(dict(spike_times=times, weight=w, delay=d, delay_effective=d_eff))
        inputs["spike_generators"] = gens
    mm = nest.Create("multimeter", params={"interval": h, "record_from": rec})
    nest.Connect(mm, n)
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    sim_full(nest, DURATION)
    ev = mm.events
    N = steps_of(DURATION, h)
    t_steps = np.rint(np.asarray(ev["times"]) / h).astype(int)
    keep = t_steps <= N
    assert list(t_steps[keep]) == list(range(1, N + 1)), (model, h, kind)
    traces = {r: fl(np.asarray(ev[r])[keep]) for r in rec}
    st = np.asarray(sr.events["times"])
    st = st[st <= DURATION * (1 + 1e-12)]
    return dict(
        id="%s/h%s/%s" % (model, h, kind), model=model, resolution=h, duration=DURATION, kind=kind,
        neuron=status, params=cfg["params"], inputs=inputs,
        record=dict(interval=h, first_step=1, n=N, traces=traces),
        spikes=fl(st), spike_steps=[int(round(t / h)) for t in st],
    )


def model_replay(case):
    h, N = case["resolution"], case["record"]["n"]
    inp = case["inputs"]
    trains = [(g["spike_times"], g["weight"], g["delay"]) for g in inp.get("spike_generators", [])]
    dc = None
    if "dc_generator" in inp:
        d = inp["dc_generator"]
        dc = (d["amplitude"], d["start"], d["stop"], d["delay"])
    sc = None
    if "step_current_generator" in inp:
        d = inp["step_current_generator"]
        sc = (d["amplitude_times"], d["amplitude_values"], d["delay"])
    spk, cur = zoo_model.build_inputs(h, N, trains, dc, sc)
    forced = case["spike_steps"] if case["model"] == "gif_psc_exp" else None
    tr, out = zoo_model.simulate(case["model"], case["neuron"], h, N, spk, cur, forced)
    worst = 0.0
    n_vals = n_exact = 0
    for r, ref in case["record"]["traces"].items():
        for a, b in zip(tr[r], ref):
            n_vals += 1
            n_exact += a == b
            dev = abs(a - b) / max(1.0, abs(b))
            worst = max(worst, dev)
    return worst, n_vals, n_exact, out == case["spike_steps"]


# ------------------------------------------------------------------------------------------------
# Synapses
# ------------------------------------------------------------------------------------------------

TSODYKS_SETS = {
    # NEST testsuite/pytests/synapses/test_tsodyks_synapse.py (Tsodyks, Pawelzik & Markram 1998, fig. 1)
    "depressing": dict(tau_m=40.0, tau_psc=3.0, tau_rec=800.0, tau_fac=0.0, U=0.5, weight=250.0,
                       times=list(np.round(np.arange(98.0, 1048.1, 50.0), 10)), T=1200.0),
    "facilitating": dict(tau_m=60.0, tau_psc=1.5, tau_rec=130.0, tau_fac=530.0, U=0.03, weight=1540.0,
                         times=list(np.round(np.arange(98.1, 1051.0, 50.1), 10)), T=1200.0),
}


def irregular_times():
    rng = np.random.default_rng(20261)
    t, out = 5.0, []
    while True:
        t += max(0.1, round(float(rng.exponential(25.0)), 1))
        t = round(t, 1)
        if t > 900.0:
            break
        out.append(t)
    return out


def synapse_case(nest, syn_model, set_name, p, times):
    reset(nest, 0.1)
    sg = nest.Create("spike_generator", params={"spike_times": times})
    pn = nest.Create("parrot_neuron")
    post_params = {"tau_m": p["tau_m"], "t_ref": 2.0, "tau_syn_ex": p["tau_psc"], "tau_syn_in": p["tau_psc"],
                   "C_m": p["tau_m"], "V_th": 15.0, "V_reset": 0.0, "E_L": 0.0, "V_m": 0.0}
    post = nest.Create("iaf_psc_exp", params=post_params)
    wr = nest.Create("weight_recorder")
    name = syn_model + "_rec"
    nest.CopyModel(syn_model, name, {"weight_recorder": wr})
    sp = {"tau_rec": p["tau_rec"], "tau_fac": p["tau_fac"], "U": p["U"], "delay": 0.1, "weight": p["weight"]}
    if syn_model == "tsodyks_synapse":
        sp.update({"tau_psc": p["tau_psc"], "u": 0.0, "x": 1.0, "y": 0.0})
    else:
        sp.update({"u": p["U"], "x": 1.0})
    nest.SetDefaults(name, sp)
    nest.Connect(sg, pn)
    nest.Connect(pn, post, syn_spec={"synapse_model": name})
    conn = nest.GetConnections(pn, post)
    syn = clean_status(conn.get())
    for k in ("source", "target", "port", "synapse_id", "target_thread", "sizeof", "size_of"):
        syn.pop(k, None)
    mm = nest.Create("multimeter", params={"interval": 1.0, "record_from": ["V_m", "I_syn_ex"]})
    nest.Connect(mm, post)
    psr = nest.Create("spike_recorder")
    nest.Connect(pn, psr)
    sim_full(nest, p["T"])
    ev = wr.events
    delivered = [[float(t), float(w)] for t, w in zip(ev["times"], ev["weights"])]
    fin = clean_status(conn.get())
    final = {k: fin[k] for k in ("x", "y", "u") if k in fin}
    mev = mm.events
    keep = np.asarray(mev["times"]) <= p["T"]
    return dict(
        id="%s/%s" % (syn_model, set_name), synapse_model=syn_model, set=set_name, resolution=0.1,
        duration=p["T"], synapse=syn, post_model="iaf_psc_exp", post=post_params,
        generator_to_parrot_delay=1.0, pre_spike_times=fl(psr.events["times"]), delivered=delivered, final=final,
        record=dict(interval=1.0, first_step_ms=1.0, traces={r: fl(np.asarray(mev[r])[keep]) for r in ("V_m", "I_syn_ex")}),
    )


def tsodyks_replay(case):
    """Delivered weights from the formulas of zoo_semantics.md (tsodyks_synapse.h, tsodyks2_synapse.h)."""
    s = case["synapse"]
    out = []
    if case["synapse_model"] == "tsodyks_synapse":
        x, y, u, t_last = s["x"], s["y"], s["u"], 0.0
        for t in case["pre_spike_times"]:
            hh = t - t_last
            Puu = 0.0 if s["tau_fac"] == 0.0 else math.exp(-hh / s["tau_fac"])
            Pyy = math.exp(-hh / s["tau_psc"])
            Pzz = math.expm1(-hh / s["tau_rec"])
            Pxy = (Pzz * s["tau_rec"] - (Pyy - 1.0) * s["tau_psc"]) / (s["tau_psc"] - s["tau_rec"])
            z = 1.0 - x - y
            u *= Puu
            x += Pxy * y - Pzz * z
            y *= Pyy
            u += s["U"] * (1.0 - u)
            dy = u * x
            x -= dy
            y += dy
            out.append(dy * s["weight"])
            t_last = t
    else:
        x, u, t_last = s["x"], s["u"], -1.0
        for t in case["pre_spike_times"]:
            if t_last >= 0.0:
                hh = t - t_last
                x_decay = math.exp(-hh / s["tau_rec"])
                u_decay = 0.0 if s["tau_fac"] == 0 else math.exp(-hh / s["tau_fac"])
                x = 1. + (x - x * u - 1.) * x_decay
                u = s["U"] + u * (1. - s["U"]) * u_decay
            out.append(x * u * s["weight"])
            t_last = t
    ref = [w for _, w in case["delivered"]]
    assert len(ref) == len(out), case["id"]
    return max(abs(a - b) / max(1.0, abs(b)) for a, b in zip(out, ref)), len(ref), sum(a == b for a, b in zip(out, ref))


# ------------------------------------------------------------------------------------------------
# Devices
# ------------------------------------------------------------------------------------------------

INTEGRATOR = {"C_m": 1.0, "tau_m": 1.0e9, "E_L": 0.0, "V_m": 0.0, "V_reset": -1.0, "V_th": 1.0e12, "t_ref": 0.0}


def current_generator_case(nest, dev, params, h, T, delay=1.0):
    reset(nest, h)
    g = nest.Create(dev, params=params)
    n = nest.Create("iaf_psc_alpha", params=INTEGRATOR)
    nest.Connect(g, n, syn_spec={"delay": delay})
    mg = nest.Create("multimeter", params={"interval": h, "record_from": ["I"]})
    nest.Connect(mg, g)
    mn = nest.Create("multimeter", params={"interval": h, "record_from": ["V_m"]})
    nest.Connect(mn, n)
    sim_full(nest, T)
    N = steps_of(T, h)

    def cut(ev, key):
        t = np.rint(np.asarray(ev["times"]) / h).astype(int)
        k = t <= N
        assert list(t[k]) == list(range(1, N + 1))
        return fl(np.asarray(ev[key])[k])

    return dict(
        id="%s/h%s" % (dev, h), device=dev, resolution=h, duration=T, setup=dict(params, delay=delay),
        target=dict(model="iaf_psc_alpha", params=INTEGRATOR),
        what=("generator -> iaf_psc_alpha used as an integrator (C_m 1 pF, tau_m 1e9 ms, E_L 0, no threshold) "
              "with the given delay. generator_I[i]: the generator's own recordable I at stamp (i+1)*h (the current "
              "it sends while updating from step i; 0 when inactive). target_V_m[i]: the target's V_m at stamp "
              "(i+1)*h; the current sent in update i is integrated by the target over the step from "
              "(i + delay_steps + 1)*h to (i + delay_steps + 2)*h (V increment = P30 * I, P30 = -tau_m/C_m*expm1(-h/tau_m))."),
        generator_I=cut(mg.events, "I"), target_V_m=cut(mn.events, "V_m"),
    )


def window_case(nest, h=0.1):
    """First/last emission stamps of each stimulating device with start 2.0, stop 3.0."""
    out = {}
    for model, params in [("poisson_generator", {"rate": 1e6}),
                          ("sinusoidal_poisson_generator", {"rate": 1e6}),
                          ("inhomogeneous_poisson_generator", {"rate_times": [0.5], "rate_values": [1e6]}),
                          ("spike_generator", {"spike_times": [1.9, 2.0, 2.1, 2.9, 3.0, 3.1]})]:
        reset(nest, h)
        g = nest.Create(model, params=dict(params, start=2.0, stop=3.0))
        p = nest.Create("parrot_neuron")
        nest.Connect(g, p, syn_spec={"delay": h})
        sr = nest.Create("spike_recorder")
        nest.Connect(p, sr)
        nest.Simulate(6.0)
        stamps = sorted(set(int(round(t / h)) - 1 for t in sr.events["times"]))
        out[model] = dict(params=params, emission_steps=stamps)
    for d in (0.1, 1.0):
        reset(nest, h)
        n = nest.Create("iaf_psc_alpha", params=INTEGRATOR)
        dc = nest.Create("dc_generator", params={"amplitude": 1.0, "start": 2.0, "stop": 3.0})
        nest.Connect(dc, n, syn_spec={"delay": d})
        mm = nest.Create("multimeter", params={"interval": h, "record_from": ["V_m"]})
        nest.Connect(mm, n)
        nest.Simulate(8.0)
        t = np.rint(np.asarray(mm.events["times"]) / h).astype(int)
        v = np.asarray(mm.events["V_m"])
        inc = t[np.diff(np.r_[0.0, v]) > 1e-12]
        out["dc_generator_delay_%s" % d] = dict(delay=d, V_increases_at_steps=[int(x) for x in inc])
    return dict(
        id="activity_windows", device="(all stimulating devices)", resolution=h, setup=dict(start=2.0, stop=3.0),
        what=("Each generator with start 2.0, stop 3.0 ms (h 0.1) at a huge rate, through a parrot_neuron "
              "(delay h) to a spike_recorder; emission_steps are the generator's emission stamps in steps "
              "(parrot time - h). spike generators: poisson/inhomogeneous emit stamps 22..31 "
              "(update steps s with start < s <= stop, stamp s+1), spike_generator stamps 21..30 "
              "(start < stamp <= stop), sinusoidal_poisson_generator stamps 20..29 (NEST classes it as a "
              "current generator: start < s+2 <= stop). dc_generator_delay_d: the stamps (steps) at which an "
              "integrating target's V_m increases for a dc_generator with start 2, stop 3 and delay d: the current "
              "acts on the updates from step start+d to stop+d (exclusive), i.e. V rises at stamps "
              "start+d+h .. stop+d."),
        windows=out,
    )


def recorder_case(nest):
    h = 0.1
    reset(nest, h)
    n = nest.Create("iaf_psc_delta")
    configs = [{"interval": 1.0}, {"interval": 0.5, "offset": 0.3}, {"interval": 0.1, "start": 2.0, "stop": 3.0},
               {"interval": 1.0, "offset": 2.5}, {"interval": 0.2, "origin": 1.0, "start": 1.0, "stop": 2.0},
               {"interval": 1.0, "offset": 0.15}]
    mms = []
    for c in configs:
        mm = nest.Create("multimeter", params=dict(c, record_from=["V_m"]))
        nest.Connect(mm, n)
        mms.append(mm)
    nest.Simulate(7.0)
    mm_out = [dict(config=c, times=fl(mm.events["times"])) for c, mm in zip(configs, mms)]
    # last-slice behaviour
    reset(nest, h)
    n = nest.Create("iaf_psc_delta")
    mm = nest.Create("multimeter", params={"interval": 0.1, "record_from": ["V_m"]})
    nest.Connect(mm, n)
    nest.Simulate(12.0)
    last1 = float(mm.events["times"][-1])
    nest.Simulate(1.0)
    last2 = float(mm.events["times"][-1])
    # spike recorder windows
    reset(nest, h)
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0, 2.1, 2.9, 3.0, 3.1, 4.0, 5.0]})
    p = nest.Create("parrot_neuron")
    nest.Connect(sg, p, syn_spec={"delay": 0.1})
    srs = []
    sr_cfg = [{}, {"start": 2.0, "stop": 3.0}, {"start": 2.0, "stop": 3.0, "origin": 1.0}]
    for c in sr_cfg:
        sr = nest.Create("spike_recorder", params=c)
        nest.Connect(p, sr)
        srs.append(sr)
    nest.Simulate(8.0)
    sr_out = [dict(config=c, times=fl(sr.events["times"])) for c, sr in zip(sr_cfg, srs)]
    return dict(
        id="recorders", device="multimeter, spike_recorder", resolution=h,
        what=("multimeter: a neuron sampled by multimeters with the given interval/offset/start/stop/origin, "
              "nest.Simulate(7.0); 'times' are the stamps recorded (ms). Without offset the samples are the stamps "
              "that are multiples of interval (first = interval, never 0); with offset: offset + k*interval; an "
              "offset is rounded up to the grid (0.15 -> 0.2 at h 0.1); the recorder keeps stamps t with "
              "origin+start < t <= origin+stop. Only stamps up to T - min_delay are collected by the end of "
              "Simulate(T) (min_delay 1.0 here): multimeter_last_slice gives the last stamp after Simulate(12.0) "
              "and after a further Simulate(1.0). spike_recorder: parrot spikes at 1.1, 2.1, 2.2, 3.0, 3.1, 3.2, "
              "4.1, 5.1 ms recorded with start/stop/origin: kept iff origin+start < t <= origin+stop."),
        multimeter=mm_out, multimeter_last_slice=dict(min_delay=1.0, after_simulate_12=last1,
                                                      after_further_simulate_1=last2),
        spike_recorder=sr_out,
    )


def noise_case(nest, h, dt, n_targets=200, T=1000.0):
    reset(nest, h)
    params = {"mean": 10.0, "std": 50.0}
    if dt is not None:
        params["dt"] = dt
    g = nest.Create("noise_generator", params=params)
    dt_eff = float(g.get("dt"))
    n = nest.Create("iaf_psc_alpha", n_targets, params=INTEGRATOR)
    nest.Connect(g, n, syn_spec={"delay": 1.0})
    mg = nest.Create("multimeter", params={"interval": h, "record_from": ["I"]})
    nest.Connect(mg, g)
    D = int(round(1.0 / h))
    k = int(round(dt_eff / h))
    # the generator draws in its first active update, s0 = 0 (start 0: active for start < s+2, and the
    # first update is s = 0), and every k steps after; draw j is sent in updates s0 + j*k .. s0 + (j+1)*k - 1
    # and integrated by the target in its updates s0 + j*k + D + 1 .. s0 + (j+1)*k + D.
    mn = nest.Create("multimeter", params={"interval": h, "record_from": ["V_m"]})
    nest.Connect(mn, n)
    sim_full(nest, T)
    ev = mn.events
    t = np.rint(np.asarray(ev["times"]) / h).astype(int)
    snd = np.asarray(ev["senders"])
    V = np.asarray(ev["V_m"])
    ids = np.asarray(n.tolist())
    s0 = 0
    n_win = (steps_of(T, h) - (s0 + D + 1)) // k - 1
    P30 = -INTEGRATOR["tau_m"] / INTEGRATOR["C_m"] * math.expm1(-h / INTEGRATOR["tau_m"])
    amps = np.zeros((n_targets, n_win))
    for ti, nid in enumerate(ids):
        sel = snd == nid
        vt = dict(zip(t[sel], V[sel]))
        for j in range(n_win):
            a = s0 + j * k + D + 1  # first update step of window j: V before it is at stamp a
            b = a + k
            v0 = vt.get(a, 0.0)
            amps[ti, j] = (vt[b] - v0) / (k * P30)
    mi = mg.events
    it = np.rint(np.asarray(mi["times"]) / h).astype(int)
    I_avg = np.asarray(mi["I"])[it <= 40]
    flat = amps.ravel()
    lag1 = float(np.mean([np.corrcoef(a[:-1], a[1:])[0, 1] for a in amps]))
    cross = float(np.corrcoef(amps[0], amps[1])[0, 1])
    return dict(
        id="noise_generator/h%s/dt%s" % (h, dt_eff), device="noise_generator", resolution=h, duration=T,
        setup=dict(params, dt_effective=dt_eff, delay=1.0, n_targets=n_targets),
        target=dict(model="iaf_psc_alpha", params=INTEGRATOR),
        what=("noise_generator (mean 10 pA, std 50 pA) onto n_targets integrating iaf_psc_alpha (delay 1 ms). "
              "Per target and window of dt the injected amplitude is recovered from the target's V_m "
              "(dV / (k*P30), k = dt/h); amplitude_stats over all targets and windows (mean, sample std with "
              "ddof 1, lag-1 autocorrelation within a target averaged over targets, correlation of targets 0 and 1): "
              "NEST draws mean + std*N(0,1) independently per target, once per dt, constant in between. "
              "amplitudes_sample: the first 10 windows of the first 5 targets. generator_I_first_40_steps: the "
              "generator's recordable I (the average over its targets of the current amplitudes) at stamps h..40h."),
        n_windows=int(n_win),
        amplitude_stats=dict(n=int(flat.size), mean=float(flat.mean()), std=float(flat.std(ddof=1)),
                             lag1_autocorr=lag1, corr_target0_target1=cross),
        amplitudes_sample=[fl(a[:10]) for a in amps[:5]],
        generator_I_first_40_steps=fl(I_avg),
    )


def poisson_like_case(nest, dev, params, h, T, n_targets, bins_ms, note, record_rate=False):
    reset(nest, h)
    g = nest.Create(dev, params=params)
    p = nest.Create("parrot_neuron", n_targets)
    nest.Connect(g, p, syn_spec={"delay": h})
    sr = nest.Create("spike_recorder")
    nest.Connect(p, sr)
    mg = None
    if record_rate:
        mg = nest.Create("multimeter", params={"interval": h, "record_from": ["rate"]})
        nest.Connect(mg, g)
    sim_full(nest, T)
    ev = sr.events
    steps = np.rint(np.asarray(ev["times"]) / h).astype(int) - 1  # emission stamps (steps) of the generator
    snd = np.asarray(ev["senders"])
    N = steps_of(T, h)
    keep = steps <= N
    steps, snd = steps[keep], snd[keep]
    times = steps * h
    ids = np.asarray(p.tolist())
    counts = np.array([(snd == i).sum() for i in ids])
    edges = np.asarray(bins_ms, dtype=float)
    edge_steps = np.rint(edges / h).astype(int)
    hist = np.array([((steps >= a) & (steps < b)).sum() for a, b in zip(edge_steps[:-1], edge_steps[1:])])
    first_active = 2  # emission stamps of a spike generator with start 0 begin at step 2 (update s = 1)
    per_step = np.bincount(steps, minlength=N + 1)[first_active:N + 1]
    isis = []
    for i in ids[:50]:
        ts = np.sort(times[snd == i])
        isis.extend(np.diff(ts))
    isis = np.asarray(isis)
    out = dict(
        id="%s/%s" % (dev, note), device=dev, resolution=h, duration=T, setup=dict(params, n_targets=n_targets),
        what=("generator -> n_targets parrot_neurons (delay h) -> spike_recorder; spike times are the generator's "
              "emission stamps (parrot time - h), multiplicities expanded. total: all spikes; counts_per_target; "
              "hist: spikes of all targets whose emission stamp n (steps) has a <= n*h < b for the bins [a, b) of "
              "'bin_edges_ms' (compared in whole steps); per_step_mean/var: spike count of all targets per emission "
              "stamp over the stamps 2..T/h (numpy var, ddof 0; Poisson: var = mean; stamps 0 and 1 can carry no "
              "spike, see activity_windows); isi_cv: CV of "
              "the pooled ISIs of the first 50 targets."),
        total=int(times.size), counts_per_target=[int(c) for c in counts],
        bin_edges_ms=fl(edges), hist=[int(x) for x in hist],
        per_step_mean=float(per_step.mean()), per_step_var=float(per_step.var()),
        isi_cv=float(isis.std() / isis.mean()) if isis.size else None,
    )
    if mg is not None:
        mi = mg.events
        it = np.rint(np.asarray(mi["times"]) / h).astype(int)
        sel = it <= 2000
        out["generator_rate_first_2000_steps"] = fl(np.asarray(mi["rate"])[sel])
        out["what"] += (" generator_rate_first_2000_steps: the generator's recordable 'rate' (Hz) at stamps h, 2h, ... "
                        "(the rate it used for the draws of that update; deterministic).")
    return out


def spike_generator_case(nest):
    h = 0.1
    res = {}
    # multiplicities and same-time spikes -> parrot -> recorder
    reset(nest, h)
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.5, 2.5, 5.0],
                                                "spike_multiplicities": [1, 2, 3, 1]})
    p = nest.Create("parrot_neuron")
    nest.Connect(sg, p, syn_spec={"delay": 1.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(p, sr)
    n = nest.Create("iaf_psc_delta", params={"tau_m": 1e9, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0, "V_reset": -1.0})
    nest.Connect(sg, n, syn_spec={"delay": 1.0, "weight": 1.0})
    mm = nest.Create("multimeter", params={"interval": h, "record_from": ["V_m"]})
    nest.Connect(mm, n)
    nest.Simulate(10.0)
    v = np.asarray(mm.events["V_m"])
    t = np.asarray(mm.events["times"])
    jumps = [[float(a), float(b)] for a, b in zip(t, np.diff(np.r_[0.0, v])) if abs(b) > 1e-9]
    res["multiplicities"] = dict(params={"spike_times": [1.0, 2.5, 2.5, 5.0], "spike_multiplicities": [1, 2, 3, 1]},
                                 delay=1.0, parrot_spike_times=fl(sr.events["times"]), target_V_jumps=jumps,
                                 note="parrot repeats each event with its multiplicity (recorder lists a spike "
                                      "once per multiplicity); iaf_psc_delta (weight 1 mV) jumps by weight*multiplicity "
                                      "summed over the events of the step, at spike time + delay")
    # spike_weights
    reset(nest, h)
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0], "spike_weights": [2.0, -0.5]})
    n = nest.Create("iaf_psc_delta", params={"tau_m": 1e9, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0, "V_reset": -1.0})
    nest.Connect(sg, n, syn_spec={"delay": 1.0, "weight": 3.0})
    mm = nest.Create("multimeter", params={"interval": h, "record_from": ["V_m"]})
    nest.Connect(mm, n)
    nest.Simulate(10.0)
    v = np.asarray(mm.events["V_m"])
    t = np.asarray(mm.events["times"])
    jumps = [[float(a), float(b)] for a, b in zip(t, np.diff(np.r_[0.0, v])) if abs(b) > 1e-9]
    res["spike_weights"] = dict(params={"spike_times": [1.0, 2.0], "spike_weights": [2.0, -0.5]},
                                connection_weight=3.0, delay=1.0, target_V_jumps=jumps,
                                note="with spike_weights the delivered weight is spike_weight * connection weight")
    # off-grid handling
    for label, params in [("allow_offgrid_times", {"spike_times": [1.03, 2.05, 3.0], "allow_offgrid_times": True}),
                          ("shift_now_spikes", {"spike_times": [0.0, 1.0], "shift_now_spikes": True}),
                          ("on_grid_tolerance", {"spike_times": [0.30000000000000004, 1.0000000001]})]:
        reset(nest, h)
        try:
            sg = nest.Create("spike_generator", params=params)
            p = nest.Create("parrot_neuron")
            nest.Connect(sg, p, syn_spec={"delay": 1.0})
            sr = nest.Create("spike_recorder")
            nest.Connect(p, sr)
            nest.Simulate(10.0)
            res[label] = dict(params=params, stored_spike_times=fl(sg.get("spike_times")),
                              emission_steps=[int(round(t / h)) - 10 for t in sr.events["times"]],
                              parrot_times_delay_1ms=fl(sr.events["times"]))
        except Exception as e:  # noqa: BLE001
            res[label] = dict(params=params, error=str(e))
    for label, params in [("off_grid_rejected", {"spike_times": [1.03]}), ("zero_rejected", {"spike_times": [0.0]}),
                          ("unsorted_rejected", {"spike_times": [2.0, 1.0]})]:
        reset(nest, h)
        try:
            nest.Create("spike_generator", params=params)
            res[label] = dict(params=params, error=None)
        except Exception as e:  # noqa: BLE001
            res[label] = dict(params=params, error=str(e).split(":", 1)[-1].strip())
    return dict(id="spike_generator", device="spike_generator", resolution=h,
                what="spike_generator behaviours at h 0.1 (each entry: params, results; see notes)", cases=res)


# ------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    import nest
    try:
        nest.verbosity = nest.VerbosityLevel.ERROR
    except Exception:  # noqa: BLE001
        pass

    t0 = time.time()
    neurons = []
    check = {}
    for model in MODELS:
        worst, nv, ne, spikes_ok = 0.0, 0, 0, True
        for h in RESOLUTIONS:
            for kind in ("dc", "spikes", "step_current"):
                c = neuron_case(nest, model, h, kind)
                w, a, b, ok = model_replay(c)
                worst, nv, ne, spikes_ok = max(worst, w), nv + a, ne + b, spikes_ok and ok
                if w > MODEL_TOL or not ok:
                    print("MODEL MISMATCH %s: max rel dev %.3g, spikes equal %s" % (c["id"], w, ok))
                neurons.append(c)
        check[model] = dict(values=nv, bit_exact=ne, max_relative_deviation=worst, spike_times_equal=spikes_ok)
        print("%-16s %6d values, %6d bit-exact, max rel dev %.3g, spikes equal: %s (%.0f s)"
              % (model, nv, ne, worst, spikes_ok, time.time() - t0))

    synapses = []
    syn_check = {}
    for syn_model in ("tsodyks_synapse", "tsodyks2_synapse"):
        worst, nv, ne = 0.0, 0, 0
        for set_name, p in TSODYKS_SETS.items():
            c = synapse_case(nest, syn_model, set_name, p, p["times"])
            w, a, b = tsodyks_replay(c)
            worst, nv, ne = max(worst, w), nv + a, ne + b
            synapses.append(c)
        p = dict(TSODYKS_SETS["facilitating"], T=1000.0)
        c = synapse_case(nest, syn_model, "facilitating_irregular", p, irregular_times())
        w, a, b = tsodyks_replay(c)
        worst, nv, ne = max(worst, w), nv + a, ne + b
        synapses.append(c)
        syn_check[syn_model] = dict(values=nv, bit_exact=ne, max_relative_deviation=worst)
        print("%-16s %6d delivered weights, %d bit-exact, max rel dev %.3g" % (syn_model, nv, ne, worst))

    devices = [window_case(nest), recorder_case(nest), spike_generator_case(nest)]
    for h in (0.1, 0.5):
        devices.append(current_generator_case(nest, "dc_generator", {"amplitude": 7.5, "start": 5.0, "stop": 40.0}, h, 60.0))
        devices.append(current_generator_case(nest, "ac_generator", {"amplitude": 50.0, "offset": 10.0, "frequency": 40.0,
                                                                     "phase": 30.0, "start": 5.0, "stop": 40.0}, h, 60.0))
        devices.append(current_generator_case(nest, "step_current_generator",
                                              {"amplitude_times": [5.0, 20.0, 30.0, 45.0],
                                               "amplitude_values": [7.5, -3.0, 12.0, 0.5], "stop": 50.0}, h, 60.0))
    devices.append(noise_case(nest, 0.1, None))
    devices.append(noise_case(nest, 0.1, 0.5))
    devices.append(noise_case(nest, 1.0, None))
    devices.append(poisson_like_case(nest, "poisson_generator", {"rate": 20.0}, 0.1, 2000.0, 500,
                                     list(np.arange(0.0, 2000.1, 100.0)), "rate20"))
    devices.append(poisson_like_case(nest, "poisson_generator", {"rate": 5000.0}, 1.0, 200.0, 100,
                                     list(np.arange(0.0, 200.1, 10.0)), "rate5000_h1"))
    devices.append(poisson_like_case(nest, "sinusoidal_poisson_generator",
                                     {"rate": 30.0, "amplitude": 20.0, "frequency": 10.0, "phase": 0.0},
                                     0.1, 2000.0, 500, list(np.arange(0.0, 2000.1, 5.0)), "rate30_amp20_f10",
                                     record_rate=True))
    devices.append(poisson_like_case(nest, "inhomogeneous_poisson_generator",
                                     {"rate_times": [10.0, 500.0, 1000.0, 1500.0], "rate_values": [10.0, 80.0, 0.0, 40.0]},
                                     0.1, 2000.0, 500, [0.0, 10.0, 500.0, 1000.0, 1500.0, 2000.1], "steps"))
    print("devices done (%.0f s)" % (time.time() - t0))

    def no_nonfinite(x):
        if isinstance(x, float):
            assert math.isfinite(x), "non-finite float in output"
        elif isinstance(x, dict):
            for v in x.values():
                no_nonfinite(v)
        elif isinstance(x, list):
            for v in x:
                no_nonfinite(v)

    no_nonfinite([neurons, synapses, devices])
    doc = dict(
        generator="benches/peers/nest/zoo_references.py",
        nest_version=nest.__version__,
        rng_seed=RNG_SEED,
        conventions=("Times in ms; NEST's stamps are the END of the step in which an event happened. Neuron "
                     "traces: value i is the state after the update from step i to step i+1 (stamp (i+1)*h). "
                     "Spike arriving: emitted with stamp n (steps), delay D steps: read by the target in its "
                     "update from step n+D-1 to n+D. Currents: a generator's current sent in update s acts on the "
                     "target's update s+D+1. See benches/peers/nest/zoo_semantics.md."),
        model_check=dict(model="benches/peers/nest/zoo_model.py", tolerance=MODEL_TOL, neurons=check,
                         synapses=syn_check,
                         note=("gif_psc_exp: the model takes its spike times from NEST (escape noise uses NEST's "
                               "RNG); everything else is computed independently of NEST.")),
        neurons=neurons, synapses=synapses, devices=devices,
    )
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("{\n")
        keys = [k for k in doc if k not in ("neurons", "synapses", "devices")]
        for k in keys:
            f.write("%s: %s,\n" % (json.dumps(k), json.dumps(doc[k])))
        for name in ("neurons", "synapses", "devices"):
            f.write("%s: [\n" % json.dumps(name))
            items = doc[name]
            for i, c in enumerate(items):
                f.write(json.dumps(c, separators=(",", ":"), allow_nan=False) + (",\n" if i + 1 < len(items) else "\n"))
            f.write("]" + (",\n" if name != "devices" else "\n"))
        f.write("}\n")
    print("wrote %s: %d neuron, %d synapse, %d device cases, %d bytes (%.0f s)"
          % (os.path.relpath(args.out, REPO), len(neurons), len(synapses), len(devices), os.path.getsize(args.out),
             time.time() - t0))
    bad = [m for m, c in check.items() if c["max_relative_deviation"] > MODEL_TOL or not c["spike_times_equal"]]
    if bad:
        print("model check FAILED for: %s" % ", ".join(bad))
        sys.exit(1)


if __name__ == "__main__":
    main()
