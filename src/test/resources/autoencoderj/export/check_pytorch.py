"""Runs a package's pytorch_state_dict weights as bioimageio.core would: the architecture file with
its kwargs, torch.load of the state dict, the test input through pre-processing, the network and
post-processing, compared with the test output by bioimageio.core's rule (|a - e| <= 1e-3 + 1e-3 |e|,
at most 100 mismatches per million). Prints one JSON line; exit 0 when the rule holds."""
import importlib.util
import json
import sys

import numpy as np
import torch
import yaml


def scale_linear(x, tensor, steps):
    for step in tensor.get(steps) or []:
        assert step["id"] == "scale_linear", step
        k = step["kwargs"]
        shape = (1, -1) + (1,) * (x.ndim - 2) if k.get("axis") == "channel" else ()
        x = x * np.reshape(np.asarray(k["gain"], np.float32), shape) + np.reshape(
            np.asarray(k["offset"], np.float32), shape)
    return x.astype(np.float32)


folder = sys.argv[1]
rdf = yaml.safe_load(open(folder + "/rdf.yaml"))
w = rdf["weights"]["pytorch_state_dict"]
spec = importlib.util.spec_from_file_location("architecture", folder + "/" + w["architecture"]["source"])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
net = getattr(module, w["architecture"]["callable"])(**w["architecture"]["kwargs"])
net.load_state_dict(torch.load(folder + "/" + w["source"], map_location="cpu"))
net.eval()
inputs, outputs = rdf["inputs"][0], rdf["outputs"][0]
x = scale_linear(np.load(folder + "/test_input.npy"), inputs, "preprocessing")
expected = np.load(folder + "/test_output.npy")
with torch.no_grad():
    y = net(torch.from_numpy(x)).numpy()
y = scale_linear(y, outputs, "postprocessing")
ok_shape = y.shape == expected.shape
bad = int(np.sum(~(np.abs(y - expected) <= 1e-3 + 1e-3 * np.abs(expected)))) if ok_shape else -1
print(json.dumps({"torch": torch.__version__, "shape": list(y.shape), "expected": list(expected.shape),
                  "max_abs_diff": float(np.max(np.abs(y - expected))) if ok_shape else None,
                  "mismatches": bad, "values": int(expected.size)}))
sys.exit(0 if ok_shape and bad <= 100e-6 * expected.size else 1)
