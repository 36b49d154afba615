package autoencoderj.engine.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.Dl4jFit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * oneDNN's convolutions called directly ({@link OneDnnConv}, through
 * {@link NativeOps}) give what libnd4j's {@code conv2d} and {@code conv2d_bp}
 * give, forward and backward, for the geometries the engines use: Winograd's
 * (3x3, stride 1, many channels; where the processor has those kernels) and
 * the direct kernels' (windows without padding, even kernels, strides, "same"
 * padding that is larger on one side), with and without the ReLU applied as
 * the output is written, with weights and bias that are views into one
 * parameter array, as the engines hold them.
 */
class OneDnnConvTest {

	@BeforeAll
	static void nd4j() {
		Nd4jRuntime.ensureReady();
	}

	/** A convolution: batch, input size (square), channels in and out, kernel, stride, padding, "same". */
	private static void check(final int n, final int size, final int in, final int out, final int k,
		final int stride, final int pad, final boolean same)
	{
		assumeTrue(OneDnn.available(), "oneDNN's library is not loaded here");
		final NativeOps.Window win = new NativeOps.Window(new int[] { k, k }, new int[] { stride,
			stride }, new int[] { pad, pad }, same, true);
		Nd4j.getRandom().setSeed(42);
		final INDArray x = Nd4j.rand(DataType.FLOAT, n, size, size, in);
		final long wn = (long) out * in * k * k;
		final INDArray params = Nd4j.rand(DataType.FLOAT, 5 + wn + out).subi(0.5);
		final INDArray w = params.get(NDArrayIndex.interval(5, 5 + wn)).reshape('c', out, in, k, k);
		final INDArray b = params.get(NDArrayIndex.interval(5 + wn, 5 + wn + out)).reshape(out);
		final long o = win.outH(size);
		final INDArray y = Nd4j.create(DataType.FLOAT, n, o, o, out);
		final OneDnnConv plan = OneDnn.conv(x, y, win, true);
		assertNotNull(plan, "oneDNN has a kernel for " + win);
		final String what = plan.toString();

		NativeOps.conv(x, w, b, win, y);
		final INDArray yRef = y.like();
		libnd4j("conv2d", new INDArray[] { x, w, b }, new INDArray[] { yRef }, win, k, stride, pad,
			same);
		assertClose(yRef, y, (long) in * k * k, what + ", output");
		final INDArray rectified = y.like();
		NativeOps.conv(false, x, w, b, win, true, rectified);
		assertClose(Transforms.relu(yRef, true), rectified, (long) in * k * k, what +
			", output with the ReLU applied as it is written");
		assertTrue(rectified.minNumber().doubleValue() == 0 && y.minNumber().doubleValue() < 0, what +
			": the ReLU cut the negative outputs");
		final INDArray again = y.like();
		NativeOps.conv(x, w, b, win, again);
		assertArrayEquals(y.data().asFloat(), again.data().asFloat(), what +
			": the same inputs give the same outputs, bit for bit");

		final INDArray gradOut = Nd4j.rand(DataType.FLOAT, n, o, o, out).subi(0.5);
		final INDArray gx = x.like(), gw = w.like(), gb = b.like();
		final INDArray gxRef = x.like(), gwRef = w.like(), gbRef = b.like();
		final INDArray gradParams = Nd4j.zeros(DataType.FLOAT, 3 + wn + out);
		final INDArray gwView = gradParams.get(NDArrayIndex.interval(3, 3 + wn)).reshape('c', out, in,
			k, k);
		final INDArray gbView = gradParams.get(NDArrayIndex.interval(3 + wn, 3 + wn + out)).reshape(
			out);
		NativeOps.convBackward(false, x, w, b, gradOut, win, gx, gw, gb);
		NativeOps.convBackward(false, x, w, b, gradOut, win, null, gwView, gbView);
		libnd4j("conv2d_bp", new INDArray[] { x, w, b, gradOut }, new INDArray[] { gxRef, gwRef,
			gbRef }, win, k, stride, pad, same);
		final long outPixels = (long) n * o * o;
		assertClose(gxRef, gx, (long) out * k * k, what + ", input gradient");
		assertClose(gwRef, gw, outPixels, what + ", weight gradient");
		assertClose(gbRef, gb, outPixels, what + ", bias gradient");
		assertArrayEquals(gw.data().asFloat(), gwView.dup().data().asFloat(), what +
			": weight gradient into a view, without the input gradient");
		assertArrayEquals(gb.data().asFloat(), gbView.dup().data().asFloat(), what +
			": bias gradient into a view");
		assertEquals(0f, gradParams.getFloat(0) + gradParams.getFloat(1) + gradParams.getFloat(2),
			what + ": nothing written before the views");
	}

	private static void libnd4j(final String op, final INDArray[] in, final INDArray[] out,
		final NativeOps.Window win, final int k, final int stride, final int pad, final boolean same)
	{
		Nd4j.exec(DynamicCustomOp.builder(op).addInputs(in).addOutputs(out).addIntegerArguments(k, k,
			stride, stride, pad, pad, 1, 1, same ? 1 : 0, 1, 1).build());
	}

	/**
	 * Within {@link Dl4jFit#gradientTolerance} of the array's largest value:
	 * each value is a float sum of {@code terms} products that the two
	 * libraries add in other orders (Winograd's transforms add a few roundings
	 * per product, well inside that bound's factor of 100).
	 */
	private static void assertClose(final INDArray expected, final INDArray actual, final long terms,
		final String what)
	{
		final double largest = expected.amaxNumber().doubleValue();
		final double difference = expected.sub(actual).amaxNumber().doubleValue();
		final double tolerance = Dl4jFit.gradientTolerance(terms, 1) * largest;
		System.out.printf("%s: within %.2e of %.2e (tolerance %.2e)%n", what, difference, largest,
			tolerance);
		assertTrue(largest > 0, what + ": not all zero");
		assertTrue(difference <= tolerance, what + " differs from libnd4j's by " + difference +
			", more than " + tolerance);
	}

