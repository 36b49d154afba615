package autoencoderj.engine.network;

import java.nio.FloatBuffer;
import java.util.List;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.network.NativeStages.Scratch;
import autoencoderj.engine.network.NativeStages.Stage;
import autoencoderj.engine.onednn.NativeOps;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A U-Net decoder's first convolution: a 3x3 "same" convolution of the
 * concatenation of a 2x-upsampled map {@code x} and an encoder's output
 * {@code e}, computed without the upsampled map or the concatenation. The
 * convolution is linear in its input channels, so it is the sum of a
 * convolution of {@code e} and one of the upsampled {@code x}; and each of
 * the four output pixels of a low-resolution pixel sees the repeated values
 * of only a 2x2 window of low-resolution neighbours, so the second is one
 * 2x2 convolution of {@code x} (padded by one) with four kernels per output
 * channel, each output pixel reading its parity's kernel at its offset:
 * 4 instead of 9 multiply-adds per upsampled input channel, and no copy of
 * either map.
 */
public final class UpConcatConv extends Stage {

	/**
	 * Which original kernel rows (0..2 for offsets -1..1 at high resolution)
	 * add up into row {@code r} of the 2x2 kernel for output parity {@code p}:
	 * {@code [p][r]} as a bit mask (parity 0 reads the low-resolution rows
	 * above and at its own, parity 1 those at and below).
	 */
	private static final int[][] SOURCES = { { 0b001, 0b110 }, { 0b011, 0b100 } };
	/**
	 * The same as pairs, each original tap once per parity: {@code TAP[j]}
	 * ({@code dy * 3 + dx}) adds into 2x2 tap {@code SUB[j]} (row * 2 + column)
	 * of parity {@code PARITY[j]} (py * 2 + px).
	 */
	private static final int[] TAP = new int[36], SUB = new int[36], PARITY = new int[36];
	static {
		int j = 0;
		for (int p = 0; p < 4; p++)
			for (int t = 0; t < 4; t++)
				for (int tap = 0; tap < 9; tap++)
					if ((SOURCES[p >> 1][t >> 1] >> tap / 3 & 1) != 0 && (SOURCES[p & 1][t & 1] >> tap % 3 &
						1) != 0)
					{
						TAP[j] = tap;
						SUB[j] = t;
						PARITY[j++] = p;
					}
	}
	private static final NativeOps.Window LOW = new NativeOps.Window(new int[] { 2, 2 }, new int[] {
		1, 1 }, new int[] { 1, 1 }, false, true), SAME = new NativeOps.Window(new int[] { 3, 3 },
			new int[] { 1, 1 }, new int[] { 0, 0 }, true, true);

	private final int up, enc, nOut, wFrom, bFrom;
	private final boolean relu;
	private final INDArray w4, zero4, wE, b, gradW4, gradB4, gradWE, gradW, gradB;
	private final Scratch mask = new Scratch(), low = new Scratch(), gradLow = new Scratch();

	/**
	 * @param gradW the gradient of the convolution's weights {@code [oC, up + enc, 3, 3]},
	 *          {@code null} for inference
	 */
	UpConcatConv(final ConvolutionLayer conf, final int up, final int wFrom, final int bFrom,
		final INDArray gradW, final INDArray gradB, final List<Scratch> scratches)
	{
		nOut = (int) conf.getNOut();
		this.up = up;
		enc = (int) conf.getNIn() - up;
		this.wFrom = wFrom;
		this.bFrom = bFrom;
		relu = conf.getActivationFn() instanceof ActivationReLU;
		w4 = Nd4j.create(DataType.FLOAT, 4L * nOut, up, 2, 2);
		zero4 = Nd4j.create(DataType.FLOAT, 4L * nOut);
		wE = Nd4j.create(DataType.FLOAT, nOut, enc, 3, 3);
		b = Nd4j.create(DataType.FLOAT, nOut);
		this.gradW = gradW;
		this.gradB = gradB;
		gradW4 = gradW == null ? null : w4.like();
		gradB4 = gradW == null ? null : zero4.like();
		gradWE = gradW == null ? null : wE.like();
		for (final Scratch s : new Scratch[] { mask, low, gradLow })
			scratches.add(s);
	}

