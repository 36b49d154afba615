package autoencoderj.engine.network;

import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.network.NativeStages.Scratch;
import autoencoderj.engine.onednn.NativeOps;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The weight and bias gradients of a convolution that reads the network's
 * input, whose own input gradient nothing needs. libnd4j's {@code conv2d_bp}
 * has no weights-only form: on a one-channel input it spends most of its time
 * on that unused gradient and on converting the output gradient to oneDNN's
 * blocked layout, twice. With few input channels the input's patches are a
 * small matrix, and both gradients are one matrix product of it with the
 * output gradient as it lies in memory (channels last).
 */
final class InputConvGradient {

	/** Largest patch length (input channels x kernel pixels) worth a patch matrix. */
	static final int MAX_PATCH = 32;

	private final NativeOps.Window win;
	private final Scratch patches, product;
	private float[] rows = new float[0];

	/** @param scratches where the arrays this keeps are registered, to be closed with its network */
	InputConvGradient(final NativeOps.Window win, final List<Scratch> scratches) {
		this.win = win;
		patches = new Scratch();
		product = new Scratch();
		scratches.add(patches);
		scratches.add(product);
	}

	/** Whether a convolution of {@code inChannels} has patches small enough. */
	static boolean applies(final NativeOps.Window win, final long inChannels) {
		return inChannels * win.kH * win.kW <= MAX_PATCH;
	}

	/**
	 * @param in the input, [N, H, W, C] channels-last
	 * @param gradOut dLoss/d(output), [N, oH, oW, oC]
	 * @param gradW receives dLoss/dW, [oC, C, kH, kW]
	 * @param gradB receives dLoss/db, [oC]
	 */
	void backward(final INDArray in, final INDArray gradOut, final INDArray gradW,
		final INDArray gradB)
	{
		final int n = (int) in.size(0), h = (int) in.size(1), w = (int) in.size(2), c = (int) in.size(3);
		final int oh = (int) gradOut.size(1), ow = (int) gradOut.size(2), oc = (int) gradOut.size(3);
		final int k = c * win.kH * win.kW, pixels = n * oh * ow;
		final float[] x = NativeStages.values(in.isView() || in.ordering() != 'c' ? in.dup('c') : in);
		// one row per weight (c, ky, kx), the input pixel each output pixel sees through it; a last
		// row of ones makes the product's last column the bias gradient
		if (rows.length != (k + 1) * pixels) rows = new float[(k + 1) * pixels];
		// "same" pads the total (k - 1 at stride 1) with the smaller half first, as libnd4j does
		final int top = win.same ? Math.max(0, ((oh - 1) * win.sH + win.kH - h) / 2) : win.pH;
		final int left = win.same ? Math.max(0, ((ow - 1) * win.sW + win.kW - w) / 2) : win.pW;
		int r = 0;
		for (int ch = 0; ch < c; ch++)
			for (int ky = 0; ky < win.kH; ky++)
				for (int kx = 0; kx < win.kW; kx++) {
					// the output columns whose input column is inside the image
					final int lo = Math.min(ow, Math.max(0, ceilDiv(left - kx, win.sW)));
					final int hi = Math.max(lo, Math.min(ow, ceilDiv(w + left - kx, win.sW)));
					for (int s = 0; s < n; s++)
						for (int oy = 0; oy < oh; oy++, r += ow) {
							final int y = oy * win.sH - top + ky;
							if (y < 0 || y >= h) {
								Arrays.fill(rows, r, r + ow, 0);
								continue;
							}
							Arrays.fill(rows, r, r + lo, 0);
							Arrays.fill(rows, r + hi, r + ow, 0);
							final int from = (s * h + y) * w - left + kx;
							if (c == 1 && win.sW == 1) System.arraycopy(x, from + lo, rows, r + lo, hi - lo);
							else for (int ox = lo; ox < hi; ox++)
								rows[r + ox] = x[(from + ox * win.sW) * c + ch];
						}
				}
		Arrays.fill(rows, r, r + pixels, 1);
		final INDArray p = patches.shaped(k + 1, pixels);
		p.data().asNioFloat().put(rows);
		final INDArray prod = product.shaped(k + 1, oc);
		Nd4j.gemm(p, gradOut.reshape('c', pixels, oc), prod, false, false, 1.0, 0.0);
		// the product is [(c, ky, kx) and the bias, oC]; the gradients' layouts are [oC, (c, ky, kx)], [oC]
		final float[] sums = NativeStages.values(prod);
		final float[] gw = new float[oc * k];
		for (int o = 0; o < oc; o++)
			for (int j = 0; j < k; j++)
				gw[o * k + j] = sums[j * oc + o];
		NativeStages.put(gw, 0, gradW);
		NativeStages.put(sums, k * oc, gradB);
	}

	/** The smallest integer at least {@code a / b}, for {@code b > 0}. */
	private static int ceilDiv(final int a, final int b) {
		return -Math.floorDiv(-a, b);
	}
}
