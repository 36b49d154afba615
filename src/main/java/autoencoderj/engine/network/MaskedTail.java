package autoencoderj.engine.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.network.NativeStages.Scratch;
import autoencoderj.engine.network.NativeStages.Stage;
import autoencoderj.engine.onednn.NativeOps;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The last convolutions of a network, computed only where a sparse loss mask
 * lets the loss see: blind-spot training counts one pixel in 64, so the
 * full-resolution convolutions at the end of a U-Net would spend nearly all
 * their work, forward and backward, on pixels whose gradient is zero.
 * <p>
 * A counted output pixel depends on a small window of the tail's input
 * ({@code 2R + 1} pixels square, {@code R} the sum of the kernels' radii), so
 * the tail runs as a small convolutional network, without padding, on a batch
 * of those windows, one per counted pixel, cut from the dense activations
 * (zero outside the image, each 2x-upsampled input read at half resolution).
 * Windows of nearby pixels overlap and share intermediate pixels, each window
 * computing its own copy: the gradient of a shared value is the sum over the
 * windows that read it, which is what summing the copies' gradients gives.
 * Intermediate pixels outside the image are zeroed, as the dense network's
 * padding is zero there. The same weights and gradient buffers as the dense
 * stages; only the order of summation differs.
 * </p>
 */
public final class MaskedTail {

	/**
	 * The windows of the tail's first stage cover at most 1/MAX_SHARE of its
	 * output pixels: libnd4j's backward pass runs about three times slower per
	 * pixel on small windows than on whole images, and the first stage of a
	 * U-Net's tail computes its upsampled input without the sub-pixel saving.
	 */
	private static final int MAX_SHARE = 4;

	/** Windows of at most 7x7 pixels: a longer tail costs more than it saves. */
	static final int MAX_RADIUS = 3;

	/**
	 * One convolution of the tail: stride 1, odd kernel, as large an output as
	 * input; 2-D, or 3-D (then its kernel may be 1 deep).
	 */
	static final class Conv {

		final INDArray w, b, gradW, gradB;
		/** Kernel size per axis: z (1 in 2-D), y, x. */
		final int[] k;
		final boolean relu;
		final NativeOps.Window valid;

		/** @param w weights {@code [oC, iC, kH, kW]} or {@code [oC, iC, kD, kH, kW]}, DL4J's layout */
		Conv(final INDArray w, final INDArray b, final INDArray gradW, final INDArray gradB,
			final boolean relu)
		{
			this.w = w;
			this.b = b;
			this.gradW = gradW;
			this.gradB = gradB;
			this.relu = relu;
			final int r = w.rank() - 2;
			k = new int[] { r == 3 ? (int) w.size(2) : 1, (int) w.size(w.rank() - 2), (int) w.size(w
				.rank() - 1) };
			final int[] kernel = r == 3 ? k : new int[] { k[1], k[2] };
			valid = new NativeOps.Window(kernel, r == 3 ? new int[] { 1, 1, 1 } : new int[] { 1, 1 },
				new int[r], false, true);
		}

		int outChannels() {
			return (int) w.size(0);
		}

		int inChannels() {
			return (int) w.size(1);
		}
	}

	/**
	 * An input of the tail's first convolution, in the order of its input
	 * channels: activation {@code act}, read at {@code 1 / factor} resolution
	 * (2 for a map the network upsamples by repetition before concatenating).
	 */
	static final class Source {

		final int act, channels, factor;

		Source(final int act, final int channels, final int factor) {
			this.act = act;
			this.channels = channels;
			this.factor = factor;
		}
	}

	/** The first of the network's stages the tail can replace. */
	final int first;
	private final List<Conv> convs;
	/** The inputs of the first convolution. */
	private final List<Source> sources;
	private final boolean three;
	private final INDArray[] act, grad;
	/** Per tail activation: its values and its gradient. */
	private final Scratch[] actScratch, gradScratch;
	private final Scratch sign = new Scratch();
	private float[] windowGrads = new float[0];
	private final TailWindows windows;
	/** Per source of the first convolution, whether its gradient waits for {@link #addShared}. */
	private final boolean[] pending;
	/** The last forward pass's first convolution. */
	private int from;

	MaskedTail(final int first, final List<Conv> convs, final List<Source> sources,
		final List<Scratch> scratches)
	{
		this.first = first;
		this.convs = convs;
		this.sources = sources;
		three = convs.get(0).w.rank() == 5;
		windows = new TailWindows(three);
		pending = new boolean[sources.size()];
		act = new INDArray[convs.size() + 1];
		grad = new INDArray[convs.size() + 1];
		actScratch = scratches(convs.size() + 1, scratches);
		gradScratch = scratches(convs.size() + 1, scratches);
		scratches.add(sign);
	}

	private static Scratch[] scratches(final int n, final List<Scratch> all) {
		final Scratch[] s = new Scratch[n];
		for (int i = 0; i < n; i++) {
			s[i] = new Scratch();
			all.add(s[i]);
		}
		return s;
	}

	/**
	 * The longest run of last stages the masked tail computes: convolutions
	 * each reading only the one before, the first of which may also be an
	 * upsampling and convolution ({@link LayerStages.UpConv}) or a U-Net decoder's
	 * {@link UpConcatConv}; none when the last stage is none of these.
	 */
	static MaskedTail of(final List<Stage> stages, final int[][] inputs, final boolean[][] adds,
		final List<Conv> tailable, final List<Scratch> scratches)
	{
		final int[] readers = new int[stages.size() + 1];
		for (final int[] in : inputs)
			for (final int k : in)
				readers[k]++;
		int t = stages.size() - 1;
		if (tailable.get(t) == null) return null;
		final List<Conv> convs = new ArrayList<>();
		convs.add(tailable.get(t));
		final int[] radius = new int[3];
		for (int a = 0; a < 3; a++)
			radius[a] = tailable.get(t).k[a] / 2;
		while (t > 0 && stages.get(t) instanceof LayerStages.Conv && inputs[t].length == 1 &&
			inputs[t][0] == t && readers[t] == 1 && tailable.get(t - 1) != null && within(radius,
				tailable.get(t - 1)))
		{
			t--;
			convs.add(0, tailable.get(t));
			for (int a = 0; a < 3; a++)
				radius[a] += tailable.get(t).k[a] / 2;
		}
		final List<Source> sources = new ArrayList<>();
		final Stage first = stages.get(t);
		if (first instanceof UpConcatConv) {
			final int up = ((UpConcatConv) first).upChannels();
			sources.add(new Source(inputs[t][0], up, 2));
			sources.add(new Source(inputs[t][1], (int) convs.get(0).w.size(1) - up, 1));
		}
		else sources.add(new Source(inputs[t][0], (int) convs.get(0).w.size(1),
			first instanceof LayerStages.UpConv ? 2 : 1));
		for (final boolean add : adds[t])
			// the tail writes its inputs' gradients first
			if (add) return null;
		return new MaskedTail(t, convs, sources, scratches);
	}

	/** Whether the windows stay within {@link #MAX_RADIUS} on every axis with {@code c} too. */
	private static boolean within(final int[] radius, final Conv c) {
		for (int a = 0; a < 3; a++)
			if (radius[a] + c.k[a] / 2 > MAX_RADIUS) return false;
		return true;
	}

	/**
	 * Whether the tail may compute {@code c}: a 2-D or 3-D convolution with stride 1 and odd kernels (square in x-y)
	 * whose output is as large as its input.
	 */
	static boolean sameSize(final ConvolutionLayer c) {
		final int[] k = c.getKernelSize();
		final int r = k.length;
		boolean same = k[r - 1] == k[r - 2];
		for (int a = 0; a < r; a++)
			same &= k[a] % 2 == 1 && c.getStride()[a] == 1 && (c.getConvolutionMode() == ConvolutionMode.Same ||
				c.getPadding()[a] == k[a] / 2);
		return same;
	}

	/** The pixels ({@code n D H W + z H W + y W + x}) where any of {@code channels} counts in {@code mask}. */
	public static int[] counted(final float[] mask, final int channels) {
		final int pixels = mask.length / channels;
		int m = 0;
		final int[] at = new int[pixels];
		for (int p = 0; p < pixels; p++)
			for (int c = 0; c < channels; c++)
				if (mask[p * channels + c] != 0) {
					at[m++] = p;
					break;
				}
		return Arrays.copyOf(at, m);
	}

	/**
	 * The network stage from which the tail pays for {@code m} counted pixels
	 * of {@code pixels}: the earliest whose windows cover at most
	 * 1/{@value #MAX_SHARE} of its output; -1 for none.
	 */
	public int start(final int m, final long pixels) {
		for (int j = 0; j < convs.size(); j++) {
			final int[] side = side(j + 1);
			if ((long) m * side[0] * side[1] * side[2] * MAX_SHARE <= pixels) return first + j;
		}
		return -1;
	}

	/** How many stages the tail computes from network stage {@code start}. */
	public int stages(final int start) {
		return convs.size() - (start - first);
	}

	/** The window sides (z, y, x) convolutions {@code j} on read: twice the radii left, and one. */
	private int[] side(final int j) {
		final int[] side = { 1, 1, 1 };
		for (int i = j; i < convs.size(); i++)
			for (int a = 0; a < 3; a++)
				side[a] += convs.get(i).k[a] - 1;
		return side;
	}

	/** Windows of {@code side} with {@code channels}, 2-D ([m, y, x, C]) or 3-D ([m, z, y, x, C]). */
	private long[] shape(final int m, final int[] side, final long channels) {
		return three ? new long[] { m, side[0], side[1], side[2], channels } : new long[] { m, side[1],
			side[2], channels };
	}

	/** The inputs of convolution {@code j}: the dense activation before it, after the first. */
	private List<Source> sources(final int j) {
		return j == 0 ? sources : List.of(new Source(first + j, convs.get(j).inChannels(), 1));
	}

	/**
	 * The network's outputs at the pixels {@code at} of its output of
	 * {@code size} (z, y, x; z 1 in 2-D) per sample, computed from network
	 * stage {@code start} on, from the network's activations {@code acts}
	 * before it, into {@code z} ({@code at.length} times the output channels).
	 */
	public void forward(final INDArray[] acts, final int start, final int[] at, final int[] size,
		final float[] z)
	{
		from = start - first;
		windows.of(at, size);
		final int m = at.length;
		int[] side = side(from);
		act[from] = actScratch[from].shaped(shape(m, side, convs.get(from).inChannels()));
		windows.gather(acts, sources(from), side, act[from]);
		for (int i = from; i < convs.size(); i++) {
			final Conv c = convs.get(i);
			side = side(i + 1);
			act[i + 1] = actScratch[i + 1].shaped(shape(m, side, c.outChannels()));
			NativeOps.conv(false, act[i], c.w, c.b, c.valid, c.relu, act[i + 1]);
			if (i + 1 < convs.size()) windows.zeroOutside(act[i + 1], side);
		}
		act[convs.size()].data().asNioFloat().get(z, 0, (int) act[convs.size()].length());
	}

	/**
	 * Every parameter gradient of the last {@link #forward}'s stages, from
	 * dLoss/dz at its pixels, and the gradient of their inputs into
	 * {@code grads}: written now where only the tail reads an input, left for
	 * {@link #addShared} where earlier stages ({@code shared}, per activation) also do.
	 */
	public void backward(final float[] dz, final INDArray[] grads, final boolean[] shared) {
		final int last = convs.size();
		grad[last] = gradScratch[last].shaped(act[last].shape());
		grad[last].data().asNioFloat().put(dz, 0, (int) grad[last].length());
		for (int i = last - 1; i >= from; i--) {
			final Conv c = convs.get(i);
			if (c.relu) NativeStages.reluBackward(act[i + 1], grad[i + 1], sign);
			if (i + 1 < last) windows.zeroOutside(grad[i + 1], side(i + 1));
			grad[i] = gradScratch[i].shaped(act[i].shape());
			NativeOps.convBackward(false, act[i], c.w, c.b, grad[i + 1], c.valid, grad[i], c.gradW,
				c.gradB);
		}
		final INDArray g = grad[from];
		if (windowGrads.length < g.length()) windowGrads = new float[(int) g.length()];
		g.data().asNioFloat().get(windowGrads, 0, (int) g.length());
		final List<Source> sources = sources(from);
		for (int s = 0; s < sources.size(); s++) {
			final INDArray dense = grads[sources.get(s).act];
			pending[s] = dense != null && shared[sources.get(s).act];
			if (dense == null || pending[s]) continue;
			dense.assign(0);
			scatter(s, dense);
		}
	}

	/**
	 * Adds the last {@link #backward}'s gradient of the tail's input
	 * {@code act} into {@code dense}, when it was left for later: the network
	 * stages before the tail that read it write it first, so that their
	 * gradient needs no second buffer and the tail's only touches its windows.
	 */
	void addShared(final int act, final INDArray dense) {
		final List<Source> sources = sources(from);
		for (int s = 0; s < sources.size(); s++)
			if (pending[s] && sources.get(s).act == act) {
				pending[s] = false;
				scatter(s, dense);
			}
	}

	/** The windows' gradient of source {@code s} added into its dense gradient. */
	private void scatter(final int s, final INDArray dense) {
		windows.scatter(sources(from), s, windowGrads, side(from), (int) grad[from].size(-1), dense);
	}
}
