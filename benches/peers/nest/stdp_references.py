#!/usr/bin/env python3
"""Reference weight trajectories of NEST 3.10's STDP synapses, for neurodim's plasticity tests.

Writes ``crates/dyn/tests/it/references/nest_stdp.json`` (see README.md beside this file for
the venv) and checks every case against ``stdp_model.py``, an independent pure-Python
re-implementation of NEST's update rules: the script fails unless the model reproduces every
weight NEST recorded to <= 1e-12 relative (in practice: bit for bit).

Protocol (NEST's own way of testing STDP): ``spike_generator`` -> ``parrot_neuron`` for the
presynaptic neuron, another ``spike_generator`` -> ``parrot_neuron`` for the postsynaptic one,
both generator connections static with delay 1.0 ms (so a generator time of t - 1.0 makes the
parrot spike at t), and the plastic connection pre parrot -> post parrot on
``receptor_type=1``, which a parrot does not repeat.  Resolution 0.1 ms; every spike time is
on the grid.  A ``weight_recorder`` (set on a copy of the synapse model) records the time
stamp (the presynaptic spike time) and the weight after the update of every transmitted
presynaptic spike; the final weight and traces are read with ``GetConnections``.

Usage:  benches/peers/nest/venv/bin/python benches/peers/nest/stdp_references.py [--out PATH]
"""

import argparse
import json
import math
import os
import sys

os.environ.setdefault("PYNEST_QUIET", "1")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the committed files
sys.path.insert(0, HERE)
import stdp_model  # noqa: E402

REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "crates", "dyn", "tests", "it", "references", "nest_stdp.json")

RESOLUTION = 0.1  # ms
GEN_DELAY = 1.0  # ms, spike_generator -> parrot
STEPS_PER_MS = 10
POISSON_SEED = 20260
POISSON_RATE_HZ = 20.0
POISSON_T_MS = 2000.0
REL_TOL = 1e-12

# Keys of a connection's status dict that describe the connection, not the rule.
BOOKKEEPING = {"source", "target", "port", "synapse_id", "target_thread", "sizeof", "synapse_model"}
DEFAULTS_BOOKKEEPING = BOOKKEEPING | {
    "element_type", "has_delay", "num_connections", "requires_symmetric", "synapse_modelid",
    "weight_recorder", "receptor_type",
}

# --------------------------------------------------------------------------------------------
# Rules and parameter variants
# --------------------------------------------------------------------------------------------
# Each variant: rule, synapse params set on the connection (or, for stdp_synapse_hom, on the
# model: its parameters are common properties), post-neuron params, and which scenario set it
# runs ("standard": every scenario below; "clip": the clipping train only).

PFISTER_VISUAL_ALL_TO_ALL = {
    # Pfister & Gerstner (2006), table 4, visual cortex, all-to-all interaction, full model.
    # paper name -> NEST name: tau_plus -> tau_plus (synapse), tau_x -> tau_plus_triplet
    # (synapse), tau_minus -> tau_minus (post neuron), tau_y -> tau_minus_triplet (post neuron),
    # A2+ -> Aplus, A3+ -> Aplus_triplet, A2- -> Aminus, A3- -> Aminus_triplet.  NEST adds these
    # amplitudes to the weight as they are (no scaling by Wmax); these are also NEST's defaults.
    "syn": {
        "tau_plus": 16.8, "tau_plus_triplet": 101.0,
        "Aplus": 5e-10, "Aplus_triplet": 6.2e-3, "Aminus": 7e-3, "Aminus_triplet": 2.3e-4,
    },
    "post": {"tau_minus": 33.7, "tau_minus_triplet": 125.0},
}

LAMBDA_CLIP = {"lambda": 0.2, "mu_plus": 0.0, "mu_minus": 0.0, "weight": 50.0}

