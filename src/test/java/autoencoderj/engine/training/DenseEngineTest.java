package autoencoderj.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import autoencoderj.engine.CpuTuning;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseAutoencoders;
import autoencoderj.model.DenseSpec;
import autoencoderj.ops.Noises;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fast dense path must be DL4J's training, not an approximation of it:
 * one step's loss and gradient equal DL4J's, many SGD steps give DL4J's
 * weights, Adam training gives DL4J's loss curve, and DL4J can continue what
 * it trained. Tolerances hold on any CPU (see {@link Dl4jFit}).
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

	private static void assertSameTraining(final DenseSpec spec, final double rate) {
		final INDArray data = samples(300, spec.pixels());
		final MultiLayerNetwork dl4j = DenseAutoencoders.build(spec, 11, rate);
		final MultiLayerNetwork fast = DenseAutoencoders.build(spec, 11, rate);
		assertTrue(DenseEngine.supports(fast));
		final INDArray batch = data.get(NDArrayIndex.interval(0, 64)).dup();
		// a weight's gradient sums over the batch; an activation's over a layer's width
		final long terms = Math.max(64, widest(spec));
		try (DenseEngine engine = DenseEngine.of(dl4j.clone(), 64)) {
			Dl4jFit.assertSameGradient(dl4j, engine, batch, batch, terms, spec.describe());
		}
		Dl4jFit.assertSameUpdates(dl4j, batch, batch, 3);
		final MultiLayerNetwork sgdDl4j = Dl4jFit.withSgd(dl4j, 0.1);
		final MultiLayerNetwork sgdFast = Dl4jFit.withSgd(dl4j, 0.1);
		Dl4jFit.assertSameTraining(sgdDl4j, sgdFast, Dl4jFit.losses(sgdDl4j, new SampleBatches(data,
			Noises.none(), 32, 5), 3), Trainer.train(sgdFast, new SampleBatches(data, Noises.none(), 32,
				5), null, 3, null, () -> false).trainLoss(), spec.describe() + " with SGD");
		final List<Double> expected = Dl4jFit.losses(dl4j, new SampleBatches(data, Noises.gaussian(0.2,
			true), 32, 5), 3);
		final List<Double> actual = Trainer.train(fast, new SampleBatches(data, Noises.gaussian(0.2,
			true), 32, 5), null, 3, null, () -> false).trainLoss();
		Dl4jFit.assertSameTraining(dl4j, fast, expected, actual, spec.describe());
		// DL4J continues from the engine's weights, Adam state and iteration count
		Dl4jFit.assertDl4jContinues(dl4j, fast, new SampleBatches(data, Noises.none(), 64, 9),
			new SampleBatches(data, Noises.none(), 64, 9));
	}

	private static int widest(final DenseSpec spec) {
		int w = spec.pixels();
		for (final int h : spec.hidden())
			w = Math.max(w, h);
		return w;
	}

	@BeforeAll
	static void nd4j() {
		Nd4jRuntime.ensureReady();
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
	void twoTrainingsAtOnceShareOpenBlasThreadsAndRestoreThemAfterTheLast() {
		final int before = BlasThreads.current();
		final int lowered = Math.max(1, Math.min(before, CpuTuning.get().blasThreadsPerCaller()));
		final DenseSpec spec = new DenseSpec(4, 4, new int[] { 3 }, DenseSpec.Loss.XENT);
		final DenseEngine a = DenseEngine.of(DenseAutoencoders.build(spec, 1, 1e-3), 8);
		final DenseEngine b = DenseEngine.of(DenseAutoencoders.build(spec, 2, 1e-3), 8);
		assertEquals(lowered, BlasThreads.current());
		a.close();
		a.close();
		assertEquals(lowered, BlasThreads.current(), "the second training still runs");
		b.close();
		assertEquals(before, BlasThreads.current());
	}

	@Test
	void networksItDoesNotComputeAreLeftToDl4jAndStillTrain() {
		try (DenseEngine engine = DenseEngine.of(DenseAutoencoders.build(new DenseSpec(4, 4, new int[] {
			3 }, DenseSpec.Loss.XENT), 1, 1e-3), 8))
		{
			assertNotNull(engine);
		}
		assertFalse(DenseEngine.supports(ConvSpec.forPatch(16, new int[] { 4 },
			ConvSpec.Upsampling.REPEAT, 1, 1, DenseSpec.Loss.XENT).chain(16, 16, 1, 1e-3)));
		assertFalse(DenseEngine.supports(autoencoderj.app.TrainedModels.probeClassifier(16, new int[] {
			8 }, 3, 1)));

		// with L2 regularisation, which the engine does not compute: DL4J's own fit, through the same loop
		final MultiLayerNetwork plain = DenseAutoencoders.build(new DenseSpec(8, 8, new int[] { 16 },
			DenseSpec.Loss.XENT), 11, 1e-2);
		final org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = plain.getLayerWiseConfigurations()
			.clone();
		for (int l = 0; l < conf.getConfs().size(); l++)
			((org.deeplearning4j.nn.conf.layers.BaseLayer) conf.getConf(l).getLayer()).setRegularization(
				java.util.List.of(new org.nd4j.linalg.learning.regularization.L2Regularization(1e-4)));
		final MultiLayerNetwork regularised = new MultiLayerNetwork(conf);
		regularised.init(plain.params().dup(), true);
		final MultiLayerNetwork reference = regularised.clone();
		assertFalse(DenseEngine.supports(regularised));
		final INDArray data = samples(200, 64);
		final List<Double> trained = Trainer.train(regularised, new SampleBatches(data, Noises.none(),
			32, 5), null, 3, null, () -> false).trainLoss();
		final List<Double> dl4j = Dl4jFit.losses(reference, new SampleBatches(data, Noises.none(), 32,
			5), 3);
		assertEquals(dl4j, trained, "the loss of DL4J's own fit");
		assertTrue(trained.get(2) < trained.get(0), "the loss falls: " + trained);
	}
}
