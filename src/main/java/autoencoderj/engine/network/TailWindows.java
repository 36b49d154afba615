package autoencoderj.engine.network;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.network.MaskedTail.Source;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The windows of a {@link MaskedTail}: one per counted pixel, cut from the
 * dense activations (zero outside the image, a 2x-upsampled source read at
 * half resolution in y and x) and their gradients added back, row by row of
 * whole channel vectors. 2-D images are volumes one slice deep.
 */
final class TailWindows {

	private final boolean three;
	private float[] heap = new float[0], row = new float[0], laid = new float[0];
	/** The counted pixels ({@code n D H W + z H W + y W + x}) and the output size (z, y, x). */
	private int[] at;
	private int d, h, w;

	/** @param three whether windows are 3-D ([m, z, y, x, C]) rather than 2-D ([m, y, x, C]) */
	TailWindows(final boolean three) {
		this.three = three;
	}

	/** The counted pixels of the next {@link #gather} and of every call until the next {@code of}. */
	void of(final int[] at, final int[] size) {
		this.at = at;
		d = size[0];
		h = size[1];
		w = size[2];
	}

	/** Counted pixel {@code m}'s place in its sample: {z, y, x}. */
	private int[] place(final int m) {
		final int p = at[m] % (d * h * w);
		return new int[] { p / (h * w), p % (h * w) / w, p % w };
	}

	/** Zero at the pixels of the windows {@code a} of {@code side} outside the image. */
	void zeroOutside(final INDArray a, final int[] side) {
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
	void gather(final INDArray[] acts, final List<Source> sources, final int[] side,
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

	/**
	 * The windows' gradient {@code gv} (windows of {@code side} with
	 * {@code channels}) of source {@code s} of {@code sources} added into its
	 * dense gradient, row by row.
	 */
	void scatter(final List<Source> sources, final int s, final float[] gv, final int[] side,
		final int channels, final INDArray dense)
	{
		final Source src = sources.get(s);
		int offset = 0;
		for (int k = 0; k < s; k++)
			offset += sources.get(k).channels;
		final int c = src.channels, off = offset;
		final FloatBuffer b = dense.data().asNioFloat();
		rows(src, dense.shape(), side, channels, (win, x0, dx0, dx1, from, count) -> {
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
