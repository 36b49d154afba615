package autoencoderj.engine.training;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseAutoencoders;
import autoencoderj.model.DenseSpec;
import autoencoderj.ops.Noises;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The convolutional engine must be DL4J's training, not an approximation of
 * it: one step's loss and gradient per parameter array equal DL4J's, many
 * SGD steps give DL4J's weights, Adam training gives DL4J's loss curve, and
 * DL4J can continue. Tolerances hold on any CPU (see {@link Dl4jFit}).
 */
class ConvEngineTest {

	/** Smooth random images with some structure, {@code [n, c, h, w]}, in [0.05, 0.95]. */
	static INDArray images(final int n, final int c, final int h, final int w, final long seed) {
		final float[] v = new float[n * c * h * w];
		final java.util.Random r = new java.util.Random(seed);
		int i = 0;
		for (int s = 0; s < n; s++)
			for (int ch = 0; ch < c; ch++) {
				final double fx = 0.2 + r.nextDouble() * 0.6, fy = 0.2 + r.nextDouble() * 0.6, ph = r
					.nextDouble() * 6;
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						v[i++] = (float) (0.5 + 0.45 * Math.sin(ph + fx * x) * Math.cos(fy * y));
			}
		return Nd4j.create(v, new long[] { n, c, h, w }, 'c');
	}

	/**
	 * One engine step on the first 16 samples: DL4J's loss and gradient; and
	 * three Adam updates from DL4J's gradients: DL4J's weights.
	 */
	private static void assertSameStep(final MultiLayerNetwork net, final INDArray source,
		final INDArray target, final int widest, final String what)
	{
		// intensities of mean 0.25: an untrained sigmoid's 0.5 against targets of
		// mean 0.5 makes the output's gradient a sum that cancels (see Dl4jFit)
		final INDArray in = source.get(NDArrayIndex.interval(0, 16)).mul(0.5);
		final INDArray out = target.get(NDArrayIndex.interval(0, 16)).mul(0.5);
		final long[] shape = in.shape();
		// a weight's gradient sums over the batch and positions; an activation's over 3x3 x channels
		final long terms = Math.max(shape[0] * shape[2] * shape[3], 9 * widest);
		try (ConvEngine engine = ConvEngine.of(net.clone(), new long[] { shape[1], shape[2],
			shape[3] }))
		{
			Dl4jFit.assertSameGradient(net, engine, in, out, terms, what);
		}
		Dl4jFit.assertSameUpdates(net, in, out, 3);
	}

	/** Plain SGD for {@code iterations} steps of 8 samples: DL4J's weights, closely. */
	private static void assertSameSgd(final MultiLayerNetwork adam, final INDArray data,
		final int iterations, final String what)
	{
		final MultiLayerNetwork dl4j = Dl4jFit.withSgd(adam, 0.1);
		final MultiLayerNetwork fast = Dl4jFit.withSgd(adam, 0.1);
		final int epochs = Math.max(3, (int) Math.ceil(iterations * 8.0 / data.size(0)));
		final List<Double> expected = Dl4jFit.losses(dl4j, new SampleBatches(data, Noises.none(), 8, 2),
			epochs);
		final List<Double> actual = Trainer.train(fast, new SampleBatches(data, Noises.none(), 8, 2),
			null, epochs, null, () -> false).trainLoss();
		Dl4jFit.assertSameTraining(dl4j, fast, expected, actual, what + " with SGD");
	}

	@BeforeAll
	static void nd4j() {
		Nd4jRuntime.ensureReady();
	}

	@Test
	void kerasShapedAutoencoderTrainsAsDl4jDoes() {
		// 12 -> 6 -> 3 -> 2 (pooling rounds up), decoder 2 -> 4 -> 8 -> valid 6 -> 12, as Keras' 28
		final ConvSpec spec = ConvSpec.forPatch(12, new int[] { 4, 3, 2 }, ConvSpec.Upsampling.REPEAT,
			1, 1, DenseSpec.Loss.XENT);
		assertTrue(spec.validLastConv());
		final INDArray data = images(96, 1, 12, 12, 3);
		final MultiLayerNetwork dl4j = spec.chain(12, 12, 7, 1e-2);
		final MultiLayerNetwork fast = spec.chain(12, 12, 7, 1e-2);
		assertTrue(ConvEngine.supports(fast));
		assertSameStep(dl4j, data, data, 4, "autoencoder");
		assertSameSgd(dl4j, data, 20, "autoencoder");
		final List<Double> expected = Dl4jFit.losses(dl4j, new SampleBatches(data, Noises.gaussian(0.2,
			true), 20, 5), 3);
		final List<Double> actual = Trainer.train(fast, new SampleBatches(data, Noises.gaussian(0.2,
			true), 20, 5), null, 3, null, () -> false).trainLoss();
		Dl4jFit.assertSameTraining(dl4j, fast, expected, actual, "autoencoder");

		// DL4J continues from the engine's weights, Adam state and iteration count
		Dl4jFit.assertDl4jContinues(dl4j, fast, new SampleBatches(data, Noises.none(), 32, 9),
			new SampleBatches(data, Noises.none(), 32, 9));
	}

