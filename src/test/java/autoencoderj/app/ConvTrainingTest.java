package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.convert.ImagePluses;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Manifest;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.plugin.filter.GaussianBlur;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.junit.jupiter.api.Test;

class ConvTrainingTest {

	private static TrainingResult spotsModel;

	/** Trained once: 16-32 filters, repeat upsampling, Poisson-Gaussian noise, squared error. */
	static synchronized TrainingResult spotsModel() {
		if (spotsModel == null) spotsModel = ConvTraining.train(SyntheticImages.cleanStack(128, 128, 4,
			1), TrainingSettings.builder().architecture(TrainingSettings.Architecture.CONVOLUTIONAL)
				.filters(16, 32).patch(32).steps(25).batch(16).epochs(8).rate(3e-3).noise("poisson-gaussian",
					0.05).photons(10).validation(0.25).seed(7).build(), null, () -> false);
		return spotsModel;
	}

	static double psnr(final float[] clean, final float[] test, final double range) {
		double sum = 0;
		for (int i = 0; i < clean.length; i++)
			sum += (clean[i] - test[i]) * (clean[i] - test[i]);
		return 10 * Math.log10(range * range / (sum / clean.length));
	}

	@Test
	void kerasReferenceNetworkIsReproduced() {
		final ConvSpec keras = ConvSpec.forPatch(28, new int[] { 16, 8, 8 }, ConvSpec.Upsampling.REPEAT,
			1, 1, DenseSpec.Loss.XENT);
		assertTrue(keras.validLastConv(), "pooling rounds 7 up to 4, so the last decoder convolution is valid");
		assertEquals(4385, keras.build(28, 28, 1, 1e-3).numParams(), "the Keras tutorial's parameter count");
		assertEquals(14, keras.chain(28, 28, 1, 1e-3).getLayerWiseConfigurations().getConfs().size());
		final ConvSpec deconv = ConvSpec.forPatch(32, new int[] { 8 }, ConvSpec.Upsampling.DECONVOLUTION,
			1, 1, DenseSpec.Loss.MSE);
		assertEquals("conv 8 deconvolution, 1 -> 1 channel, linear", deconv.describe());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ConvSpec.forPatch(30, new int[] {
			8, 8 }, ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.MSE)).getMessage().contains(
				"multiple of 4"));
	}

	@Test
	void denoisesFluorescenceLikeImagesBetterThanTheBestGaussianBlur() {
		final TrainingResult r = spotsModel();
		final ImagePlus clean = SyntheticImages.cleanStack(160, 96, 1, 99);
		final Normalization norm = r.model().normalization();
		final ImagePlus noisy = SyntheticImages.noisy(clean, norm, 10, 0.05, 5);
		final ImagePlus denoised = Denoiser.denoise(r.model(), "spots.zip", noisy, 64, 4, null, () -> false);
		final float[] c = (float[]) clean.getProcessor().convertToFloatProcessor().getPixels();
		final float[] n = (float[]) noisy.getProcessor().getPixels();
		final float[] d = (float[]) denoised.getProcessor().getPixels();
		final double range = norm.high() - norm.low();
		final double noisyPsnr = psnr(c, n, range), denoisedPsnr = psnr(c, d, range);
		double blurPsnr = 0, bestSigma = 0;
		for (double s = 0.5; s <= 4; s += 0.25) {
			final ImageProcessor b = new FloatProcessor(160, 96, n.clone());
			new GaussianBlur().blurGaussian(b, s, s, 0.002);
			final double p = psnr(c, (float[]) b.getPixels(), range);
			if (p > blurPsnr) {
				blurPsnr = p;
				bestSigma = s;
			}
		}
		final String report = String.format("noisy %.2f dB, best blur (sigma %.2f) %.2f dB, denoised %.2f dB",
			noisyPsnr, bestSigma, blurPsnr, denoisedPsnr);
		System.out.println("Synthetic spots: " + report);
		assertTrue(denoisedPsnr - noisyPsnr >= 4, report);
		assertTrue(denoisedPsnr - blurPsnr >= 1, report);
		double meanClean = 0, meanDenoised = 0;
		for (int i = 0; i < c.length; i++) {
			meanClean += c[i] / c.length;
			meanDenoised += d[i] / c.length;
		}
		assertEquals(meanClean, meanDenoised, 0.05 * meanClean, "output is in the input's units");
	}

	@Test
	void manifestRecordsTheConvolutionalTraining() {
		final Manifest m = spotsModel().model().manifest();
		assertEquals("convolutional", m.architecture);
		assertEquals(32, m.patch);
		assertEquals("repeat", m.upsampling);
		assertEquals("linear", m.output);
		assertEquals("mse", m.loss);
		assertEquals(1, m.normalization.lowPercentile, 0);
		assertEquals(99.8, m.normalization.highPercentile, 0);
		assertEquals("poisson-gaussian", m.noise.type);
		assertEquals(10, m.noise.photons, 0);
		assertEquals("1 of 4 slices held out for validation", m.training.split);
		assertEquals(8, m.training.validationLoss.size());
		assertTrue(m.training.validationLoss.get(7) < m.training.validationLoss.get(0), m.training.validationLoss.toString());
	}

	@Test
	void percentileNormalisationRoundTrips16BitIntensities() {
		final ImagePlus clean = SyntheticImages.cleanStack(64, 64, 1, 3);
		final Normalization norm = Normalization.percentiles(ImagePluses.wrap(clean), 1, 99.8);
		assertTrue(norm.low() > 50 && norm.high() > 500, norm.toString());
		final short[] px = (short[]) clean.getProcessor().getPixels();
		final org.nd4j.linalg.api.ndarray.INDArray x = org.nd4j.linalg.factory.Nd4j.create(new float[] {
			0, 1, 300, 65535, px[100] & 0xffff }, new long[] { 5 }, 'c');
		final float[] back = norm.denormalize(norm.normalize(x.dup())).data().asFloat();
		final float[] orig = x.data().asFloat();
		for (int i = 0; i < orig.length; i++)
			assertEquals(orig[i], back[i], 1e-3 * Math.max(1, Math.abs(orig[i])));
	}

	@Test
	void aSingleLargeImageHoldsOutABandForValidation() {
		final TrainingResult r = ConvTraining.train(SyntheticImages.cleanStack(96, 96, 1, 2),
			TrainingSettings.builder().architecture(TrainingSettings.Architecture.CONVOLUTIONAL).filters(4)
				.patch(16).steps(2).batch(4).epochs(1).validation(0.2).seed(1).build(), null, () -> false);
		assertEquals("bottom 19 rows of every slice held out for validation", r.model().manifest().training.split);
		final IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
			() -> ConvTraining.train(SyntheticImages.cleanStack(20, 20, 1, 2), TrainingSettings.builder()
				.architecture(TrainingSettings.Architecture.CONVOLUTIONAL).filters(4).patch(16).build(), null,
				() -> false));
		assertTrue(tiny.getMessage().contains("too small to hold out a validation region"), tiny.getMessage());
		final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
			() -> ConvTraining.train(SyntheticImages.cleanStack(6, 6, 3, 2), TrainingSettings.builder()
				.architecture(TrainingSettings.Architecture.CONVOLUTIONAL).filters(4, 4, 4).patch(16).build(),
				null, () -> false));
		assertTrue(small.getMessage().contains("smaller than the 8x8 pixels"), small.getMessage());
	}
}
