package autoencoderj.engine;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's convolution-network operations called by name with their integer
 * arguments, into given output arrays (or new ones when none are given). The
 * Java op classes cannot take preallocated outputs for the backward ops, and
 * their configuration objects hide the data-format switch, and in the oneDNN
 * build channels-last ({@code NHWC}) is the fast layout.
 */
final class NativeOps {

	private NativeOps() {}

	/** Geometry of a 2-D window: kernel, stride, padding, "same" mode, layout. */
	static final class Window {

		final int kH, kW, sH, sW, pH, pW;
		final boolean same, nhwc;

		Window(final int[] k, final int[] s, final int[] p, final boolean same, final boolean nhwc) {
			kH = k[0];
			kW = k[1];
			sH = s[0];
			sW = s[1];
			pH = p[0];
			pW = p[1];
			this.same = same;
			this.nhwc = nhwc;
		}

		/** Output size along an axis of {@code in} pixels. */
		long outH(final long in) {
			return same ? (in + sH - 1) / sH : (in - kH + 2 * pH) / sH + 1;
		}

		long outW(final long in) {
			return same ? (in + sW - 1) / sW : (in - kW + 2 * pW) / sW + 1;
		}

		/** Output size along an axis of {@code in} pixels of the transposed convolution. */
		long transposedOutH(final long in) {
			return same ? in * sH : (in - 1) * sH + kH - 2 * pH;
		}

		long transposedOutW(final long in) {
			return same ? in * sW : (in - 1) * sW + kW - 2 * pW;
		}

		private int[] convArgs() {
			// kH kW sH sW pH pW dH dW same, then NHWC, weights [oC, iC, kH, kW] (1)
			return new int[] { kH, kW, sH, sW, pH, pW, 1, 1, same ? 1 : 0, nhwc ? 1 : 0, 1 };
		}

		private int[] poolArgs() {
			// kH kW sH sW pH pW dH dW same extra, then NHWC
			return new int[] { kH, kW, sH, sW, pH, pW, 1, 1, same ? 1 : 0, 0, nhwc ? 1 : 0 };
		}
	}

	/**
	 * Convolution with weights {@code [oC, iC, kH, kW]}, or, when
	 * {@code transposed}, transposed convolution with weights
	 * {@code [iC, oC, kH, kW]} (DL4J's {@code Deconvolution2D} layout); bias
	 * {@code [oC]}.
	 */
	static INDArray conv2d(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final Window win, final INDArray out)
	{
		return conv2d(transposed, x, w, b, win, false, out);
	}

	/** As above, followed by a ReLU when {@code relu}. */
	static INDArray conv2d(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final Window win, final boolean relu, final INDArray out)
	{
		final OneDnnConv plan = transposed || out == null ? null : oneDnn(x, w, b, out, win);
		if (plan != null) {
			plan.forward(x, w, b, out, relu);
			return out;
		}
		final INDArray y = exec(transposed ? "deconv2d" : "conv2d", new INDArray[] { x, w, b }, out,
			win.convArgs());
		if (relu) relu(y);
		return y;
	}

	/** {@link #conv2d(boolean, INDArray, INDArray, INDArray, Window, INDArray)} without transposing. */
	static INDArray conv2d(final INDArray x, final INDArray w, final INDArray b, final Window win,
		final INDArray out)
	{
		return conv2d(false, x, w, b, win, out);
	}

	/** Writes dLoss/dx (none where {@code gradX} is {@code null}), dLoss/dw and dLoss/db. */
	static void conv2dBackward(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final INDArray gradOut, final Window win, final INDArray gradX,
		final INDArray gradW, final INDArray gradB)
	{
		final OneDnnConv plan = transposed || (b == null) != (gradB == null) || !OneDnn.dense(gradX,
			gradW, gradB) ? null : oneDnn(x, w, b, gradOut, win);
		if (plan != null) {
			plan.backward(x, w, gradOut, gradX, gradW, gradB);
			return;
		}
		// libnd4j computes the input gradient whether or not it is needed
		Nd4j.exec(DynamicCustomOp.builder(transposed ? "deconv2d_bp" : "conv2d_bp").addInputs(x, w, b,
			gradOut).addOutputs(gradX != null ? gradX : Nd4j.createUninitialized(x.dataType(), x
				.shape()), gradW, gradB).addIntegerArguments(win.convArgs()).build());
	}

	/** oneDNN's plan for a convolution of {@code x} into an array shaped as {@code y}, if any. */
	private static OneDnnConv oneDnn(final INDArray x, final INDArray w, final INDArray b,
		final INDArray y, final Window win)
	{
		return OneDnn.dense(w, b) ? OneDnn.conv(x, y, win, b != null) : null;
	}

	static INDArray maxPool2d(final INDArray x, final Window win, final INDArray out) {
		return exec("maxpool2d", new INDArray[] { x }, out, win.poolArgs());
	}

	static void maxPool2dBackward(final INDArray x, final INDArray gradOut, final Window win,
		final INDArray gradX)
	{
		exec("maxpool2d_bp", new INDArray[] { x, gradOut }, gradX, win.poolArgs());
	}

	/** Nearest-neighbour upsampling by whole factors. */
	static INDArray upsampling2d(final INDArray x, final int fH, final int fW, final boolean nhwc,
		final INDArray out)
	{
		return exec("upsampling2d", new INDArray[] { x }, out, new int[] { fH, fW, nhwc ? 0 : 1 });
	}

	static void upsampling2dBackward(final INDArray x, final INDArray gradOut, final boolean nhwc,
		final INDArray gradX)
	{
		exec("upsampling2d_bp", new INDArray[] { x, gradOut }, gradX, new int[] { nhwc ? 0 : 1 });
	}

	/** max(x, 0) in place. */
	static void relu(final INDArray x) {
		Nd4j.exec(DynamicCustomOp.builder("relu").addInputs(x).addOutputs(x).addFloatingPointArguments(
			0.0).build());
	}

	private static INDArray exec(final String op, final INDArray[] in, final INDArray out,
		final int[] iArgs)
	{
		final DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(op).addInputs(in)
			.addIntegerArguments(iArgs);
		if (out != null) b.addOutputs(out);
		return Nd4j.exec(b.build())[0];
	}
}
