package autoencoderj.ops;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * A 2-D plane of floats in raster order: the form the step-by-step operations
 * compute on, where neighbours are index arithmetic.
 */
public final class Planes {

	private Planes() {}

	/** Copies a 2-D image into a new float array, X fastest. */
	public static float[] toArray(final RandomAccessibleInterval<? extends RealType<?>> plane) {
		if (plane.numDimensions() != 2) throw new IllegalArgumentException(
			"Expected a 2-D plane, got " + plane.numDimensions() + " dimensions");
		final float[] values = new float[(int) (plane.dimension(0) * plane.dimension(1))];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
		for (int i = 0; i < values.length; i++)
			values[i] = c.next().getRealFloat();
		return values;
	}
}
