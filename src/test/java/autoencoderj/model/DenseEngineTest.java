package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import autoencoderj.ops.Noises;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast dense path must be DL4J's training, not an approximation of it:
 * the same network, batches and seed give the same loss curve and weights as
 * {@code MultiLayerNetwork.fit}, and DL4J can continue what it trained.
 */
class DenseEngineTest {

	private static INDArray samples(final int n, final int pixels) {
		final float[] v = new float[n * pixels];
		final java.util.Random r = new java.util.Random(3);
		for (int s = 0; s < n; s++) {
			final double phase = r.nextDouble() * 6, freq = 0.2 + r.nextDouble() * 0.5;
			for (int p = 0; p < pixels; p++)
				v[s * pixels + p] = (float) (0.5 + 0.45 * Math.sin(phase + freq * p));
		}
		return Nd4j.create(v, new long[] { n, pixels }, 'c');
	}

	/** Trains with DL4J's own fit on the batches {@link SampleBatches} makes. */
	private static List<Double> fitWithDl4j(final MultiLayerNetwork net, final SampleBatches batches,
		final int epochs)
	{
		final double perValue = Trainer.perValue(net, batches);
		final List<Double> losses = new ArrayList<>();
		for (int e = 0; e < epochs; e++) {
			double sum = 0;
			long n = 0;
			for (final DataSet ds : batches.nextEpoch()) {
				net.fit(ds);
				sum += net.score() * ds.numExamples();
				n += ds.numExamples();
			}
			losses.add(sum / n * perValue);
		}
		return losses;
	}

	private static void assertSameTraining(final DenseSpec spec, final double rate) {
		final INDArray data = samples(300, spec.pixels());
		final MultiLayerNetwork dl4j = DenseAutoencoders.build(spec, 11, rate);
		final MultiLayerNetwork fast = DenseAutoencoders.build(spec, 11, rate);
		assertTrue(DenseEngine.supports(fast));
		final List<Double> expected = fitWithDl4j(dl4j, new SampleBatches(data, Noises.gaussian(0.2,
			true), 32, 5), 3);
		final List<Double> actual = Trainer.train(fast, new SampleBatches(data, Noises.gaussian(0.2,
			true), 32, 5), null, 3, null, () -> false).trainLoss();
		for (int e = 0; e < 3; e++)
			assertEquals(expected.get(e), actual.get(e), 1e-4 * expected.get(e), "epoch " + (e + 1) +
				": DL4J " + expected + ", engine " + actual);
		assertTrue(actual.get(2) < actual.get(0), "the loss falls: " + actual);
		assertEquals(dl4j.getIterationCount(), fast.getIterationCount());
		final double scale = dl4j.params().amaxNumber().doubleValue();
		assertEquals(0, dl4j.params().sub(fast.params()).amaxNumber().doubleValue(), 1e-3 * scale,
			"weights after 3 epochs");

		// DL4J continues from the engine's weights, Adam state and iteration count
		final SampleBatches more = new SampleBatches(data, Noises.none(), 64, 9);
		fitWithDl4j(dl4j, more, 1);
		fitWithDl4j(fast, new SampleBatches(data, Noises.none(), 64, 9), 1);
		assertEquals(0, dl4j.params().sub(fast.params()).amaxNumber().doubleValue(), 2e-3 * scale,
			"weights after one more epoch with DL4J");
		assertEquals(0, dl4j.getUpdater().getStateViewArray().sub(fast.getUpdater()
			.getStateViewArray()).amaxNumber().doubleValue(), 1e-4, "Adam state");
	}

	@Test
	void oneHiddenLayerWithCrossEntropyTrainsAsDl4jDoes() {
		assertSameTraining(new DenseSpec(8, 8, new int[] { 16 }, DenseSpec.Loss.XENT), 1e-2);
	}

	@Test
	void deepLinearCodeWithSquaredErrorTrainsAsDl4jDoes() {
		assertSameTraining(new DenseSpec(10, 6, new int[] { 24, 3 }, DenseSpec.Loss.MSE), 5e-3);
	}

	@Test
	void networksItDoesNotComputeAreLeftToDl4j() {
		assertNotNull(DenseEngine.of(DenseAutoencoders.build(new DenseSpec(4, 4, new int[] { 3 },
			DenseSpec.Loss.XENT), 1, 1e-3), 8));
		assertFalse(DenseEngine.supports(ConvSpec.forPatch(16, new int[] { 4 },
			ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.XENT).build(16, 16, 1, 1e-3)));
		assertFalse(DenseEngine.supports(Pretraining.classifier(16, new int[] { 8 }, 3, 1)));
	}
}
