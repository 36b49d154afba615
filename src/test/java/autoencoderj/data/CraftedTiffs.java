package autoencoderj.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Hostile TIFF files, made byte by byte in the tests (none is checked in). */
public final class CraftedTiffs {

	private CraftedTiffs() {}

	/**
	 * A little-endian TIFF: header, one directory of {@code (tag, type, count,
	 * value)} fields pointing to directory {@code next}, then {@code tail}.
	 */
	public static byte[] tiff(final long[][] fields, final int next, final byte[] tail) {
		final ByteBuffer b = ByteBuffer.allocate(tailAt(fields.length) + tail.length).order(
			ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
		b.putShort((short) fields.length);
		for (final long[] f : fields) {
			b.putShort((short) f[0]).putShort((short) f[1]).putInt((int) f[2]);
			if (f[1] == 3 && f[2] == 1) b.putShort((short) f[3]).putShort((short) 0);
			else b.putInt((int) f[3]);
		}
		b.putInt(next).put(tail);
		return b.array();
	}

	/** Where {@link #tiff}'s tail starts for a directory of {@code n} fields. */
	public static int tailAt(final int n) {
		return 8 + 2 + 12 * n + 4;
	}

	/** 234 bytes declaring 70000 x 70000 8-bit pixels: the pixel count wraps past 2^32. */
	public static byte[] huge() {
		return Arrays.copyOf(tiff(new long[][] { { 256, 4, 1, 70000 }, { 257, 4, 1, 70000 }, { 258, 3,
			1, 8 }, { 259, 3, 1, 1 }, { 273, 4, 1, 200 }, { 277, 3, 1, 1 }, { 279, 4, 1, 34 } }, 0,
			new byte[0]), 234);
	}

	/** A 4x4 page whose directory names itself as the next one. */
	public static byte[] loop() {
		return Arrays.copyOf(tiff(new long[][] { { 256, 3, 1, 4 }, { 257, 3, 1, 4 }, { 258, 3, 1, 8 }, {
			273, 4, 1, 100 }, { 279, 4, 1, 16 } }, 8, new byte[0]), 120);
	}
}
