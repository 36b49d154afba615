package autoencoderj.engine;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference of a convolutional network through libnd4j's own operations
 * ({@code conv2d}, {@code deconv2d}, {@code maxpool2d}, {@code upsampling2d}),
 * which use oneDNN where the native library has it, instead of DL4J's layer
 * implementations.
 * <p>
 * Why: DL4J's {@code ConvolutionLayer} computes through im2col and matrix
 * products, tens of times slower than the {@code conv2d} operation on image
 * tiles (README, benchmark section). Layers it does not know are run by DL4J
 * itself, so the result is always the network's.
 * </p>
 */
public final class NativeForward {

	private NativeForward() {}

	/**
	 * The network's output for {@code input} ({@code [N, C, H, W]}), as
	 * {@code net.output(input, false)}. Computed channels-last, the layout
	 * oneDNN is fast in, and with an upsampling folded into the convolution
	 * after it where that pays ({@link UpsampledConv}).
	 */
	public static INDArray output(final MultiLayerNetwork net, final INDArray input) {
		final INDArray x = channelsLast(net, input, net.getnLayers());
		final INDArray out = toNchw(x);
		release(x, out, input);
		return out;
	}

	/**
	 * DL4J's score ({@code net.score(new DataSet(features, labels), false)})
	 * of a network that ends in a {@link CnnLossLayer} and has no
	 * regularisation: DL4J's own loss function on the output computed here.
	 */
	public static double score(final MultiLayerNetwork net, final INDArray features,
		final INDArray labels)
	{
		final int last = net.getnLayers() - 1;
		final CnnLossLayer loss = (CnnLossLayer) net.getLayer(last).conf().getLayer();
		final INDArray pre = channelsLast(net, features, last);
		final long c = pre.size(3);
		// DL4J's CnnLossLayer: one row per pixel, the channels as columns, summed, per sample
		final INDArray pre2d = pre.reshape('c', pre.length() / c, c).dup();
		final INDArray labels2d = labels.permute(0, 2, 3, 1).dup('c').reshape('c', pre.length() / c, c);
		final double sum = loss.getLossFn().computeScore(labels2d, pre2d, loss.getActivationFn(), null,
			false);
		release(pre, pre2d, features);
		pre2d.close();
		labels2d.close();
		return sum / features.size(0);
	}

	/** The activations of layers {@code 0 .. end-1} for {@code input}, channels-last. */
	private static INDArray channelsLast(final MultiLayerNetwork net, final INDArray input,
		final int end)
	{
		INDArray x = toNhwc(input);
		for (int i = 0; i < end; i++) {
			final boolean fused = upsampledConv(net, i, end);
			final INDArray next = fused ? upsampledConv(net.getLayer(i + 1), x) : nhwcLayer(net, i, x);
			if (fused) i++;
			// off-heap buffers are otherwise freed only when the garbage collector runs
			release(x, next, input);
			x = next;
		}
		return x;
	}

	/** Frees {@code done} unless its memory is the caller's {@code input} or lives on in {@code next}. */
	private static void release(final INDArray done, final INDArray next, final INDArray input) {
		final long address = done.data().platformAddress();
		if (address != next.data().platformAddress() && address != input.data().platformAddress() && done
			.closeable()) done.close();
	}

	/** {@code [N, C, H, W]} as a channels-last copy (or the same memory for one channel). */
	private static INDArray toNhwc(final INDArray x) {
		if (x.size(1) == 1 && x.ordering() == 'c' && !x.isView()) return x.reshape('c', x.size(0), x
			.size(2), x.size(3), 1);
		return x.permute(0, 2, 3, 1).dup('c');
	}

	private static INDArray toNchw(final INDArray x) {
		if (x.size(3) == 1 && x.ordering() == 'c' && !x.isView()) return x.reshape('c', x.size(0), 1, x
			.size(1), x.size(2));
		return x.permute(0, 3, 1, 2).dup('c');
	}

