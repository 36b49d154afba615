package autoencoderj.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.network.NativeNetwork;
import autoencoderj.engine.network.UpConcatConv;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Graph networks (skip connections, DL4J's {@code ComputationGraph} with merge
 * vertices) trained through the native engine give DL4J's own
 * {@code ComputationGraph} losses and gradients, with and without a loss
 * mask, within the tolerances of {@link Dl4jFit}.
 */
class GraphEngineTest {

	@Test
	void uNetTrainsAsDl4jsComputationGraphDoes() {
		assertGraphTrainsAsDl4j(ConvSpec.Upsampling.REPEAT, "U-Net");
	}

	@Test
	void uNetWithTransposedConvolutionsTrainsAsDl4jDoes() {
		assertGraphTrainsAsDl4j(ConvSpec.Upsampling.DECONVOLUTION, "U-Net, transposed convolutions");
	}

	private static void assertGraphTrainsAsDl4j(final ConvSpec.Upsampling up, final String what) {
		final ConvSpec spec = ConvSpec.forPatch(8, new int[] { 4, 6 }, up, 1, 1, DenseSpec.Loss.MSE)
			.withSkips(true);
		final ComputationGraph dl4j = (ComputationGraph) spec.build(8, 8, 11, 5e-3);
		final ComputationGraph fast = (ComputationGraph) spec.build(8, 8, 11, 5e-3);
		assertTrue(ConvEngine.supports(fast), "the engine computes the graph");
		try (NativeNetwork nn = NativeNetwork.of(fast, true)) {
			// each decoder's upsampling, concatenation and convolution as one stage, or the three
			assertEquals(up == ConvSpec.Upsampling.REPEAT ? 2 : 0, java.util.Collections.frequency(nn
				.stageKinds(), "UpConcatConv"), nn.stageKinds().toString());
		}
		final INDArray source = ConvEngineTest.images(48, 1, 8, 8, 7).mul(0.5);
		final INDArray target = ConvEngineTest.images(48, 1, 8, 8, 8).mul(0.5);
		final INDArray mask = sparseMask(48, 8, 6, 3);
		// a weight's gradient sums over the batch and positions; an activation's over 3x3 x 24 channels
		final long terms = Math.max(16 * 8 * 8, 9 * 24);
		for (final INDArray m : new INDArray[] { null, mask.get(NDArrayIndex.interval(0, 16)) })
			try (ConvEngine engine = ConvEngine.of(Dl4jFit.copy(dl4j), new long[] { 1, 8, 8 })) {
				Dl4jFit.assertSameGradient(dl4j, engine, source.get(NDArrayIndex.interval(0, 16)), target
					.get(NDArrayIndex.interval(0, 16)), m, terms, what + (m == null ? "" : ", masked"));
			}

		final BatchSource masked = new ArrayBatches(source, target, mask, 16, 1);
		Dl4jFit.assertTrainsAsDl4j(dl4j, fast, masked, 4, what + ", masked loss");

		// inference through the native graph: DL4J's output
		final INDArray x = source.get(NDArrayIndex.interval(0, 4));
		final INDArray ours = NativeForward.output(fast, x), theirs = fast.outputSingle(false, x);
		final double largest = theirs.amaxNumber().doubleValue();
		final double tolerance = Dl4jFit.gradientTolerance(9 * 24, LayerGraph.of(fast).nodes.size());
		assertEquals(0, ours.sub(theirs).amaxNumber().doubleValue(), tolerance * largest, what +
			": output");
	}

