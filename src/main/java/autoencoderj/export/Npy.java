package autoencoderj.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * NumPy's {@code .npy} format (version 1.0) for float32 arrays in C order:
 * the test tensors of a bioimage.io package.
 */
final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 };

	private Npy() {}

	static byte[] write(final float[] values, final long... shape) {
		long size = 1;
		final StringBuilder dims = new StringBuilder();
		for (final long d : shape) {
			size *= d;
			dims.append(d).append(", ");
		}
		if (size != values.length) throw new IllegalArgumentException("shape holds " + size +
			" values, not " + values.length);
		final String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims
			.length() - 2) + ")";
		final StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, " +
			"'shape': " + tuple + ", }");
		// NumPy pads the header so that the data starts at a multiple of 64 bytes
		while ((MAGIC.length + 2 + header.length() + 1) % 64 != 0)
			header.append(' ');
		header.append('\n');
		final byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
		final ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + h.length + 4 * values.length)
			.order(ByteOrder.LITTLE_ENDIAN);
		out.put(MAGIC).putShort((short) h.length).put(h);
		out.asFloatBuffer().put(values);
		return out.array();
	}
}
