#!/usr/bin/env python3
"""Read a ringwave run with NumPy alone, and check what it learned.

    python3 tools/example.py [RUN_DIR]

RUN_DIR is a run's directory: results/runs/<name>, or
results/runs/<name>/<point> in a sweep (default
results/runs/full_connectivity). The script prints what each file holds and
the learned kernel. For the full model it also checks that the learned N×N
matrix is circulant, and exits with status 1 if it is not within TOL (below).

The part between the README markers is the README's example ("Reading the
results from Python"); `make test` runs this script on a small run and checks
that the README still shows that part (cmd/ringwave/python_test.go).
"""
import json
import sys

import numpy as np

run = sys.argv[1] if len(sys.argv) > 1 else "results/runs/full_connectivity"

# README example begins
meta = json.load(open(f"{run}/run.json"))          # parameters (with units), key, provenance, files
# The activity is activity.npy, or with record.activity_window one file per
# span: activity_first.npy, [activity_between.npy,] activity_last.npy.
# run.json's "recording" gives each file's steps (older runs have none:
# their one file is the whole run at record.activity_every).
spans = meta.get("recording", {}).get("activity") or [
    {"file": "activity.npy", "first_step": 0, "every": meta["params"]["record"]["activity_every"]}]
last = spans[-1]                                   # the last window (without windows: the whole run)
X = np.load(f"{run}/{last['file']}", mmap_mode="r")  # (rows, N): X[r, x] is neuron x at step steps[r]
steps = last["first_step"] + last["every"] * np.arange(X.shape[0])
W = np.load(f"{run}/weights.npy")                  # full: (N, N), W[post, pre]; kernel models: (N,)
N = X.shape[1]
if W.ndim == 2:
    # Aligned by offset, A[i, j] = W[(i+j) % N, i] is the weight from pre i to
    # post i+j. A circulant matrix has identical rows of A: the kernel.
    i, j = np.indices((N, N))
    A = W[(i + j) % N, i]
    kernel = A.mean(axis=0)                        # kernel[j]: pre i -> post (i+j) % N
    residual = A.std(axis=0).max() / np.ptp(kernel)
else:
    kernel = W                                     # the kernel models learn kernel[j] directly
# README example ends

p = meta["params"]
T, dt = p["network"]["period"], p["network"]["dt"]
lam, tau_w = p["dynamics"]["lambda"], p["dynamics"]["tau_w"]

# A learned full matrix is circulant only up to the weights' movement within
# one period (row i of A is the periodic solution at its own phase), about
# λT/τ_w relative to the kernel. sim/properties_test.go measured a residual of
# 0.245·λT/τ_w (0.0125 at N = 64, τ_w = 5 s, 300 periods), so TOL leaves a
# factor 2; experiments/full_connectivity.toml gives 0.0051 (TOL 0.02). The
# 0.05·randn start has a residual of about 2, 5 periods of learning 0.24.
TOL = lam * T / (2 * tau_w)

weights = "W[post, pre], the weight from neuron pre to neuron post"
if W.ndim == 1:
    weights = "kernel[j], the weight from neuron i to neuron (i+j) mod N"
meaning = {
    "weights": "final " + weights,
    "weights_initial": "initial " + weights,
}
history = meta.get("recording", {}).get("weights_history")
if history is None and p["record"]["weights_every"] > 0:  # a run from before windows
    history = [{"file": "weights_history.npy", "first_step": 0, "every": p["record"]["weights_every"]}]
for span in spans:
    rows = np.load(f"{run}/{span['file']}", mmap_mode="r").shape[0]
    a, k = span["first_step"], span["every"]
    meaning[span["file"].removesuffix(".npy")] = (
        f"rates: row r is step {a} + r·{k} (steps {a} to {a + k * (rows - 1)}, "
        f"time {a * dt:g} + r·{k * dt:g} s), column x is neuron x")
for span in history or []:
    rows = np.load(f"{run}/{span['file']}", mmap_mode="r").shape[0]
    a, k = span["first_step"], span["every"]
    meaning[span["file"].removesuffix(".npy")] = (
        f"snapshot s holds the weights after step {a} + s·{k} (steps {a} to {a + k * (rows - 1)})")
print(f"run {meta['name']}: model {p['model']}, N = {N}, key {meta['key'][:12]}")
for f in meta["files"]:
    name = f["name"].removesuffix(".npy")
    print(f"  {f['name']:<28} {str(tuple(f['shape'])):<16} {f['dtype']}  {meaning.get(name, '')}")
if len(steps) > 0:
    print(f"last window of the activity: steps {steps[0]} to {steps[-1]} every {last['every']} "
          f"({len(steps)} rows; the run has {meta['derived']['steps']} steps)")
print(f"learned kernel: peak {kernel.max():.6g} at offset j = {kernel.argmax()}, "
      f"trough {kernel.min():.6g} at j = {kernel.argmin()} (from neuron i to (i+j) mod N)")
if W.ndim == 2:
    print(f"circulant residual {residual:.6g} (max std over i of A[i, j] / kernel range; "
          f"tolerance λT/(2τ_w) = {TOL:.4g})")
    if not residual <= TOL:
        print(f"{run}: the learned matrix is not circulant: residual {residual:.4g} > {TOL:.4g}",
              file=sys.stderr)
        sys.exit(1)
