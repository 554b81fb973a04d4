"""Pure-Python re-implementation of NEST 3.10's STDP synapse updates.

Written from a reading of NEST's C++ sources (models/stdp_*.h, vogels_sprekeler_synapse.h,
nestkernel/archiving_node.cpp), not from NEST's own Python tests.  It imports nothing from
NEST.  ``stdp_references.py`` replays every NEST case through ``replay`` and asserts that
the weights agree; the operations below are ordered as NEST orders them (same divisions,
same multiplications by precomputed inverses), so the agreement is bit-for-bit, not merely
to a tolerance.

Times are in ms, as doubles exactly as NEST computes them: a spike emitted in step n has
time ``(n * tics_per_step) * ms_per_tic`` (``ms_per_tic = 1 / 1000.0``) and a delay of k
steps is ``k * (tics_per_step / 1000.0)``; ``nest_time_ms`` and ``nest_delay_ms`` build
them.  The references store NEST's own doubles, so ``replay`` takes them as given.

The model has two halves, as NEST does:

* ``PostArchive``: what the postsynaptic neuron (an ``ArchivingNode``) keeps, its spike
  history with the traces ``Kminus`` (tau_minus) and ``Kminus_triplet`` (tau_minus_triplet)
  just after each spike, and the three read-outs the synapses use (``get_history``,
  ``get_K_value``, ``get_K_values``);
* one class per synapse model whose ``send(t_spike)`` is the synapse's ``send()``: it runs
  when a presynaptic spike emitted at ``t_spike`` is delivered, updates the weight from the
  postsynaptic history and returns the weight that the spike carries (the value NEST's
  ``weight_recorder`` records).
"""

import math

STDP_EPS = 1.0e-6  # kernel().connection_manager.get_stdp_eps(), ms
TICS_PER_MS = 1000.0  # NEST's default tics_per_ms


def nest_time_ms(step, resolution_ms=0.1):
    """NEST's ms value of the time stamp of step ``step`` (``Time::get_ms``)."""
    tics_per_step = int(round(TICS_PER_MS * resolution_ms))
    return (1.0 / TICS_PER_MS) * (step * tics_per_step)


def nest_delay_ms(delay_ms, resolution_ms=0.1):
    """A connection's delay as NEST stores and uses it (steps, then ``steps * ms_per_step``)."""
    tics_per_step = int(round(TICS_PER_MS * resolution_ms))
    ms_per_step = tics_per_step / TICS_PER_MS
    steps = int(math.floor(delay_ms * (1.0 / ms_per_step) + 0.5))  # ld_round
    return steps * ms_per_step


class PostArchive:
    """The postsynaptic ``ArchivingNode``: spike history and post traces."""

    def __init__(self, tau_minus=20.0, tau_minus_triplet=110.0):
        self.tau_minus_inv = 1.0 / tau_minus
        self.tau_minus_triplet_inv = 1.0 / tau_minus_triplet
        self.Kminus = 0.0
        self.Kminus_triplet = 0.0
        self.last_spike = -1.0
        # entries (t, Kminus just after the spike, Kminus_triplet just after the spike)
        self.history = []

    def spike(self, t):
        """``set_spiketime``: the +1 is added after decaying to the spike time."""
        self.Kminus = self.Kminus * math.exp((self.last_spike - t) * self.tau_minus_inv) + 1.0
        self.Kminus_triplet = (
            self.Kminus_triplet * math.exp((self.last_spike - t) * self.tau_minus_triplet_inv) + 1.0
        )
        self.last_spike = t
        self.history.append((t, self.Kminus, self.Kminus_triplet))

    def get_history(self, t1, t2):
        """Entries with t1 < t <= t2 (both bounds shifted by +eps), oldest first."""
        t1_lim = t1 + STDP_EPS
        t2_lim = t2 + STDP_EPS
        return [h for h in self.history if t1_lim <= h[0] < t2_lim]

    def _latest_before(self, t):
        for h in reversed(self.history):
            if t - h[0] > STDP_EPS:
                return h
        return None

    def get_K_value(self, t):
        """All-to-all post trace Kminus at t, from the latest spike strictly before t."""
        h = self._latest_before(t)
        if h is None:
            return 0.0
        return h[1] * math.exp((h[0] - t) * self.tau_minus_inv)

    def get_K_values(self, t):
        """(Kminus, nearest-neighbour Kminus, Kminus_triplet) at t."""
        if not self.history:
            return self.Kminus, self.Kminus, self.Kminus_triplet
        h = self._latest_before(t)
        if h is None:
            return 0.0, 0.0, 0.0
        k_trip = h[2] * math.exp((h[0] - t) * self.tau_minus_triplet_inv)
        k = h[1] * math.exp((h[0] - t) * self.tau_minus_inv)
        nn = math.exp((h[0] - t) * self.tau_minus_inv)
        return k, nn, k_trip


