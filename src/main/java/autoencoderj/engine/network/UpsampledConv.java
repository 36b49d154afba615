package autoencoderj.engine.network;

import autoencoderj.engine.onednn.NativeOps;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.nd4j.enums.DataFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DepthToSpace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2x nearest-neighbour upsampling followed by a 3x3 "same" convolution,
 * computed at the low resolution: each of the four output pixels of a
 * low-resolution pixel sees the repeated values through its own 3x3 kernel
 * over the low-resolution neighbours (two rows and columns of the original
 * kernel add up, one falls away), so one convolution with 4x the output
 * channels followed by {@code depth_to_space} gives the same result without
 * the upsampled map.
 */
final class UpsampledConv {

	private UpsampledConv() {}

	/**
	 * Which original kernel rows (index 0..2 for offsets -1..1 at high
	 * resolution) add up into low-resolution kernel row {@code k} for output
	 * parity {@code p}: {@code [p][k]} as a bit mask.
	 */
	private static final int[][] SOURCES = { { 0b001, 0b110, 0 }, { 0, 0b011, 0b100 } };

	/**
	 * The low-resolution weights {@code [4 oC, iC, 3, 3]} for original weights
	 * {@code [oC, iC, 3, 3]}: output channel {@code (py * 2 + px) * oC + o},
	 * the order {@code depth_to_space} reads.
	 */
	static INDArray weights(final INDArray w) {
		final int oc = (int) w.size(0), ic = (int) w.size(1);
		return Nd4j.create(weights(w.dup('c').data().asFloat(), 0, oc, ic), new long[] { 4L * oc, ic, 3,
			3 }, 'c');
	}

	/** {@link #weights(INDArray)} of the {@code [oC, iC, 3, 3]} weights at {@code src[from]}. */
	static float[] weights(final float[] src, final int from, final int oc, final int ic) {
		final float[] dst = new float[4 * oc * ic * 9];
		combine(src, from, dst, oc, ic, false);
		return dst;
	}

	/**
	 * The gradient of the original weights from that of the low-resolution
	 * ones: each original weight receives what it contributed to.
	 */
	static float[] foldGradient(final float[] g4, final int oc, final int ic) {
		final float[] g = new float[oc * ic * 9];
		combine(g, 0, g4, oc, ic, true);
		return g;
	}

	/** {@code low += sum of orig} per the parity mapping, or its adjoint {@code orig += low}. */
	private static void combine(final float[] orig, final int from, final float[] low, final int oc,
		final int ic, final boolean adjoint)
	{
		for (int py = 0; py < 2; py++)
			for (int px = 0; px < 2; px++)
				for (int o = 0; o < oc; o++)
					for (int c = 0; c < ic; c++) {
						final int l = ((((py * 2 + px) * oc + o) * ic) + c) * 9, k = from + (o * ic + c) * 9;
						for (int ky = 0; ky < 3; ky++)
							for (int kx = 0; kx < 3; kx++)
								for (int dy = 0; dy < 3; dy++)
									for (int dx = 0; dx < 3; dx++)
										if ((SOURCES[py][ky] >> dy & 1) != 0 && (SOURCES[px][kx] >> dx & 1) != 0) {
											if (adjoint) orig[k + dy * 3 + dx] += low[l + ky * 3 + kx];
											else low[l + ky * 3 + kx] += orig[k + dy * 3 + dx];
										}
					}
	}

	/**
	 * Whether an upsampling layer and the convolution after it can be computed
	 * this way, and it pays. It computes the same products; what differs is
	 * the memory moved: the upsampled map ({@code 4 x H x W x iC} values) is
	 * replaced by the low-resolution result and its rearrangement
	 * ({@code 2 x 4 x H x W x oC}), and {@code depth_to_space} is slower per
	 * value than {@code upsampling2d}. So only a convolution to fewer channels
	 * than it reads is folded (see the README's benchmark notes).
	 */
	static boolean applies(final org.deeplearning4j.nn.conf.layers.Layer up,
		final org.deeplearning4j.nn.conf.layers.Layer conv)
	{
		if (!(up instanceof Upsampling2D) || conv.getClass() != ConvolutionLayer.class) return false;
		final int[] size = ((Upsampling2D) up).getSize();
		final ConvolutionLayer c = (ConvolutionLayer) conv;
		return size[0] == 2 && size[1] == 2 && c.getNOut() < c.getNIn() && c.hasBias() && c.getConvolutionMode() == ConvolutionMode.Same &&
			c.getKernelSize()[0] == 3 && c.getKernelSize()[1] == 3 && c.getStride()[0] == 1 && c
				.getStride()[1] == 1 && c.getDilation()[0] == 1 && c.getDilation()[1] == 1 && ((Upsampling2D) up)
					.getFormat() == CNN2DFormat.NCHW && c.getCnn2dDataFormat() == CNN2DFormat.NCHW;
	}

	/** The bias repeated for the four output pixels. */
	static INDArray bias(final INDArray b) {
		return Nd4j.createFromArray(bias(b.dup('c').data().asFloat(), 0, (int) b.length()));
	}

	/** {@link #bias(INDArray)} of the {@code oc} biases at {@code src[from]}. */
	static float[] bias(final float[] src, final int from, final int oc) {
		final float[] dst = new float[4 * oc];
		for (int k = 0; k < 4; k++)
			System.arraycopy(src, from, dst, k * oc, oc);
		return dst;
	}

	/** The gradient of the original biases from that of the low-resolution ones. */
	static float[] foldBiasGradient(final float[] g4, final int oc) {
		final float[] g = new float[oc];
		for (int k = 0; k < 4; k++)
			for (int o = 0; o < oc; o++)
				g[o] += g4[k * oc + o];
		return g;
	}

	/**
	 * The convolution of the upsampled {@code x} before activation.
	 *
	 * @param x channels-last input {@code [N, H, W, iC]}
	 * @param w4 {@link #weights}, {@code b4} {@link #bias}
	 * @param low receives the low-resolution result, {@code [N, H, W, 4 oC]}
	 * @param out receives the result, {@code [N, 2H, 2W, oC]}
	 */
	static void forward(final INDArray x, final INDArray w4, final INDArray b4, final INDArray low,
		final INDArray out)
	{
		NativeOps.conv(x, w4, b4, WINDOW, low);
		Nd4j.exec(new DepthToSpace(low, out, 2, DataFormat.NHWC));
	}

	/** The low-resolution convolution: 3x3, stride 1, "same", channels-last. */
	static final NativeOps.Window WINDOW = new NativeOps.Window(new int[] { 3, 3 }, new int[] { 1, 1 },
		new int[] { 0, 0 }, true, true);
}