	/**
	 * Whether nodes {@code l} (a 2x upsampling), {@code l + 1} (the
	 * concatenation of its output, first, and one other) and {@code l + 2} (a
	 * 3x3 "same" convolution of that) form this stage, each intermediate read
	 * once.
	 */
	static boolean applies(final List<LayerGraph.Node> nodes, final int l, final int[] readers) {
		if (l + 3 >= nodes.size() || !(nodes.get(l).conf() instanceof Upsampling2D)) return false;
		final Upsampling2D u = (Upsampling2D) nodes.get(l).conf();
		final LayerGraph.Node merge = nodes.get(l + 1), conv = nodes.get(l + 2);
		if (u.getSize()[0] != 2 || u.getSize()[1] != 2 || u.getFormat() != CNN2DFormat.NCHW ||
			readers[l + 1] != 1 || !merge.merge() || merge.inputs().length != 2 || merge
				.inputs()[0] != l + 1 || readers[l + 2] != 1 || conv.merge() || conv.inputs()[0] != l + 2 ||
			conv.conf().getClass() != ConvolutionLayer.class) return false;
		final ConvolutionLayer c = (ConvolutionLayer) conv.conf();
		final int up = channels(nodes, nodes.get(l).inputs()[0]);
		return up > 0 && up < c.getNIn() && c.hasBias() && c.getConvolutionMode() == ConvolutionMode.Same && c
			.getCnn2dDataFormat() == CNN2DFormat.NCHW && c.getKernelSize()[0] == 3 && c
				.getKernelSize()[1] == 3 && c.getStride()[0] == 1 && c.getStride()[1] == 1 && c
					.getDilation()[0] == 1 && c.getDilation()[1] == 1 && (c
						.getActivationFn() instanceof ActivationReLU || c
							.getActivationFn() instanceof ActivationIdentity);
	}

	/** The upsampled map's channels, the first of the convolution's input channels. */
	int upChannels() {
		return up;
	}

	/** The channels of activation {@code k} (0 the network's input, unknown: -1). */
	static int channels(final List<LayerGraph.Node> nodes, final int k) {
		if (k == 0) return -1;
		final LayerGraph.Node node = nodes.get(k - 1);
		if (node.merge()) {
			int sum = 0;
			for (final int i : node.inputs()) {
				final int c = channels(nodes, i);
				if (c < 0) return -1;
				sum += c;
			}
			return sum;
		}
		if (node.conf() instanceof FeedForwardLayer) return (int) ((FeedForwardLayer) node.conf())
			.getNOut();
		return channels(nodes, node.inputs()[0]);
	}

	@Override
	void prepare(final float[] params) {
		final float[] w4v = new float[4 * nOut * up * 4], wEv = new float[nOut * enc * 9];
		subPixel(params, wFrom, w4v, false);
		for (int o = 0; o < nOut; o++)
			System.arraycopy(params, wFrom + (o * (up + enc) + up) * 9, wEv, o * enc * 9, enc * 9);
		w4.data().asNioFloat().put(w4v);
		wE.data().asNioFloat().put(wEv);
		b.data().asNioFloat().put(params, bFrom, nOut);
	}

	/**
	 * {@code low += } the sums of the original 3x3 weights (those of the
	 * upsampled input channels, at {@code orig[from]}, layout
	 * {@code [oC, up + enc, 3, 3]}) that make each sub-pixel 2x2 kernel; or its
	 * adjoint ({@code orig += } what each original weight contributed to).
	 */
	private void subPixel(final float[] orig, final int from, final float[] low,
		final boolean adjoint)
	{
		final int[] at = new int[TAP.length];
		for (int j = 0; j < at.length; j++)
			at[j] = PARITY[j] * nOut * up * 4 + SUB[j];
		for (int o = 0; o < nOut; o++)
			for (int c = 0; c < up; c++) {
				final int k = from + (o * (up + enc) + c) * 9, l = (o * up + c) * 4;
				if (adjoint) for (int j = 0; j < at.length; j++)
					orig[k + TAP[j]] += low[l + at[j]];
				else for (int j = 0; j < at.length; j++)
					low[l + at[j]] += orig[k + TAP[j]];
			}
	}

	@Override
	void forward(final INDArray[] in, final INDArray out) {
		final INDArray x = in[0];
		final INDArray l = low.shaped(x.size(0), x.size(1) + 1, x.size(2) + 1, 4L * nOut);
		NativeOps.conv(x, w4, zero4, LOW, l);
		NativeOps.conv(in[1], wE, b, SAME, out);
		addSubPixels(out, l);
	}

	@Override
	void backward(final INDArray[] in, final INDArray out, final INDArray gradOut,
		final INDArray[] gradIn)
	{
		final INDArray x = in[0], e = in[1];
		final INDArray g = gradLow.shaped(x.size(0), x.size(1) + 1, x.size(2) + 1, 4L * nOut);
		// a branch per value in Java costs more than libnd4j's two passes
		if (relu) NativeStages.reluBackward(out, gradOut, mask);
		gatherSubPixels(gradOut, g);
		NativeOps.convBackward(false, x, w4, zero4, g, LOW, gradIn[0], gradW4, gradB4);
		NativeOps.convBackward(false, e, wE, b, gradOut, SAME, gradIn[1], gradWE, gradB);
		final float[] gw = new float[(int) gradW.length()], gE = NativeStages.values(gradWE);
		subPixel(gw, 0, NativeStages.values(gradW4), true);
		for (int o = 0; o < nOut; o++)
			System.arraycopy(gE, o * enc * 9, gw, (o * (up + enc) + up) * 9, enc * 9);
		NativeStages.put(gw, 0, gradW);
	}