class _LambdaRule:
    """Shared facilitate/depress of the Guetig-style rules (stdp_synapse and its variants)."""

    def __init__(self, p, post, delay):
        self.w = float(p["weight"])
        self.tau_plus = float(p["tau_plus"])
        self.lam = float(p["lambda"])
        self.alpha = float(p["alpha"])
        self.mu_plus = float(p["mu_plus"])
        self.mu_minus = float(p["mu_minus"])
        self.Wmax = float(p["Wmax"])
        self.Kplus = float(p.get("Kplus", 0.0))
        self.t_last = 0.0
        self.post = post
        self.d = delay

    def facilitate(self, w, kplus):
        norm_w = (w / self.Wmax) + (self.lam * math.pow(1.0 - (w / self.Wmax), self.mu_plus) * kplus)
        return norm_w * self.Wmax if norm_w < 1.0 else self.Wmax

    def depress(self, w, kminus):
        norm_w = (w / self.Wmax) - (self.alpha * self.lam * math.pow(w / self.Wmax, self.mu_minus) * kminus)
        return norm_w * self.Wmax if norm_w > 0.0 else 0.0


class StdpSynapse(_LambdaRule):
    """stdp_synapse and stdp_synapse_hom (same update; hom keeps the parameters in common)."""

    def send(self, t):
        d = self.d
        for (tp, _, _) in self.post.get_history(self.t_last - d, t - d):
            minus_dt = self.t_last - (tp + d)
            self.w = self.facilitate(self.w, self.Kplus * math.exp(minus_dt / self.tau_plus))
        self.w = self.depress(self.w, self.post.get_K_value(t - d))
        self.Kplus = self.Kplus * math.exp((self.t_last - t) / self.tau_plus) + 1.0
        self.t_last = t
        return self.w


class StdpNNSymmSynapse(_LambdaRule):
    def send(self, t):
        d = self.d
        for (tp, _, _) in self.post.get_history(self.t_last - d, t - d):
            minus_dt = self.t_last - (tp + d)
            self.w = self.facilitate(self.w, math.exp(minus_dt / self.tau_plus))
        _, nn, _ = self.post.get_K_values(t - d)
        self.w = self.depress(self.w, nn)
        self.t_last = t
        return self.w


class StdpNNRestrSynapse(_LambdaRule):
    def send(self, t):
        d = self.d
        hist = self.post.get_history(self.t_last - d, t - d)
        if hist:
            minus_dt = self.t_last - (hist[0][0] + d)
            self.w = self.facilitate(self.w, math.exp(minus_dt / self.tau_plus))
            _, nn, _ = self.post.get_K_values(t - d)
            self.w = self.depress(self.w, nn)
        self.t_last = t
        return self.w


class StdpNNPreCenteredSynapse(_LambdaRule):
    def send(self, t):
        d = self.d
        hist = self.post.get_history(self.t_last - d, t - d)
        if hist:
            minus_dt = self.t_last - (hist[0][0] + d)
            self.w = self.facilitate(self.w, self.Kplus * math.exp(minus_dt / self.tau_plus))
            self.Kplus = 0.0
        _, nn, _ = self.post.get_K_values(t - d)
        self.w = self.depress(self.w, nn)
        self.Kplus = self.Kplus * math.exp((self.t_last - t) / self.tau_plus) + 1.0
        self.t_last = t
        return self.w


