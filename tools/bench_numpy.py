#!/usr/bin/env python3
"""Times the notebook's NumPy simulation loop, for tools/bench.sh.

    bench_numpy.py MODEL NEURONS PERIODS [REPEAT]

Runs tools/notebook.py's run() (the notebook's own simulate(), get_dx and
learning rules) on the notebook's constants with N = NEURONS, T = N·dt and
PERIODS periods, REPEAT times (default 1), and prints one line:

    numpy MODEL N=NEURONS periods=PERIODS steps=S ms/step=BEST blas=LIB core=CORE

where BEST is the fastest repeat's wall time divided by the number of steps
(len(t), initial phase included, as sim.Params.Steps counts them), LIB
the BLAS library the process has loaded (read from /proc/self/maps), which
tools/bench.sh checks: OpenBLAS for NumPy at its best, the reference BLAS
for Debian's default, and CORE the CPU core OpenBLAS chose its kernels for
(openblas_get_corename, through ctypes; "-" for another BLAS): Haswell
where OPENBLAS_CORETYPE=Haswell pins it, Cooperlake or SkylakeX where
OpenBLAS picks AVX-512 kernels itself. The initial weights are 0.05·randn, as the
notebook's; their values do not change the amount of work.
"""
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notebook  # noqa: E402


def params(model, neurons, periods):
    """sim.Default(model) with N = neurons, T = N·dt and the given periods."""
    dt = 2e-4
    return {
        "model": model, "neurons": neurons, "dt": dt, "period": neurons * dt,
        "periods": periods, "tau_x": 5e-3, "tau_d": 15e-3, "tau_w": 50.0,
        "lambda": 20.0, "amplitude": 5000.0, "stimulate": True, "gain": 10.0,
        "init_travel": 1, "init_steps": 0, "init_stimulate": True,
    }


def main(argv):
    if len(argv) not in (4, 5):
        sys.exit(__doc__)
    model, neurons, periods = argv[1], int(argv[2]), float(argv[3])
    repeat = int(argv[4]) if len(argv) == 5 else 1
    p = params(model, neurons, periods)
    shape = (neurons, neurons) if model == "full" else (neurons,)
    w0 = 0.05 * np.random.default_rng(1).standard_normal(shape)
    steps = len(np.arange(0, periods * p["period"], p["dt"]))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        notebook.run(p, w0)
        best = min(best, time.perf_counter() - start)
    print(f"numpy {model} N={neurons} periods={periods:g} steps={steps} ms/step={best / steps * 1e3:.6f} blas={blas()} core={corename()}")


def blas():
    """The BLAS library mapped into this process (the one NumPy called)."""
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            name = os.path.basename(path)
            if "openblas" in name or name.startswith(("libblas.so", "libmkl_rt", "libblis")):
                libs.add(path)
    openblas = [p for p in libs if "libopenblas" in os.path.basename(p)]
    return (openblas or sorted(libs) or ["none"])[0]


def corename():
    """The core OpenBLAS runs its kernels for, or "-" without OpenBLAS."""
    lib = blas()
    if "openblas" not in os.path.basename(lib):
        return "-"
    import ctypes
    f = ctypes.CDLL(lib).openblas_get_corename
    f.restype = ctypes.c_char_p
    return f().decode()


if __name__ == "__main__":
    main(sys.argv)
