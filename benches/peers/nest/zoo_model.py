"""Pure-Python re-implementation of NEST 3.10 neuron models, written from NEST's C++ sources.

Used by ``zoo_references.py`` to check its reading of NEST (``zoo_semantics.md``): every neuron
case of ``nest_zoo.json`` is replayed through ``simulate()`` and compared with the traces and spike
times NEST recorded.  Nothing here imports NEST.

What is modelled, exactly as NEST orders its floating-point operations:

* the step schedule: a spike emitted with time stamp ``n`` (steps; time ``n*h``) over a connection
  with delay ``D`` steps is added to the target's ring buffer slot that the target reads while
  updating from step ``n + D - 1`` to ``n + D``; a current sent by a generator while it updates
  from step ``s`` is read in the target's update ``s + D`` and acts from update ``s + D + 1`` on;
* the models ``iaf_psc_delta``, ``iaf_psc_exp``, ``iaf_psc_alpha`` (exact integration with the
  ``IAFPropagator`` singular-case handling), ``izhikevich``, ``mat2_psc_exp``, ``gif_psc_exp``
  (its stochastic spike decisions are taken from NEST's recorded spike times: the escape noise
  uses NEST's random stream, which is not modelled), and the GSL models ``iaf_cond_exp``,
  ``iaf_cond_alpha``, ``aeif_cond_exp``, ``aeif_cond_alpha``, ``hh_psc_alpha`` with a transcription
  of GSL's ``gsl_odeiv_evolve_apply`` + ``rkf45`` + standard step control (``ode-initval/evolve.c``,
  ``rkf45.c``, ``cstd.c``).

``simulate(model, params, h, n_steps, spikes_in, currents_in, forced_spikes=None)`` returns
``(traces, spike_steps)``: ``traces[name][k]`` is the recordable after the update from step ``k``
to ``k + 1`` (NEST's multimeter stamp ``k + 1``), and ``spike_steps`` the spike stamps in steps.
``spikes_in[k]`` is the summed weight read from the ring buffer during update ``k`` (split into
excitatory/inhibitory by sign as the model does; a list of weights, one per event, since some
models split per event), ``currents_in[k]`` the summed current read during update ``k``.
"""

import math

E = math.e  # numerics::e


# ------------------------------------------------------------------------------------------------
# nest::Time helpers
# ------------------------------------------------------------------------------------------------

def tics_per_step(h):
    return int(h * 1000.0 + 0.5)  # tics_per_ms = 1000


def ms_to_steps_ceil(t_ms, h):
    """Time(Time::ms(t)).get_steps(): round t to tics (half up), then tics up to whole steps."""
    tics = int(t_ms * 1000.0 + 0.5)
    tps = tics_per_step(h)
    return (tics + tps - 1) // tps


def delay_steps(d_ms, h):
    """Time::delay_ms_to_steps: ld_round(d * steps_per_ms) = floor(x + 0.5)."""
    steps_per_ms = 1 / (tics_per_step(h) / 1000.0)  # Range::STEPS_PER_MS = 1 / MS_PER_STEP
    return int(math.floor(d_ms * steps_per_ms + 0.5))


def nest_expm1(x):
    """numerics::expm1 (libnestutil/numerics.h) as compiled in the nest-simulator 3.10.0 PyPI wheel:
    that build has no HAVE_EXPM1, so NEST uses its own Taylor series instead of libm's expm1 (it differs
    from libm by an ulp now and then, e.g. -expm1(-0.05) = 0.04877057549928598 vs libm ...599).
    Models that call the unqualified/std ``expm1`` (mat2_psc_exp, tsodyks_synapse) get libm's."""
    if x == 0:
        return 0.0
    if abs(x) > math.log(2.0):
        return math.exp(x) - 1
    s = x
    term = x * x / 2
    n = 2
    while abs(term) > abs(s) * 2.220446049250313e-16:
        s += term
        n += 1
        term *= x / n
    return s


# ------------------------------------------------------------------------------------------------
# libnestutil/iaf_propagator.cpp
# ------------------------------------------------------------------------------------------------

