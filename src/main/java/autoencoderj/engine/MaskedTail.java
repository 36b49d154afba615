package autoencoderj.engine;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.NativeStages.Scratch;

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
final class MaskedTail {

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
	private float[] heap = new float[0], windowGrads = new float[0], row = new float[0], laid =
		new float[0];
	/** Per source of the first convolution, whether its gradient waits for {@link #addShared}. */
	private final boolean[] pending;
	/** The last forward pass: its first convolution, counted pixels and output size (z, y, x). */
	private int from, d, h, w;
	private int[] at;

	MaskedTail(final int first, final List<Conv> convs, final List<Source> sources,
		final List<Scratch> scratches)
	{
		this.first = first;
		this.convs = convs;
		this.sources = sources;
		three = convs.get(0).w.rank() == 5;
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

	/** The pixels ({@code n D H W + z H W + y W + x}) where any of {@code channels} counts in {@code mask}. */
	static int[] counted(final float[] mask, final int channels) {
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
	int start(final int m, final long pixels) {
		for (int j = 0; j < convs.size(); j++) {
			final int[] side = side(j + 1);
			if ((long) m * side[0] * side[1] * side[2] * MAX_SHARE <= pixels) return first + j;
		}
		return -1;
	}

	/** How many stages the tail computes from network stage {@code start}. */
	int stages(final int start) {
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
	void forward(final INDArray[] acts, final int start, final int[] at, final int[] size,
		final float[] z)
	{
		from = start - first;
		this.at = at;
		d = size[0];
		h = size[1];
		w = size[2];
		final int m = at.length;
		int[] side = side(from);
		act[from] = actScratch[from].shaped(shape(m, side, convs.get(from).inChannels()));
		gather(acts, sources(from), side, act[from]);
		for (int i = from; i < convs.size(); i++) {
			final Conv c = convs.get(i);
			side = side(i + 1);
			act[i + 1] = actScratch[i + 1].shaped(shape(m, side, c.outChannels()));
			NativeOps.conv(false, act[i], c.w, c.b, c.valid, c.relu, act[i + 1]);
			if (i + 1 < convs.size()) zeroOutside(act[i + 1], side);
		}
		act[convs.size()].data().asNioFloat().get(z, 0, (int) act[convs.size()].length());
	}

	/**
	 * Every parameter gradient of the last {@link #forward}'s stages, from
	 * dLoss/dz at its pixels, and the gradient of their inputs into
	 * {@code grads}: written now where only the tail reads an input, left for
	 * {@link #addShared} where earlier stages ({@code shared}, per activation) also do.
	 */
	void backward(final float[] dz, final INDArray[] grads, final boolean[] shared) {
		final int last = convs.size();
		grad[last] = gradScratch[last].shaped(act[last].shape());
		grad[last].data().asNioFloat().put(dz, 0, (int) grad[last].length());
		for (int i = last - 1; i >= from; i--) {
			final Conv c = convs.get(i);
			if (c.relu) NativeStages.reluBackward(act[i + 1], grad[i + 1], sign);
			if (i + 1 < last) zeroOutside(grad[i + 1], side(i + 1));
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

	/** Counted pixel {@code m}'s place in its sample: {z, y, x}. */
	private int[] place(final int m) {
		final int p = at[m] % (d * h * w);
		return new int[] { p / (h * w), p % (h * w) / w, p % w };
	}

	/** Zero at the pixels of the windows {@code a} of {@code side} outside the image. */
	private void zeroOutside(final INDArray a, final int[] side) {
		final int channels = (int) a.size(-1);
		final FloatBuffer b = a.data().asNioFloat();
		final float[] zeros = new float[channels];
		final int[] size = { d, h, w };
		for (int m = 0; m < at.length; m++) {
			if (inside(m, side)) continue;
			final int[] p = place(m);
			for (int dz = 0; dz < side[0]; dz++)
				for (int dy = 0; dy < side[1]; dy++)
					for (int dx = 0; dx < side[2]; dx++) {
						final int[] q = { p[0] + dz - side[0] / 2, p[1] + dy - side[1] / 2, p[2] + dx - side[2] / 2 };
						boolean out = false;
						for (int ax = 0; ax < 3; ax++)
							out |= q[ax] < 0 || q[ax] >= size[ax];
						if (out) {
							b.position((((m * side[0] + dz) * side[1] + dy) * side[2] + dx) * channels);
							b.put(zeros);
						}
					}
		}
	}

	/** Whether window {@code m} of {@code side} pixels lies inside the image. */
	private boolean inside(final int m, final int[] side) {
		final int[] p = place(m), size = { d, h, w };
		for (int ax = 0; ax < 3; ax++)
			if (p[ax] < side[ax] / 2 || p[ax] + side[ax] / 2 >= size[ax]) return false;
		return true;
	}

	private float[] heap(final int n) {
		if (heap.length < n) heap = new float[n];
		return heap;
	}

	/**
	 * One row of a window, the part inside the image: pixels {@code dx0} to
	 * {@code dx1 - 1}, the row starting at {@code window} in the windows and
	 * pixel {@code dx} at image column {@code x0 + dx}; in the source they lie
	 * in one row from {@code from}, {@code count} values.
	 */
	private interface Row {

		void at(int window, int x0, int dx0, int dx1, int from, int count);
	}

	/**
	 * Each row inside the image of the windows of {@code side} pixels with
	 * {@code channels}; a source read at {@code 1 / factor} resolution in y and x.
	 */
	private void rows(final Source src, final long[] shape, final int[] side, final int channels,
		final Row row)
	{
		final int rz = side[0] / 2, ry = side[1] / 2, r = side[2] / 2, f = src.factor;
		// the source's size per sample: [N, (D,) H, W, C]
		final int sd = three ? (int) shape[1] : 1, sh = (int) shape[shape.length - 3], sw =
			(int) shape[shape.length - 2];
		for (int m = 0; m < at.length; m++) {
			final int n = at[m] / (d * h * w);
			final int[] p = place(m);
			final int z = p[0], y = p[1], x = p[2];
			final int dx0 = Math.max(0, r - x), dx1 = Math.min(side[2], w + r - x);
			final int first = (x - r + dx0) / f, count = ((x - r + dx1 - 1) / f - first + 1) * src.channels;
			for (int dz = Math.max(0, rz - z); dz < Math.min(side[0], d + rz - z); dz++)
				for (int dy = Math.max(0, ry - y); dy < Math.min(side[1], h + ry - y); dy++)
					row.at(((m * side[0] + dz) * side[1] + dy) * side[2] * channels, x - r, dx0, dx1, (((n * sd +
						z + dz - rz) * sh + (y + dy - ry) / f) * sw + first) * src.channels, count);
		}
	}

	/** Where pixel {@code dx} of a window row ({@link Row}) lies in its source row, in pixels. */
	private static int column(final Source src, final int x0, final int dx0, final int dx) {
		return (x0 + dx) / src.factor - (x0 + dx0) / src.factor;
	}

	/** The first convolution's input windows, sources side by side in channels, zero outside. */
	private void gather(final INDArray[] acts, final List<Source> sources, final int[] side,
		final INDArray into)
	{
		final int length = (int) into.length(), channels = (int) into.size(-1), window = length /
			at.length;
		final float[] v = heap(length);
		// only windows reaching outside the image have pixels no source writes
		for (int m = 0; m < at.length; m++)
			if (!inside(m, side)) Arrays.fill(v, m * window, (m + 1) * window, 0f);
		int offset = 0;
		for (final Source src : sources) {
			final FloatBuffer a = acts[src.act].data().asNioFloat();
			final int c = src.channels, off = offset;
			rows(src, acts[src.act].shape(), side, channels, (win, x0, dx0, dx1, from, count) -> {
				final float[] t = row(count);
				a.position(from);
				a.get(t, 0, count);
				for (int dx = dx0; dx < dx1; dx++)
					System.arraycopy(t, column(src, x0, dx0, dx) * c, v, win + dx * channels + off, c);
			});
			offset += c;
		}
		into.data().asNioFloat().put(v, 0, length);
	}

	/** The windows' gradient of source {@code s} added into its dense gradient, row by row. */
	private void scatter(final int s, final INDArray dense) {
		final List<Source> sources = sources(from);
		final Source src = sources.get(s);
		int offset = 0;
		for (int k = 0; k < s; k++)
			offset += sources.get(k).channels;
		final INDArray g = grad[from];
		final int channels = (int) g.size(-1), c = src.channels, off = offset;
		final float[] gv = windowGrads;
		final FloatBuffer b = dense.data().asNioFloat();
		rows(src, dense.shape(), side(from), channels, (win, x0, dx0, dx1, from, count) -> {
			final float[] t = row(count);
			b.position(from);
			b.get(t, 0, count);
			// per class of pixels that land in distinct source pixels, laid out as the source
			// row, so that the sum is one vectorised loop
			final float[] u = laid(count);
			for (int q = 0; q < src.factor; q++) {
				if (src.factor > 1) Arrays.fill(u, 0, count, 0f);
				for (int dx = dx0; dx < dx1; dx++)
					if ((x0 + dx) % src.factor == q) System.arraycopy(gv, win + dx * channels + off, u, column(
						src, x0, dx0, dx) * c, c);
				for (int i = 0; i < count; i++)
					t[i] += u[i];
			}
			b.position(from);
			b.put(t, 0, count);
		});
	}

	private float[] row(final int n) {
		if (row.length < n) row = new float[n];
		return row;
	}

	private float[] laid(final int n) {
		if (laid.length < n) laid = new float[n];
		return laid;
	}
}
