package autoencoderj.ops;

/**
 * Max-pooling that remembers where each maximum came from, and the two ways
 * back up: unpooling with those positions and unpooling without them.
 * <p>
 * <b>Windows:</b> {@code size x size}, placed every {@code stride} pixels from
 * the top-left corner. Only windows that fit inside the image are used
 * ("valid" pooling, DL4J's {@code ConvolutionMode.Truncate}): the pooled image
 * is {@code floor((W - size) / stride) + 1} wide, and when the image size is
 * not a multiple of the stride, the right and bottom border pixels that no
 * window covers are ignored: they are never kept, and unpooling sets them to 0.
 * </p>
 * <p>
 * <b>Ties:</b> when several pixels of a window share the maximum, the first in
 * raster order (top row first, left to right) is the one kept.
 * </p>
 */
public final class MaxPooling {

	private final int width, height, size, stride, pooledWidth, pooledHeight;
	private final float[] pooled;
	/** For each pooled pixel, the raster index of the input pixel it came from. */
	private final int[] positions;

	private MaxPooling(final int width, final int height, final int size, final int stride,
		final float[] pooled, final int[] positions)
	{
		this.width = width;
		this.height = height;
		this.size = size;
		this.stride = stride;
		this.pooledWidth = (width - size) / stride + 1;
		this.pooledHeight = (height - size) / stride + 1;
		this.pooled = pooled;
		this.positions = positions;
	}

	/**
	 * Pools a {@code width x height} plane given in raster order.
	 *
	 * @throws IllegalArgumentException if the window does not fit or a value is not positive
	 */
	public static MaxPooling pool(final float[] plane, final int width, final int height,
		final int size, final int stride)
	{
		if (size < 1 || stride < 1) throw new IllegalArgumentException(
			"Pool size and stride must be at least 1, got size " + size + " and stride " + stride + ".");
		if (size > width || size > height) throw new IllegalArgumentException("The pool size " + size +
			" is larger than the image (" + width + "x" + height + "): choose a size of at most " + Math
				.min(width, height) + ".");
		if (stride > width || stride > height) throw new IllegalArgumentException("The stride " +
			stride + " is larger than the image (" + width + "x" + height + "): choose a stride of at most " +
			Math.min(width, height) + ".");
		final int pw = (width - size) / stride + 1, ph = (height - size) / stride + 1;
		final float[] pooled = new float[pw * ph];
		final int[] positions = new int[pw * ph];
		for (int py = 0; py < ph; py++) {
			for (int px = 0; px < pw; px++) {
				int best = (py * stride) * width + px * stride;
				for (int y = py * stride; y < py * stride + size; y++)
					for (int x = px * stride; x < px * stride + size; x++)
						if (plane[y * width + x] > plane[best]) best = y * width + x;
				pooled[py * pw + px] = plane[best];
				positions[py * pw + px] = best;
			}
		}
		return new MaxPooling(width, height, size, stride, pooled, positions);
	}

	/** The pooled image, {@link #pooledWidth()} x {@link #pooledHeight()}. */
	public float[] pooled() { return pooled.clone(); }

	/** Input-sized image: 1 where a maximum was taken, 0 elsewhere. */
	public float[] kept() {
		final float[] mask = new float[width * height];
		for (final int p : positions)
			mask[p] = 1;
		return mask;
	}

	/**
	 * Unpooling with positions ("needs the positions"): each pooled value back at
	 * the pixel it came from, zeros elsewhere. Input-sized.
	 */
	public float[] unpoolWithPositions() {
		final float[] out = new float[width * height];
		for (int i = 0; i < positions.length; i++)
			out[positions[i]] = pooled[i];
		return out;
	}

	/**
	 * Unpooling without positions ("needs no positions", nearest-neighbour
	 * upsampling): pixel {@code (x, y)} takes the value of window
	 * {@code (min(x / stride, last), min(y / stride, last))}, so that with size
	 * equal to stride each pooled value is repeated over its whole window.
	 * Input-sized; pixels right of or below the last window are 0.
	 */
	public float[] unpoolWithoutPositions() {
		final float[] out = new float[width * height];
		final int coveredWidth = (pooledWidth - 1) * stride + size;
		final int coveredHeight = (pooledHeight - 1) * stride + size;
		for (int y = 0; y < coveredHeight; y++) {
			final int py = Math.min(y / stride, pooledHeight - 1);
			for (int x = 0; x < coveredWidth; x++)
				out[y * width + x] = pooled[py * pooledWidth + Math.min(x / stride, pooledWidth - 1)];
		}
		return out;
	}

	public int pooledWidth() { return pooledWidth; }

	public int pooledHeight() { return pooledHeight; }

	public int size() { return size; }

	public int stride() { return stride; }
}