VARIANTS = [
    # stdp_synapse
    dict(rule="stdp_synapse", variant="default", syn={}, post={}, scen="standard",
         note="all NEST defaults (weight 1.0, Wmax 100, lambda 0.01, alpha 1, mu_plus = mu_minus = 1, "
              "i.e. NEST's default is the multiplicative rule)"),
    dict(rule="stdp_synapse", variant="multiplicative", syn={"mu_plus": 1.0, "mu_minus": 1.0, "weight": 50.0},
         post={}, scen="standard", note="mu_plus = mu_minus = 1 (soft bounds), weight at Wmax/2"),
    dict(rule="stdp_synapse", variant="additive",
         syn={"mu_plus": 0.0, "mu_minus": 0.0, "alpha": 1.2, "weight": 50.0}, post={}, scen="standard",
         note="mu_plus = mu_minus = 0 (additive, hard bounds), alpha 1.2"),
    dict(rule="stdp_synapse", variant="power_law",
         syn={"mu_plus": 0.4, "mu_minus": 0.4, "alpha": 1.1, "lambda": 0.02, "weight": 50.0}, post={},
         scen="standard", note="Guetig et al. (2003) intermediate exponents, mu = 0.4"),
    dict(rule="stdp_synapse", variant="clip_additive", syn=dict(LAMBDA_CLIP), post={}, scen="clip",
         note="lambda 0.2, additive: the weight hits Wmax, then 0"),
    dict(rule="stdp_synapse", variant="clip_multiplicative", syn={"lambda": 1.5, "weight": 50.0}, post={},
         scen="clip", note="lambda 1.5 with mu = 1: one pair overshoots, clipped to Wmax / 0 exactly"),
    # stdp_synapse_hom (parameters are common to all its synapses: set on the model)
    dict(rule="stdp_synapse_hom", variant="default", syn={}, post={}, scen="standard", hom=True,
         note="all NEST defaults (same values as stdp_synapse)"),
    dict(rule="stdp_synapse_hom", variant="clip_additive", syn=dict(LAMBDA_CLIP), post={}, scen="clip",
         hom=True, note="lambda 0.2, additive: the weight hits Wmax, then 0"),
    # nearest-neighbour variants
    dict(rule="stdp_nn_symm_synapse", variant="default", syn={}, post={}, scen="standard",
         note="all NEST defaults"),
    dict(rule="stdp_nn_symm_synapse", variant="clip_additive", syn=dict(LAMBDA_CLIP), post={}, scen="clip",
         note="lambda 0.2, additive"),
    dict(rule="stdp_nn_restr_synapse", variant="default", syn={}, post={}, scen="standard",
         note="all NEST defaults"),
    dict(rule="stdp_nn_restr_synapse", variant="clip_additive", syn=dict(LAMBDA_CLIP), post={}, scen="clip",
         note="lambda 0.2, additive"),
    dict(rule="stdp_nn_pre_centered_synapse", variant="default", syn={}, post={}, scen="standard",
         note="all NEST defaults"),
    dict(rule="stdp_nn_pre_centered_synapse", variant="clip_additive", syn=dict(LAMBDA_CLIP), post={},
         scen="clip", note="lambda 0.2, additive"),
    # triplet
    dict(rule="stdp_triplet_synapse", variant="pfister_visual_all_to_all",
         syn=dict(PFISTER_VISUAL_ALL_TO_ALL["syn"]), post=dict(PFISTER_VISUAL_ALL_TO_ALL["post"]),
         scen="standard",
         note="Pfister & Gerstner 2006 visual cortex all-to-all set (tau_plus 16.8, tau_x 101 -> "
              "tau_plus_triplet, tau_minus 33.7 and tau_y 125 -> post neuron's tau_minus and "
              "tau_minus_triplet, A2+ 5e-10 -> Aplus, A3+ 6.2e-3 -> Aplus_triplet, A2- 7e-3 -> Aminus, "
              "A3- 2.3e-4 -> Aminus_triplet); weight 1.0, Wmax 100 (NEST defaults), amplitudes in weight units"),
    dict(rule="stdp_triplet_synapse", variant="clip",
         syn={"Aplus": 10.0, "Aplus_triplet": 5.0, "Aminus": 10.0, "Aminus_triplet": 5.0, "weight": 50.0},
         post=dict(PFISTER_VISUAL_ALL_TO_ALL["post"]), scen="clip", note="large amplitudes: hits Wmax, then 0"),
    # Vogels-Sprekeler
    dict(rule="vogels_sprekeler_synapse", variant="default", syn={}, post={}, scen="standard",
         note="all NEST defaults (weight 0.5, Wmax 1, eta 0.001, alpha 0.12, tau 20; post tau_minus 20)"),
    dict(rule="vogels_sprekeler_synapse", variant="visible", syn={"eta": 0.01, "alpha": 0.2}, post={},
         scen="standard", note="eta 0.01, alpha 0.2 so that the changes are visible"),
    dict(rule="vogels_sprekeler_synapse", variant="inhibitory",
         syn={"eta": 0.01, "alpha": 0.2, "Wmax": -1.0, "weight": -0.5}, post={}, scen="standard",
         note="negative Wmax and weight: NEST updates |w| and restores Wmax's sign"),
    dict(rule="vogels_sprekeler_synapse", variant="tau_10_post_tau_minus_30",
         syn={"eta": 0.01, "alpha": 0.2, "tau": 10.0}, post={"tau_minus": 30.0}, scen="standard",
         note="synapse tau 10, post neuron tau_minus 30: the pre trace decays with tau, the post "
              "trace with the post neuron's tau_minus"),
    dict(rule="vogels_sprekeler_synapse", variant="clip_up", syn={"eta": 0.2, "alpha": 0.0}, post={},
         scen="clip", note="eta 0.2, alpha 0 (no constant depression): the weight hits Wmax"),
    dict(rule="vogels_sprekeler_synapse", variant="clip_down", syn={"eta": 0.2, "alpha": 2.0}, post={},
         scen="clip", note="eta 0.2, alpha 2 (constant depression 0.4 a pre spike): the weight hits 0"),
]

