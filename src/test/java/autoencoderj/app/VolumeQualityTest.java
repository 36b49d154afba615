package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import autoencoderj.model.Manifest;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;

/**
 * Quality on volumes, on synthetic 3-D fluorescence made here (blobs and
 * filaments crossing slices, z step twice the pixel size, Poisson-Gaussian
 * noise; the clean volume is never given to training): a 3-D blind-spot
 * model trained on the noisy volume alone, against the best 3-D Gaussian
 * blur, whose sigmas are chosen on the clean volume: noisy 29.1 dB, blur
 * 39.3 dB, the 3-D model 41.9 dB after 500 steps (Intel Xeon, native engine,
 * the default cosine schedule).
 */
class VolumeQualityTest {

	/** Blobs and filaments, a z step of {@code zStep} pixel widths, background 20. */
	static float[] clean(final int d, final int s, final double zStep, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[d * s * s];
		java.util.Arrays.fill(v, 20);
		for (int b = 0; b < 60; b++) { // blobs
			final double cz = r.nextDouble() * d * zStep, cy = r.nextDouble() * s, cx = r.nextDouble() * s, rad = 1.5 + 2 * r.nextDouble(), a = 100 + 200 * r.nextDouble();
			for (int z = 0; z < d; z++) for (int y = 0; y < s; y++) for (int x = 0; x < s; x++) {
				final double dz = z * zStep - cz, dy = y - cy, dx = x - cx;
				v[(z * s + y) * s + x] += a * Math.exp(-(dz * dz + dy * dy + dx * dx) / (2 * rad * rad));
			}
		}
		for (int f = 0; f < 10; f++) { // filaments: lines crossing slices
			double pz = r.nextDouble() * d * zStep, py = r.nextDouble() * s, px = r.nextDouble() * s;
			double vz = r.nextGaussian() * 0.3, vy = r.nextGaussian(), vx = r.nextGaussian();
			final double n = Math.sqrt(vz * vz + vy * vy + vx * vx);
			vz /= n; vy /= n; vx /= n;
			for (int t = -80; t < 80; t++) {
				final double z = pz + t * vz * 0.5, y = py + t * vy * 0.5, x = px + t * vx * 0.5;
				for (int zz = 0; zz < d; zz++) {
					final double dz = zz * zStep - z;
					if (Math.abs(dz) > 3) continue;
					for (int yy = (int) y - 3; yy <= y + 3; yy++) for (int xx = (int) x - 3; xx <= x + 3; xx++) {
						if (yy < 0 || xx < 0 || yy >= s || xx >= s) continue;
						final double dy = yy - y, dx = xx - x;
						v[(zz * s + yy) * s + xx] += 15 * Math.exp(-(dz * dz + dy * dy + dx * dx) / (2 * 1.0));
					}
				}
			}
		}
		return v;
	}

	/** Poisson noise (4 intensity units a photon, normal approximation) and Gaussian read noise of 10. */
	static float[] noisy(final float[] c, final long seed) {
		final Random r = new Random(seed);
		final float[] n = new float[c.length];
		for (int i = 0; i < c.length; i++) {
			final double lambda = c[i] / 4;
			// Poisson by normal approximation for speed, then Gaussian read noise
			n[i] = (float) (4 * (lambda + Math.sqrt(lambda) * r.nextGaussian()) + 10 * r.nextGaussian());
		}
		return n;
	}

	static ImagePlus image(final float[] v, final int d, final int s, final double zStep) {
		final ImageStack st = new ImageStack(s, s);
		for (int z = 0; z < d; z++) st.addSlice(null, new FloatProcessor(s, s, java.util.Arrays.copyOfRange(v, z * s * s, (z + 1) * s * s)));
		final ImagePlus imp = new ImagePlus("v", st);
		imp.setDimensions(1, d, 1);
		imp.getCalibration().pixelDepth = zStep;
		return imp;
	}

