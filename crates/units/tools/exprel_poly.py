#!/usr/bin/env python3
"""Coefficients and error bound of `neurodim_units::exprel_poly`.

exprel(x) = (e^x - 1)/x is approximated on |x| <= 1/2 by

    p(x) = 1 + x * q(x),    q(x) = sum_{k=0}^{10} c_k x^k ≈ h(x) = (e^x - 1 - x)/x^2,

so that the constant term is exactly 1 (exprel(0) = 1 exactly) and the final rounding happens
in the addition of 1 to |x·q| <= 0.3. q is the minimax (Remez) polynomial of degree 10 for h
under the relative weight 1/exprel(x); its coefficients are rounded to nearest f64. The
relative error of p is then |x|·|q − h|/exprel(x), at most half that of q.

The script then bounds, for the rounded coefficients and the exact evaluation order of
`exprel_poly` (Estrin's scheme for x·q, then 1 + x·q; no fused multiply-add), the total error |p̂(x) − exprel(x)| on
512 subintervals of [−1/2, 1/2]:
  * approximation error of the rounded-coefficient polynomial in exact arithmetic, sampled
    densely and refined at its local maxima (Remez equioscillation makes it smooth);
  * rounding error of every floating-point operation by a first-order-plus-quadratic running
    error analysis (|fl(a∘b) − a∘b| ≤ half an ulp of the binade of |a∘b|), with the magnitudes of the exact
    intermediates bounded by interval arithmetic (mpmath.iv) on each subinterval.
It prints the coefficients as Rust literals and the worst bound in ulps of the result and as a
relative error in units of f64::EPSILON.

Run:  python3 crates/units/tools/exprel_poly.py          (mpmath only; ~1 minute)
"""

import mpmath
from mpmath import mp, mpf, iv

mp.dps = 60
iv.dps = 60

LIMIT = mpf(1) / 2
DEGREE_Q = 10  # p has degree 11
U = mpf(2) ** -53  # unit roundoff of f64
EPS = mpf(2) ** -52  # f64::EPSILON


def h(x):
    """(e^x − 1 − x)/x², as its Taylor series (converged far below 1e-60 for |x| ≤ 1/2)."""
    x = mpf(x)
    term, total = mpf(1) / 2, mpf(0)
    k = 0
    while True:
        total += term
        k += 1
        term = term * x / (k + 2)
        if abs(term) < mpf(10) ** -70:
            return total


def exprel(x):
    return 1 + mpf(x) * h(x)


def weight(x):
    return 1 / exprel(x)


def poly(c, x):
    s = mpf(0)
    for ck in reversed(c):
        s = s * x + ck
    return s


def err(c, x):
    return weight(x) * (poly(c, x) - h(x))


def solve(nodes):
    """c_0..c_n and E with sum c_k x_i^k + (−1)^i E / W(x_i) = h(x_i)."""
    n = len(nodes) - 2
    a = mpmath.matrix(n + 2, n + 2)
    b = mpmath.matrix(n + 2, 1)
    for i, x in enumerate(nodes):
        for k in range(n + 1):
            a[i, k] = mpf(x) ** k
        a[i, n + 1] = (-1) ** i / weight(x)
        b[i] = h(x)
    sol = mpmath.lu_solve(a, b)
    return [sol[k] for k in range(n + 1)], sol[n + 1]


def refine_max(f, lo, hi):
    """Local maximum of |f| in [lo, hi] by golden-section search."""
    g = (mpmath.sqrt(5) - 1) / 2
    a, b = mpf(lo), mpf(hi)
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = abs(f(c)), abs(f(d))
    for _ in range(80):
        if fc > fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = abs(f(c))
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = abs(f(d))
    x = (a + b) / 2
    return x, f(x)


def extrema(f, lo, hi, grid=2000):
    """Points of alternating sign where |f| is locally maximal, endpoints included."""
    xs = [lo + (hi - lo) * i / grid for i in range(grid + 1)]
    ys = [f(x) for x in xs]
    found = []
    for i in range(grid + 1):
        left = abs(ys[i - 1]) if i > 0 else -1
        right = abs(ys[i + 1]) if i < grid else -1
        if abs(ys[i]) >= left and abs(ys[i]) >= right:
            if 0 < i < grid:
                x, y = refine_max(f, xs[i - 1], xs[i + 1])
            else:
                x, y = xs[i], ys[i]
            found.append((x, y))
    # one point per run of equal sign: the largest
    runs = []
    for x, y in found:
        if runs and mpmath.sign(runs[-1][1]) == mpmath.sign(y):
            if abs(y) > abs(runs[-1][1]):
                runs[-1] = (x, y)
        else:
            runs.append((x, y))
    return runs


