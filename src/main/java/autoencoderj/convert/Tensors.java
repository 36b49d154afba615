package autoencoderj.convert;

import java.nio.FloatBuffer;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.nio.FloatBufferAccess;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adapters between ImgLib2 images and ND4J arrays in the layouts the networks
 * use: {@code [N, H*W]} rows for dense networks and {@code [N, C, H, W]} for
 * convolutional ones.
 * <p>
 * Both layouts, in ND4J's 'c' order, store {@code X} fastest, then {@code Y},
 * then channel and sample: the same order as an ImgLib2 image with dimensions
 * {@code [W, H, (C,) N]}. So {@link #view} shows an array as an image without
 * copying; copying an image into an array is one pass in flat iteration order.
 * </p>
 */
public final class Tensors {

	private Tensors() {}

	/**
	 * Copies the planes of {@code img} (dimensions {@code [W, H, ...]}, every
	 * dimension after the second flattened in order) into a new float array
	 * {@code [planes, H*W]}.
	 */
	public static INDArray rows(final RandomAccessibleInterval<? extends RealType<?>> img) {
		final long w = img.dimension(0), h = img.dimension(1);
		final long n = Intervals.numElements(img) / (w * h);
		final INDArray rows = Nd4j.create(DataType.FLOAT, new long[] { n, w * h }, 'c');
		copy(img, view(rows, w, h, n));
		return rows;
	}

	/**
	 * Copies {@code img} with dimensions {@code [W, H, C, N]} (or {@code [W, H, N]}
	 * for one channel, or further dimensions, flattened into {@code N}) into a new
	 * float array {@code [N, C, H, W]}.
	 */
	public static INDArray nchw(final RandomAccessibleInterval<? extends RealType<?>> img,
		final long channels)
	{
		final long w = img.dimension(0), h = img.dimension(1);
		final long n = Intervals.numElements(img) / (w * h * channels);
		final INDArray arr = Nd4j.create(DataType.FLOAT, new long[] { n, channels, h, w }, 'c');
		copy(img, view(arr, w, h, channels * n));
		return arr;
	}

	/**
	 * Shows a contiguous float array in 'c' order as an image with the given
	 * dimensions (X fastest), without copying: writes go to the array.
	 *
	 * @throws IllegalArgumentException if the array is a view, is not 'c'
	 *           ordered, is not float, or has another number of elements
	 */
	public static ArrayImg<FloatType, FloatBufferAccess> view(final INDArray arr,
		final long... dims)
	{
		if (arr.dataType() != DataType.FLOAT) throw new IllegalArgumentException(
			"Expected a FLOAT array, got " + arr.dataType());
		if (arr.isView() || arr.ordering() != 'c' || arr.offset() != 0) {
			throw new IllegalArgumentException("Only whole 'c'-ordered arrays can be " +
				"viewed without a copy; call dup('c') first");
		}
		if (arr.length() != Intervals.numElements(dims)) {
			throw new IllegalArgumentException("Array of " + arr.length() +
				" elements cannot be viewed as " + java.util.Arrays.toString(dims));
		}
		final FloatBuffer buffer = arr.data().asNioFloat();
		return ArrayImgs.floats(new FloatBufferAccess(buffer, true), dims);
	}

	/** Copies values in flat iteration order; both must have as many elements. */
	public static void copy(final RandomAccessibleInterval<? extends RealType<?>> source,
		final RandomAccessibleInterval<? extends RealType<?>> target)
	{
		if (Intervals.numElements(source) != Intervals.numElements(target)) {
			throw new IllegalArgumentException("Cannot copy " + Intervals.numElements(
				source) + " values into " + Intervals.numElements(target));
		}
		final Cursor<? extends RealType<?>> s = Views.flatIterable(source).cursor();
		final Cursor<? extends RealType<?>> t = Views.flatIterable(target).cursor();
		while (s.hasNext())
			t.next().setReal(s.next().getRealDouble());
	}
}
