#!/usr/bin/env python3
"""An independent NumPy implementation of the model, written from its equations.

    reference.py PARAMS.json W0.npy OUTDIR

Same interface as tools/notebook.py; PARAMS may also hold "frozen": true
(learning off, dw = 0: the notebook has no such switch, so only this script
checks it). Where notebook.py runs the notebook's own
functions, this file restates the equations (see sim/doc.go) with different
code: a ring buffer instead of the whole history, explicit index arithmetic
for the circular convolution and the offset-averaged rule instead of FFTs and
np.roll, and an explicit schedule for the initial phase. Agreement of the Go
simulation with both is what the fidelity tests check.
"""
import json
import sys

import numpy as np


def sigmoid(z, gain):
    return 1.0 / (1.0 + np.exp(np.clip(-gain * z, -250.0, 250.0)))


def initial_phase(p, delay):
    """Returns (steps, times) of the input-only phase, as simulate() builds them."""
    n, dt, travel, steps = p["neurons"], p["dt"], p["init_travel"], p["init_steps"]
    if not steps:
        if travel == 0:
            steps = delay
        else:
            per = abs(round(n / travel))
            steps = (delay // per + 1) * per
    if travel == 0:
        return steps, np.zeros(steps)
    if travel > 0:
        return steps, np.arange(0, steps, travel * dt)[:steps]
    # Backward travel starts at `steps` seconds: the notebook's own grid.
    return steps, np.arange(steps, 0, travel * dt)[:steps]


def run(p, w0):
    n, dt, period = p["neurons"], p["dt"], p["period"]
    model = p["model"]
    total = len(np.arange(0, p["periods"] * period, dt))
    delay = round(p["tau_d"] / dt)
    theta = np.arange(n) * (period / n)
    init_steps, init_times = initial_phase(p, delay)

    def drive(t, on):
        if not on:
            return np.zeros(n)
        return p["amplitude"] * np.sin(2 * np.pi * (t + theta) / period)

    # conv[x, j] = (x - j) mod n: I[x] = sum_j K[j] r[(x - j) mod n]
    # corr[j, i] = (i + j) mod n: dK[j] = mean_i dx[(i + j) mod n] r[i]
    offsets = np.arange(n)
    conv = (offsets[:, None] - offsets[None, :]) % n
    corr = (offsets[None, :] + offsets[:, None]) % n

    activity = np.zeros((total, n))
    w = np.array(w0, dtype=np.float64, copy=True)
    rate_step = dt / p["tau_x"]
    learn_step = dt / p["tau_w"]
    lam = p["lambda"]
    frozen = p.get("frozen", False)
    for i in range(1, total):
        prev = activity[i - 1]
        if i < init_steps:
            target = sigmoid(drive(init_times[i], p["init_stimulate"]), p["gain"])
            activity[i] = prev + (target - prev) * rate_step
            continue
        delayed = activity[i - delay] if i >= delay else np.zeros(n)
        if model == "full":
            recurrent = w.dot(delayed)
        else:
            recurrent = (w[None, :] * delayed[conv]).sum(axis=1)
        target = sigmoid(drive(i * dt, p["stimulate"]) + recurrent, p["gain"])
        change = (target - prev) * rate_step
        slope = change / dt
        if frozen:  # dynamics.learn = false: dw = 0
            activity[i] = prev + change
            continue
        if model == "full":
            hebb = slope[:, None] * delayed[None, :]
        elif model == "kernel":
            hebb = (slope[corr] * delayed[None, :]).mean(axis=1)
        else:
            hebb = delayed[0] * slope
        w = w + (hebb - lam * w) * learn_step
        activity[i] = prev + change
    return activity, w


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    with open(argv[1]) as f:
        p = json.load(f)
    activity, w = run(p, np.load(argv[2]).astype(np.float64))
    np.save(argv[3] + "/activity.npy", activity)
    np.save(argv[3] + "/weights.npy", w)


if __name__ == "__main__":
    main(sys.argv)