WINDOW_VARIANTS = ["multiplicative", "additive"]  # stdp_synapse variants whose window is stored


# --------------------------------------------------------------------------------------------
# Scenarios: spike times are given in steps of 0.1 ms (integers) to stay on the grid
# --------------------------------------------------------------------------------------------

def ms(x):
    """ms -> steps (x must be on the 0.1 ms grid)."""
    s = int(round(x * STEPS_PER_MS))
    assert abs(s / STEPS_PER_MS - x) < 1e-9, x
    return s


def poisson_steps(rng, rate_hz, t_ms, t_first_ms=5.0):
    n = int(round(t_ms * STEPS_PER_MS))
    p = rate_hz * RESOLUTION * 1e-3
    hits = np.nonzero(rng.random(n) < p)[0]
    return [int(s) for s in hits if s >= ms(t_first_ms)]


def standard_scenarios():
    rng = np.random.default_rng(POISSON_SEED)
    poisson_pre = poisson_steps(rng, POISSON_RATE_HZ, POISSON_T_MS)
    poisson_post = poisson_steps(rng, POISSON_RATE_HZ, POISSON_T_MS)
    out = []
    probe = 1100.0
    for d in (1.0, 3.5):
        tag = "d%g" % d
        out += [
            dict(name="pair_pre_post_dt+10_" + tag, delay=d,
                 pre=[ms(100.0), ms(probe)], post=[ms(110.0)],
                 desc="pre at 100, post at 110 (t_post - t_pre = +10 ms); potentiation is applied "
                      "when the next pre spike (the probe at 1100) is delivered"),
            dict(name="pair_post_pre_dt-10_" + tag, delay=d,
                 pre=[ms(100.0), ms(probe)], post=[ms(90.0)],
                 desc="post at 90, pre at 100 (t_post - t_pre = -10 ms); depression at the pre spike; "
                      "probe pre spike at 1100"),
            dict(name="same_step_" + tag, delay=d,
                 pre=[ms(100.0), ms(probe)], post=[ms(100.0)],
                 desc="pre and post emitted in the same step (t = 100); NEST sees the post spike at "
                      "the synapse at 100 + delay, so this is a pre-post pair with lag +delay; probe at 1100"),
            dict(name="coincident_at_synapse_" + tag, delay=d,
                 pre=[ms(90.0), ms(100.0), ms(probe)], post=[ms(100.0 - d)],
                 desc="post at 100 - delay reaches the synapse exactly with the pre spike at 100 "
                      "(lag 0): that pair is discarded; the post spike pairs with the pre at 90; probe at 1100"),
            dict(name="burst_" + tag, delay=d,
                 pre=[ms(t) for t in (100.0, 102.0, 104.0, 106.0, 108.0, probe)],
                 post=[ms(t) for t in (101.0, 104.5, 107.2)],
                 desc="5 pre spikes at 2 ms intervals (100..108) around 3 post spikes (101, 104.5, 107.2); "
                      "probe pre spike at 1100; with delay 1 the post spike at 101 reaches the synapse "
                      "exactly with the pre spike at 102, with delay 3.5 the one at 104.5 with the pre at 108"),
            dict(name="poisson_20Hz_2s_" + tag, delay=d,
                 pre=poisson_pre + [ms(3000.0)], post=poisson_post,
                 desc="independent Bernoulli(p = 20 Hz * 0.1 ms) trains on the grid for pre and post over "
                      "[5 ms, 2 s) from numpy.random.default_rng(%d) (pre drawn first), plus a probe pre "
                      "spike at 3000 ms that collects the potentiation of the last post spikes" % POISSON_SEED),
        ]
    out += [
        dict(name="early_post_d1", delay=1.0,
             pre=[ms(20.0), ms(1020.0)], post=[ms(5.0)],
             desc="a post spike at 5 ms before the first pre spike at 20 ms, probe pre spike at 1020: "
                  "a synapse starts with t_lastspike = 0, so the rules that do not weight the pairing "
                  "by Kplus (stdp_nn_symm_synapse, stdp_nn_restr_synapse) pair this post spike with a "
                  "phantom pre spike at t = 0"),
        dict(name="train_20Hz_pre_post_dt+10_d1", delay=1.0,
             pre=[ms(100.0 + 50.0 * k) for k in range(10)] + [ms(1550.0)],
             post=[ms(110.0 + 50.0 * k) for k in range(10)],
             desc="10 pre-post pairs (+10 ms) repeated at 20 Hz from 100 ms, probe pre spike at 1550"),
        dict(name="nn_edge_d1", delay=1.0,
             pre=[ms(100.0), ms(110.0), ms(1110.0)], post=[ms(95.0), ms(109.0)],
             desc="post at 95, pre at 100, post at 109 (reaches the synapse exactly with the pre at 110), "
                  "pre at 110, probe at 1110: the depression at 110 reads the post trace strictly before "
                  "109, i.e. from the post spike at 95 that the pre at 100 already used"),
    ]
    return out


