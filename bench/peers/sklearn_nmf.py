#!/usr/bin/env python3
"""Peer timing for bench/nmf.mjs: scikit-learn's multiplicative-update NMF (solver='mu').

Reads X (rows×cols), W0 (rows×k) and H0 (k×cols) as little-endian float64 files written by the
bench, fits NMF(init='custom', solver='mu', tol=0, max_iter=iterations) from copies of W0, H0,
and prints one JSON line: {"seconds": <fit_transform wall time>, "iterations": ..., "objective": ...,
"sklearn": version}. Only fit_transform is timed (not Python start-up or file reading).
The number of BLAS/OpenMP threads is whatever the caller puts in OMP_NUM_THREADS /
OPENBLAS_NUM_THREADS (the bench runs it with 1 and with all cores).

    python3 sklearn_nmf.py DIR ROWS COLS K ITERATIONS fro|kl
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.decomposition import NMF
from sklearn.decomposition._nmf import _beta_divergence


def main():
    folder, rows, cols, k, iterations, objective = sys.argv[1:7]
    rows, cols, k, iterations = int(rows), int(cols), int(k), int(iterations)
    x = np.fromfile(f"{folder}/x.f64", dtype="<f8").reshape(rows, cols)
    w0 = np.fromfile(f"{folder}/w0.f64", dtype="<f8").reshape(rows, k)
    h0 = np.fromfile(f"{folder}/h0.f64", dtype="<f8").reshape(k, cols)
    beta = "frobenius" if objective == "fro" else "kullback-leibler"
    model = NMF(n_components=k, init="custom", solver="mu", beta_loss=beta, tol=0.0, max_iter=iterations,
                alpha_W=0.0, alpha_H=0.0, l1_ratio=0.0)
    w, h = w0.copy(), h0.copy()
    start, cpu_start = time.perf_counter(), time.process_time()
    w = model.fit_transform(x, W=w, H=h)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(json.dumps({
        "seconds": seconds,
        "cpuSeconds": cpu,
        "iterations": int(model.n_iter_),
        "objective": float(_beta_divergence(x, w, model.components_, beta)),
        "sklearn": sklearn.__version__,
    }))


if __name__ == "__main__":
    main()
