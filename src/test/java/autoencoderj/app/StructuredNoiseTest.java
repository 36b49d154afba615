package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.model.Manifest;
import autoencoderj.ops.LineMask;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;

/**
 * Noise correlated along rows (white noise summed over 5 neighbouring
 * columns, as a camera's read-out stripes): a plain blind-spot model predicts
 * the hidden pixel's noise from its row neighbours and keeps the stripes;
 * structN2V's line mask, covering the correlation, removes them.
 */
class StructuredNoiseTest {

	static final int EPOCHS = Integer.getInteger("structured.epochs", 8);

	@Test
	void aLineMaskAlongTheCorrelationRemovesStripesAPlainBlindSpotModelKeeps() {
		final SyntheticFluorescence data = new SyntheticFluorescence(192, 192, 0, 0.12, 5, 23);
		final ImagePlus noisy = data.noisyImage();
		final double[] blur = data.bestBlur();
		final double raw = data.psnr(data.noisy);
		final float[][] results = new float[2][];
		final double[] plain = denoise(data, noisy, null, results, 0);
		final double[] line = denoise(data, noisy, LineMask.parse(System.getProperty("structured.line",
			"x9")), results, 1);
		// mvn test -Dtest=StructuredNoiseTest -Dstructured.figure=docs/structured.png
		final String figure = System.getProperty("structured.figure");
		if (figure != null) data.figure(figure, 48, 48, 0.8, data.noisy, results[0], results[1],
			data.clean);
		System.out.printf("row-correlated noise: noisy %.2f dB (stripes: residual correlation along rows less along " +
			"columns, %.2f), best " +
			"blur %.2f dB (sigma %.3f), plain blind-spot %.2f dB (stripes %.2f), structured %.2f dB " +
			"(stripes %.2f): " +
			"%+.2f dB over plain, %+.2f over the blur%n", raw, stripes(data, data.noisy), blur[0],
			blur[1], plain[0], plain[1], line[0], line[1], line[0] - plain[0], line[0] - blur[0]);
		// the plain model keeps the stripes: its residual stays correlated along rows, not columns
		assertTrue(plain[1] > 0.5, "plain blind-spot stripes " + plain[1]);
		assertTrue(line[1] < plain[1] / 2, "structured stripes " + line[1] + ", plain " + plain[1]);
		assertTrue(line[0] > plain[0] + 3, String.format("structured %.2f dB against plain %.2f dB",
			line[0], plain[0]));
		assertTrue(line[0] > blur[0], String.format("structured %.2f dB against the best blur %.2f dB",
			line[0], blur[0]));
	}

	/** {PSNR, {@link #stripes}} of a blind-spot model trained on the noisy image. */
	private static double[] denoise(final SyntheticFluorescence data, final ImagePlus noisy,
		final LineMask line, final float[][] results, final int index)
	{
		final TrainingSettings s = TrainingSettings.builder().architecture(TrainingSettings.Architecture
			.CONVOLUTIONAL).objective(Manifest.Objective.BLIND_SPOT).filters(16, 32).patch(64).batch(16)
			.steps(60).epochs(EPOCHS).rate(1e-3).masked(0.0625).structure(line).validation(0.1).seed(3)
			.build();
		final TrainingResult result = Training.train(noisy, s, null, null, null, () -> false);
		assertEquals(line == null ? null : line.key(), result.model().manifest().noise.structure);
		final float[] out = (float[]) Denoiser.denoise(result.model(), "m", noisy, null, () -> false)
			.getProcessor().convertToFloatProcessor().getPixels();
		results[index] = out;
		return new double[] { data.psnr(out), stripes(data, out) };
	}

	/**
	 * How much more the residual (result minus clean image) is correlated
	 * along rows than along columns: stripes make it large; a smooth residual
	 * that is the same in every direction, as any denoiser leaves, does not.
	 */
	static double stripes(final SyntheticFluorescence data, final float[] result) {
		return correlation(data, result, 1, 0) - correlation(data, result, 0, 1);
	}

	/** Correlation of residual values {@code (dx, dy)} apart. */
	static double correlation(final SyntheticFluorescence data, final float[] result, final int dx,
		final int dy)
	{
		final int w = data.width, h = data.height;
		double mean = 0;
		for (int i = 0; i < w * h; i++)
			mean += result[i] - data.clean[i];
		mean /= w * h;
		double cov = 0, var = 0;
		long pairs = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				final double a = result[y * w + x] - data.clean[y * w + x] - mean;
				var += a * a;
				if (x + dx < w && y + dy < h) {
					final int j = (y + dy) * w + x + dx;
					cov += a * (result[j] - data.clean[j] - mean);
					pairs++;
				}
			}
		return cov / pairs / (var / (w * h));
	}
}
