#!/usr/bin/env python3
"""The notebook's own functions, copied cell by cell, behind a command line.

    notebook.py PARAMS.json W0.npy OUTDIR

PARAMS.json holds the resolved parameters (the keys of sim.Params in snake
case: model, neurons, dt, period, periods, tau_x, tau_d, tau_w, lambda,
amplitude, stimulate, gain, init_travel, init_steps, init_stimulate). OUTDIR
receives activity.npy (X) and weights.npy (final w).

The functions below are the notebook's (../shared/seed/basic_functions_notebook.txt),
unchanged except that u and phi take their scale from the parameters and
get_dw_prime_mean takes the notebook's global rolling_indices from this
module. This is the reference the fidelity tests and `make bench` compare
against; tools/reference.py is an independent implementation of the same
equations.
"""
import json
import sys

import numpy as np


# In [2]
def u(t, T, scale=5000):
    return scale * np.sin(2 * np.pi * t / T)


# In [3]
def phi(x, scale=10):
    return 1 / (1 + np.exp(np.maximum(-250, np.minimum(250, -scale * x))))


def f_I_matrix_multiply(w, x):
    return w @ x


def get_dx(X, w, i, f_I, phi, u, alpha, theta, t, delay_i, T, dt, stimulate=True):
    I_in = f_I(w, X[i - delay_i])
    return (-X[i - 1] + phi(int(stimulate) * u(t[i] + theta, T) + I_in)) * dt * alpha


def get_dw(X, dx, w, i, beta, lmbda, delay_i, dt):
    return (-lmbda * w + np.outer(dx / dt, X[i - delay_i])) * dt * beta  # post <- pre


# In [4]
def simulate(
    dt,
    N,
    T,
    t,
    theta,
    alpha,
    beta,
    delay_i,
    lmbda,
    w,
    get_dw,
    get_dx,
    f_I,
    phi,
    u,
    stimulate=True,
    full_info=True,
    init_stimulation=True,
    init_travel=1,
    init_steps=None
):
    N_STEPS = len(t)
    X = np.zeros((N_STEPS, N))
    W = [w.copy()]
    DW = []
    DX = []

    if init_steps is None:
        if init_travel == 0:
            init_steps = delay_i
            t_init = np.zeros(delay_i)
        else:
            init_steps = 0
            while init_steps <= delay_i:
                init_steps += abs(round(N / init_travel))
            if init_travel > 0:
                t_init = np.arange(0, init_steps, init_travel*dt)
            else:
                t_init = np.arange(init_steps, 0, init_travel*dt)
    else:
        if init_travel == 0:
            t_init = np.zeros(init_steps)
        elif init_travel > 0:
            t_init = np.arange(0, init_steps, init_travel*dt)
        else:
            t_init = np.arange(init_steps, 0, init_travel*dt)

    for i in range(1, init_steps):
        dx = get_dx(
            X, w, i, lambda w, x: 0, phi, u, alpha, theta, t_init,
            delay_i, T, dt, stimulate=init_stimulation
        )
        X[i] = X[i - 1] + dx

        if full_info:
            W.append(w.copy())
            DW.append(np.zeros_like(w))
            DX.append(dx.copy())

    for i in range(init_steps, N_STEPS):
        dx = get_dx(X, w, i, f_I, phi, u, alpha, theta, t, delay_i, T, dt, stimulate=stimulate)
        dw = get_dw(X, dx, w, i, beta, lmbda, delay_i, dt)

        # Update the neuronal activity
        X[i] = X[i - 1] + dx

        # Update the synaptic weights
        w += dw

        if full_info:
            W.append(w.copy())
            DW.append(dw.copy())
            DX.append(dx.copy())
    if full_info:
        return X, w, np.array(W), np.array(DW), np.array(DX)
    else:
        return X, w


# In [8]
def f_I_conv_circ_fft(signal, ker):
    return np.real(np.fft.ifft(np.fft.fft(signal) * np.fft.fft(ker)))


# In [9]
def get_dw_prime(X, dx, w, i, beta, lmbda, delay_i, dt):
    return (-lmbda * w + X[i - delay_i, 0] * (dx / dt)) * dt * beta


# In [10]
def get_dw_prime_mean(X, dx, w, i, beta, lmbda, delay_i, dt):
    return (
        (
            -lmbda * w * dt
            + (dx[rolling_indices] * X[i - delay_i][:, None]).mean(0)
        )
        * beta
    )


rolling_indices = None


def run(p, w0):
    """Sets up the notebook's constants (In [23]) from p and calls simulate."""
    global rolling_indices
    dt = p["dt"]
    N = p["neurons"]
    T = p["period"]
    rolling_indices = np.array([np.roll(np.arange(N), -i) for i in range(N)])
    simulation_duration = p["periods"] * T
    t = np.arange(0, simulation_duration, dt)
    theta = np.linspace(0, T, N, endpoint=False)
    alpha = 1 / p["tau_x"]
    delay_i = round(p["tau_d"] / dt)
    beta = 1 / p["tau_w"]
    lmbda = p["lambda"]
    amplitude, gain = p["amplitude"], p["gain"]
    rules = {
        "full": (get_dw, f_I_matrix_multiply),
        "kernel": (get_dw_prime_mean, f_I_conv_circ_fft),
        "kernel_single": (get_dw_prime, f_I_conv_circ_fft),
    }
    dw_rule, f_I = rules[p["model"]]
    X, w = simulate(
        dt, N, T, t, theta, alpha, beta, delay_i, lmbda, w0.copy(),
        dw_rule, get_dx, f_I,
        lambda x: phi(x, scale=gain),
        lambda t, T: u(t, T, scale=amplitude),
        stimulate=p["stimulate"],
        full_info=False,
        init_stimulation=p["init_stimulate"],
        init_travel=p["init_travel"],
        init_steps=p["init_steps"] or None,
    )
    return X, w


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    with open(argv[1]) as f:
        p = json.load(f)
    X, w = run(p, np.load(argv[2]).astype(np.float64))
    np.save(argv[3] + "/activity.npy", X)
    np.save(argv[3] + "/weights.npy", w)


if __name__ == "__main__":
    main(sys.argv)