def remez(n, lo, hi):
    m = n + 2
    nodes = [(lo + hi) / 2 - (hi - lo) / 2 * mpmath.cos(mpmath.pi * i / (m - 1)) for i in range(m)]
    for it in range(30):
        c, e = solve(nodes)
        pts = extrema(lambda x: err(c, x), lo, hi)
        while len(pts) > m:  # drop the smaller end
            pts = pts[1:] if abs(pts[0][1]) < abs(pts[-1][1]) else pts[:-1]
        if len(pts) < m:
            raise RuntimeError(f"only {len(pts)} alternation points")
        mags = [abs(y) for _, y in pts]
        spread = (max(mags) - min(mags)) / max(mags)
        nodes = [x for x, _ in pts]
        if spread < mpf(10) ** -12:
            return c, max(mags)
    raise RuntimeError("Remez did not converge")


def to_f64(x):
    return float(mpmath.mpf(x))  # round to nearest


# ---- the evaluation scheme of exprel_poly, as (exact value, error bound) over an interval ----

def bound(v):
    """sup |v| over an interval value."""
    return max(abs(mpf(v.a)), abs(mpf(v.b)))


def half_ulp(m):
    """Bound on the rounding error of one operation whose exact result has magnitude ≤ m (a
    normal f64): half an ulp of the binade of m, 2^(⌊log2 m⌋ − 53); at most u·m."""
    if m == 0:
        return mpf(0)
    return mpf(2) ** (mpmath.floor(mpmath.log(m, 2)) - 53)


class Tracked:
    """An intermediate of the f64 evaluation: its exact value as an interval over the
    subinterval of x, and a bound on |computed − exact|."""

    def __init__(self, exact, error):
        self.exact, self.error = exact, error

    def __add__(self, other):
        exact = self.exact + other.exact
        e = self.error + other.error
        return Tracked(exact, e + half_ulp(bound(exact) + e))

    def __mul__(self, other):
        exact = self.exact * other.exact
        e = bound(self.exact) * other.error + bound(other.exact) * self.error + self.error * other.error
        return Tracked(exact, e + half_ulp(bound(exact) + e))


def exact(v):
    return Tracked(iv.mpf(v), mpf(0))


def scheme(c, x):
    """Exactly the operations of exprel_poly, in its order (c are the f64 coefficients)."""
    a = [exact(ck) for ck in c]
    x2 = x * x
    x4 = x2 * x2
    p1 = a[0] * x
    p23 = a[1] + a[2] * x
    p45 = a[3] + a[4] * x
    p67 = a[5] + a[6] * x
    p89 = a[7] + a[8] * x
    p1011 = a[9] + a[10] * x
    low = p1 + p23 * x2
    mid = p45 + p67 * x2
    high = p89 + p1011 * x2
    return exact(1) + (low + (mid + high * x4) * x4)


def main():
    c_exact, e_q = remez(DEGREE_Q, -LIMIT, LIMIT)
    c = [to_f64(ck) for ck in c_exact]
    print(f"Remez, degree {DEGREE_Q} for q (p of degree {DEGREE_Q + 1}): "
          f"max relative-weighted error of q {mpmath.nstr(e_q, 5)}")
    print("coefficients c_k of q (p = 1 + x·q), as f64:")
    for k, ck in enumerate(c):
        print(f"    {ck!r},  // c_{k}; Taylor 1/{mpmath.factorial(k + 2)} = {float(1 / mpmath.factorial(k + 2))!r}")
    c = [mpf(ck) for ck in c]

    # approximation error of the rounded polynomial, relative to exprel
    rel = lambda x: (1 + x * poly(c, x) - exprel(x)) / exprel(x)
    approx = max(abs(y) for _, y in extrema(rel, -LIMIT, LIMIT, grid=4000))
    print(f"approximation error (rounded coefficients, exact arithmetic): "
          f"{mpmath.nstr(approx, 5)} relative = {mpmath.nstr(approx / EPS, 4)} EPSILON")

    # total error on subintervals
    pieces = 512
    worst_ulp, worst_rel, where = mpf(0), mpf(0), None
    for i in range(pieces):
        lo = -LIMIT + 2 * LIMIT * i / pieces
        hi = -LIMIT + 2 * LIMIT * (i + 1) / pieces
        xv = Tracked(iv.mpf([lo, hi]), mpf(0))
        r = scheme(c, xv)
        f_min = min(exprel(lo), exprel(hi))  # exprel is increasing
        f_max = max(exprel(lo), exprel(hi))
        total = r.error + approx * f_max  # absolute bound on |p̂ − exprel|
        # ulp of the result: 2^-53 below 1, 2^-52 from 1 (f ≥ f_min on the piece)
        ulp = EPS / 2 if f_max < 1 else EPS
        if f_min < 1 <= f_max:
            ulp = EPS / 2  # straddles 1: take the smaller ulp (pessimistic)
        in_ulp = total / ulp
        in_rel = total / f_min / EPS
        if in_ulp > worst_ulp:
            worst_ulp, where = in_ulp, (lo, hi)
        worst_rel = max(worst_rel, in_rel)
    print(f"bound on |p̂(x) − exprel(x)| over |x| ≤ 1/2: {mpmath.nstr(worst_ulp, 4)} ulp of the "
          f"result (worst on [{mpmath.nstr(where[0], 6)}, {mpmath.nstr(where[1], 6)}]), "
          f"relative {mpmath.nstr(worst_rel, 4)} EPSILON")


if __name__ == "__main__":
    main()
