package autoencoderj.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePlusesTest {

	/** A seeded stack of {@code c * z * t} slices of the given bit depth, covering the type's range. */
	static ImagePlus randomImage(final int bitDepth, final int w, final int h, final int c,
		final int z, final int t, final long seed)
	{
		final Random random = new Random(seed);
		final ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < c * z * t; i++) {
			final ImageProcessor ip;
			switch (bitDepth) {
				case 8: {
					final byte[] px = new byte[w * h];
					random.nextBytes(px);
					px[0] = (byte) 255;
					ip = new ByteProcessor(w, h, px);
					break;
				}
				case 16: {
					final short[] px = new short[w * h];
					for (int k = 0; k < px.length; k++)
						px[k] = (short) random.nextInt(65536);
					px[0] = (short) 65535;
					ip = new ShortProcessor(w, h, px, null);
					break;
				}
				default: {
					final float[] px = new float[w * h];
					for (int k = 0; k < px.length; k++)
						px[k] = (float) (random.nextGaussian() * 1e4);
					px[0] = -Float.MAX_VALUE;
					px[1] = Float.MIN_VALUE;
					ip = new FloatProcessor(w, h, px);
				}
			}
			stack.addSlice("slice " + i, ip);
		}
		final ImagePlus imp = new ImagePlus("random" + bitDepth, stack);
		imp.setDimensions(c, z, t);
		final Calibration cal = new Calibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.pixelDepth = 2;
		cal.setUnit("mm");
		imp.setCalibration(cal);
		return imp;
	}

	@ParameterizedTest
	@ValueSource(ints = { 8, 16, 32 })
	void roundTripIsExactFor2DStacksAndHyperstacks(final int bitDepth) {
		for (final int[] czt : new int[][] { { 1, 1, 1 }, { 1, 5, 1 }, { 2, 3, 4 } }) {
			final ImagePlus imp = randomImage(bitDepth, 7, 5, czt[0], czt[1], czt[2], bitDepth);
			final Img<? extends RealType<?>> img = ImagePluses.wrap(imp);
			assertArrayEquals(new long[] { 7, 5, czt[0], czt[1], czt[2] }, img.dimensionsAsLongArray());
			final ImagePlus back = ImagePluses.toImagePlus(img, ImageMeta.of(imp));
			assertEquals(bitDepth, back.getBitDepth());
			assertEquals(imp.getStackSize(), back.getStackSize());
			assertEquals(czt[0], back.getNChannels());
			assertEquals(czt[1], back.getNSlices());
			assertEquals(czt[2], back.getNFrames());
			for (int s = 1; s <= imp.getStackSize(); s++) {
				assertEquals(imp.getStack().getSliceLabel(s), back.getStack().getSliceLabel(s));
				final Object a = imp.getStack().getPixels(s), b = back.getStack().getPixels(s);
				if (bitDepth == 8) assertArrayEquals((byte[]) a, (byte[]) b);
				else if (bitDepth == 16) assertArrayEquals((short[]) a, (short[]) b);
				else assertArrayEquals((float[]) a, (float[]) b, 0f);
			}
			assertEquals(0.25, back.getCalibration().pixelWidth, 0);
			assertEquals(0.5, back.getCalibration().pixelHeight, 0);
			assertEquals(2, back.getCalibration().pixelDepth, 0);
			assertEquals("mm", back.getCalibration().getUnit());
		}
	}

	@Test
	void wrapIsZeroCopyAndOrderedLikeTheStack() {
		final ImagePlus imp = randomImage(16, 4, 3, 2, 2, 1, 1);
		final Img<? extends RealType<?>> img = ImagePluses.wrap(imp);
		assertTrue(img.firstElement() instanceof UnsignedShortType);
		// channel 1, slice 1 (0-based) is stack index 1 + 2 * 1 = 3, ImageJ slice 4
		final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(new long[] { 3, 2, 1, 1, 0 });
		assertEquals(imp.getStack().getProcessor(4).get(3, 2), ra.get().getRealDouble(), 0);
		ra.get().setReal(1234);
		assertEquals(1234, imp.getStack().getProcessor(4).get(3, 2));
	}

	@Test
	void pixelTypesMapToImgLib2Types() {
		assertTrue(ImagePluses.wrap(randomImage(8, 2, 2, 1, 1, 1, 0)).firstElement() instanceof UnsignedByteType);
		assertTrue(ImagePluses.wrap(randomImage(32, 2, 2, 1, 1, 1, 0)).firstElement() instanceof FloatType);
	}

	@Test
	void rgbGetsAMessageThatSaysHowToConvert() {
		final ImagePlus rgb = new ImagePlus("cells.png", new ColorProcessor(8, 8));
		final UnsupportedImageException exc = assertThrows(UnsupportedImageException.class,
			() -> ImagePluses.wrap(rgb));
		assertTrue(exc.getMessage().contains("'cells.png' is an RGB image"), exc.getMessage());
		assertTrue(exc.getMessage().contains("Image > Type > 8-bit"), exc.getMessage());
	}

	@Test
	void missingImageGetsAMessage() {
		final UnsupportedImageException exc = assertThrows(UnsupportedImageException.class,
			() -> ImagePluses.checkSupported(null));
		assertTrue(exc.getMessage().startsWith("No image."), exc.getMessage());
	}

	@Test
	void metaKeepsItsOwnCopies() {
		final ImagePlus imp = randomImage(8, 2, 2, 1, 3, 1, 0);
		final ImageMeta meta = ImageMeta.of(imp);
		imp.getCalibration().pixelWidth = 99;
		assertEquals(0.25, meta.calibration().pixelWidth, 0);
		assertEquals(3, meta.planes());
		assertSame(null, new ImageMeta("t", null, new String[1], 1, 1, 1).sliceLabels()[0]);
	}
}
