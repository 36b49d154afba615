package autoencoderj.data;

/**
 * Images read from an IDX file: {@code count} images of {@code rows x columns}
 * unsigned bytes, image after image, row after row.
 */
public final class IdxImages {

	private final int count, rows, columns;
	private final byte[] pixels;

	public IdxImages(final int count, final int rows, final int columns, final byte[] pixels) {
		if ((long) count * rows * columns != pixels.length) {
			throw new IllegalArgumentException(count + " images of " + rows + "x" + columns +
				" need " + (long) count * rows * columns + " bytes, not " + pixels.length);
		}
		this.count = count;
		this.rows = rows;
		this.columns = columns;
		this.pixels = pixels;
	}

	public int count() { return count; }

	public int rows() { return rows; }

	public int columns() { return columns; }

	/** The pixels, not copied: do not modify. */
	public byte[] pixels() { return pixels; }

	/** Pixel bytes of image {@code i}, copied. */
	public byte[] image(final int i) {
		final byte[] px = new byte[rows * columns];
		System.arraycopy(pixels, i * px.length, px, 0, px.length);
		return px;
	}
}