class StdpTripletSynapse:
    def __init__(self, p, post, delay):
        self.w = float(p["weight"])
        self.tau_plus = float(p["tau_plus"])
        self.tau_plus_triplet = float(p["tau_plus_triplet"])
        self.Aplus = float(p["Aplus"])
        self.Aminus = float(p["Aminus"])
        self.Aplus_triplet = float(p["Aplus_triplet"])
        self.Aminus_triplet = float(p["Aminus_triplet"])
        self.Kplus = float(p.get("Kplus", 0.0))
        self.Kplus_triplet = float(p.get("Kplus_triplet", 0.0))
        self.Wmax = float(p["Wmax"])
        self.t_last = 0.0
        self.post = post
        self.d = delay

    def facilitate(self, w, kplus, ky):
        new_w = abs(w) + kplus * (self.Aplus + self.Aplus_triplet * ky)
        return math.copysign(new_w if new_w < abs(self.Wmax) else self.Wmax, self.Wmax)

    def depress(self, w, kminus, kplus_triplet):
        new_w = abs(w) - kminus * (self.Aminus + self.Aminus_triplet * kplus_triplet)
        return math.copysign(new_w if new_w > 0.0 else 0.0, self.Wmax)

    def send(self, t):
        d = self.d
        for (tp, _, ktrip) in self.post.get_history(self.t_last - d, t - d):
            minus_dt = self.t_last - (tp + d)
            ky = ktrip - 1.0  # o2 just before this post spike
            self.w = self.facilitate(self.w, self.Kplus * math.exp(minus_dt / self.tau_plus), ky)
        self.Kplus_triplet *= math.exp((self.t_last - t) / self.tau_plus_triplet)
        self.w = self.depress(self.w, self.post.get_K_value(t - d), self.Kplus_triplet)
        self.Kplus_triplet += 1.0
        self.Kplus = self.Kplus * math.exp((self.t_last - t) / self.tau_plus) + 1.0
        self.t_last = t
        return self.w


class VogelsSprekelerSynapse:
    def __init__(self, p, post, delay):
        self.w = float(p["weight"])
        self.tau = float(p["tau"])
        self.alpha = float(p["alpha"])
        self.eta = float(p["eta"])
        self.Wmax = float(p["Wmax"])
        self.Kplus = float(p.get("Kplus", 0.0))
        self.t_last = 0.0
        self.post = post
        self.d = delay

    def facilitate(self, w, kplus):
        new_w = abs(w) + (self.eta * kplus)
        return math.copysign(new_w if new_w < abs(self.Wmax) else self.Wmax, self.Wmax)

    def depress(self, w):
        new_w = abs(w) - (self.alpha * self.eta)
        return math.copysign(new_w if new_w > 0.0 else 0.0, self.Wmax)

    def send(self, t):
        d = self.d
        for (tp, _, _) in self.post.get_history(self.t_last - d, t - d):
            minus_dt = self.t_last - (tp + d)
            self.w = self.facilitate(self.w, self.Kplus * math.exp(minus_dt / self.tau))
        # the post trace comes from the archiving node: it decays with the post neuron's
        # tau_minus, not with the synapse's tau
        self.w = self.facilitate(self.w, self.post.get_K_value(t - d))
        self.w = self.depress(self.w)
        self.Kplus = self.Kplus * math.exp((self.t_last - t) / self.tau) + 1.0
        self.t_last = t
        return self.w


RULES = {
    "stdp_synapse": StdpSynapse,
    "stdp_synapse_hom": StdpSynapse,
    "stdp_nn_symm_synapse": StdpNNSymmSynapse,
    "stdp_nn_restr_synapse": StdpNNRestrSynapse,
    "stdp_nn_pre_centered_synapse": StdpNNPreCenteredSynapse,
    "stdp_triplet_synapse": StdpTripletSynapse,
    "vogels_sprekeler_synapse": VogelsSprekelerSynapse,
}


def replay(rule, syn_params, pre_times, post_times, delay, tau_minus, tau_minus_triplet=110.0):
    """Run one reference case through the model.

    ``pre_times``/``post_times``: the spike times of the pre and post neurons as NEST reports
    them (ms); ``delay``: the connection's delay as NEST reports it.  Returns the list of
    (t_pre, weight after the update) for every presynaptic spike, in order, and the synapse
    object (its ``w``, ``Kplus`` ... are the final state).

    Every post spike is archived before the pre spikes are replayed: the read-outs only look
    at entries earlier than t_pre - delay (+eps), and in NEST all of those are archived by the
    time the pre spike is delivered (delivery comes after the post neuron's update of the
    min_delay slice, and delay >= min_delay), so the order is immaterial.
    """
    post = PostArchive(tau_minus, tau_minus_triplet)
    for t in post_times:
        post.spike(t)
    syn = RULES[rule](syn_params, post, delay)
    trace = [(t, syn.send(t)) for t in pre_times]
    return trace, syn


