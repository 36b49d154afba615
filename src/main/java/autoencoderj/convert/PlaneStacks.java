package autoencoderj.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Applies plane-to-plane operations to every slice of an image. */
public final class PlaneStacks {

	private PlaneStacks() {}

	/** Every slice of {@code imp} as floats in raster order, in stack order. */
	public static List<float[]> planes(final ImagePlus imp) {
		final Img<? extends RealType<?>> planes = ImagePluses.wrapPlanes(imp);
		final List<float[]> list = new ArrayList<>(imp.getStackSize());
		for (int i = 0; i < imp.getStackSize(); i++)
			list.add(toArray(Views.hyperSlice(planes, 2, i)));
		return list;
	}

	/** Copies a 2-D image into a new float array, X fastest. */
	private static float[] toArray(final RandomAccessibleInterval<? extends RealType<?>> plane) {
		final float[] values = new float[(int) (plane.dimension(0) * plane.dimension(1))];
		final Cursor<? extends RealType<?>> c = Views.flatIterable(plane).cursor();
		for (int i = 0; i < values.length; i++)
			values[i] = c.next().getRealFloat();
		return values;
	}

	/**
	 * A new 32-bit image of {@code outWidth x outHeight} slices, one per slice of
	 * {@code imp}, with its slice labels and hyperstack layout, and its
	 * calibration with pixel sizes multiplied by {@code pixelScale}.
	 *
	 * @param op takes a slice in raster order, returns {@code outWidth * outHeight} values
	 */
	public static ImagePlus map(final ImagePlus imp, final int outWidth, final int outHeight,
		final double pixelScale, final String title, final UnaryOperator<float[]> op)
	{
		final List<float[]> results = new ArrayList<>();
		for (final float[] plane : planes(imp))
			results.add(op.apply(plane));
		return stack(imp, results, outWidth, outHeight, pixelScale, title);
	}

	/**
	 * A new 32-bit image whose slices are {@code results} (one per slice of
	 * {@code like}, {@code outWidth x outHeight} each), with the slice labels,
	 * layout and calibration of {@code like}, pixel sizes times {@code pixelScale}.
	 */
	public static ImagePlus stack(final ImagePlus like, final List<float[]> results,
		final int outWidth, final int outHeight, final double pixelScale, final String title)
	{
		final ImageStack out = new ImageStack(outWidth, outHeight);
		for (final float[] result : results)
			out.addSlice(null, new FloatProcessor(outWidth, outHeight, result));
		final ImagePlus imp = new ImagePlus(title, out);
		ImageMeta.of(like).withTitle(title).applyTo(imp);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth *= pixelScale;
		cal.pixelHeight *= pixelScale;
		imp.resetDisplayRange();
		return imp;
	}

	/**
	 * How a step window names the image it was made from: its title without
	 * an earlier step's number, so that steps applied to a step's result read
	 * "max-pooled (...) of max-pooled (...) of sample", not "of 1. max-pooled".
	 */
	public static String source(final String title) {
		return title.replaceFirst("^\\d+\\. ", "");
	}
}
