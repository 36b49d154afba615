#!/usr/bin/python3
"""The README's x-z figure: one x-z section of the synthetic volume, noisy, a 2-D
model's result, a 3-D model's result and the clean volume, side by side.

Make the volumes with the study (src/test/java/autoencoderj/app/VolumeStudy.java):
    mvn -o -q test -Dtest=VolumeStudy -Dstudy="2d,auto,75,5,64,16;3d,auto,100,5,32,4" -Dsave=DIR
then:
    /usr/bin/python3 docs/quality/volume_xz.py DIR 2d-auto-75-5-64-16 3d-auto-100-5-32-4 docs/volume-xz.png
(Debian's python3 with python3-tifffile, python3-numpy and python3-pil.)
"""
import sys

import numpy as np
import tifffile
from PIL import Image, ImageDraw

folder, two, three, out = sys.argv[1:5]
z_step = float(sys.argv[5]) if len(sys.argv) > 5 else 2.0
panels = [("noisy", "noisy"), ("2-D model", two), ("3-D model", three), ("clean", "clean")]
volumes = [tifffile.imread(f"{folder}/{name}.tif").astype(np.float32) for _, name in panels]
clean = volumes[-1]
low, high = np.percentile(clean, 0.5), np.percentile(clean, 99.5)
y = clean.shape[1] // 2
scale = 2
tiles = []
for (label, _), v in zip(panels, volumes):
    section = v[:, y, :]  # z rows, x columns
    section = np.clip((section - low) / (high - low), 0, 1)
    img = Image.fromarray((section * 255).astype(np.uint8))
    img = img.resize((section.shape[1] * scale, int(round(section.shape[0] * z_step * scale))),
                     Image.NEAREST)
    canvas = Image.new("L", (img.width, img.height + 16), 0)
    canvas.paste(img, (0, 16))
    ImageDraw.Draw(canvas).text((4, 2), label, fill=255)
    tiles.append(canvas)
gap = 4
figure = Image.new("L", (sum(t.width for t in tiles) + gap * (len(tiles) - 1), tiles[0].height), 0)
x = 0
for t in tiles:
    figure.paste(t, (x, 0))
    x += t.width + gap
figure.save(out)
print(f"wrote {out}: x-z section at y={y}, z stretched {z_step} times (the z step)")