class IAFPropagator:
    NUMERICAL_STABILITY_FACTOR = 1e-7

    def __init__(self, tau_syn, tau_m, c_m):
        self.tau_syn, self.tau_m, self.c_m = tau_syn, tau_m, c_m
        d = abs(tau_m - tau_syn)
        self.h_min_regular = (self.NUMERICAL_STABILITY_FACTOR * tau_m * tau_m / d) if d != 0 else math.inf
        self.beta = (tau_syn * tau_m / (tau_m - tau_syn)) if tau_m != tau_syn else math.inf
        self.gamma = self.beta / c_m
        self.inv_tau_syn = 1 / tau_syn
        self.inv_tau_m = 1 / tau_m
        self.inv_c_m = 1 / c_m
        self.inv_beta = (tau_m - tau_syn) / (tau_syn * tau_m)

    def _p32(self, h):
        exp_h_tau_syn = math.exp(-h * self.inv_tau_syn)
        expm1_h_tau = nest_expm1(h * self.inv_beta)
        try:
            p32 = self.gamma * exp_h_tau_syn * expm1_h_tau
        except Exception:  # pragma: no cover
            p32 = math.nan
        if math.isfinite(p32) and p32 != 0 and abs(p32) >= 2.2250738585072014e-308 and p32 > 0:
            return p32, exp_h_tau_syn, expm1_h_tau, math.nan
        exp_h_tau = math.exp(-h * self.inv_tau_m)
        return h * self.inv_c_m * exp_h_tau, exp_h_tau_syn, expm1_h_tau, exp_h_tau

    def exp(self, h):
        return self._p32(h)[0]

    def alpha(self, h):
        p32, exp_h_tau_syn, expm1_h_tau, exp_h_tau = self._p32(h)
        if h > self.h_min_regular:
            return self.gamma * exp_h_tau_syn * (self.beta * expm1_h_tau - h), p32
        if math.isnan(exp_h_tau):
            exp_h_tau = math.exp(-h * self.inv_tau_m)
        return 0.5 * h * h * self.inv_c_m * exp_h_tau, p32


# ------------------------------------------------------------------------------------------------
# GSL 1.x/2.x gsl_odeiv_evolve_apply with rkf45 and the standard control
# ------------------------------------------------------------------------------------------------

AH = (1.0 / 4.0, 3.0 / 8.0, 12.0 / 13.0, 1.0, 1.0 / 2.0)
B3 = (3.0 / 32.0, 9.0 / 32.0)
B4 = (1932.0 / 2197.0, -7200.0 / 2197.0, 7296.0 / 2197.0)
B5 = (8341.0 / 4104.0, -32832.0 / 4104.0, 29440.0 / 4104.0, -845.0 / 4104.0)
B6 = (-6080.0 / 20520.0, 41040.0 / 20520.0, -28352.0 / 20520.0, 9295.0 / 20520.0, -5643.0 / 20520.0)
C1 = 902880.0 / 7618050.0
C3 = 3953664.0 / 7618050.0
C4 = 3855735.0 / 7618050.0
C5 = -1371249.0 / 7618050.0
C6 = 277020.0 / 7618050.0
EC = (0.0, 1.0 / 360.0, 0.0, -128.0 / 4275.0, -2197.0 / 75240.0, 1.0 / 50.0, 2.0 / 55.0)
DBL_MIN = 2.2250738585072014e-308


def rkf45_apply(f, t, h, y, dydt_in):
    n = len(y)
    k1 = list(dydt_in)
    ytmp = [y[i] + AH[0] * h * k1[i] for i in range(n)]
    k2 = f(t + AH[0] * h, ytmp)
    ytmp = [y[i] + h * (B3[0] * k1[i] + B3[1] * k2[i]) for i in range(n)]
    k3 = f(t + AH[1] * h, ytmp)
    ytmp = [y[i] + h * (B4[0] * k1[i] + B4[1] * k2[i] + B4[2] * k3[i]) for i in range(n)]
    k4 = f(t + AH[2] * h, ytmp)
    ytmp = [y[i] + h * (B5[0] * k1[i] + B5[1] * k2[i] + B5[2] * k3[i] + B5[3] * k4[i]) for i in range(n)]
    k5 = f(t + AH[3] * h, ytmp)
    ytmp = [y[i] + h * (B6[0] * k1[i] + B6[1] * k2[i] + B6[2] * k3[i] + B6[3] * k4[i] + B6[4] * k5[i])
            for i in range(n)]
    k6 = f(t + AH[4] * h, ytmp)
    ynew = [y[i] + h * (C1 * k1[i] + C3 * k3[i] + C4 * k4[i] + C5 * k5[i] + C6 * k6[i]) for i in range(n)]
    dydt_out = f(t + h, ynew)
    yerr = [h * (EC[1] * k1[i] + EC[3] * k3[i] + EC[4] * k4[i] + EC[5] * k5[i] + EC[6] * k6[i]) for i in range(n)]
    return ynew, yerr, dydt_out