# ----------------------------------------------------------------------------------------------
# The same all-to-all rules in an online, event-ordered form
# ----------------------------------------------------------------------------------------------
# NEST's synapses work lazily (everything happens at pre-spike delivery, reading the post
# neuron's history).  The rules that weight every pairing by the traces (stdp_synapse,
# stdp_synapse_hom, stdp_triplet_synapse, vogels_sprekeler_synapse) can equally be run
# online, as a simulator that keeps traces would: post spikes reach the synapse at
# t_post + delay, pre spikes at t_pre; at equal arrival times every post arrival is
# processed first (facilitation with the pre traces of earlier pre spikes only), then the pre
# spike (depression with the post traces of earlier post arrivals only), then the traces get
# their +1.  The arithmetic differs from NEST's (traces are decayed from event to event, with
# arrival times), so this agrees with NEST to rounding, not bit for bit: ``stdp_references.py``
# reports by how much.  The nearest-neighbour rules are not modelled this way (their NEST
# quirks, see the semantics notes, have no natural online form).

ONLINE_RULES = ("stdp_synapse", "stdp_synapse_hom", "stdp_triplet_synapse", "vogels_sprekeler_synapse")


def replay_online(rule, p, pre_times, post_times, delay, tau_minus, tau_minus_triplet=110.0):
    if rule not in ONLINE_RULES:
        raise ValueError(rule)
    events = [(t + delay, 0) for t in post_times] + [(t, 1) for t in pre_times]
    events.sort()
    w = float(p["weight"])
    x1 = x2 = 0.0  # pre traces (tau_plus / tau, and tau_plus_triplet)
    y1 = y2 = 0.0  # post traces (tau_minus, tau_minus_triplet), in arrival time
    t_x = t_y = 0.0
    trace = []
    i = 0
    while i < len(events):
        T = events[i][0]
        group = []
        while i < len(events) and events[i][0] - T < STDP_EPS:
            group.append(events[i][1])
            i += 1
        n_post, n_pre = group.count(0), group.count(1)
        # decay everything to T (values from strictly earlier events)
        if rule == "vogels_sprekeler_synapse":
            tau_x = float(p["tau"])
        else:
            tau_x = float(p["tau_plus"])
        x1 *= math.exp(-(T - t_x) / tau_x)
        if rule == "stdp_triplet_synapse":
            x2 *= math.exp(-(T - t_x) / float(p["tau_plus_triplet"]))
        y1 *= math.exp(-(T - t_y) / tau_minus)
        y2 *= math.exp(-(T - t_y) / tau_minus_triplet)
        t_x = t_y = T
        y1_pre = y1  # post arrivals at T itself do not count for a pre spike at T
        for _ in range(n_post):
            w = _online_facilitate(rule, p, w, x1, y2)
            y1 += 1.0
            y2 += 1.0
        if n_pre:
            w = _online_depress(rule, p, w, y1_pre, x2)
            trace.append((T, w))
            x1 += 1.0
            x2 += 1.0
    return trace, w


def _online_facilitate(rule, p, w, x1, y2_before):
    if rule in ("stdp_synapse", "stdp_synapse_hom"):
        Wmax = float(p["Wmax"])
        norm_w = w / Wmax + float(p["lambda"]) * math.pow(1.0 - w / Wmax, float(p["mu_plus"])) * x1
        return norm_w * Wmax if norm_w < 1.0 else Wmax
    if rule == "stdp_triplet_synapse":
        Wmax = float(p["Wmax"])
        new_w = abs(w) + x1 * (float(p["Aplus"]) + float(p["Aplus_triplet"]) * y2_before)
        return math.copysign(new_w if new_w < abs(Wmax) else Wmax, Wmax)
    Wmax = float(p["Wmax"])  # vogels_sprekeler_synapse
    new_w = abs(w) + float(p["eta"]) * x1
    return math.copysign(new_w if new_w < abs(Wmax) else Wmax, Wmax)


def _online_depress(rule, p, w, y1, x2_before):
    Wmax = float(p["Wmax"])
    if rule in ("stdp_synapse", "stdp_synapse_hom"):
        norm_w = w / Wmax - float(p["alpha"]) * float(p["lambda"]) * math.pow(w / Wmax, float(p["mu_minus"])) * y1
        return norm_w * Wmax if norm_w > 0.0 else 0.0
    if rule == "stdp_triplet_synapse":
        new_w = abs(w) - y1 * (float(p["Aminus"]) + float(p["Aminus_triplet"]) * x2_before)
        return math.copysign(new_w if new_w > 0.0 else 0.0, Wmax)
    eta = float(p["eta"])  # vogels_sprekeler_synapse: facilitation by the post trace, then constant depression
    new_w = abs(w) + eta * y1
    w = math.copysign(new_w if new_w < abs(Wmax) else Wmax, Wmax)
    new_w = abs(w) - float(p["alpha"]) * eta
    return math.copysign(new_w if new_w > 0.0 else 0.0, Wmax)
