package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.IntUnaryOperator;

import autoencoderj.data.ChannelPlanes;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.ModelMismatchException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;

/**
 * Image to image on synthetic pairs whose target is a known nonlinear function
 * of the source: the trained model must beat predicting the mean target image
 * by at least 6 dB on slices it did not see.
 */
class ImageToImageTest {

	private static final int SIZE = 48;

	/** Smooth random blobs, 0..1000. */
	private static float[] blobs(final Random r) {
		final float[] v = new float[SIZE * SIZE];
		for (int b = 0; b < 6; b++) {
			final double cx = r.nextDouble() * SIZE, cy = r.nextDouble() * SIZE, s = 3 + r.nextDouble() *
				4, a = 300 + r.nextDouble() * 700;
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++)
					v[y * SIZE + x] += (float) (a * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 *
						s * s)));
		}
		return v;
	}

	/** Blurred (3x3 mean), then thresholded at 250: 0 or 1000. */
	private static float[] blurThreshold(final float[] v) {
		final float[] out = new float[v.length];
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				double s = 0;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++)
						s += v[Math.min(SIZE - 1, Math.max(0, y + dy)) * SIZE + Math.min(SIZE - 1, Math.max(0, x +
							dx))];
				out[y * SIZE + x] = s / 9 > 250 ? 1000 : 0;
			}
		return out;
	}

	private static ImagePlus stack(final String title, final float[][] planes) {
		final ImageStack s = new ImageStack(SIZE, SIZE);
		for (final float[] p : planes)
			s.addSlice(null, new FloatProcessor(SIZE, SIZE, p));
		return new ImagePlus(title, s);
	}

	private static TrainingSettings settings() {
		return TrainingSettings.builder().architecture(TrainingSettings.Architecture.CONVOLUTIONAL)
			.filters(8, 16).patch(32).steps(20).batch(16).epochs(10).rate(3e-3).validation(0.2)
			.noise("none", 0).seed(3).build();
	}

	/** PSNR gain of {@code predicted} over the per-pixel mean of {@code train} on {@code truth}. */
	private static double gainOverMean(final float[][] train, final float[][] truth,
		final float[][] predicted)
	{
		final float[] mean = new float[SIZE * SIZE];
		for (final float[] t : train)
			for (int i = 0; i < mean.length; i++)
				mean[i] += t[i] / train.length;
		double mseMean = 0, msePred = 0;
		for (int s = 0; s < truth.length; s++)
			for (int i = 0; i < mean.length; i++) {
				mseMean += (truth[s][i] - mean[i]) * (truth[s][i] - mean[i]);
				msePred += (truth[s][i] - predicted[s][i]) * (truth[s][i] - predicted[s][i]);
			}
		return 10 * Math.log10(mseMean / msePred);
	}

	@Test
	void predictsABlurredThresholdedCopyFarBetterThanTheMean() {
		final Random r = new Random(1);
		final float[][] src = new float[16][], tgt = new float[16][];
		for (int i = 0; i < 16; i++) {
			src[i] = blobs(r);
			tgt[i] = blurThreshold(src[i]);
		}
		final float[][] testSrc = java.util.Arrays.copyOfRange(src, 12, 16);
		final float[][] testTgt = java.util.Arrays.copyOfRange(tgt, 12, 16);
		final TrainingResult result = ImageToImageTraining.train(ChannelPlanes.of(stack("source",
			java.util.Arrays.copyOf(src, 12)), 0, "source"), ChannelPlanes.of(stack("target",
				java.util.Arrays.copyOf(tgt, 12)), 0, "target"), settings(), null, () -> false);
		final Manifest m = result.model().manifest();
		assertEquals("image-to-image", m.task);
		assertEquals(1, m.outChannels);

		final ImagePlus predicted = ImagePredictor.predict(result.model(), "the model", stack("test",
			testSrc), 64, 4, null, () -> false);
		assertEquals(4, predicted.getStackSize());
		assertEquals(32, predicted.getBitDepth());
		final float[][] out = new float[4][];
		for (int s = 0; s < 4; s++)
			out[s] = (float[]) predicted.getStack().getPixels(s + 1);
		final double gain = gainOverMean(java.util.Arrays.copyOf(tgt, 12), testTgt, out);
		System.out.printf("image to image (%s): PSNR gain over the mean target %.2f dB%n", result.model().describe(), gain);
		assertTrue(gain >= 6, "PSNR gain over the mean target: " + gain + " dB");
	}

	@Test
	void colourisesAGrayImageAsAnRgbImage() throws Exception {
		final Random r = new Random(2);
		final IntUnaryOperator[] mapping = { g -> g, g -> 255 - g, g -> g * g / 255 };
		final int n = 14;
		final ImageStack gray = new ImageStack(SIZE, SIZE), colour = new ImageStack(SIZE, SIZE);
		final float[][][] truth = new float[3][n][];
		for (int s = 0; s < n; s++) {
			final float[] v = blobs(r);
			final byte[] g = new byte[v.length];
			final int[] rgb = new int[v.length];
			for (int c = 0; c < 3; c++)
				truth[c][s] = new float[v.length];
			for (int i = 0; i < v.length; i++) {
				final int k = Math.min(255, Math.round(v[i] / 4));
				g[i] = (byte) k;
				for (int c = 0; c < 3; c++)
					truth[c][s][i] = mapping[c].applyAsInt(k);
				rgb[i] = (int) truth[0][s][i] << 16 | (int) truth[1][s][i] << 8 | (int) truth[2][s][i];
			}
			gray.addSlice(null, g);
			colour.addSlice(null, new ColorProcessor(SIZE, SIZE, rgb));
		}
		final ImagePlus grayTrain = new ImagePlus("gray", gray.crop(0, 0, 0, SIZE, SIZE, 10));
		final TrainingResult result = ImageToImageTraining.train(ChannelPlanes.of(grayTrain, 0,
			"source"), ChannelPlanes.of(new ImagePlus("colour", colour.crop(0, 0, 0, SIZE, SIZE, 10)), 0,
				"target"), settings(), null, () -> false);
		assertTrue(result.model().manifest().targetRgb);
		assertEquals(3, result.model().convSpec().outChannels());

		// saved and reloaded, as a user would
		final java.nio.file.Path file = java.nio.file.Files.createTempFile("colour", ".zip");
		ModelFiles.save(result.model(), file);
		final AutoencoderModel loaded = ModelFiles.load(file);
		final ImagePlus test = new ImagePlus("test", gray.crop(0, 0, 10, SIZE, SIZE, 4));
		final ImagePlus predicted = ImagePredictor.predict(loaded, "colour.zip", test, 64, 4, null,
			() -> false);
		assertEquals(ImagePlus.COLOR_RGB, predicted.getType());
		assertEquals(4, predicted.getStackSize());
		double gain = 0;
		for (int c = 0; c < 3; c++) {
			final float[][] out = new float[4][];
			for (int s = 0; s < 4; s++) {
				final int[] px = (int[]) predicted.getStack().getPixels(s + 1);
				out[s] = new float[px.length];
				for (int i = 0; i < px.length; i++)
					out[s][i] = px[i] >> 8 * (2 - c) & 0xff;
			}
			gain += gainOverMean(java.util.Arrays.copyOf(truth[c], 10), java.util.Arrays.copyOfRange(
				truth[c], 10, 14), out) / 3;
		}
		assertTrue(gain >= 6, "mean PSNR gain over the mean target per colour: " + gain + " dB");
		java.nio.file.Files.delete(file);
	}

	@Test
	void mismatchesAreNamed() {
		final Random r = new Random(4);
		final ImagePlus a = stack("a", new float[][] { blobs(r), blobs(r) });
		final ImageStack small = new ImageStack(32, 32);
		small.addSlice(null, new FloatProcessor(32, 32));
		small.addSlice(null, new FloatProcessor(32, 32));
		final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
			() -> ImageToImageTraining.train(ChannelPlanes.of(a, 0, "source"), ChannelPlanes.of(
				new ImagePlus("b", small), 0, "target"), settings(), null, () -> false));
		assertTrue(size.getMessage().contains("the same size") && size.getMessage().contains(
			"48x48") && size.getMessage().contains("32x32"), size.getMessage());

		final IllegalArgumentException channel = assertThrows(IllegalArgumentException.class,
			() -> ChannelPlanes.of(a, 2, "target"));
		assertTrue(channel.getMessage().contains("target channel 2 is out of range") && channel
			.getMessage().contains("has 1 channel"), channel.getMessage());

		// a model for 2 input channels, given a 1-channel image
		final ImageStack two = new ImageStack(SIZE, SIZE);
		for (int i = 0; i < 4; i++)
			two.addSlice(null, new FloatProcessor(SIZE, SIZE, blobs(r)));
		final ImagePlus hyper = new ImagePlus("two", two);
		hyper.setDimensions(2, 2, 1);
		final ImagePlus tgt = stack("t", new float[][] { blobs(r), blobs(r) });
		final TrainingSettings quick = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).filters(4).patch(16).steps(1).batch(2).epochs(1)
			.validation(0).noise("none", 0).build();
		final AutoencoderModel model = ImageToImageTraining.train(ChannelPlanes.of(hyper, 0, "source"),
			ChannelPlanes.of(tgt, 0, "target"), quick, null, () -> false).model();
		final ModelMismatchException mismatch = assertThrows(ModelMismatchException.class,
			() -> ImagePredictor.predict(model, "two.zip", a, 64, 4, null, () -> false));
		assertTrue(mismatch.getMessage().contains("takes 2 input channels") && mismatch.getMessage()
			.contains("'a' has 1"), mismatch.getMessage());
	}
}