def std_hadjust(eps_abs, eps_rel, a_y, a_dydt, y, yerr, yp, h_old, order=5):
    S = 0.9
    rmax = DBL_MIN
    for i in range(len(y)):
        D0 = eps_rel * (a_y * abs(y[i]) + a_dydt * abs(h_old * yp[i])) + eps_abs
        r = abs(yerr[i]) / abs(D0)
        rmax = r if r > rmax else rmax
    if rmax > 1.1:
        r = S / math.pow(rmax, 1.0 / order)
        if r < 0.2:
            r = 0.2
        return -1, r * h_old
    if rmax < 0.5:
        r = S / math.pow(rmax, 1.0 / (order + 1.0))
        if r > 5.0:
            r = 5.0
        if r < 1.0:
            r = 1.0
        return 1, r * h_old
    return 0, h_old


def evolve_apply(f, ctrl, t, t1, h, y):
    """One call of gsl_odeiv_evolve_apply; returns (t, h, y)."""
    t0 = t
    h0 = h
    dt = t1 - t0
    y0 = list(y)
    dydt_in = f(t0, y)
    while True:  # try_step
        if h0 > dt:
            h0 = dt
            final_step = True
        else:
            final_step = False
        ynew, yerr, dydt_out = rkf45_apply(f, t0, h0, y0, dydt_in)
        tn = t1 if final_step else t0 + h0
        h_old = h0
        status, hnew = std_hadjust(*ctrl, ynew, yerr, dydt_out, h0)
        if status == -1:
            if abs(hnew) < abs(h_old) and (tn + hnew) != tn:
                h0 = hnew
                continue
            hnew = h_old
        return tn, hnew, ynew


def integrate_step(f, ctrl, step, hstate, y, after_substep=None):
    """NEST's inner loop: while (t < step) evolve_apply(..., &t, step, &IntegrationStep_, y)."""
    t = 0.0
    while t < step:
        t, hstate[0], y = evolve_apply(f, ctrl, t, step, hstate[0], y)
        if after_substep is not None:
            y = after_substep(y)
    return y


# ------------------------------------------------------------------------------------------------
# Models
# ------------------------------------------------------------------------------------------------

def _exp(x):
    """C's exp: +inf on overflow instead of Python's OverflowError (GSL then rejects the step)."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _sum(ws):
    s = 0.0
    for w in ws:
        s += w
    return s


def simulate(model, p, h, n_steps, spikes_in, currents_in, forced_spikes=None):
    """See the module docstring.  ``p``: the neuron's parameters and initial state (NEST names,
    absolute mV), as NEST's GetStatus reports them (the strings "inf"/"-inf" of the JSON accepted)."""
    p = {k: (float(v) if isinstance(v, str) else v) for k, v in p.items()}
    return MODELS[model](p, h, n_steps, spikes_in, currents_in, forced_spikes)


def _split(ws, ex_if):
    ex = 0.0
    inh = 0.0
    for w in ws:
        if ex_if(w):
            ex += w
        else:
            inh += w
    return ex, inh


def iaf_psc_delta(p, h, n, spk, cur, forced):
    E_L = p["E_L"]
    tau, C, I_e = p["tau_m"], p["C_m"], p["I_e"]
    V_th, V_reset, V_min = p["V_th"] - E_L, p["V_reset"] - E_L, p["V_min"] - E_L
    P33 = math.exp(-h / tau)
    P30 = 1 / C * (1 - P33) * tau
    R = ms_to_steps_ceil(p["t_ref"], h)
    y3, y0, r = p["V_m"] - E_L, 0.0, 0
    refr_in, refr_buf = p.get("refractory_input", False), 0.0
    V, out = [], []
    for k in range(n):
        s = _sum(spk[k])
        if r == 0:
            y3 = P30 * (y0 + I_e) + P33 * y3 + s
            if refr_in and refr_buf != 0.0:
                y3 += refr_buf
                refr_buf = 0.0
            y3 = V_min if y3 < V_min else y3
        else:
            if refr_in:
                refr_buf += s * math.exp(-r * h / tau)
            r -= 1
        if y3 >= V_th:
            r = R
            y3 = V_reset
            out.append(k + 1)
        y0 = cur[k]
        V.append(y3 + E_L)
    return {"V_m": V}, out


