package autoencoderj.engine.onednn;

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
public final class NativeOps {

	private NativeOps() {}

	/**
	 * Geometry of a 2-D or 3-D window: per space axis ({@code [H, W]} or
	 * {@code [D, H, W]}) kernel, stride and padding; "same" mode; layout.
	 * {@code kH ... pW} are the last two axes', which the 2-D-only code reads.
	 */
	public static final class Window {

		final int[] k, s, p;
		public final int kH, kW, sH, sW, pH, pW;
		public final boolean same, nhwc;

		public Window(final int[] k, final int[] s, final int[] p, final boolean same, final boolean nhwc) {
			this.k = k.clone();
			this.s = s.clone();
			this.p = p.clone();
			final int r = k.length;
			kH = k[r - 2];
			kW = k[r - 1];
			sH = s[r - 2];
			sW = s[r - 1];
			pH = p[r - 2];
			pW = p[r - 1];
			this.same = same;
			this.nhwc = nhwc;
		}

		/** How many space axes: 2 or 3. */
		public int rank() {
			return k.length;
		}

		/** Output size along space axis {@code axis} of {@code in} pixels. */
		long out(final int axis, final long in) {
			return same ? (in + s[axis] - 1) / s[axis] : (in - k[axis] + 2 * p[axis]) / s[axis] + 1;
		}

		/** Output size along space axis {@code axis} of {@code in} pixels of the transposed convolution. */
		long transposedOut(final int axis, final long in) {
			return same ? in * s[axis] : (in - 1) * s[axis] + k[axis] - 2 * p[axis];
		}

		public long outH(final long in) {
			return out(rank() - 2, in);
		}

		public long outW(final long in) {
			return out(rank() - 1, in);
		}

		/**
		 * The output shape, channels-last, for an input of shape {@code x}
		 * ({@code [N, space..., C]}) and {@code channels} output channels.
		 */
		public long[] outShape(final long[] x, final long channels, final boolean transposed) {
			final long[] y = x.clone();
			for (int a = 0; a < rank(); a++)
				y[1 + a] = transposed ? transposedOut(a, x[1 + a]) : out(a, x[1 + a]);
			y[y.length - 1] = channels;
			return y;
		}

		/** kernel, stride, padding, dilation (1) per axis, then "same" */
		private int[] args(final int... more) {
			final int r = rank();
			final int[] a = new int[4 * r + 1 + more.length];
			for (int i = 0; i < r; i++) {
				a[i] = k[i];
				a[r + i] = s[i];
				a[2 * r + i] = p[i];
				a[3 * r + i] = 1;
			}
			a[4 * r] = same ? 1 : 0;
			System.arraycopy(more, 0, a, 4 * r + 1, more.length);
			return a;
		}

		/**
		 * Then channels-last, and DL4J's weight layout: {@code [oC, iC, k...]}
		 * (format 1) for convolutions and {@code Deconvolution2D}'s
		 * {@code [iC, oC, kH, kW]} (format 1 of libnd4j's {@code deconv2d});
		 * {@code Deconvolution3D} keeps {@code [kD, kH, kW, oC, iC]} (format 0
		 * of {@code deconv3d}).
		 */
		private int[] convArgs(final boolean transposed) {
			return args(nhwc ? 1 : 0, transposed && rank() == 3 ? 0 : 1);
		}

		private int[] poolArgs() {
			// then an unused extra argument, channels-last
			return args(0, nhwc ? 1 : 0);
		}
	}

	/**
	 * Convolution with weights {@code [oC, iC, kH, kW]}, or, when
	 * {@code transposed}, transposed convolution with weights
	 * {@code [iC, oC, kH, kW]} (DL4J's {@code Deconvolution2D} layout; its
	 * {@code Deconvolution3D}'s is {@code [kD, kH, kW, oC, iC]}); bias
	 * {@code [oC]}.
	 */
	public static INDArray conv(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final Window win, final INDArray out)
	{
		return conv(transposed, x, w, b, win, false, out);
	}

	/** As above, followed by a ReLU when {@code relu}. */
	public static INDArray conv(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final Window win, final boolean relu, final INDArray out)
	{
		final OneDnnConv plan = transposed || out == null ? null : oneDnn(x, w, b, out, win);
		if (plan != null) {
			plan.forward(x, w, b, out, relu);
			return out;
		}
		return libnd4jConv(transposed, x, w, b, win, relu, out);
	}

