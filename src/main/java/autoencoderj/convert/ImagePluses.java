package autoencoderj.convert;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/**
 * Adapters between ImageJ 1.x {@link ImagePlus} and ImgLib2.
 * <p>
 * Images are always five-dimensional, in ImageJ's hyperstack order
 * {@code X, Y, C, Z, T}, singleton dimensions kept, so that plane {@code i}
 * of the flat iteration order is stack slice {@code i + 1}.
 * </p>
 */
public final class ImagePluses {

	private ImagePluses() {}

	/**
	 * Checks that AutoencoderJ can work on {@code imp}.
	 *
	 * @throws UnsupportedImageException naming the problem and how to convert
	 */
	public static void checkSupported(final ImagePlus imp) {
		if (imp == null) throw new UnsupportedImageException(
			"No image. Open an image first (File > Open), or give a file path.");
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.GRAY16:
			case ImagePlus.GRAY32:
				if (imp.getType() == ImagePlus.GRAY8 && imp.getProcessor() != null &&
					imp.getProcessor().isColorLut() && !imp.isComposite())
				{
					throw new UnsupportedImageException("'" + imp.getTitle() +
						"' is an 8-bit colour (indexed) image. AutoencoderJ works on grayscale " +
						"intensities: convert it with Image > Type > RGB Color, then " +
						"Image > Type > 8-bit, or apply a grayscale LUT if the indices are intensities.");
				}
				return;
			case ImagePlus.COLOR_RGB:
				throw new UnsupportedImageException("'" + imp.getTitle() +
					"' is an RGB image. AutoencoderJ works on 8-, 16- or 32-bit grayscale " +
					"images: convert it with Image > Type > 8-bit (or 32-bit), or split it " +
					"with Image > Color > Split Channels and use one channel.");
			default:
				throw new UnsupportedImageException("'" + imp.getTitle() +
					"' has an unsupported pixel type. Convert it with Image > Type > 32-bit.");
		}
	}

	/**
	 * Wraps the pixels of {@code imp} without copying them. Writing to the
	 * result writes to the image.
	 */
	public static Img<? extends RealType<?>> wrap(final ImagePlus imp) {
		checkSupported(imp);
		final long[] dims = { imp.getWidth(), imp.getHeight(), imp.getNChannels(), imp
			.getNSlices(), imp.getNFrames() };
		if (Intervals.numElements(dims) != (long) imp.getWidth() * imp.getHeight() * imp
			.getStackSize())
		{
			dims[2] = imp.getStackSize();
			dims[3] = dims[4] = 1;
		}
		return wrap(imp, dims);
	}

	/**
	 * Wraps the pixels of {@code imp} without copying them, as a
	 * three-dimensional image {@code [W, H, N]} of all its stack slices.
	 */
	public static Img<? extends RealType<?>> wrapPlanes(final ImagePlus imp) {
		checkSupported(imp);
		return wrap(imp, new long[] { imp.getWidth(), imp.getHeight(), imp.getStackSize() });
	}

	private static Img<? extends RealType<?>> wrap(final ImagePlus imp, final long[] dims) {
		final ImageStack stack = imp.getStack();
		final int n = stack.getSize();
		switch (imp.getType()) {
			case ImagePlus.GRAY8: {
				final List<ByteArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++)
					planes.add(new ByteArray((byte[]) stack.getPixels(i)));
				final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(planes, dims, new Fraction());
				img.setLinkedType(new UnsignedByteType(img));
				return img;
			}
			case ImagePlus.GRAY16: {
				final List<ShortArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++)
					planes.add(new ShortArray((short[]) stack.getPixels(i)));
				final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(planes, dims, new Fraction());
				img.setLinkedType(new UnsignedShortType(img));
				return img;
			}
			default: {
				final List<FloatArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++)
					planes.add(new FloatArray((float[]) stack.getPixels(i)));
				final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, dims, new Fraction());
				img.setLinkedType(new FloatType(img));
				return img;
			}
		}
	}

	/**
	 * Copies {@code img} into a new {@link ImagePlus} of the matching ImageJ type
	 * (unsigned 8- and 16-bit stay so; every other type becomes 32-bit), with
	 * the title, calibration, slice labels and layout of {@code meta}.
	 * Dimensions beyond the second are flattened into stack slices in flat
	 * iteration order.
	 */
	public static ImagePlus toImagePlus(
		final RandomAccessibleInterval<? extends RealType<?>> img, final ImageMeta meta)
	{
		final int w = (int) img.dimension(0);
		final int h = img.numDimensions() > 1 ? (int) img.dimension(1) : 1;
		final long planeCount = Intervals.numElements(img) / ((long) w * h);
		final Object type = Views.flatIterable(img).firstElement();
		final ImageStack stack = new ImageStack(w, h);
		final Cursor<? extends RealType<?>> cursor = Views.flatIterable(img).cursor();
		for (long p = 0; p < planeCount; p++) {
			final ImageProcessor ip;
			if (type instanceof UnsignedByteType) {
				final byte[] px = new byte[w * h];
				for (int i = 0; i < px.length; i++)
					px[i] = (byte) ((UnsignedByteType) cursor.next()).get();
				ip = new ByteProcessor(w, h, px);
			}
			else if (type instanceof UnsignedShortType) {
				final short[] px = new short[w * h];
				for (int i = 0; i < px.length; i++)
					px[i] = (short) ((UnsignedShortType) cursor.next()).get();
				ip = new ShortProcessor(w, h, px, null);
			}
			else {
				final float[] px = new float[w * h];
				for (int i = 0; i < px.length; i++)
					px[i] = cursor.next().getRealFloat();
				ip = new FloatProcessor(w, h, px);
			}
			stack.addSlice(null, ip);
		}
		final ImagePlus imp = new ImagePlus(meta.title(), stack);
		meta.applyTo(imp);
		imp.resetDisplayRange();
		return imp;
	}
}