def iaf_psc_exp(p, h, n, spk, cur, forced):
    E_L = p["E_L"]
    tau, C, I_e = p["tau_m"], p["C_m"], p["I_e"]
    th, V_reset = p["V_th"] - E_L, p["V_reset"] - E_L
    P11ex = math.exp(-h / p["tau_syn_ex"])
    P11in = math.exp(-h / p["tau_syn_in"])
    P22 = math.exp(-h / tau)
    P21ex = IAFPropagator(p["tau_syn_ex"], tau, C).exp(h)
    P21in = IAFPropagator(p["tau_syn_in"], tau, C).exp(h)
    P20 = tau / C * (1.0 - P22)
    R = ms_to_steps_ceil(p["t_ref"], h)
    V_m, i0, i1, iex, iin, r = p["V_m"] - E_L, 0.0, 0.0, 0.0, 0.0, 0
    tr = {"V_m": [], "I_syn_ex": [], "I_syn_in": []}
    out = []
    for k in range(n):
        if r == 0:
            V_m = V_m * P22 + iex * P21ex + iin * P21in + (I_e + i0) * P20
        else:
            r -= 1
        iex *= P11ex
        iin *= P11in
        iex += (1. - P11ex) * i1
        wex, win = _split(spk[k], lambda w: w > 0)
        iex += wex
        iin += win
        if V_m >= th:
            r = R
            V_m = V_reset
            out.append(k + 1)
        i0 = cur[k]
        tr["V_m"].append(V_m + E_L)
        tr["I_syn_ex"].append(iex)
        tr["I_syn_in"].append(iin)
    return tr, out


def iaf_psc_alpha(p, h, n, spk, cur, forced):
    E_L = p["E_L"]
    tau, C, I_e = p["tau_m"], p["C_m"], p["I_e"]
    th, V_reset, low = p["V_th"] - E_L, p["V_reset"] - E_L, p["V_min"] - E_L
    P11ex = P22ex = math.exp(-h / p["tau_syn_ex"])
    P11in = P22in = math.exp(-h / p["tau_syn_in"])
    expm1_tau_m = nest_expm1(-h / tau)
    P30 = -tau / C * nest_expm1(-h / tau)
    P21ex = h * P11ex
    P21in = h * P11in
    P31ex, P32ex = IAFPropagator(p["tau_syn_ex"], tau, C).alpha(h)
    P31in, P32in = IAFPropagator(p["tau_syn_in"], tau, C).alpha(h)
    EPSC0 = 1.0 * E / p["tau_syn_ex"]
    IPSC0 = 1.0 * E / p["tau_syn_in"]
    R = ms_to_steps_ceil(p["t_ref"], h)
    y3, y0, dIex, Iex, dIin, Iin, r = p["V_m"] - E_L, 0.0, 0.0, 0.0, 0.0, 0.0, 0
    tr = {"V_m": [], "I_syn_ex": [], "I_syn_in": []}
    out = []
    for k in range(n):
        if r == 0:
            y3 = (P30 * (y0 + I_e) + P31ex * dIex + P32ex * Iex + P31in * dIin + P32in * Iin
                  + expm1_tau_m * y3 + y3)
            y3 = low if y3 < low else y3
        else:
            r -= 1
        wex, win = _split(spk[k], lambda w: w > 0)
        Iex = P21ex * dIex + P22ex * Iex
        dIex *= P11ex
        dIex += EPSC0 * wex
        Iin = P21in * dIin + P22in * Iin
        dIin *= P11in
        dIin += IPSC0 * win
        if y3 >= th:
            r = R
            y3 = V_reset
            out.append(k + 1)
        y0 = cur[k]
        tr["V_m"].append(y3 + E_L)
        tr["I_syn_ex"].append(Iex)
        tr["I_syn_in"].append(Iin)
    return tr, out


def izhikevich(p, h, n, spk, cur, forced):
    a, b, c, d, I_e, V_th, V_min = p["a"], p["b"], p["c"], p["d"], p["I_e"], p["V_th"], p["V_min"]
    v, u, I = p["V_m"], p["U_m"], 0.0
    tr = {"V_m": [], "U_m": []}
    out = []
    for k in range(n):
        s = _sum(spk[k])
        if p.get("consistent_integration", True):
            v_old, u_old = v, u
            v += h * (0.04 * v_old * v_old + 5.0 * v_old + 140.0 - u_old + I + I_e) + s
            u += h * a * (b * v_old - u_old)
        else:
            v += h * 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + I + I_e + s)
            v += h * 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + I + I_e + s)
            u += h * a * (b * v - u)
        v = V_min if v < V_min else v
        if v >= V_th:
            v = c
            u = u + d
            out.append(k + 1)
        I = cur[k]
        tr["V_m"].append(v)
        tr["U_m"].append(u)
    return tr, out