def clip_scenarios():
    up = [ms(100.0 + 50.0 * k) for k in range(10)]
    down = [ms(705.0 + 50.0 * k) for k in range(10)]
    return [dict(
        name="clip_up_then_down_d1", delay=1.0,
        pre=up + down + [ms(2200.0)],
        post=[ms(105.0 + 50.0 * k) for k in range(10)] + [ms(700.0 + 50.0 * k) for k in range(10)],
        desc="10 pre-post pairs (+5 ms) at 20 Hz from 100 ms, then 10 post-pre pairs (-5 ms) at 20 Hz "
             "from 700 ms, probe pre spike at 2200",
    )]


# --------------------------------------------------------------------------------------------
# NEST
# --------------------------------------------------------------------------------------------

def run_nest(nest, v, pre_steps, post_steps, delay, duration):
    nest.ResetKernel()
    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.resolution = RESOLUTION
    rule = v["rule"]
    hom = v.get("hom", False)

    pre = nest.Create("parrot_neuron")
    post = nest.Create("parrot_neuron", params=v["post"]) if v["post"] else nest.Create("parrot_neuron")
    sg_pre = nest.Create("spike_generator", params={"spike_times": [s / STEPS_PER_MS - GEN_DELAY for s in pre_steps]})
    sg_post = nest.Create("spike_generator", params={"spike_times": [s / STEPS_PER_MS - GEN_DELAY for s in post_steps]})
    nest.Connect(sg_pre, pre, syn_spec={"delay": GEN_DELAY})
    nest.Connect(sg_post, post, syn_spec={"delay": GEN_DELAY})
    sr = nest.Create("spike_recorder")
    nest.Connect(pre + post, sr)
    wr = nest.Create("weight_recorder")
    model_params = {"weight_recorder": wr}
    syn_spec = {"receptor_type": 1, "delay": delay}
    if hom:
        model_params.update({k: x for k, x in v["syn"].items() if k != "weight"})
        if "weight" in v["syn"]:
            syn_spec["weight"] = v["syn"]["weight"]
    else:
        syn_spec.update(v["syn"])
    nest.CopyModel(rule, rule + "_rec", model_params)
    syn_spec["synapse_model"] = rule + "_rec"
    nest.Connect(pre, post, syn_spec=syn_spec)

    conn = nest.GetConnections(pre, post)
    initial = conn.get()
    params = {k: x for k, x in initial.items() if k not in BOOKKEEPING}
    if hom:
        defaults = nest.GetDefaults(rule + "_rec")
        for k, x in defaults.items():
            if k not in DEFAULTS_BOOKKEEPING and k not in params:
                params[k] = x
    post_status = post.get()
    post_params = {"tau_minus": post_status["tau_minus"], "tau_minus_triplet": post_status["tau_minus_triplet"]}

    nest.Simulate(duration)

    ev = sr.events
    pre_id, post_id = pre.global_id, post.global_id
    pre_t = [float(t) for t, s in zip(ev["times"], ev["senders"]) if s == pre_id]
    post_t = [float(t) for t, s in zip(ev["times"], ev["senders"]) if s == post_id]
    wev = wr.events
    recorded = [[float(t), float(w)] for t, w in zip(wev["times"], wev["weights"])]
    final_status = conn.get()
    final = {k: final_status[k] for k in ("weight", "Kplus", "Kplus_triplet") if k in final_status}
    return dict(
        synapse=params, post_neuron=post_params, delay=float(initial["delay"]),
        pre_spikes=pre_t, post_spikes=post_t, recorded=recorded, final=final,
    )


