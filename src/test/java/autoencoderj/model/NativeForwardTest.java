package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeForwardTest {

	private static void assertSameAsDl4j(final ConvSpec spec, final int h, final int w) {
		final MultiLayerNetwork net = spec.build(h, w, 5, 1e-3);
		final INDArray x = Nd4j.rand(DataType.FLOAT, 3, 1, h, w);
		final INDArray expected = net.output(x, false);
		final INDArray got = NativeForward.output(net, x.dup());
		assertArrayEquals(expected.shape(), got.shape());
		assertEquals(0, expected.sub(got).amaxNumber().doubleValue(), 1e-5, spec.describe());
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

	@Test
	void scoreIsDl4jsScore() {
		Nd4jRuntime.ensureReady();
		final ConvSpec keras = ConvSpec.forPatch(28, new int[] { 16, 8, 8 }, ConvSpec.Upsampling.REPEAT,
			1, 1, DenseSpec.Loss.XENT);
		final MultiLayerNetwork a = keras.build(28, 28, 5, 1e-3);
		final INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
		final INDArray y = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
		final double actual = NativeForward.score(a, x, y);
		final double expected = a.score(new org.nd4j.linalg.dataset.DataSet(x, y), false);
		assertEquals(expected, actual, 1e-5 * expected, keras.describe());

		final ConvSpec colour = ConvSpec.forPatch(16, new int[] { 4, 4 }, ConvSpec.Upsampling.REPEAT, 2,
			3, DenseSpec.Loss.MSE);
		final MultiLayerNetwork b = colour.build(16, 16, 6, 1e-3);
		final INDArray x2 = Nd4j.rand(DataType.FLOAT, 3, 2, 16, 16);
		final INDArray y2 = Nd4j.rand(DataType.FLOAT, 3, 3, 16, 16);
		// scored here first: the input and labels must still be usable afterwards
		final double actual2 = NativeForward.score(b, x2, y2);
		final double expected2 = b.score(new org.nd4j.linalg.dataset.DataSet(x2, y2), false);
		assertEquals(expected2, actual2, 1e-5 * expected2, colour.describe());
	}
}