	/*
	 * Pixel (2y + py, 2x + px) of the high-resolution map ([N, 2h, 2w, oC])
	 * corresponds to pixel (y + py, x + px) of the 2x2 convolution's output
	 * ([N, h + 1, w + 1, 4 oC]), channels of parity py * 2 + px. Both passes
	 * move whole rows between libnd4j's memory and the heap (element-wise
	 * buffer access is several times slower); the forward one also applies
	 * the activation, whose maximum is branch-free.
	 */

	/** Where in a row of the 2x2 convolution's output column {@code xx} of parity {@code py} lies. */
	private int placeInRow(final int xx, final int py) {
		final int px = xx & 1;
		return ((xx >> 1) + px) * 4 * nOut + (py * 2 + px) * nOut;
	}

	/** {@code hi = act(hi + lo)}, {@code lo} at each pixel's sub-pixel place. */
	private void addSubPixels(final INDArray hi, final INDArray lo) {
		final FloatBuffer h = hi.data().asNioFloat(), l = lo.data().asNioFloat();
		final int n = (int) hi.size(0), rows = (int) hi.size(1), cols = (int) hi.size(2);
		final int lr = (int) lo.size(1), lc = (int) lo.size(2), c4 = 4 * nOut, hiRow = cols * nOut;
		// the low-resolution values laid out as the row they add to: one index, vectorised
		final float[] hv = new float[hiRow], lv = new float[lc * c4], laid = new float[hiRow];
		for (int b = 0; b < n; b++)
			for (int ly = 0; ly < lr; ly++) {
				l.position((b * lr + ly) * lc * c4);
				l.get(lv);
				for (int py = 0; py < 2; py++) {
					final int yy = 2 * ly - py;
					if (yy < 0 || yy >= rows) continue;
					final int hBase = (b * rows + yy) * hiRow;
					h.position(hBase);
					h.get(hv);
					for (int xx = 0; xx < cols; xx++)
						System.arraycopy(lv, placeInRow(xx, py), laid, xx * nOut, nOut);
					if (relu) for (int i = 0; i < hiRow; i++)
						hv[i] = Math.max(hv[i] + laid[i], 0f);
					else for (int i = 0; i < hiRow; i++)
						hv[i] += laid[i];
					h.position(hBase);
					h.put(hv);
				}
			}
	}

	/** {@code hi} copied to its sub-pixel places in {@code lo}, which is zero elsewhere. */
	private void gatherSubPixels(final INDArray hi, final INDArray lo) {
		final FloatBuffer h = hi.data().asNioFloat(), l = lo.data().asNioFloat();
		final int n = (int) hi.size(0), rows = (int) hi.size(1), cols = (int) hi.size(2);
		final int lr = (int) lo.size(1), lc = (int) lo.size(2), c4 = 4 * nOut, hiRow = cols * nOut;
		final float[] hv = new float[hiRow], lv = new float[lc * c4];
		for (int b = 0; b < n; b++)
			for (int ly = 0; ly < lr; ly++) {
				java.util.Arrays.fill(lv, 0f);
				// the high-resolution rows of parity 0 (2 ly) and 1 (2 ly - 1) that land in this row
				for (int py = 0; py < 2; py++) {
					final int yy = 2 * ly - py;
					if (yy < 0 || yy >= rows) continue;
					h.position((b * rows + yy) * hiRow);
					h.get(hv);
					for (int xx = 0; xx < cols; xx++)
						System.arraycopy(hv, xx * nOut, lv, placeInRow(xx, py), nOut);
				}
				l.position((b * lr + ly) * lc * c4);
				l.put(lv);
			}
	}

	@Override
	void forward(final INDArray in, final INDArray out) {
		throw new UnsupportedOperationException("reads two activations");
	}

	@Override
	void backward(final INDArray in, final INDArray out, final INDArray gradOut,
		final INDArray gradIn)
	{
		throw new UnsupportedOperationException("reads two activations");
	}

	@Override
	long[] outShape(final long[][] s) {
		return new long[] { s[0][0], 2 * s[0][1], 2 * s[0][2], nOut };
	}

	@Override
	long[] outShape(final long[] s) {
		throw new UnsupportedOperationException("reads two activations");
	}
}