def mat2_psc_exp(p, h, n, spk, cur, forced):
    E_L = p["E_L"]
    Tau, C, I_e = p["tau_m"], p["C_m"], p["I_e"]
    tau_ex, tau_in = p["tau_syn_ex"], p["tau_syn_in"]
    omega = p["omega"] - E_L
    P11ex = math.exp(-h / tau_ex)
    P11in = math.exp(-h / tau_in)
    P22_expm1 = math.expm1(-h / Tau)
    P21ex = -Tau / (C * (1.0 - Tau / tau_ex)) * P11ex * math.expm1(h * (1.0 / tau_ex - 1.0 / Tau))
    P21in = -Tau / (C * (1.0 - Tau / tau_in)) * P11in * math.expm1(h * (1.0 / tau_in - 1.0 / Tau))
    P20 = -Tau / C * P22_expm1
    P11th = math.exp(-h / p["tau_1"])
    P22th = math.exp(-h / p["tau_2"])
    R = ms_to_steps_ceil(p["t_ref"], h)
    V, th1, th2 = p["V_m"] - E_L, p.get("V_th_alpha_1", 0.0), p.get("V_th_alpha_2", 0.0)
    i0, iex, iin, r = 0.0, 0.0, 0.0, 0
    tr = {"V_m": [], "V_th": []}
    out = []
    for k in range(n):
        V = V * P22_expm1 + V + iex * P21ex + iin * P21in + (I_e + i0) * P20
        th1 *= P11th
        th2 *= P22th
        iex *= P11ex
        iin *= P11in
        wex, win = _split(spk[k], lambda w: w >= 0)
        iex += wex
        iin += win
        if r == 0:
            if V >= omega + th2 + th1:
                r = R
                th1 += p["alpha_1"]
                th2 += p["alpha_2"]
                out.append(k + 1)
        else:
            r -= 1
        i0 = cur[k]
        tr["V_m"].append(V + E_L)
        tr["V_th"].append(E_L + omega + th1 + th2)
    return tr, out


def gif_psc_exp(p, h, n, spk, cur, forced):
    forced = set(forced or ())
    c_m, g_L, E_L, I_e = p["C_m"], p["g_L"], p["E_L"], p["I_e"]
    tau_m = c_m / g_L
    P11ex = math.exp(-h / p["tau_syn_ex"])
    P11in = math.exp(-h / p["tau_syn_in"])
    P21ex = IAFPropagator(p["tau_syn_ex"], tau_m, c_m).exp(h)
    P21in = IAFPropagator(p["tau_syn_in"], tau_m, c_m).exp(h)
    P33 = math.exp(-h / tau_m)
    P30 = -1 / c_m * nest_expm1(-h / tau_m) * tau_m
    P31 = -nest_expm1(-h / tau_m)
    R = ms_to_steps_ceil(p["t_ref"], h)
    P_sfa = [math.exp(-h / t) for t in p["tau_sfa"]]
    P_stc = [math.exp(-h / t) for t in p["tau_stc"]]
    sfa_el = [0.0] * len(P_sfa)
    stc_el = [0.0] * len(P_stc)
    V, I_stim, Iex, Iin, r = p["V_m"], 0.0, 0.0, 0.0, 0
    tr = {"V_m": [], "E_sfa": [], "I_stc": [], "I_syn_ex": [], "I_syn_in": []}
    out = []
    for k in range(n):
        stc = 0.0
        for i in range(len(stc_el)):
            stc += stc_el[i]
            stc_el[i] = P_stc[i] * stc_el[i]
        sfa = p["V_T_star"]
        for i in range(len(sfa_el)):
            sfa += sfa_el[i]
            sfa_el[i] = P_sfa[i] * sfa_el[i]
        Iex *= P11ex
        Iin *= P11in
        wex, win = _split(spk[k], lambda w: w >= 0)
        Iex += wex
        Iin += win
        if r == 0:
            V = P30 * (I_stim + I_e - stc) + P33 * V + P31 * E_L + Iex * P21ex + Iin * P21in
            if (k + 1) in forced:
                for i in range(len(stc_el)):
                    stc_el[i] += p["q_stc"][i]
                for i in range(len(sfa_el)):
                    sfa_el[i] += p["q_sfa"][i]
                r = R
                out.append(k + 1)
        else:
            r -= 1
            V = p["V_reset"]
        I_stim = cur[k]
        for key, val in (("V_m", V), ("E_sfa", sfa), ("I_stc", stc), ("I_syn_ex", Iex), ("I_syn_in", Iin)):
            tr[key].append(val)
    return tr, out


