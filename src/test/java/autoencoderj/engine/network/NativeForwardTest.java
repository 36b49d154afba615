package autoencoderj.engine.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.Dl4jFit;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeForwardTest {

	private static void assertSameAsDl4j(final ConvSpec spec, final int h, final int w) {
		final MultiLayerNetwork net = spec.chain(h, w, 5, 1e-3);
		Nd4j.getRandom().setSeed(h * 31 + w);
		final INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, h, w);
		final INDArray expected = net.output(x, false);
		final INDArray got = NativeForward.output(net, x.dup());
		assertArrayEquals(expected.shape(), got.shape());
		// each output is a float sum of 3x3 x channels products per layer, in an
		// order the CPU's kernels choose: Dl4jFit.gradientTolerance's bound
		int widest = 1;
		for (final int f : spec.filters())
			widest = Math.max(widest, f);
		final double tolerance = Dl4jFit.gradientTolerance(9 * widest, net.getnLayers());
		assertEquals(0, expected.sub(got).amaxNumber().doubleValue(), tolerance * expected.amaxNumber()
			.doubleValue(), spec.describe());
	}

	@Test
	void nativeOperationsGiveDl4jsOutputForEveryLayerKind() {
		Nd4jRuntime.ensureReady();
		assertSameAsDl4j(ConvSpec.forPatch(28, new int[] { 16, 8, 8 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.XENT), 28, 28);
		assertSameAsDl4j(ConvSpec.forPatch(32, new int[] { 8, 4 }, ConvSpec.Upsampling.DECONVOLUTION, 1,
			1, DenseSpec.Loss.MSE), 48, 40);
		assertSameAsDl4j(ConvSpec.forPatch(16, new int[] { 4 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE), 18, 30);
	}

	private static void assertScoreIsDl4js(final ConvSpec spec, final int size, final int n) {
		final MultiLayerNetwork net = spec.chain(size, size, 5, 1e-3);
		Nd4j.getRandom().setSeed(size * 31 + n);
		final INDArray x = Nd4j.rand(DataType.FLOAT, n, spec.inChannels(), size, size);
		final INDArray y = Nd4j.rand(DataType.FLOAT, n, spec.outChannels(), size, size);
		// scored here first: the input and labels must still be usable afterwards
		final double actual = NativeForward.score(net, x, y, null);
		final double expected = net.score(new org.nd4j.linalg.dataset.DataSet(x, y), false);
		assertEquals(expected, actual, 1e-5 * expected, spec.describe());
	}

	@Test
	void scoreIsDl4jsScore() {
		Nd4jRuntime.ensureReady();
		assertScoreIsDl4js(ConvSpec.forPatch(28, new int[] { 16, 8, 8 }, ConvSpec.Upsampling.REPEAT, 1,
			1, DenseSpec.Loss.XENT), 28, 4);
		assertScoreIsDl4js(ConvSpec.forPatch(16, new int[] { 4, 4 }, ConvSpec.Upsampling.REPEAT, 2, 3,
			DenseSpec.Loss.MSE), 16, 3);
	}
}
