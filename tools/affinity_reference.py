"""Reference affinity score (docs/method.md section 1) in float64, for generating test fixtures.

This is the independent Python implementation the Java scorer is checked against. It follows
docs/method.md literally (dense d x d matrices: fixture sizes are small), with an exact assignment for the
Wasserstein distance. Run it as a script to check it against the golden cases:

    /usr/bin/python3 tools/affinity_reference.py [/work/shared/golden/affinity]
"""

import json
import os
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment

EPS = 1e-6
COVARIANCES = ("ledoit-wolf", "sample")


def ledoit_wolf_covariance(x):
    """scikit-learn's LedoitWolf(assume_centered=False) estimate, plus EPS * I."""
    n, d = x.shape
    xc = x - x.mean(axis=0)
    s = xc.T @ xc / n
    mu = np.trace(s) / d
    delta = np.sum((s - mu * np.eye(d)) ** 2) / d
    row_norms_sq = np.sum(xc ** 2, axis=1)
    beta = (np.sum(row_norms_sq ** 2) / n - np.sum(s ** 2)) / (n * d)
    beta = min(beta, delta)
    shrinkage = 0.0 if beta == 0 else beta / delta
    return (1.0 - shrinkage) * s + shrinkage * mu * np.eye(d) + EPS * np.eye(d)


def sample_covariance(x):
    """Unbiased sample covariance (divide by n - 1), plus EPS * I."""
    n, d = x.shape
    xc = x - x.mean(axis=0)
    return xc.T @ xc / (n - 1) + EPS * np.eye(d)


def covariance(x, kind):
    if kind == "ledoit-wolf":
        return ledoit_wolf_covariance(x)
    if kind == "sample":
        return sample_covariance(x)
    raise ValueError("unknown covariance %r (expected one of %s)" % (kind, ", ".join(COVARIANCES)))


def _psd_power(m, power):
    """m^power for a symmetric PSD matrix; negative powers act on the positive spectrum only."""
    m = (m + m.T) / 2
    lam, v = np.linalg.eigh(m)
    # Eigenvalues below this are rounding noise of a PSD matrix, not spectrum.
    tol = max(lam.max(), 0.0) * m.shape[0] * np.finfo(np.float64).eps
    keep = lam > tol
    scaled = np.zeros_like(lam)
    scaled[keep] = lam[keep] ** power
    return (v * scaled) @ v.T


def monge_map(sigma_x, sigma_y):
    """A = Sy^1/2 (Sy^1/2 Sx Sy^1/2)^-1/2 Sy^1/2, the Bures-Wasserstein map from N(., Sx) to N(., Sy)."""
    sy_half = _psd_power(sigma_y, 0.5)
    middle = _psd_power(sy_half @ sigma_x @ sy_half, -0.5)
    return sy_half @ middle @ sy_half


def exact_w2_squared(a, b):
    """Exact squared 2-Wasserstein distance between two uniform empirical measures of equal size."""
    cost = np.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=2)
    rows, cols = linear_sum_assignment(cost)
    return float(cost[rows, cols].sum() / a.shape[0])


def affinity_score(x, y, covariance_kind="ledoit-wolf"):
    """rho in [0, 1] for inputs x (n x d) and outputs y (n x d) of one activation on one batch."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 2 or x.shape != y.shape:
        raise ValueError("x and y must both be n x d with the same shape, got %s and %s" % (x.shape, y.shape))
    n, d = x.shape
    mx, my = x.mean(axis=0), y.mean(axis=0)
    sigma_x = covariance(x, covariance_kind)
    sigma_y = covariance(y, covariance_kind)
    tr_y = float(np.trace(sigma_y))
    if tr_y <= 2 * EPS * d:
        a = np.zeros((d, d))
    else:
        a = monge_map(sigma_x, sigma_y)
    t = (x - mx) @ a.T + my
    w = exact_w2_squared(t, y)
    return 1.0 - np.sqrt(w / (2.0 * tr_y))


def check_golden(golden_dir, tolerance=1e-6):
    """Compares against golden expected.json; returns the list of failures (empty when all match)."""
    with open(os.path.join(golden_dir, "expected.json")) as f:
        expected = json.load(f)
    failures = []
    for name in sorted(expected):
        case = expected[name]
        x = np.load(os.path.join(golden_dir, "cases", name, "x.npy"))
        y = np.load(os.path.join(golden_dir, "cases", name, "y.npy"))
        line = [name]
        for kind, key in (("ledoit-wolf", "rho_ledoit_wolf"), ("sample", "rho_sample")):
            want = case[key]
            if want is None:
                line.append("%s: skipped (d >= n)" % kind)
                continue
            got = affinity_score(x, y, kind)
            err = abs(got - want)
            line.append("%s: %.12f vs %.12f err %.1e" % (kind, got, want, err))
            if not err <= tolerance:
                failures.append("%s %s: got %.12f, expected %.12f" % (name, kind, got, want))
        print("  " + " | ".join(line))
    return failures


if __name__ == "__main__":
    golden = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/golden/affinity"
    problems = check_golden(golden)
    if problems:
        print("GOLDEN CHECK FAILED:\n" + "\n".join(problems))
        sys.exit(1)
    print("golden check: all cases match to 1e-6")