def iaf_cond_exp(p, h, n, spk, cur, forced):
    V_th, V_reset, E_L, g_L, C_m = p["V_th"], p["V_reset"], p["E_L"], p["g_L"], p["C_m"]
    E_ex, E_in, tE, tI, I_e = p["E_ex"], p["E_in"], p["tau_syn_ex"], p["tau_syn_in"], p["I_e"]
    st = {"r": 0, "I": 0.0}

    def f(t, y):
        refr = st["r"] > 0
        V = V_reset if refr else min(y[0], V_th)
        I_syn_exc = y[1] * (V - E_ex)
        I_syn_inh = y[2] * (V - E_in)
        I_L = g_L * (V - E_L)
        return [0.0 if refr else (-I_L + st["I"] + I_e - I_syn_exc - I_syn_inh) / C_m, -y[1] / tE, -y[2] / tI]

    R = ms_to_steps_ceil(p["t_ref"], h)
    y = [p["V_m"], p["g_ex"], p["g_in"]]
    hs = [h]
    ctrl = (1e-3, 0.0, 1.0, 0.0)
    tr = {"V_m": [], "g_ex": [], "g_in": []}
    out = []
    for k in range(n):
        y = integrate_step(f, ctrl, h, hs, y)
        ex = inh = 0.0
        for w in spk[k]:
            if w > 0.0:
                ex += w
            else:
                inh += -w
        y[1] += ex
        y[2] += inh
        if st["r"]:
            st["r"] -= 1
            y[0] = V_reset
        elif y[0] >= V_th:
            st["r"] = R
            y[0] = V_reset
            out.append(k + 1)
        st["I"] = cur[k]
        tr["V_m"].append(y[0]); tr["g_ex"].append(y[1]); tr["g_in"].append(y[2])
    return tr, out


def iaf_cond_alpha(p, h, n, spk, cur, forced):
    V_th, V_reset, E_L, g_L, C_m = p["V_th"], p["V_reset"], p["E_L"], p["g_L"], p["C_m"]
    E_ex, E_in, tE, tI, I_e = p["E_ex"], p["E_in"], p["tau_syn_ex"], p["tau_syn_in"], p["I_e"]
    st = {"r": 0, "I": 0.0}

    def f(t, y):
        refr = st["r"] > 0
        V = V_reset if refr else min(y[0], V_th)
        I_syn_exc = y[2] * (V - E_ex)
        I_syn_inh = y[4] * (V - E_in)
        I_leak = g_L * (V - E_L)
        return [0.0 if refr else (-I_leak - I_syn_exc - I_syn_inh + st["I"] + I_e) / C_m,
                -y[1] / tE, y[1] - (y[2] / tE), -y[3] / tI, y[3] - (y[4] / tI)]

    R = ms_to_steps_ceil(p["t_ref"], h)
    g0E = 1.0 * E / tE
    g0I = 1.0 * E / tI
    y = [p["V_m"], p.get("dg_ex", 0.0), p["g_ex"], p.get("dg_in", 0.0), p["g_in"]]
    hs = [h]
    ctrl = (1e-3, 0.0, 1.0, 0.0)
    tr = {"V_m": [], "g_ex": [], "g_in": []}
    out = []
    for k in range(n):
        y = integrate_step(f, ctrl, h, hs, y)
        if st["r"]:
            st["r"] -= 1
            y[0] = V_reset
        elif y[0] >= V_th:
            st["r"] = R
            y[0] = V_reset
            out.append(k + 1)
        ex = inh = 0.0
        for w in spk[k]:
            if w > 0.0:
                ex += w
            else:
                inh += -w
        y[1] += ex * g0E
        y[3] += inh * g0I
        st["I"] = cur[k]
        tr["V_m"].append(y[0]); tr["g_ex"].append(y[2]); tr["g_in"].append(y[4])
    return tr, out