	/** Whether layers {@code i, i + 1} are a 2x upsampling and a 3x3 "same" convolution ({@link UpsampledConv}). */
	private static boolean upsampledConv(final MultiLayerNetwork net, final int i, final int end) {
		return i + 1 < end && UpsampledConv.applies(net.getLayer(i).conf().getLayer(), net
			.getLayer(i + 1).conf().getLayer());
	}

	private static INDArray upsampledConv(final Layer conv, final INDArray x) {
		final INDArray w4 = UpsampledConv.weights(conv.getParam("W")), b4 = UpsampledConv.bias(conv
			.getParam("b"));
		final long oc = conv.getParam("b").length();
		final INDArray low = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), x.size(1), x.size(2), 4 *
			oc);
		final INDArray y = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), 2 * x.size(1), 2 * x.size(
			2), oc);
		UpsampledConv.forward(x, w4, b4, low, y);
		low.close();
		w4.close();
		b4.close();
		return activate(((ConvolutionLayer) conv.conf().getLayer()).getActivationFn(), y, conv);
	}

	/** Layer {@code i} of {@code net} on channels-last {@code x}. */
	private static INDArray nhwcLayer(final MultiLayerNetwork net, final int i, final INDArray x) {
		final Layer layer = net.getLayer(i);
		final org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
		if (conf.getClass() == ConvolutionLayer.class || conf.getClass() == Deconvolution2D.class) {
			final ConvolutionLayer c = (ConvolutionLayer) conf;
			if (c.hasBias() && ones(c.getDilation())) return activate(c.getActivationFn(), NativeOps.conv2d(
				c instanceof Deconvolution2D, x, layer.getParam("W"), layer.getParam("b").reshape(-1), window(c
					.getKernelSize(), c.getStride(), c.getPadding(), c.getConvolutionMode()), null), layer);
		}
		else if (conf instanceof SubsamplingLayer && ((SubsamplingLayer) conf)
			.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX && ones(
				((SubsamplingLayer) conf).getDilation()))
		{
			final SubsamplingLayer p = (SubsamplingLayer) conf;
			return NativeOps.maxPool2d(x, window(p.getKernelSize(), p.getStride(), p.getPadding(), p
				.getConvolutionMode()), null);
		}
		else if (conf instanceof Upsampling2D) {
			final int[] size = ((Upsampling2D) conf).getSize();
			return NativeOps.upsampling2d(x, size[0], size[1], true, null);
		}
		else if (conf instanceof org.deeplearning4j.nn.conf.layers.CnnLossLayer) return activate(
			((org.deeplearning4j.nn.conf.layers.CnnLossLayer) conf).getActivationFn(), x, layer);
		// any other layer: DL4J's own, channels-first
		final INDArray nchw = x.permute(0, 3, 1, 2).dup('c');
		final INDArray y = layer.activate(nchw, false, LayerWorkspaceMgr.noWorkspaces());
		return y.permute(0, 2, 3, 1).dup('c');
	}

	private static NativeOps.Window window(final int[] k, final int[] s, final int[] p,
		final ConvolutionMode mode)
	{
		return new NativeOps.Window(k, s, p, mode == ConvolutionMode.Same, true);
	}

	private static boolean ones(final int[] a) {
		return a[0] == 1 && a[1] == 1;
	}

	/**
	 * Every layer's output for {@code input} ({@code [1, C, H, W]}), each
	 * {@code [1, C', H', W']}, computed as {@link #output} does but one layer
	 * at a time (no folding), so that each layer's own output can be shown.
	 */
	public static List<INDArray> activations(final MultiLayerNetwork net, final INDArray input) {
		final List<INDArray> out = new ArrayList<>();
		INDArray x = toNhwc(input);
		for (int i = 0; i < net.getnLayers(); i++) {
			final INDArray next = nhwcLayer(net, i, x);
			out.add(next.permute(0, 3, 1, 2).dup('c'));
			if (x != input && x != next && x.closeable()) x.close();
			x = next;
		}
		return out;
	}

	private static INDArray activate(final IActivation fn, final INDArray x, final Layer layer) {
		return fn.getActivation(x, false);
	}
}
