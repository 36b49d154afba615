"""The network of an AutoencoderJ model, for PyTorch (bioimage.io pytorch_state_dict weights).

AutoencoderJ (a Fiji plugin) writes this file and the state dict from the model's own weights;
the package's rdf.yaml gives the keyword arguments. The network is a list of nodes, each reading
earlier values by index (0 is the input): convolutions, max-pooling, nearest or
transposed-convolution upsampling, concatenations and sums (U-Net skips) and dense layers, in 2-D
(NCHW) or, for a 3-D model, in 3-D (NCDHW).

Borders: a convolutional network sees its input mirrored by `border` pixels on each side, the
edge pixel repeated (as deepImageJ's tiler and AutoencoderJ's Denoise Image extend an image), and
its output is cropped by as much, so every consumer gives the plugin's values at the borders.
`border` is one number (2-D: y and x) or one per space axis ([z, y, x]).
"""
import torch
from torch import nn
from torch.nn import functional as F


def _mirror(x, borders):
    for axis, m in enumerate(borders, 2):
        if m > 0:
            x = torch.cat([x.narrow(axis, 0, m).flip(axis), x,
                           x.narrow(axis, x.shape[axis] - m, m).flip(axis)], axis)
    return x


def _crop(x, borders):
    for axis, m in enumerate(borders, 2):
        if m > 0:
            x = x.narrow(axis, m, x.shape[axis] - 2 * m)
    return x


class AutoencoderJNet(nn.Module):
    """nodes: one dict per node (op, inputs, sizes, act); border: mirrored pixels a side, one
    number (y and x) or one per space axis;
    image_shape: [height, width] of a dense network; input_scale, output_scale: per-channel
    [gains, offsets] applied in the network, or None."""

    def __init__(self, nodes, border=0, image_shape=None, input_scale=None, output_scale=None):
        super().__init__()
        self.specs = [dict(n) for n in nodes]
        self.border = [int(b) for b in border] if isinstance(border, (list, tuple)) else [int(border)] * 2
        self.image_shape = None if image_shape is None else [int(s) for s in image_shape]
        modules = []
        for n in self.specs:
            op = n["op"]
            if op == "conv":
                conv = nn.Conv3d if len(n["kernel"]) == 3 else nn.Conv2d
                modules.append(conv(n["in"], n["out"], n["kernel"], padding=n["pad"],
                                    bias=n.get("bias", True)))
            elif op == "deconv":
                deconv = nn.ConvTranspose3d if len(n["kernel"]) == 3 else nn.ConvTranspose2d
                modules.append(deconv(n["in"], n["out"], n["kernel"], stride=n["stride"]))
            elif op == "linear":
                modules.append(nn.Linear(n["in"], n["out"]))
            else:
                modules.append(nn.Identity())
        self.nodes = nn.ModuleList(modules)
        for name, scale in (("input", input_scale), ("output", output_scale)):
            gain = offset = None
            if scale is not None:
                ones = [1] * len(self.border)
                gain = torch.tensor(scale[0], dtype=torch.float32).view(1, -1, *ones)
                offset = torch.tensor(scale[1], dtype=torch.float32).view(1, -1, *ones)
            self.register_buffer(name + "_gain", gain, persistent=False)
            self.register_buffer(name + "_offset", offset, persistent=False)

    def forward(self, x):
        if self.input_gain is not None:
            x = x * self.input_gain + self.input_offset
        batch = x.shape[0]
        x = x.reshape(batch, -1) if self.image_shape else _mirror(x, self.border)
        values = [x]
        for spec, module in zip(self.specs, self.nodes):
            inputs = [values[i] for i in spec["inputs"]]
            op = spec["op"]
            if op in ("conv", "deconv", "linear"):
                y = module(inputs[0])
            elif op == "pool":
                pool = F.max_pool3d if len(spec["kernel"]) == 3 else F.max_pool2d
                y = pool(inputs[0], spec["kernel"], spec["kernel"])
            elif op == "up":
                scale = spec["scale"]
                y = F.interpolate(inputs[0], scale_factor=tuple(float(s) for s in scale)
                                  if isinstance(scale, list) else scale, mode="nearest")
            elif op == "concat":
                y = torch.cat(inputs, 1)
            elif op == "add":
                y = inputs[0] + inputs[1]
            else:
                y = inputs[0]
            act = spec.get("act")
            if act == "relu":
                y = F.relu(y)
            elif act == "sigmoid":
                y = torch.sigmoid(y)
            values.append(y)
        y = values[-1]
        if self.image_shape:
            y = y.reshape(batch, 1, self.image_shape[0], self.image_shape[1])
        else:
            y = _crop(y, self.border)
        if self.output_gain is not None:
            y = y * self.output_gain + self.output_offset
        return y