def _aeif(p, h, n, spk, cur, alpha):
    V_peak_, V_reset, E_L, g_L, C_m = p["V_peak"], p["V_reset"], p["E_L"], p["g_L"], p["C_m"]
    E_ex, E_in, tE, tI, I_e = p["E_ex"], p["E_in"], p["tau_syn_ex"], p["tau_syn_in"], p["I_e"]
    Delta_T, V_th, a, b, tau_w = p["Delta_T"], p["V_th"], p["a"], p["b"], p["tau_w"]
    tol = p["gsl_error_tol"]
    st = {"r": 0, "I": 0.0}
    iW = 5 if alpha else 3

    def f(t, y):
        refr = st["r"] > 0
        V = V_reset if refr else min(y[0], V_peak_)
        if alpha:
            dg_ex, g_ex, dg_in, g_in, w = y[1], y[2], y[3], y[4], y[5]
        else:
            g_ex, g_in, w = y[1], y[2], y[3]
        I_syn_exc = g_ex * (V - E_ex)
        I_syn_inh = g_in * (V - E_in)
        I_spike = 0. if Delta_T == 0. else (g_L * Delta_T * _exp((V - V_th) / Delta_T))
        dV = 0. if refr else (-g_L * (V - E_L) + I_spike - I_syn_exc - I_syn_inh - w + I_e + st["I"]) / C_m
        dw = (a * (V - E_L) - w) / tau_w
        if alpha:
            return [dV, -dg_ex / tE, dg_ex - g_ex / tE, -dg_in / tI, dg_in - g_in / tI, dw]
        return [dV, -g_ex / tE, -g_in / tI, dw]

    V_peak = V_peak_ if Delta_T > 0. else V_th
    Rc = ms_to_steps_ceil(p["t_ref"], h)
    g0E = 1.0 * E / tE
    g0I = 1.0 * E / tI
    if alpha:
        y = [p["V_m"], p.get("dg_ex", 0.0), p["g_ex"], p.get("dg_in", 0.0), p["g_in"], p["w"]]
    else:
        y = [p["V_m"], p["g_ex"], p["g_in"], p["w"]]
    hs = [h]
    ctrl = (tol, tol, 0.0, 1.0)
    tr = {"V_m": [], "g_ex": [], "g_in": [], "w": []}
    out = []
    for k in range(n):
        t = 0.0
        while t < h:
            t, hs[0], y = evolve_apply(f, ctrl, t, h, hs[0], y)
            if st["r"] > 0:
                y[0] = V_reset
            elif y[0] >= V_peak:
                y[0] = V_reset
                y[iW] += b
                st["r"] = Rc + 1 if Rc > 0 else 0
                out.append(k + 1)
        if st["r"] > 0:
            st["r"] -= 1
        ex = inh = 0.0
        for w_ in spk[k]:
            if w_ > 0.0:
                ex += w_
            else:
                inh += -w_
        if alpha:
            y[1] += ex * g0E
            y[3] += inh * g0I
        else:
            y[1] += ex
            y[2] += inh
        st["I"] = cur[k]
        tr["V_m"].append(y[0])
        tr["g_ex"].append(y[2] if alpha else y[1])
        tr["g_in"].append(y[4] if alpha else y[2])
        tr["w"].append(y[iW])
    return tr, out


def aeif_cond_exp(p, h, n, spk, cur, forced):
    return _aeif(p, h, n, spk, cur, False)


def aeif_cond_alpha(p, h, n, spk, cur, forced):
    return _aeif(p, h, n, spk, cur, True)


