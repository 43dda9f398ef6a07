#!/usr/bin/python3
"""Fits the rational approximation DepthwiseGeluKernel uses for GELU's erf term.

erf(x / sqrt(2)) ~= x * P(x^2) / Q(x^2) for |x| <= LIMIT (beyond it erf rounds to +-1 in float32),
P and Q of degree 5, Q(0) = 1, fitted for relative error by iteratively reweighted linear least squares
(Loeb's linearisation with Lawson-style weights). Prints the float32 coefficients and the errors of the
float32 evaluation against math.erf. Needs numpy (Debian: python3-numpy).
"""
import math
import numpy as np

ERF_LIMIT = 3.92  # erf(3.92) = 1 - 5e-9: float32 1
LIMIT = ERF_LIMIT * math.sqrt(2.0)
DEG = 5

# Fit erf(s) / s = P(s^2) / Q(s^2) in the erf argument s, then fold s = x / sqrt(2) into the coefficients.
xs = np.unique(np.concatenate([np.linspace(1e-6, ERF_LIMIT, 30000), np.linspace(1e-6, 0.5, 3000)]))
u = xs * xs
y = np.array([math.erf(v) / v for v in xs])

weights = np.ones_like(u)
q = np.ones_like(u)
for _ in range(40):
    a = np.hstack([np.stack([u**k for k in range(DEG + 1)], 1), np.stack([-y * u**k for k in range(1, DEG + 1)], 1)])
    w = weights / (y * q)
    sol, *_ = np.linalg.lstsq(a * w[:, None], y * w, rcond=None)
    p = sol[:DEG + 1]
    qc = np.concatenate([[1.0], sol[DEG + 1:]])
    q = sum(qc[k] * u**k for k in range(DEG + 1))
    err = np.abs(sum(p[k] * u**k for k in range(DEG + 1)) / q / y - 1)
    weights = weights * np.sqrt(err / err.max()) + 1e-3
    weights /= weights.mean()

p32 = np.array([p[k] / 2.0**k / math.sqrt(2.0) for k in range(DEG + 1)]).astype(np.float32)
q32 = np.array([qc[k] / 2.0**k for k in range(DEG + 1)]).astype(np.float32)
x = np.linspace(-8, 8, 800001).astype(np.float32)
xc = np.clip(x, np.float32(-LIMIT), np.float32(LIMIT))
uu = xc * xc
pp = np.float32(p32[-1])
qq = np.float32(q32[-1])
for k in range(DEG - 1, -1, -1):
    pp = pp * uu + p32[k]
    qq = qq * uu + q32[k]
erf32 = xc * pp / qq
gelu32 = np.float32(0.5) * x * (np.float32(1) + erf32)
ref_erf = np.array([math.erf(float(v) / math.sqrt(2.0)) for v in x])
ref_gelu = 0.5 * x.astype(np.float64) * (1 + ref_erf)
print("limit", np.float32(LIMIT))
print("P", [float(v) for v in p32])
print("Q", [float(v) for v in q32])
print("max |erf error| (float32 evaluation)", np.abs(erf32 - ref_erf).max())
print("max |gelu error| on [-8, 8]", np.abs(gelu32 - ref_gelu).max())