	/**
	 * A blind-spot mask (one pixel per 8x8 cell, here also in corners and on
	 * edges) makes the engine compute the last stages only around the counted
	 * pixels; its loss and every gradient are still DL4J's, for U-Nets and chains.
	 */
	@Test
	void sparseMaskComputesTheTailOnlyWhereTheLossSeesAndMatchesDl4j() {
		final INDArray source = ConvEngineTest.images(16, 1, 16, 16, 3).mul(0.5);
		final INDArray target = ConvEngineTest.images(16, 1, 16, 16, 4).mul(0.5);
		for (final boolean skips : new boolean[] { true, false })
			// one pixel in 64: from the decoder's last upsampling on; one in 16: the last two convolutions
			for (final int cell : new int[] { 8, 4 }) {
				final ConvSpec spec = ConvSpec.forPatch(16, new int[] { 4, 6 }, ConvSpec.Upsampling.REPEAT,
					1, 1, DenseSpec.Loss.MSE).withSkips(skips);
				final org.deeplearning4j.nn.api.Model dl4j = spec.build(16, 16, 13, 5e-3);
				final String what = (skips ? "U-Net" : "chain") + ", one pixel in " + cell * cell;
				try (ConvEngine engine = ConvEngine.of(Dl4jFit.copy(dl4j), new long[] { 1, 16, 16 })) {
					Dl4jFit.assertSameGradient(dl4j, engine, source, target, cellMask(16, 16, cell, 5), Math
						.max(16 * 4 * 4, 9 * 24), what);
					assertEquals(skips ? cell == 8 ? 3 : 2 : 1, engine.maskedStages(), what +
						": stages computed around the counted pixels only");
				}
			}
	}

	/**
	 * One pixel per {@code cell} x {@code cell} cell of each sample, at a random
	 * place, except that the first sample has its pixels in the corners of the
	 * image and the second on its edges.
	 */
	static INDArray cellMask(final int n, final int side, final int cell, final long seed) {
		final Random r = new Random(seed);
		final float[] m = new float[n * side * side];
		for (int s = 0; s < n; s++)
			for (int cy = 0; cy < side; cy += cell)
				for (int cx = 0; cx < side; cx += cell) {
					int y = cy + r.nextInt(cell), x = cx + r.nextInt(cell);
					if (s == 0) {
						y = cy == 0 ? 0 : side - 1;
						x = cx == 0 ? 0 : side - 1;
					}
					else if (s == 1) {
						y = cy == 0 ? 0 : y;
						x = cx == 0 ? x : side - 1;
					}
					m[(s * side + y) * side + x] = 1;
				}
		return Nd4j.create(m, new long[] { n, 1, side, side }, 'c');
	}

	@Test
	void lossAndGradientIgnoreEveryUnmaskedTarget() {
		final ConvSpec spec = ConvSpec.forPatch(8, new int[] { 4 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE).withSkips(true);
		final ComputationGraph net = (ComputationGraph) spec.build(8, 8, 2, 1e-3);
		final INDArray x = ConvEngineTest.images(4, 1, 8, 8, 1), mask = sparseMask(4, 8, 5, 9);
		final float[] target = ConvEngineTest.images(4, 1, 8, 8, 2).data().asFloat(), m = mask.data()
			.asFloat(), other = target.clone();
		for (int i = 0; i < other.length; i++)
			if (m[i] == 0) other[i] = 100 - 7 * other[i];
		final double[] loss = new double[2];
		final float[][] gradient = new float[2][];
		int k = 0;
		for (final float[] t : new float[][] { target, other })
			try (ConvEngine engine = ConvEngine.of(Dl4jFit.copy(net), new long[] { 1, 8, 8 })) {
				loss[k] = engine.step(x.dup().data().asFloat(), t, m, 4);
				gradient[k++] = engine.lastGradient();
			}
		assertEquals(loss[0], loss[1], 0.0, "the loss reads only masked targets");
		org.junit.jupiter.api.Assertions.assertArrayEquals(gradient[0], gradient[1],
			"so does every gradient");
		try (ConvEngine engine = ConvEngine.of(Dl4jFit.copy(net), new long[] { 1, 8, 8 })) {
			assertTrue(Math.abs(engine.step(x.dup().data().asFloat(), other, null, 4) - loss[0]) > 1,
				"without the mask the changed targets count");
		}
	}

	/**
	 * {@code count} pixels of each of {@code n} samples set to 1, the rest 0:
	 * the same count in every sample, as blind-spot masks have.
	 */
	static INDArray sparseMask(final int n, final int side, final int count, final long seed) {
		final Random r = new Random(seed);
		final float[] m = new float[n * side * side];
		for (int s = 0; s < n; s++)
			for (int k = 0; k < count;) {
				final int i = s * side * side + r.nextInt(side * side);
				if (m[i] == 0) {
					m[i] = 1;
					k++;
				}
			}
		return Nd4j.create(m, new long[] { n, 1, side, side }, 'c');
	}

	@BeforeAll
	static void nd4j() {
		Nd4jRuntime.ensureReady();
	}
}
