package autoencoderj.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes the IDX format of the MNIST files: a big-endian
 * {@code int32} magic number {@code 0x000008DD} (unsigned bytes, {@code DD}
 * dimensions), one {@code int32} size per dimension, then the bytes. Files may
 * be gzipped; that is recognised by content, not by name.
 */
public final class Idx {

	/** Magic number of a file of images (3 dimensions of unsigned bytes). */
	public static final int IMAGES_MAGIC = 0x00000803;
	/** Magic number of a file of labels (1 dimension of unsigned bytes). */
	public static final int LABELS_MAGIC = 0x00000801;

	private Idx() {}

	public static IdxImages readImages(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return readImages(in, file.getFileName().toString());
		}
	}

	/**
	 * The header is read and checked first, sizes multiplied exactly, and only
	 * the bytes the header announces are read (plus one, to notice extra
	 * data), so a crafted header or a gzip that inflates to gigabytes costs
	 * nothing.
	 *
	 * @param name how the stream is called in error messages
	 */
	public static IdxImages readImages(final InputStream in, final String name) throws IOException {
		try (DataInputStream data = new DataInputStream(decompressed(in))) {
			checkMagic(data, IMAGES_MAGIC, name, "images");
			final int count = dimension(data, name), rows = dimension(data, name),
					columns = dimension(data, name);
			final String what = count + " images of " + rows + "x" + columns;
			if (count < 1 || rows < 1 || columns < 1) throw new IdxFormatException(name + " announces " +
				what + ": there is no pixel to import (an image needs at least 1x1 pixels, a stack at " +
				"least one image).");
			final long bytes;
			try {
				bytes = Math.multiplyExact((long) count, (long) Math.multiplyExact(rows, columns));
			}
			catch (final ArithmeticException exc) {
				throw new IdxFormatException(name + " announces " + what + ", which is not a stack an " +
					"image can hold (a plane has at most 2^31 pixels): it is not a valid IDX file.");
			}
			return new IdxImages(count, rows, columns, body(data, bytes, name, what));
		}
	}

	/** Labels as values 0-255. */
	public static int[] readLabels(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return readLabels(in, file.getFileName().toString());
		}
	}

	public static int[] readLabels(final InputStream in, final String name) throws IOException {
		try (DataInputStream data = new DataInputStream(decompressed(in))) {
			checkMagic(data, LABELS_MAGIC, name, "labels");
			final int count = dimension(data, name);
			final byte[] bytes = body(data, count, name, count + " labels");
			final int[] labels = new int[count];
			for (int i = 0; i < count; i++)
				labels[i] = bytes[i] & 0xff;
			return labels;
		}
	}

	/** Writes images; gzipped when the file name ends with {@code .gz}. */
	public static void writeImages(final IdxImages images, final Path file) throws IOException {
		try (DataOutputStream out = new DataOutputStream(open(file))) {
			out.writeInt(IMAGES_MAGIC);
			out.writeInt(images.count());
			out.writeInt(images.rows());
			out.writeInt(images.columns());
			out.write(images.pixels());
		}
	}

	/** Writes labels (each 0-255); gzipped when the file name ends with {@code .gz}. */
	public static void writeLabels(final int[] labels, final Path file) throws IOException {
		try (DataOutputStream out = new DataOutputStream(open(file))) {
			out.writeInt(LABELS_MAGIC);
			out.writeInt(labels.length);
			for (final int label : labels)
				out.writeByte(label);
		}
	}

	private static OutputStream open(final Path file) throws IOException {
		final OutputStream out = Files.newOutputStream(file);
		return file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(out) : out;
	}

	/** The stream itself, or its inflated content when it is gzip. */
	private static InputStream decompressed(final InputStream raw) throws IOException {
		final BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
		in.mark(2);
		final int b0 = in.read(), b1 = in.read();
		in.reset();
		return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
	}

	private static void checkMagic(final DataInputStream data, final int expected, final String name,
		final String what) throws IOException
	{
		final byte[] head = data.readNBytes(4);
		if (head.length < 4) throw new IdxFormatException(name +
			" is not an IDX file: it is only " + head.length + " bytes long.");
		final int magic = ByteBuffer.wrap(head).getInt();
		if (magic == expected) return;
		final int other = expected == IMAGES_MAGIC ? LABELS_MAGIC : IMAGES_MAGIC;
		if (magic == other) throw new IdxFormatException(name + " holds IDX " +
			(expected == IMAGES_MAGIC ? "labels" : "images") + ", not " + what +
			": check which file goes where.");
		throw new IdxFormatException(String.format(
			"%s is not an IDX %s file: its magic number is 0x%08x, expected 0x%08x.", name, what,
			magic, expected));
	}

	private static int dimension(final DataInputStream data, final String name) throws IOException {
		final byte[] b = data.readNBytes(4);
		if (b.length < 4) throw new IdxFormatException(name + " is truncated inside its header.");
		final int size = ByteBuffer.wrap(b).getInt();
		if (size < 0) throw new IdxFormatException(name + " announces a negative size (" + size +
			"): it is not a valid IDX file.");
		return size;
	}

	/** Largest body read: what one Java array holds. */
	private static final long MAX_BODY = Integer.MAX_VALUE - 8;

	private static byte[] body(final DataInputStream data, final long expected, final String name,
		final String what) throws IOException
	{
		if (expected > MAX_BODY) throw new IdxFormatException(name + " announces " + what + " (" +
			expected + " bytes), more than one image stack can hold. Import a part of it.");
		final byte[] bytes;
		try {
			bytes = data.readNBytes((int) expected);
			if (bytes.length < expected) throw new IdxFormatException(name +
				" is truncated: its header announces " + what + " (" + expected + " bytes) but only " +
				bytes.length + " bytes follow. Download or copy the file again.");
			if (data.read() >= 0) throw new IdxFormatException(name + " has more bytes than its " +
				"header announces (" + what + "): it is not a valid IDX file.");
		}
		catch (final java.io.EOFException exc) {
			throw new IdxFormatException(name + " is truncated: its gzip stream ends early. " +
				"Download or copy the file again.");
		}
		return bytes;
	}
}