	static float[] values(final ImagePlus imp) {
		final int s = imp.getWidth(), d = imp.getStackSize();
		final float[] v = new float[d * s * s];
		for (int z = 0; z < d; z++) System.arraycopy((float[]) imp.getStack().getPixels(z + 1), 0, v, z * s * s, s * s);
		return v;
	}

	/** PSNR over the clean volume's range. */
	static double psnr(final float[] clean, final float[] test) {
		double mse = 0, max = -1e9, min = 1e9;
		for (int i = 0; i < clean.length; i++) { mse += (clean[i] - test[i]) * (clean[i] - test[i]); max = Math.max(max, clean[i]); min = Math.min(min, clean[i]); }
		return 10 * Math.log10((max - min) * (max - min) / (mse / clean.length));
	}

	/** A 3-D Gaussian blur, separable, the volume mirrored at its faces; no blur in z for {@code sz = 0}. */
	static float[] blur(final float[] v, final int d, final int s, final double sz, final double sxy) {
		float[] a = v.clone();
		a = blur1(a, d, s, 2, sxy); a = blur1(a, d, s, 1, sxy); if (sz > 0) a = blur1(a, d, s, 0, sz);
		return a;
	}

	static float[] blur1(final float[] v, final int d, final int s, final int axis, final double sigma) {
		final int r = (int) Math.ceil(3 * sigma);
		final double[] k = new double[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++) { k[i + r] = Math.exp(-i * i / (2 * sigma * sigma)); sum += k[i + r]; }
		final float[] o = new float[v.length];
		final int[] n = { d, s, s };
		for (int z = 0; z < d; z++) for (int y = 0; y < s; y++) for (int x = 0; x < s; x++) {
			double acc = 0;
			for (int i = -r; i <= r; i++) {
				final int[] p = { z, y, x };
				p[axis] = autoencoderj.ops.Tiling.reflect(p[axis] + i, n[axis]);
				acc += k[i + r] * v[(p[0] * s + p[1]) * s + p[2]];
			}
			o[(z * s + y) * s + x] = (float) (acc / sum);
		}
		return o;
	}

	@Test
	void aBlindSpotModelOfTheNoisyVolumeBeatsTheBestGaussianBlur() {
		final int d = 32, s = 96;
		final float[] c = clean(d, s, 2, 1), n = noisy(c, 2);
		double blurred = 0;
		for (final double sz : new double[] { 0, 0.5, 0.8, 1.2 })
			for (final double sxy : new double[] { 0.8, 1.0, 1.3, 1.6, 2.0 })
				blurred = Math.max(blurred, psnr(c, blur(n, d, s, sz, sxy)));
		final ImagePlus imp = image(n, d, s, 2);
		final TrainingSettings settings = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).volumes(true).patchZ(16).patch(32).filters(16, 32)
			.objective(Manifest.Objective.BLIND_SPOT).noise("none", 0).masked(1.0 / 256).batch(4).steps(100)
			.epochs(5).rate(1e-3).validation(0.1).seed(7).build();
		final TrainingResult r = Training.train(imp, settings, null, null, null, () -> false);
		final double model = psnr(c, values(Denoiser.denoise(r.model(), "m", imp, null, () -> false)));
		System.out.printf("3-D quality: noisy %.2f dB, best 3-D blur %.2f dB, 3-D blind-spot model %.2f dB " +
			"(%+.2f dB)%n", psnr(c, n), blurred, model, model - blurred);
		// 500 steps: +2.60 dB over the blur with the default cosine schedule (+2.57 at a constant
		// rate) on an Intel Xeon with the native engine, +2.4 dB after 600 constant-rate steps on
		// an AMD EPYC with DL4J's layers; at 150 steps the margin was a matter of summation order
		// (-1.2 to +1.0 dB), so the test trains long enough for the sign to hold anywhere
		assertTrue(model > blurred, "3-D model " + model + " dB, best blur " + blurred + " dB");
	}
}
