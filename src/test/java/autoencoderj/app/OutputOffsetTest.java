package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.process.ImageProcessor;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A blind-spot model leaves training with its output's mean at its input's:
 * the offset is measured, recorded, and taken out of the last bias; a model
 * made too bright on purpose is brought back, and gets closer to the clean
 * image.
 */
class OutputOffsetTest {

	private static ImagePlus noisy(final ImagePlus clean) {
		return SyntheticImages.noisy(clean, Normalization.percentiles(autoencoderj.convert.ImagePluses
			.wrap(clean), 0, 100), 30, 0.05, 9);
	}

	private static double mean(final ImagePlus imp) {
		double sum = 0;
		long n = 0;
		for (int p = 1; p <= imp.getStackSize(); p++) {
			final ImageProcessor ip = imp.getStack().getProcessor(p);
			for (int i = 0; i < ip.getPixelCount(); i++, n++)
				sum += ip.getf(i);
		}
		return sum / n;
	}

	private static double mse(final ImagePlus a, final ImagePlus b) {
		double sum = 0;
		long n = 0;
		for (int p = 1; p <= a.getStackSize(); p++) {
			final ImageProcessor x = a.getStack().getProcessor(p), y = b.getStack().getProcessor(p);
			for (int i = 0; i < x.getPixelCount(); i++, n++)
				sum += (x.getf(i) - y.getf(i)) * (x.getf(i) - y.getf(i));
		}
		return sum / n;
	}

	@Test
	void blindSpotTrainingEndsWithTheInputsMeanAndABrightModelIsBroughtBack() {
		final ImagePlus clean = SyntheticImages.cleanStack(96, 96, 2, 4);
		final ImagePlus image = noisy(clean);
		final TrainingResult r = ConvTraining.train(image, TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).filters(8, 16).patch(32).steps(10).batch(8)
			.epochs(2).objective(Manifest.Objective.BLIND_SPOT).noise("none", 0).masked(1.0 / 64).seed(5)
			.build(), null, () -> false);
		final AutoencoderModel model = r.model();
		final Normalization norm = model.normalization();
		final double range = norm.high() - norm.low();
		final double recorded = model.manifest().training.outputOffset;
		assertTrue(Double.isFinite(recorded) && recorded != 0, "recorded offset " + recorded);
		// the window is the whole image here: the means agree to float rounding of the outputs
		ImagePlus out = Denoiser.denoise(model, "m", image, null, () -> false);
		assertEquals(mean(image), mean(out), 1e-5 * range, "output mean against input mean");

		// a model 0.05 of the range too bright, as a kept epoch can be
		final INDArray bias = OutputOffset.lastBias(model);
		bias.addi(0.05);
		final ImagePlus bright = Denoiser.denoise(model, "m", image, null, () -> false);
		assertEquals(0.05 * range, mean(bright) - mean(image), 1e-3 * range);
		final double removed = OutputOffset.remove(model, image, () -> false);
		assertEquals(0.05, removed, 1e-4, "the offset measured, in normalised units");
		out = Denoiser.denoise(model, "m", image, null, () -> false);
		assertEquals(mean(image), mean(out), 1e-5 * range);
		assertTrue(mse(out, clean) < mse(bright, clean), "closer to the clean image than the bright model");
	}
}