	@Test
	void imageToImageWithSquaredErrorTrainsAsDl4jDoes() {
		// 2 channels in, 3 out, linear output: the image-to-image network, fed DataSets as patches are
		final ConvSpec spec = ConvSpec.forPatch(8, new int[] { 5, 3 }, ConvSpec.Upsampling.REPEAT, 2, 3,
			DenseSpec.Loss.MSE);
		final INDArray source = images(40, 2, 8, 8, 4);
		final INDArray target = images(40, 3, 8, 8, 5);
		// 40 pairs in batches of 16, fed as image-to-image patches are
		final BatchSource pairs = new ArrayBatches(source, target, 16, 3);
		final MultiLayerNetwork dl4j = spec.chain(8, 8, 3, 5e-3);
		final MultiLayerNetwork fast = spec.chain(8, 8, 3, 5e-3);
		assertTrue(ConvEngine.supports(fast));
		assertSameStep(dl4j, source, target, 5, "image to image");
		final List<Double> expected = Dl4jFit.losses(dl4j, pairs, 4);
		final List<Double> actual = Trainer.train(fast, pairs, null, 4, null, () -> false).trainLoss();
		Dl4jFit.assertSameTraining(dl4j, fast, expected, actual, "image to image");
	}

	@Test
	void twoChannelSamplesTrainAsDl4jDoes() {
		// samples arrive channels-first from SampleBatches; the engine computes channels-last
		final ConvSpec spec = ConvSpec.forPatch(8, new int[] { 4 }, ConvSpec.Upsampling.REPEAT, 2, 2,
			DenseSpec.Loss.MSE);
		final INDArray data = images(30, 2, 8, 8, 6);
		final MultiLayerNetwork dl4j = spec.chain(8, 8, 4, 1e-2);
		final MultiLayerNetwork fast = spec.chain(8, 8, 4, 1e-2);
		assertSameStep(dl4j, data, data, 4, "two channels");
		final List<Double> expected = Dl4jFit.losses(dl4j, new SampleBatches(data, Noises.none(), 8, 2), 3);
		final List<Double> actual = Trainer.train(fast, new SampleBatches(data, Noises.none(), 8, 2),
			null, 3, null, () -> false).trainLoss();
		Dl4jFit.assertSameTraining(dl4j, fast, expected, actual, "two channels");
	}

	@Test
	void transposedConvolutionUpsamplingTrainsAsDl4jDoes() {
		final ConvSpec spec = ConvSpec.forPatch(8, new int[] { 4, 3 }, ConvSpec.Upsampling.DECONVOLUTION,
			1, 1, DenseSpec.Loss.XENT);
		final INDArray data = images(48, 1, 8, 8, 8);
		final MultiLayerNetwork dl4j = spec.chain(8, 8, 9, 1e-2);
		final MultiLayerNetwork fast = spec.chain(8, 8, 9, 1e-2);
		assertTrue(ConvEngine.supports(fast));
		assertSameStep(dl4j, data, data, 4, "deconvolution");
		assertSameSgd(dl4j, data, 16, "deconvolution");
		final List<Double> expected = Dl4jFit.losses(dl4j, new SampleBatches(data, Noises.none(), 16, 3),
			3);
		final List<Double> actual = Trainer.train(fast, new SampleBatches(data, Noises.none(), 16, 3),
			null, 3, null, () -> false).trainLoss();
		Dl4jFit.assertSameTraining(dl4j, fast, expected, actual, "deconvolution");
	}

	@Test
	void networksItDoesNotComputeAreLeftToDl4j() {
		assertFalse(ConvEngine.supports(autoencoderj.app.TrainedModels.probeClassifier(16, new int[] { 8 }, 3, 1)));
		assertFalse(ConvEngine.supports(DenseAutoencoders.build(new DenseSpec(4, 4, new int[] { 3 },
			DenseSpec.Loss.XENT), 1, 1e-3)));
	}
}
