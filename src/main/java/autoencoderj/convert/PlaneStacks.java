package autoencoderj.convert;

import java.util.function.UnaryOperator;

import autoencoderj.ops.Planes;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Applies a plane-to-plane operation to every slice of an image. */
public final class PlaneStacks {

	private PlaneStacks() {}

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
		final Img<? extends RealType<?>> planes = ImagePluses.wrapPlanes(imp);
		final ImageStack out = new ImageStack(outWidth, outHeight);
		for (int i = 0; i < imp.getStackSize(); i++) {
			final float[] result = op.apply(Planes.toArray(Views.hyperSlice(planes, 2, i)));
			out.addSlice(null, new FloatProcessor(outWidth, outHeight, result));
		}
		final ImagePlus result = new ImagePlus(title, out);
		ImageMeta.of(imp).withTitle(title).applyTo(result);
		final Calibration cal = result.getCalibration();
		cal.pixelWidth *= pixelScale;
		cal.pixelHeight *= pixelScale;
		result.resetDisplayRange();
		return result;
	}
}
