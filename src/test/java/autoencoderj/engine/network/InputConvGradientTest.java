package autoencoderj.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;

import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.onednn.NativeOps;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InputConvGradientTest {

	/**
	 * The weight and bias gradients equal libnd4j's {@code conv2d_bp} for
	 * {@code c} input channels, a square kernel {@code k}, stride {@code s},
	 * "same" or explicit padding {@code p}, on an h x w input.
	 */
	private static void assertSameAsConv2dBp(final int c, final int k, final int s, final boolean same,
		final int p, final int h, final int w)
	{
		final NativeOps.Window win = new NativeOps.Window(new int[] { k, k }, new int[] { s, s },
			new int[] { p, p }, same, true);
		assertTrue(InputConvGradient.applies(win, c));
		Nd4j.getRandom().setSeed(c * 1000 + k * 100 + s * 10 + p);
		final int n = 2, oc = 5;
		final INDArray x = Nd4j.rand(DataType.FLOAT, n, h, w, c), wts = Nd4j.rand(DataType.FLOAT, oc, c,
			k, k), b = Nd4j.rand(DataType.FLOAT, oc);
		final INDArray gradOut = Nd4j.rand(DataType.FLOAT, n, win.outH(h), win.outW(w), oc);
		final INDArray gradW = wts.like(), gradB = b.like();
		NativeOps.convBackward(false, x, wts, b, gradOut, win, x.like(), gradW, gradB);
		final INDArray gotW = wts.like(), gotB = b.like();
		new InputConvGradient(win, new ArrayList<>()).backward(x, gradOut, gotW, gotB);
		// each value sums `pixels` products of values in [0, 1): two float sums of that many
		// terms differ by at most 2 pixels u times the sum of their magnitudes (at most pixels)
		final long pixels = gradOut.length() / oc;
		final double tolerance = 2.0 * pixels * pixels * Math.ulp(1f) / 2;
		final String what = c + " channels, kernel " + k + ", stride " + s + (same ? ", same" : ", padding " + p);
		assertEquals(0, gradW.sub(gotW).amaxNumber().doubleValue(), tolerance, what + ": weights");
		assertEquals(0, gradB.sub(gotB).amaxNumber().doubleValue(), tolerance, what + ": bias");
		assertTrue(gradW.amaxNumber().doubleValue() > pixels / 100.0, what + ": a real gradient");
	}

	@Test
	void weightAndBiasGradientsAreLibnd4jsForEveryGeometry() {
		Nd4jRuntime.ensureReady();
		assertSameAsConv2dBp(1, 3, 1, true, 0, 9, 7);
		assertSameAsConv2dBp(3, 3, 1, true, 0, 8, 11);
		assertSameAsConv2dBp(2, 3, 2, true, 0, 9, 10);
		assertSameAsConv2dBp(1, 5, 1, false, 2, 12, 9);
		assertSameAsConv2dBp(2, 3, 2, false, 0, 11, 8);
		assertSameAsConv2dBp(1, 4, 3, false, 1, 13, 10);
	}

	@Test
	void onlyFewInputChannelsTakeThePatchMatrix() {
		final NativeOps.Window win = new NativeOps.Window(new int[] { 3, 3 }, new int[] { 1, 1 },
			new int[] { 0, 0 }, true, true);
		assertTrue(InputConvGradient.applies(win, 3));
		assertFalse(InputConvGradient.applies(win, 4));
	}
}
