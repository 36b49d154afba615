package autoencoderj.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import autoencoderj.engine.Nd4jRuntime;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TransposedConvolutionTest {

	private static float[] random(final int n, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) r.nextGaussian();
		return v;
	}

	@Test
	void stepsHaveTheDocumentedContents() {
		final TransposedConvolution t = new TransposedConvolution(Kernel.parse("1 2; 3 4"), 2, 0);
		final float[] in = { 1, 2, 3, 4 };
		assertArrayEquals(new float[] { 1, 0, 2, 0, 0, 0, 3, 0, 4 }, t.zeroInserted(in, 2, 2), 0);
		assertEquals(5, t.paddedWidth(2));
		final float[] padded = t.padded(in, 2, 2);
		assertEquals(25, padded.length);
		assertEquals(1, padded[6], 0);
		assertEquals(4, padded[18], 0);
		assertArrayEquals(new float[] { 4, 3, 2, 1 }, Kernel.parse("1 2; 3 4").flipped().values(), 0);
		// each input pixel stamps value x kernel in its own 2x2 block
		assertArrayEquals(new float[] { //
			1, 2, 2, 4, //
			3, 4, 6, 8, //
			3, 6, 4, 8, //
			9, 12, 12, 16 }, t.apply(in, 2, 2), 1e-6f);
	}

	@Test
	void slidingFlippedKernelEqualsTheScatterDefinition() {
		for (final int[] c : new int[][] { { 5, 4, 3, 3, 1, 0 }, { 5, 4, 3, 3, 2, 1 }, { 7, 3, 2, 3, 3, 1 },
			{ 1, 1, 3, 3, 2, 2 }, { 6, 6, 4, 2, 2, 1 } })
		{
			final int w = c[0], h = c[1];
			final Kernel k = new Kernel(c[2], c[3], random(c[2] * c[3], 7));
			final TransposedConvolution t = new TransposedConvolution(k, c[4], c[5]);
			final float[] in = random(w * h, 3);
			assertArrayEquals(t.scatter(in, w, h), t.apply(in, w, h), 1e-5f);
		}
	}

	@Test
	void resultEqualsDl4jDeconvolution2DWithTheSameWeights() {
		Nd4jRuntime.ensureReady();
		for (final int[] c : new int[][] { { 5, 4, 3, 3, 2, 0 }, { 6, 5, 3, 2, 2, 1 }, { 4, 4, 2, 2, 2, 0 },
			{ 3, 5, 3, 3, 1, 1 } })
		{
			final int w = c[0], h = c[1], kw = c[2], kh = c[3], stride = c[4], pad = c[5];
			final Kernel k = new Kernel(kw, kh, random(kw * kh, 11));
			final TransposedConvolution t = new TransposedConvolution(k, stride, pad);
			final float[] in = random(w * h, 5);
			final MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
				.dataType(DataType.FLOAT).list().layer(new Deconvolution2D.Builder().nIn(1).nOut(1)
					.kernelSize(kh, kw).stride(stride, stride).padding(pad, pad).convolutionMode(
						ConvolutionMode.Truncate).hasBias(false).activation(Activation.IDENTITY).build())
				.setInputType(InputType.convolutional(h, w, 1)).build());
			net.init();
			net.getLayer(0).setParam("W", Nd4j.create(k.values(), new long[] { 1, 1, kh, kw }, 'c'));
			final INDArray out = net.output(Nd4j.create(in, new long[] { 1, 1, h, w }, 'c'));
			assertArrayEquals(new long[] { 1, 1, t.outputHeight(h), t.outputWidth(w) }, out.shape());
			assertArrayEquals(t.apply(in, w, h), out.dup('c').data().asFloat(), 1e-5f);
		}
	}

	@Test
	void badKernelsAndParametersGetMessages() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernel.parse("1 2; 3"))
			.getMessage().startsWith("The kernel's row 2 has 1 values but row 1 has 2"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernel.parse("1 x 1"))
			.getMessage().startsWith("'x' in the kernel is not a number."));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Kernel.parse(" ")).getMessage()
			.startsWith("The kernel is empty."));
		assertEquals(9, Kernel.parse("binomial").values().length);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new TransposedConvolution(Kernel
			.parse("1 1; 1 1"), 2, 2)).getMessage().contains("must be smaller than the kernel"));
	}
}
