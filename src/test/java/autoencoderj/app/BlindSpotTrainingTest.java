package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;

/**
 * Blind-spot (Noise2Void) training on a noisy image alone, the clean image
 * never given to training, denoises it better than the best Gaussian blur.
 */
class BlindSpotTrainingTest {

	/** Epochs of 60 batches; -Dblindspot.epochs=N to see what longer training gives. */
	static final int EPOCHS = Integer.getInteger("blindspot.epochs", 12);

	@Test
	void blindSpotModelTrainedOnTheNoisyImageBeatsTheBestGaussianBlur() {
		// shot noise of 10 photons per unit intensity on a dark background, read noise 0.03
		final SyntheticFluorescence data = new SyntheticFluorescence(192, 192, 10, 0.03, 17);
		final ImagePlus noisy = data.noisyImage();
		// one pixel in 16 masked (Noise2Self's grid): more signal per step than N2V's default 1.5%
		final TrainingSettings s = TrainingSettings.builder().architecture(TrainingSettings.Architecture
			.CONVOLUTIONAL).objective(Manifest.Objective.BLIND_SPOT).filters(16, 32).patch(32).batch(16)
			.steps(60).epochs(EPOCHS).rate(2e-3).masked(0.0625).validation(0.1).seed(3).build();
		final long t0 = System.nanoTime();
		final TrainingResult result = Training.train(noisy, s, null, null, null, () -> false);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		final Manifest m = result.model().manifest();
		assertTrue(m.skips, "blind-spot training makes a U-Net unless told otherwise");
		assertEquals(Keys.of(Manifest.Objective.BLIND_SPOT), m.noise.objective);
		assertEquals("none", m.noise.type, "no noise is added");

		final ImagePlus out = Denoiser.denoise(result.model(), "blind-spot", noisy, null, () -> false);
		final double model = data.psnr((float[]) out.getProcessor().convertToFloatProcessor()
			.getPixels());
		final double[] blur = data.bestBlur();
		final double raw = data.psnr(data.noisy);
		System.out.printf("blind-spot: noisy %.2f dB, best Gaussian blur %.2f dB (sigma %.3f), " +
			"model %.2f dB: margin %.2f dB; %d epochs in %.1f s, losses %s / %s%n", raw, blur[0], blur[1],
			model, model - blur[0], EPOCHS, seconds, result.history().trainLoss(), result.history()
				.validationLoss());
		assertTrue(model >= blur[0] + 2, String.format("the blind-spot model (%.2f dB) beats the best " +
			"Gaussian blur (%.2f dB) by at least 2 dB", model, blur[0]));
	}
}
