package autoencoderj.engine.network;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import autoencoderj.engine.LayerGraph;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inference of a convolutional network through {@link NativeNetwork} (libnd4j's
 * own operations, which use oneDNN where the native library has it) instead
 * of DL4J's layer implementations.
 * <p>
 * Why: DL4J's {@code ConvolutionLayer} computes through im2col and matrix
 * products, tens of times slower than the {@code conv2d} operation on image
 * tiles (README, benchmark section). Networks {@link NativeNetwork} does not
 * compute are run by DL4J itself, so the result is always the network's.
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
	public static INDArray output(final Model net, final INDArray input) {
		try (Inference inference = open(net)) {
			return inference.apply(input);
		}
	}

	/**
	 * {@link #output} for many inputs (the tiles of an image) with one native
	 * network, built and its weights folded once, until closed.
	 */
	public static Inference open(final Model net) {
		return new Inference(net);
	}

	/** The network's output for inputs {@code [N, C, H, W]}; holds native memory until closed. */
	public static final class Inference implements UnaryOperator<INDArray>, AutoCloseable {

		private final Model net;
		private final NativeNetwork nn;
		private final org.deeplearning4j.nn.conf.layers.Layer loss;

		private Inference(final Model net) {
			this.net = net;
			nn = NativeSupport.supports(net) ? NativeNetwork.of(net, true) : null;
			loss = nn == null ? null : LayerGraph.of(net).output();
		}

		@Override
		public INDArray apply(final INDArray input) {
			if (nn == null) return net instanceof ComputationGraph ? ((ComputationGraph) net).output(
				false, input)[0] : ((MultiLayerNetwork) net).output(input, false);
			final INDArray x = toNhwc(input);
			final INDArray pre = nn.output(x);
			NativeSupport.activation(loss).getActivation(pre, false);
			final INDArray out = toNchw(pre);
			release(pre, out, input);
			release(x, out, input);
			return out;
		}

		@Override
		public void close() {
			if (nn != null) nn.close();
		}
	}

	/**
	 * DL4J's score ({@code net.score(new DataSet(features, labels), false)})
	 * of a network that ends in a {@code CnnLossLayer} (or its 3-D kind) and has no
	 * regularisation: DL4J's own loss function on the output computed here.
	 *
	 * @param mask DL4J's label mask (1 where a value counts), or {@code null}
	 */
	public static double score(final Model net, final INDArray features, final INDArray labels,
		final INDArray mask)
	{
		final org.deeplearning4j.nn.conf.layers.Layer loss = LayerGraph.of(net).output();
		try (NativeNetwork nn = NativeNetwork.of(net, true)) {
			final INDArray x = toNhwc(features);
			final INDArray pre = nn.output(x);
			final long c = pre.size(-1);
			// DL4J's Cnn(3D)LossLayer: one row per pixel, the channels as columns, summed, per sample
			final INDArray pre2d = pre.reshape('c', pre.length() / c, c).dup();
			final INDArray labels2d = channelsLast(labels).dup('c').reshape('c', pre.length() / c, c);
			final INDArray mask2d = mask == null ? null : channelsLast(mask).dup('c').reshape('c', pre
				.length() / c, c);
			final double sum = NativeSupport.lossFn(loss).computeScore(labels2d, pre2d, NativeSupport
				.activation(loss), mask2d, false);
			if (mask2d != null) mask2d.close();
			release(pre, pre2d, features);
			release(x, pre2d, features);
			pre2d.close();
			labels2d.close();
			return sum / features.size(0);
		}
	}

	/**
	 * Every layer's output for {@code input} ({@code [1, C, H, W]}), each
	 * {@code [1, C', H', W']}, computed as {@link #output} does but one layer
	 * at a time (no folding), so that each layer's own output can be shown;
	 * the last is the loss layer's activation of the one before.
	 */
	public static List<INDArray> activations(final Model net, final INDArray input) {
		final List<INDArray> out = new ArrayList<>();
		try (NativeNetwork nn = NativeNetwork.of(net, false)) {
			final List<INDArray> each = nn.each(toNhwc(input));
			for (final INDArray a : each)
				out.add(channelsFirst(a).dup('c'));
			final INDArray last = each.get(each.size() - 1).dup('c');
			NativeSupport.activation(LayerGraph.of(net).output()).getActivation(last, false);
			out.add(channelsFirst(last).dup('c'));
		}
		return out;
	}

	/** Frees {@code done} unless its memory is the caller's {@code input} or lives on in {@code next}. */
	private static void release(final INDArray done, final INDArray next, final INDArray input) {
		if (done.wasClosed()) return;
		final long address = done.data().platformAddress();
		if (address != next.data().platformAddress() && address != input.data().platformAddress() && done
			.closeable()) done.close();
	}

	/**
	 * {@code [N, C, H, W]} or {@code [N, C, D, H, W]} as a channels-last copy
	 * (or the same memory for one channel).
	 */
	private static INDArray toNhwc(final INDArray x) {
		if (x.size(1) == 1 && x.ordering() == 'c' && !x.isView()) {
			final long[] s = new long[x.rank()];
			s[0] = x.size(0);
			for (int a = 2; a < x.rank(); a++)
				s[a - 1] = x.size(a);
			s[x.rank() - 1] = 1;
			return x.reshape('c', s);
		}
		return channelsLast(x).dup('c');
	}

	private static INDArray toNchw(final INDArray x) {
		if (x.size(-1) == 1 && x.ordering() == 'c' && !x.isView()) {
			final long[] s = new long[x.rank()];
			s[0] = x.size(0);
			s[1] = 1;
			for (int a = 1; a < x.rank() - 1; a++)
				s[a + 1] = x.size(a);
			return x.reshape('c', s);
		}
		return channelsFirst(x).dup('c');
	}

	/** A channels-first array's view as channels-last. */
	private static INDArray channelsLast(final INDArray x) {
		return x.rank() == 5 ? x.permute(0, 2, 3, 4, 1) : x.permute(0, 2, 3, 1);
	}

	/** A channels-last array's view as channels-first. */
	private static INDArray channelsFirst(final INDArray x) {
		return x.rank() == 5 ? x.permute(0, 4, 1, 2, 3) : x.permute(0, 3, 1, 2);
	}
}