def check_times(steps, times, what):
    expect = [stdp_model.nest_time_ms(s, RESOLUTION) for s in steps]
    if expect != times:
        raise SystemExit("%s: NEST spike times %r differ from the expected grid times %r" % (what, times, expect))


def rel_dev(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


class Checker:
    def __init__(self):
        self.max_rel = 0.0
        self.n_weights = 0
        self.n_bit_exact = 0
        self.worst = None
        self.online_max_rel = 0.0
        self.online_n = 0
        self.online_worst = None

    def check(self, case_id, rule, res):
        trace, syn = stdp_model.replay(
            rule, res["synapse"], res["pre_spikes"], res["post_spikes"], res["delay"],
            res["post_neuron"]["tau_minus"], res["post_neuron"]["tau_minus_triplet"],
        )
        nest_rec = res["recorded"]
        if len(trace) != len(nest_rec):
            raise SystemExit("%s: NEST recorded %d weights, model %d" % (case_id, len(nest_rec), len(trace)))
        pairs = [(tm, wm, tn, wn) for (tm, wm), (tn, wn) in zip(trace, nest_rec)]
        pairs.append((None, syn.w, None, res["final"]["weight"]))
        if "Kplus" in res["final"]:
            pairs.append((None, syn.Kplus, None, res["final"]["Kplus"]))
        if "Kplus_triplet" in res["final"]:
            pairs.append((None, syn.Kplus_triplet, None, res["final"]["Kplus_triplet"]))
        for tm, wm, tn, wn in pairs:
            if tm != tn:
                raise SystemExit("%s: time %r (model) vs %r (NEST)" % (case_id, tm, tn))
            r = rel_dev(wm, wn)
            self.n_weights += 1
            self.n_bit_exact += wm == wn
            if r > self.max_rel or self.worst is None:
                self.max_rel = max(self.max_rel, r)
                if r > 0.0 or self.worst is None:
                    self.worst = (case_id, tn, wm, wn)
            if r > REL_TOL:
                raise SystemExit("%s: at t=%r model %r vs NEST %r (rel %.3g)" % (case_id, tn, wm, wn, r))
        if rule in stdp_model.ONLINE_RULES:
            otrace, _ = stdp_model.replay_online(
                rule, res["synapse"], res["pre_spikes"], res["post_spikes"], res["delay"],
                res["post_neuron"]["tau_minus"], res["post_neuron"]["tau_minus_triplet"],
            )
            for (to, wo), (tn, wn) in zip(otrace, nest_rec):
                if to != tn:
                    raise SystemExit("%s (online): time %r vs %r (NEST)" % (case_id, to, tn))
                r = rel_dev(wo, wn)
                self.online_n += 1
                if r > self.online_max_rel:
                    self.online_max_rel = r
                    self.online_worst = (case_id, tn, wo, wn)
                if r > REL_TOL:
                    raise SystemExit("%s (online): at t=%r online %r vs NEST %r (rel %.3g)" % (case_id, tn, wo, wn, r))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()

    import nest

    checker = Checker()
    cases = []
    std = standard_scenarios()
    clip = clip_scenarios()
    for v in VARIANTS:
        for sc in (std if v["scen"] == "standard" else clip):
            all_steps = sc["pre"] + sc["post"]
            duration = math.ceil(max(all_steps) / STEPS_PER_MS + 2 * sc["delay"] + 10.0)
            res = run_nest(nest, v, sc["pre"], sc["post"], sc["delay"], duration)
            case_id = "%s/%s/%s" % (v["rule"], v["variant"], sc["name"])
            check_times(sc["pre"], res["pre_spikes"], case_id + " pre")
            check_times(sc["post"], res["post_spikes"], case_id + " post")
            checker.check(case_id, v["rule"], res)
            cases.append(dict(
                id=case_id, rule=v["rule"], variant=v["variant"], variant_note=v["note"],
                scenario=sc["name"], description=sc["desc"],
                synapse=res["synapse"], post_neuron=res["post_neuron"], delay=res["delay"],
                resolution=RESOLUTION, duration=float(duration),
                pre_spikes=res["pre_spikes"], post_spikes=res["post_spikes"],
                recorded=res["recorded"], final=res["final"],
            ))

    windows = []
    t_pre, t_probe = 100.0, 1100.0
    for vname in WINDOW_VARIANTS:
        v = next(x for x in VARIANTS if x["rule"] == "stdp_synapse" and x["variant"] == vname)
        points = []
        common = None
        for dt in range(-50, 51):
            pre_steps = [ms(t_pre), ms(t_probe)]
            post_steps = [ms(t_pre + dt)]
            duration = t_probe + 20.0
            res = run_nest(nest, v, pre_steps, post_steps, 1.0, duration)
            case_id = "window/stdp_synapse/%s/dt%+d" % (vname, dt)
            check_times(pre_steps, res["pre_spikes"], case_id + " pre")
            check_times(post_steps, res["post_spikes"], case_id + " post")
            checker.check(case_id, "stdp_synapse", res)
            if common is None:
                common = res
            w0 = res["synapse"]["weight"]
            w_pre = res["recorded"][0][1]
            w_probe = res["recorded"][1][1]
            points.append(dict(dt=float(dt), t_post=res["post_spikes"][0], w_at_pre=w_pre, w_at_probe=w_probe,
                               final_weight=res["final"]["weight"], dw=w_probe - w0))
        windows.append(dict(
            id="window/stdp_synapse/%s" % vname, rule="stdp_synapse", variant=vname, variant_note=v["note"],
            synapse=common["synapse"], post_neuron=common["post_neuron"], delay=common["delay"],
            resolution=RESOLUTION, duration=t_probe + 20.0, t_pre=t_pre, t_probe=t_probe,
            how=("one simulation per dt: pre spikes at t_pre = 100 ms and at the probe t_probe = 1100 ms, one post "
                 "spike at t_post = 100 + dt (dt = t_post - t_pre, emission times). w_at_pre is the weight "
                 "recorded at the pre spike (depression by post spikes before it, i.e. t_post + delay < t_pre), "
                 "w_at_probe the weight recorded at the probe (adds the potentiation by post spikes with "
                 "t_pre < t_post + delay <= t_probe and the probe's own depression, exp(-(1100 - delay - "
                 "t_post)/tau_minus) <= exp(-47.45): below the weight's rounding). dw = w_at_probe - weight. "
                 "NEST compares t_pre with t_post + delay, so dt = -1 (with delay 1) is a coincident pair at the "
                 "synapse and gives no change, and dt = 0 is potentiated as a lag of +1 ms."),
            points=points,
        ))

    doc = dict(
        generator="benches/peers/nest/stdp_references.py",
        nest_version=nest.__version__,
        resolution=RESOLUTION,
        protocol=("spike_generator -> parrot_neuron (static, delay 1.0 ms) for pre and for post; plastic "
                  "connection pre parrot -> post parrot on receptor_type 1 (not repeated by the post parrot); "
                  "weight_recorder on the plastic connection; final state from GetConnections. Spike times are "
                  "the parrots' emission times (ms) as NEST reports them; 'recorded' holds [t_pre, weight after "
                  "the update] for every pre spike, in order; 'final' the connection's weight and traces after "
                  "the simulation; 'synapse' every parameter NEST reports for the connection before the "
                  "simulation (for stdp_synapse_hom including the model's common parameters); 'post_neuron' "
                  "the post parrot's tau_minus and tau_minus_triplet; 'delay' the connection delay, which NEST "
                  "treats entirely as dendritic delay for STDP."),
        model_check=dict(
            model="benches/peers/nest/stdp_model.py",
            weights_compared=checker.n_weights,
            bit_exact=checker.n_bit_exact,
            max_relative_deviation=checker.max_rel,
            online_form_rules=list(stdp_model.ONLINE_RULES),
            online_form_weights_compared=checker.online_n,
            online_form_max_relative_deviation=checker.online_max_rel,
        ),
        cases=cases,
        windows=windows,
    )
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("{\n")
        keys = [k for k in doc if k not in ("cases", "windows")]
        for k in keys:
            f.write("%s: %s,\n" % (json.dumps(k), json.dumps(doc[k])))
        for name in ("cases", "windows"):
            f.write('%s: [\n' % json.dumps(name))
            items = doc[name]
            for i, c in enumerate(items):
                f.write(json.dumps(c, separators=(",", ":")) + (",\n" if i + 1 < len(items) else "\n"))
            f.write("]" + (",\n" if name == "cases" else "\n"))
        f.write("}\n")
    size = os.path.getsize(args.out)
    print("wrote %s: %d cases, %d windows, %d bytes" % (os.path.relpath(args.out, REPO), len(cases), len(windows), size))
    print("model vs NEST: %d values compared, %d bit-exact, max relative deviation %.3g"
          % (checker.n_weights, checker.n_bit_exact, checker.max_rel))
    if checker.worst and checker.max_rel > 0:
        print("worst: %s at t=%r: model %r NEST %r" % checker.worst)
    print("online form (%s) vs NEST: %d weights compared, max relative deviation %.3g"
          % (", ".join(stdp_model.ONLINE_RULES), checker.online_n, checker.online_max_rel))
    if checker.online_worst:
        print("worst: %s at t=%r: online %r NEST %r" % checker.online_worst)


if __name__ == "__main__":
    main()
