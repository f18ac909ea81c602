"""Reference values of a tiny neural-redshift case (nlsig activations redshift), for RedshiftStudyTest.

An independent computation in NumPy float64: a 2 -> 3 -> 3 -> 1 MLP with the fixed weights below on the 4 x 4 grid
over [-1, 1]^2 (numpy.meshgrid order), ReLU and tanh after each hidden layer, each hidden layer scored with
tools/affinity_reference.py (sample covariance, exact assignment). Prints the outputs and the scores; the test holds
the Java forward pass and scores to them.

    /usr/bin/python3 tools/redshift_reference.py
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from affinity_reference import affinity_score  # noqa: E402

# weights are (outputs x inputs), as torch.nn.Linear holds them
W1 = np.array([[1.5, -0.5], [0.25, 2.0], [-1.0, 1.0]])
B1 = np.array([0.1, -0.3, 0.2])
W2 = np.array([[0.5, -1.25, 0.75], [1.0, 0.5, -0.5], [-0.25, 1.5, 1.0]])
B2 = np.array([-0.2, 0.4, 0.0])
W3 = np.array([[1.0, -2.0, 0.5]])
B3 = np.array([0.3])
ACTIVATIONS = {"relu": lambda z: np.maximum(z, 0.0), "tanh": np.tanh}


def grid(size):
    a = np.linspace(-1, 1, size)
    xv, yv = np.meshgrid(a, a)
    return np.stack([xv.flatten(), yv.flatten()], axis=1)


def main():
    x = grid(4)
    for name, f in ACTIVATIONS.items():
        h = x
        scores = []
        for w, b in ((W1, B1), (W2, B2)):
            z = h @ w.T + b
            scores.append(affinity_score(z, f(z), "sample"))
            h = f(z)
        out = (h @ W3.T + B3)[:, 0]
        print(name, "scores", repr([float(s) for s in scores]))
        print(name, "output", repr([float(v) for v in out]))


if __name__ == "__main__":
    main()