	/** {@link #conv} by libnd4j's own operation, where oneDNN has no plan (and to test against). */
	static INDArray libnd4jConv(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final Window win, final boolean relu, final INDArray out)
	{
		final INDArray y = exec(name(transposed ? "deconv" : "conv", win), b == null ? new INDArray[] {
			x, w } : new INDArray[] { x, w, b }, out, win.convArgs(transposed));
		if (relu) relu(y);
		return y;
	}

	/** {@link #conv(boolean, INDArray, INDArray, INDArray, Window, INDArray)} without transposing. */
	public static INDArray conv(final INDArray x, final INDArray w, final INDArray b, final Window win,
		final INDArray out)
	{
		return conv(false, x, w, b, win, out);
	}

	/** Writes dLoss/dx (none where {@code gradX} is {@code null}), dLoss/dw and dLoss/db. */
	public static void convBackward(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final INDArray gradOut, final Window win, final INDArray gradX,
		final INDArray gradW, final INDArray gradB)
	{
		final OneDnnConv plan = transposed || (b == null) != (gradB == null) || !OneDnn.dense(gradX,
			gradW, gradB) ? null : oneDnn(x, w, b, gradOut, win);
		if (plan != null) {
			plan.backward(x, w, gradOut, gradX, gradW, gradB);
			return;
		}
		libnd4jConvBackward(transposed, x, w, b, gradOut, win, gradX, gradW, gradB);
	}

	/** {@link #convBackward} by libnd4j's own operation. */
	static void libnd4jConvBackward(final boolean transposed, final INDArray x, final INDArray w,
		final INDArray b, final INDArray gradOut, final Window win, final INDArray gradX,
		final INDArray gradW, final INDArray gradB)
	{
		// libnd4j computes the input gradient whether or not it is needed
		final INDArray gx = gradX != null ? gradX : Nd4j.createUninitialized(x.dataType(), x.shape());
		Nd4j.exec(DynamicCustomOp.builder(name(transposed ? "deconv" : "conv", win) + "_bp").addInputs(
			b == null ? new INDArray[] { x, w, gradOut } : new INDArray[] { x, w, b, gradOut })
			.addOutputs(gradB == null ? new INDArray[] { gx, gradW } : new INDArray[] { gx, gradW, gradB })
			.addIntegerArguments(win.convArgs(transposed)).build());
	}

	/** oneDNN's plan for a convolution of {@code x} into an array shaped as {@code y}, if any. */
	private static OneDnnConv oneDnn(final INDArray x, final INDArray w, final INDArray b,
		final INDArray y, final Window win)
	{
		return OneDnn.dense(w, b) ? OneDnn.conv(x, y, win, b != null) : null;
	}

	public static INDArray maxPool(final INDArray x, final Window win, final INDArray out) {
		return exec(name("maxpool", win), new INDArray[] { x }, out, win.poolArgs());
	}

	public static void maxPoolBackward(final INDArray x, final INDArray gradOut, final Window win,
		final INDArray gradX)
	{
		exec(name("maxpool", win) + "_bp", new INDArray[] { x, gradOut }, gradX, win.poolArgs());
	}

	/** libnd4j's name of a 2-D or 3-D operation (its 3-D convolution and pooling end in "new"). */
	private static String name(final String op, final Window win) {
		return win.rank() == 2 ? op + "2d" : op.equals("deconv") ? "deconv3d" : op + "3dnew";
	}

	/** Nearest-neighbour upsampling of channels-last {@code x} by whole factors per space axis. */
	public static INDArray upsampling(final INDArray x, final int[] factors, final INDArray out) {
		final int[] args = java.util.Arrays.copyOf(factors, factors.length + 1);
		// then 0: channels-last
		return exec("upsampling" + factors.length + "d", new INDArray[] { x }, out, args);
	}

	public static void upsamplingBackward(final INDArray x, final INDArray gradOut, final INDArray gradX) {
		exec("upsampling" + (x.rank() - 2) + "d_bp", new INDArray[] { x, gradOut }, gradX, new int[] {
			0 });
	}

	/** max(x, 0) in place. */
	public static void relu(final INDArray x) {
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
