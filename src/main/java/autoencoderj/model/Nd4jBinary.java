package autoencoderj.model;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Reads a float vector written by ND4J's {@code Nd4j.write} (what DL4J's
 * model files hold as {@code coefficients.bin} and {@code updaterState.bin})
 * without ND4J: the lengths in its headers are checked against the length
 * the caller expects before anything is allocated, so a header that
 * declares billions of values costs nothing.
 * <p>
 * The format: the shape buffer, then the data buffer; each buffer is an
 * allocation mode (UTF string), a length (long), a data type (UTF string)
 * and the values, big-endian. The shape buffer holds rank, shape, strides,
 * extras, element-wise stride and order.
 * </p>
 */
final class Nd4jBinary {

	private static final int MAX_RANK = 2;

	private Nd4jBinary() {}

	/**
	 * @return the {@code expected} values
	 * @throws IOException with a message saying what is wrong, if the bytes
	 *           are not a float vector or matrix of {@code expected} values
	 */
	static float[] readFloats(final byte[] bytes, final long expected) throws IOException {
		final DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
		try {
			in.readUTF();
			final long shapeLength = in.readLong();
			if (shapeLength < 6 || shapeLength > 2 * MAX_RANK + 4) throw new IOException(
				"its shape header declares " + shapeLength + " values");
			final String shapeType = in.readUTF();
			if (!shapeType.equals("LONG") && !shapeType.equals("INT")) throw new IOException(
				"its shape header has type " + ModelFileException.excerpt(shapeType, 20));
			final long[] shape = new long[(int) shapeLength];
			for (int i = 0; i < shape.length; i++)
				shape[i] = shapeType.equals("LONG") ? in.readLong() : in.readInt();
			final long rank = shape[0];
			if (rank < 1 || rank > MAX_RANK || shapeLength != 2 * rank + 4) throw new IOException(
				"its shape header is not that of a vector (rank " + rank + ")");
			long product = 1;
			for (int d = 1; d <= rank; d++) {
				if (shape[d] < 1 || shape[d] > expected) throw new IOException("it declares a dimension of " +
					shape[d] + " where the network has " + expected + " values");
				product = Math.multiplyExact(product, shape[d]);
			}
			if (product != expected) throw new IOException("it holds " + product +
				" values where the network has " + expected);
			in.readUTF();
			final long length = in.readLong();
			if (length != expected) throw new IOException("its data header declares " + length +
				" values where the network has " + expected);
			final String type = in.readUTF();
			if (!type.equals("FLOAT")) throw new IOException("its values are of type " + ModelFileException
				.excerpt(type, 20) +
				", not FLOAT");
			if (in.available() < 4L * expected) throw new IOException("it is truncated");
			final float[] values = new float[(int) expected];
			for (int i = 0; i < values.length; i++) {
				values[i] = in.readFloat();
				if (!Float.isFinite(values[i])) throw new IOException("value " + i + " is " + values[i]);
			}
			return values;
		}
		catch (final EOFException | ArithmeticException exc) {
			throw new IOException("it is truncated or its header is corrupt");
		}
	}
}