	/**
	 * A 3-D convolution ({@code [N, D, H, W, C]}, weights {@code [oC, iC, kD,
	 * kH, kW]}): oneDNN's plan and libnd4j's {@code conv3dnew} (the engine's
	 * fallback) agree, forward and backward, with and without bias.
	 */
	private static void check3d(final int[] k, final int[] pad, final boolean same,
		final boolean bias)
	{
		assumeTrue(OneDnn.available(), "oneDNN's library is not loaded here");
		final NativeOps.Window win = new NativeOps.Window(k, new int[] { 1, 1, 1 }, pad, same, true);
		Nd4j.getRandom().setSeed(7);
		final int n = 2, in = 5, out = 6, d = 4, side = 6;
		final INDArray x = Nd4j.rand(DataType.FLOAT, n, d, side, side, in);
		final INDArray w = Nd4j.rand(DataType.FLOAT, out, in, k[0], k[1], k[2]).subi(0.5);
		final INDArray b = bias ? Nd4j.rand(DataType.FLOAT, out).subi(0.5) : null;
		final long[] yShape = win.outShape(x.shape(), out, false);
		final INDArray y = Nd4j.create(DataType.FLOAT, yShape), yRef = y.like();
		final OneDnnConv plan = OneDnn.conv(x, y, win, bias);
		assertNotNull(plan, "oneDNN has a kernel for " + win);
		final String what = "3-D " + plan;
		NativeOps.conv(false, x, w, b, win, false, y);
		NativeOps.libnd4jConv(false, x, w, b, win, false, yRef);
		final long taps = (long) k[0] * k[1] * k[2];
		assertClose(yRef, y, in * taps, what + ", output");

		final INDArray gradOut = Nd4j.rand(DataType.FLOAT, yShape).subi(0.5);
		final INDArray gx = x.like(), gw = w.like(), gb = bias ? b.like() : null;
		final INDArray gxRef = x.like(), gwRef = w.like(), gbRef = bias ? b.like() : null;
		NativeOps.convBackward(false, x, w, b, gradOut, win, gx, gw, gb);
		NativeOps.libnd4jConvBackward(false, x, w, b, gradOut, win, gxRef, gwRef, gbRef);
		final long outVoxels = y.length() / out;
		assertClose(gxRef, gx, out * taps, what + ", input gradient");
		assertClose(gwRef, gw, outVoxels, what + ", weight gradient");
		if (bias) assertClose(gbRef, gb, outVoxels, what + ", bias gradient");
	}

	@Test
	void convolutions3dGiveLibnd4jsResults() {
		check3d(new int[] { 3, 3, 3 }, new int[] { 1, 1, 1 }, true, true);
		// the anisotropic first block: 1x3x3 kernels; a bias-free decoder convolution
		check3d(new int[] { 1, 3, 3 }, new int[] { 0, 1, 1 }, true, false);
		// a sub-pixel phase: 2x2x2 taps, padded before each axis only
		check3d(new int[] { 2, 2, 2 }, new int[] { 1, 1, 1 }, false, false);
	}

	@Test
	void winogradSizedLayersGiveLibnd4jsResults() {
		// 3x3, stride 1, 16 channels and 16x16 pixels: Winograd where the processor has it
		check(2, 16, 16, 32, 3, 1, 1, true);
		check(2, 12, 32, 16, 3, 1, 1, false);
	}

	@Test
	void directLayersGiveLibnd4jsResults() {
		// the masked tail's windows: no padding, a 1x1 output
		check(9, 5, 24, 8, 3, 1, 0, false);
		// the sub-pixel decoder's 2x2 kernel with a padding of one: 7x7 from 6x6
		check(2, 6, 8, 12, 2, 1, 1, false);
		// strides and "same" padding larger at the bottom and right
		check(2, 9, 3, 5, 3, 2, 0, true);
		check(1, 8, 2, 4, 4, 1, 0, true);
		check(2, 10, 4, 6, 5, 2, 1, false);
		// one input channel, as a network's first layer
		check(3, 16, 1, 16, 3, 1, 1, true);
	}

	@Test
	void sameGeometrySamePlan() {
		assumeTrue(OneDnn.available(), "oneDNN's library is not loaded here");
		final NativeOps.Window win = new NativeOps.Window(new int[] { 3, 3 }, new int[] { 1, 1 },
			new int[] { 1, 1 }, true, true);
		final INDArray x = Nd4j.create(DataType.FLOAT, 2, 16, 16, 16);
		final INDArray y = Nd4j.create(DataType.FLOAT, 2, 16, 16, 16);
		final OneDnnConv.Geometry g = new OneDnnConv.Geometry(x.shape(), y.shape(), win, true);
		try (OneDnnConv a = new OneDnnConv(g); OneDnnConv b = new OneDnnConv(g)) {
			assertEquals(a.winograd(), b.winograd(), "the choice of kernels depends on the geometry only");
			assertTrue(g.winograd(), "a 3x3 stride-1 convolution over 16 channels and 16x16 pixels " +
				"asks for Winograd's kernels");
		}
		assertTrue(OneDnn.conv(x, y, win, true) == OneDnn.conv(x, y, win, true),
			"a thread reuses its plan for a geometry");
		final INDArray strided = Nd4j.create(DataType.FLOAT, 2, 16, 16, 32).get(NDArrayIndex.all(),
			NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 16));
		assertEquals(null, OneDnn.conv(strided, y, win, true),
			"an array whose values are not side by side goes to libnd4j");
	}
}
