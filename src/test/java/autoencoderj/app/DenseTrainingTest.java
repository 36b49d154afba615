package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import autoencoderj.model.DenseSpec;
import autoencoderj.model.Manifest;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DenseTrainingTest {

	@Test
	void validationLossFallsAndDenoisingRaisesPsnrByOver3dB() {
		final TrainingResult result = TrainedModels.denoiser();
		final List<Double> val = result.history().validationLoss();
		assertEquals(15, val.size());
		assertTrue(val.get(14) < 0.8 * val.get(0), "validation loss " + val);
		assertEquals(result.history().bestEpoch(), val.indexOf(val.stream().min(Double::compare).get()) + 1);

		final DenoisingCheck check = DenoisingCheck.run(result.model(), TrainedModels.slices(1800,
			200), 200, 7);
		assertEquals(9.4, check.noisyPsnr(), 0.3, "sigma 0.5 clipped noise on MNIST");
		assertTrue(check.denoisedPsnr() - check.noisyPsnr() >= 3, "noisy " + check.noisyPsnr() +
			" dB, denoised " + check.denoisedPsnr() + " dB");
		assertEquals(200, check.denoised().getStackSize());
		assertEquals(32, check.denoised().getBitDepth());
		assertEquals(check.clean().getStack().getSliceLabel(3), TrainedModels.sample().getStack()
			.getSliceLabel(1803));
	}

	@Test
	void manifestDescribesTheTraining() {
		final Manifest m = TrainedModels.denoiser().model().manifest();
		assertEquals("dense", m.architecture);
		assertArrayEquals(new int[] { 50 }, m.hidden);
		assertEquals(28, m.width);
		assertEquals("xent", m.loss);
		assertEquals(0, m.normalization.low, 0);
		assertEquals(255, m.normalization.high, 0);
		assertEquals("gaussian", m.noise.type);
		assertEquals(0.5, m.noise.sigma, 0);
		assertEquals(1350, m.training.samples);
		assertEquals(150, m.training.validationSamples);
		assertEquals(15, m.training.trainLoss.size());
		assertEquals(m.training.validationLoss.get(m.training.bestEpoch - 1), m.training.finalValidationLoss, 0);
		assertTrue(m.training.data.startsWith("MNIST 0-1500: 1500 slices of 28x28, 8-bit"), m.training.data);
	}

	@Test
	void sameSeedGivesSameWeightsAndLosses() {
		final TrainingSettings s = TrainingSettings.builder().hidden(16).epochs(2).batch(32).seed(5)
			.build();
		final TrainingResult a = DenseTraining.train(TrainedModels.slices(0, 300), s, null, () -> false);
		final TrainingResult b = DenseTraining.train(TrainedModels.slices(0, 300), s, null, () -> false);
		final INDArray pa = a.model().network().params(), pb = b.model().network().params();
		assertEquals(0, pa.sub(pb).amaxNumber().doubleValue(), 1e-6);
		assertEquals(a.history().trainLoss().get(1), b.history().trainLoss().get(1), 1e-6);
		final TrainingResult c = DenseTraining.train(TrainedModels.slices(0, 300),
			TrainingSettings.builder().hidden(16).epochs(2).batch(32).seed(6).build(), null, () -> false);
		assertTrue(pa.sub(c.model().network().params()).amaxNumber().doubleValue() > 1e-3);
	}

	@Test
	void cancelStopsBetweenBatches() {
		final AtomicInteger polls = new AtomicInteger();
		final TrainingResult r = DenseTraining.train(TrainedModels.slices(0, 300),
			TrainingSettings.builder().epochs(50).batch(30).build(), null, () -> polls.incrementAndGet() > 25);
		assertTrue(r.history().cancelled());
		assertEquals(2, r.history().epochs(), "9 batches per epoch, cancelled in the third");
		assertTrue(r.model().manifest().training.cancelled);
	}

	@Test
	void tooFewSlicesAndTooLargeSlicesGetClearMessages() {
		final ImagePlus one = new ImagePlus("single.tif", new FloatProcessor(28, 28));
		final IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
			() -> DenseTraining.train(one, TrainingSettings.builder().build(), null, () -> false));
		assertTrue(few.getMessage().contains("'single.tif' has 1 slice; training needs a stack"), few.getMessage());
		final ImagePlus big = new ImagePlus("big.tif", new FloatProcessor(512, 512));
		final IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
			() -> DenseTraining.train(big, TrainingSettings.builder().build(), null, () -> false));
		assertTrue(large.getMessage().contains("512x512"), large.getMessage());
	}

	@Test
	void settingsAndHiddenSizesAreValidated() {
		assertArrayEquals(new int[] { 128, 64, 2 }, DenseSpec.parseHidden(" 128 64  2 "));
		assertArrayEquals(new int[] { 128, 64 }, DenseSpec.parseHidden("128,64"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> DenseSpec.parseHidden("128 x"))
			.getMessage().contains("'x' is not one"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingSettings.builder()
			.validation(1).build()).getMessage().contains("validation fraction"));
		assertEquals("784-128-64-128-784", new DenseSpec(28, 28, new int[] { 128, 64 }, DenseSpec.Loss.XENT).describe());
		assertEquals("Unknown noise 'salt': use none, gaussian, poisson or poisson-gaussian.", assertThrows(
			IllegalArgumentException.class, () -> autoencoderj.ops.Noises.create("salt", 1, true))
				.getMessage());
	}
}