def hh_psc_alpha(p, h, n, spk, cur, forced):
    g_Na, g_K, g_L, C_m = p["g_Na"], p["g_K"], p["g_L"], p["C_m"]
    E_Na, E_K, E_L, tE, tI, I_e = p["E_Na"], p["E_K"], p["E_L"], p["tau_syn_ex"], p["tau_syn_in"], p["I_e"]
    st = {"r": 0, "I": 0.0}

    def f(t, y):
        V, m, hh, nn, dIex, Iex, dIin, Iin = y
        alpha_n = (0.01 * (V + 55.)) / (1. - _exp(-(V + 55.) / 10.))
        beta_n = 0.125 * _exp(-(V + 65.) / 80.)
        alpha_m = (0.1 * (V + 40.)) / (1. - _exp(-(V + 40.) / 10.))
        beta_m = 4. * _exp(-(V + 65.) / 18.)
        alpha_h = 0.07 * _exp(-(V + 65.) / 20.)
        beta_h = 1. / (1. + _exp(-(V + 35.) / 10.))
        I_Na = g_Na * m * m * m * hh * (V - E_Na)
        I_K = g_K * nn * nn * nn * nn * (V - E_K)
        I_L = g_L * (V - E_L)
        return [(-(I_Na + I_K + I_L) + st["I"] + I_e + Iex + Iin) / C_m,
                alpha_m * (1 - m) - beta_m * m, alpha_h * (1 - hh) - beta_h * hh, alpha_n * (1 - nn) - beta_n * nn,
                -dIex / tE, dIex - (Iex / tE), -dIin / tI, dIin - (Iin / tI)]

    R = ms_to_steps_ceil(p["t_ref"], h)
    c0E = 1.0 * E / tE
    c0I = 1.0 * E / tI
    y = [p["V_m"], p["Act_m"], p["Inact_h"], p["Act_n"], 0.0, p.get("I_syn_ex", 0.0), 0.0, p.get("I_syn_in", 0.0)]
    hs = [h]
    ctrl = (1e-3, 0.0, 1.0, 0.0)
    tr = {"V_m": [], "I_syn_ex": [], "I_syn_in": [], "Act_m": [], "Inact_h": [], "Act_n": []}
    out = []
    for k in range(n):
        U_old = y[0]
        y = integrate_step(f, ctrl, h, hs, y)
        ex = inh = 0.0
        for w in spk[k]:
            if w > 0.0:
                ex += w
            else:
                inh += w
        y[4] += ex * c0E
        y[6] += inh * c0I
        if st["r"] > 0:
            st["r"] -= 1
        elif y[0] >= 0 and U_old > y[0]:
            st["r"] = R
            out.append(k + 1)
        st["I"] = cur[k]
        for key, i in (("V_m", 0), ("I_syn_ex", 5), ("I_syn_in", 7), ("Act_m", 1), ("Inact_h", 2), ("Act_n", 3)):
            tr[key].append(y[i])
    return tr, out


MODELS = {
    "iaf_psc_delta": iaf_psc_delta,
    "iaf_psc_exp": iaf_psc_exp,
    "iaf_psc_alpha": iaf_psc_alpha,
    "iaf_cond_exp": iaf_cond_exp,
    "iaf_cond_alpha": iaf_cond_alpha,
    "aeif_cond_exp": aeif_cond_exp,
    "aeif_cond_alpha": aeif_cond_alpha,
    "hh_psc_alpha": hh_psc_alpha,
    "izhikevich": izhikevich,
    "mat2_psc_exp": mat2_psc_exp,
    "gif_psc_exp": gif_psc_exp,
}


# ------------------------------------------------------------------------------------------------
# Inputs: generators -> per-step ring-buffer reads
# ------------------------------------------------------------------------------------------------

def build_inputs(h, n_steps, spike_trains=(), dc=None, step_current=None):
    """spike_trains: iterable of (times_ms, weight, delay_ms); dc: (amplitude, start, stop, delay);
    step_current: (times_ms, values, delay).  Returns (spikes_in, currents_in) per update step k."""
    spk = [[] for _ in range(n_steps)]
    cur = [0.0] * n_steps
    tps = tics_per_step(h)

    def steps_of(t):  # Time::ms(t) on grid -> steps
        return int(t * 1000.0 + 0.5) // tps

    for times, w, d in spike_trains:
        D = delay_steps(d, h)
        for t in times:
            k = steps_of(t) + D - 1
            if 0 <= k < n_steps:
                spk[k].append(w)
    if dc is not None:
        amp, start, stop, d = dc
        D = delay_steps(d, h)
        t_min, t_max = steps_of(start), (steps_of(stop) if stop is not None else 10 ** 12)
        for s in range(0, n_steps):  # generator steps start at 0 (so start = 0 acts from d + h)
            if t_min < s + 2 <= t_max:
                k = s + D
                if 0 <= k < n_steps:
                    cur[k] += amp
    if step_current is not None:
        times, values, d = step_current
        D = delay_steps(d, h)
        amp = 0.0
        stamps = [steps_of(t) for t in times]
        for s in range(0, n_steps):
            for i, st in enumerate(stamps):
                if s + 1 == st:
                    amp = values[i]
            k = s + D
            if 0 <= k < n_steps:
                cur[k] += amp
    return spk, cur
