#!/usr/bin/python3
"""Denoise Noisy Image against the classical denoisers on real pictures with added noise.

For each picture shipped with Debian's scikit-image (python3-skimage): Gaussian noise of
sigma 0.1 (of the 0..1 range, seed 1) is added; Gaussian blur, non-local means and total
variation each get the parameter that is best on the clean picture (an oracle no user has);
AutoencoderJ's Denoise Noisy Image gets the noisy picture and a time budget only. Prints
PSNR against the clean picture. Run from the project root after `mvn package`:

    /usr/bin/python3 docs/quality/real_pictures.py [minutes] [average] [picture ...]

average: true to average the 8 flips and rotations (Denoise Noisy Image's average=true).
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import tifffile
from skimage import data, img_as_float
from skimage.color import rgb2gray
from skimage.filters import gaussian
from skimage.metrics import peak_signal_noise_ratio
from skimage.restoration import denoise_nl_means, denoise_tv_chambolle

SIGMA = 0.1


def picture(name):
    img = img_as_float(getattr(data, name)())
    return rgb2gray(img) if img.ndim == 3 else img


def best(clean, noisy, denoise, params):
    scores = [(peak_signal_noise_ratio(clean, np.clip(denoise(noisy, p), 0, 1), data_range=1), p)
              for p in params]
    return max(scores)


def main():
    minutes = sys.argv[1] if len(sys.argv) > 1 else "2"
    average = sys.argv[2] if len(sys.argv) > 2 else "false"
    names = sys.argv[3:] or ["camera", "coins", "cell", "moon"]
    print(f"picture, size, noisy, blur (sigma), NLM (h), TV (weight), Denoise Noisy Image "
          f"({minutes} min, average={average}), margin over the best classical")
    for name in names:
        clean = picture(name).astype(np.float32)
        rng = np.random.default_rng(1)
        noisy = (clean + SIGMA * rng.standard_normal(clean.shape)).astype(np.float32)
        blur = best(clean, noisy, lambda x, s: gaussian(x, s), np.arange(0.5, 6.01, 0.25))
        nlm = best(clean, noisy, lambda x, h: denoise_nl_means(x, h=h * SIGMA, sigma=SIGMA,
                                                               fast_mode=True, patch_size=5,
                                                               patch_distance=6),
                   np.arange(0.4, 2.01, 0.1))
        tv = best(clean, noisy, lambda x, w: denoise_tv_chambolle(x, weight=w),
                  np.arange(0.02, 0.4, 0.01))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, name + ".tif")
            tifffile.imwrite(path, noisy)
            out = os.path.join(tmp, "out")
            subprocess.run(["bin/autoencoderj", "--run", "Denoise Noisy Image",
                            f"image={path},minutes={minutes},average={average}", "--outputs", out], check=True,
                           stdout=subprocess.DEVNULL)
            denoised = tifffile.imread(os.path.join(out, "denoised.tif")).astype(np.float32)
        ours = peak_signal_noise_ratio(clean, np.clip(denoised, 0, 1), data_range=1)
        classical = max(blur[0], nlm[0], tv[0])
        print(f"{name}, {clean.shape[1]}x{clean.shape[0]}, "
              f"{peak_signal_noise_ratio(clean, np.clip(noisy, 0, 1), data_range=1):.2f}, "
              f"{blur[0]:.2f} ({blur[1]:.2f}), {nlm[0]:.2f} ({nlm[1]:.1f}), {tv[0]:.2f} ({tv[1]:.2f}), "
              f"{ours:.2f}, {ours - classical:+.2f}", flush=True)


if __name__ == "__main__":
    main()
