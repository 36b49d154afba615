package autoencoderj.ops;

/**
 * Transposed convolution ("deconvolution") of one plane with one kernel, shown
 * as the steps that compute it: insert {@code stride - 1} zeros between input
 * pixels, pad by {@code k - 1 - padding} on every side, and slide the flipped
 * kernel over the result. Output size per axis: {@code (n - 1) * stride + k - 2 * padding}.
 * <p>
 * The same result, by definition: every input pixel adds {@code value x kernel}
 * into the output, at {@code stride} spacing, shifted by {@code -padding}
 * ({@link #scatter}). Both are computed so that each can check the other.
 * </p>
 */
public final class TransposedConvolution {

	private final Kernel kernel;
	private final int stride, padding;

	public TransposedConvolution(final Kernel kernel, final int stride, final int padding) {
		if (stride < 1) throw new IllegalArgumentException("The stride must be at least 1, got " + stride + ".");
		if (padding < 0) throw new IllegalArgumentException("The padding must be at least 0, got " + padding + ".");
		if (padding > kernel.width() - 1 || padding > kernel.height() - 1) throw new IllegalArgumentException(
			"The padding (" + padding + ") must be smaller than the kernel (" + kernel.width() + "x" +
				kernel.height() + "): at most " + (Math.min(kernel.width(), kernel.height()) - 1) + ".");
		this.kernel = kernel;
		this.stride = stride;
		this.padding = padding;
	}

	public int outputWidth(final int width) {
		return (width - 1) * stride + kernel.width() - 2 * padding;
	}

	public int outputHeight(final int height) {
		return (height - 1) * stride + kernel.height() - 2 * padding;
	}

	/** Step 2: zeros inserted between pixels, {@code (n - 1) * stride + 1} per axis. */
	public float[] zeroInserted(final float[] in, final int width, final int height) {
		final int w = (width - 1) * stride + 1;
		final float[] out = new float[w * ((height - 1) * stride + 1)];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				out[y * stride * w + x * stride] = in[y * width + x];
		return out;
	}

	public int zeroInsertedWidth(final int width) { return (width - 1) * stride + 1; }

	public int zeroInsertedHeight(final int height) { return (height - 1) * stride + 1; }

	/** Step 3: the zero-inserted image padded by {@code k - 1 - padding} zeros on each side. */
	public float[] padded(final float[] in, final int width, final int height) {
		final int zw = zeroInsertedWidth(width), zh = zeroInsertedHeight(height);
		final float[] z = zeroInserted(in, width, height);
		final int px = kernel.width() - 1 - padding, py = kernel.height() - 1 - padding;
		final int w = zw + 2 * px;
		final float[] out = new float[w * (zh + 2 * py)];
		for (int y = 0; y < zh; y++)
			System.arraycopy(z, y * zw, out, (y + py) * w + px, zw);
		return out;
	}

	public int paddedWidth(final int width) {
		return zeroInsertedWidth(width) + 2 * (kernel.width() - 1 - padding);
	}

	public int paddedHeight(final int height) {
		return zeroInsertedHeight(height) + 2 * (kernel.height() - 1 - padding);
	}

	/** Step 5: the flipped kernel slid over the padded image (a "valid" correlation). */
	public float[] apply(final float[] in, final int width, final int height) {
		final float[] p = padded(in, width, height);
		final int pw = paddedWidth(width);
		final Kernel flipped = kernel.flipped();
		final int kw = kernel.width(), kh = kernel.height();
		final int ow = outputWidth(width), oh = outputHeight(height);
		final float[] out = new float[ow * oh];
		for (int y = 0; y < oh; y++)
			for (int x = 0; x < ow; x++) {
				double sum = 0;
				for (int b = 0; b < kh; b++)
					for (int a = 0; a < kw; a++)
						sum += p[(y + b) * pw + x + a] * flipped.get(a, b);
				out[y * ow + x] = (float) sum;
			}
		return out;
	}

	/** The definition: each input pixel adds value x kernel into the output at stride spacing. */
	public float[] scatter(final float[] in, final int width, final int height) {
		final int ow = outputWidth(width), oh = outputHeight(height);
		final float[] out = new float[ow * oh];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				for (int b = 0; b < kernel.height(); b++)
					for (int a = 0; a < kernel.width(); a++) {
						final int ox = x * stride + a - padding, oy = y * stride + b - padding;
						if (ox >= 0 && ox < ow && oy >= 0 && oy < oh) out[oy * ow + ox] += in[y * width + x] *
							kernel.get(a, b);
					}
		return out;
	}

	public Kernel kernel() { return kernel; }

	public int stride() { return stride; }

	public int padding() { return padding; }
}
