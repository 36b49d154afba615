package autoencoderj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

	@TempDir
	Path dir;

	private static IdxImages threeImages() {
		final byte[] px = new byte[3 * 2 * 4];
		for (int i = 0; i < px.length; i++)
			px[i] = (byte) (i * 11);
		return new IdxImages(3, 2, 4, px);
	}

	@Test
	void readsWhatItWritesRawAndGzipped() throws IOException {
		for (final String name : new String[] { "im-idx3-ubyte", "im-idx3-ubyte.gz" }) {
			final Path file = dir.resolve(name);
			Idx.writeImages(threeImages(), file);
			final IdxImages read = Idx.readImages(file);
			assertEquals(3, read.count());
			assertEquals(2, read.rows());
			assertEquals(4, read.columns());
			assertArrayEquals(threeImages().pixels(), read.pixels());
		}
		final byte[] raw = Files.readAllBytes(dir.resolve("im-idx3-ubyte"));
		assertEquals(16 + 24, raw.length);
		assertArrayEquals(new byte[] { 0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4 }, Arrays
			.copyOf(raw, 16));
		final Path gz = dir.resolve("im-idx3-ubyte.gz");
		assertEquals(0x1f, Files.readAllBytes(gz)[0] & 0xff);
	}

	@Test
	void labelsRoundTripAsUnsignedValues() throws IOException {
		final Path file = dir.resolve("labels.gz");
		Idx.writeLabels(new int[] { 0, 9, 255, 3 }, file);
		assertArrayEquals(new int[] { 0, 9, 255, 3 }, Idx.readLabels(file));
	}

	@Test
	void truncatedFileIsReportedWithWhatIsMissing() throws IOException {
		final Path file = dir.resolve("short-idx3-ubyte");
		Idx.writeImages(threeImages(), file);
		final byte[] all = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(all, all.length - 5));
		final IdxFormatException exc = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
		assertEquals("short-idx3-ubyte is truncated: its header announces 3 images of 2x4 " +
			"(24 bytes) but only 19 bytes follow. Download or copy the file again.", exc.getMessage());
	}

	private static byte[] header(final int count, final int rows, final int columns) {
		return java.nio.ByteBuffer.allocate(16).putInt(Idx.IMAGES_MAGIC).putInt(count).putInt(rows)
			.putInt(columns).array();
	}

	@Test
	void sizesThatOverflowOrExceedAStackAreRefusedBeforeReading() throws IOException {
		final Path overflow = dir.resolve("overflow-idx3-ubyte");
		Files.write(overflow, header(16, 1 << 30, 1 << 30));
		assertEquals("overflow-idx3-ubyte announces 16 images of 1073741824x1073741824, which is not " +
			"a stack an image can hold (a plane has at most 2^31 pixels): it is not a valid IDX file.",
			assertThrows(IdxFormatException.class, () -> Idx.readImages(overflow)).getMessage());
		final Path huge = dir.resolve("huge-idx3-ubyte");
		Files.write(huge, header(4, 1 << 15, 1 << 15));
		assertTrue(assertThrows(IdxFormatException.class, () -> Idx.readImages(huge)).getMessage()
			.contains("more than one image stack can hold"));
		// 0-wide images made a TIFF ImageJ cannot open
		final Path empty = dir.resolve("empty-idx3-ubyte");
		Files.write(empty, header(3, 28, 0));
		assertEquals("empty-idx3-ubyte announces 3 images of 28x0: there is no pixel to import (an " +
			"image needs at least 1x1 pixels, a stack at least one image).", assertThrows(
				IdxFormatException.class, () -> Idx.readImages(empty)).getMessage());
	}

	@Test
	void aGzipThatInflatesBeyondItsHeaderIsNotReadWhole() throws IOException {
		// one 28x28 image announced, 1 GiB of zeros behind it: about 1 MB compressed
		final Path bomb = dir.resolve("bomb.gz");
		try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(
			bomb)))
		{
			out.write(header(1, 28, 28));
			final byte[] zeros = new byte[1 << 20];
			for (int i = 0; i < 1024; i++)
				out.write(zeros);
		}
		final long start = System.nanoTime();
		final IdxFormatException exc = assertThrows(IdxFormatException.class, () -> Idx.readImages(
			bomb));
		assertTrue((System.nanoTime() - start) / 1e9 < 2, "refused after reading it all");
		assertEquals("bomb.gz has more bytes than its header announces (1 images of 28x28): it is not " +
			"a valid IDX file.", exc.getMessage());
	}

	@Test
	void truncatedGzipIsReported() throws IOException {
		final Path file = dir.resolve("short.gz");
		Idx.writeImages(threeImages(), file);
		final byte[] all = Files.readAllBytes(file);
		Files.write(file, Arrays.copyOf(all, all.length / 2));
		final IdxFormatException exc = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
		assertTrue(exc.getMessage().startsWith("short.gz is truncated"), exc.getMessage());
	}

	@Test
	void foreignFileIsReportedByItsMagicNumber() throws IOException {
		final Path file = dir.resolve("photo.png");
		Files.write(file, new byte[] { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10 });
		final IdxFormatException exc = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
		assertEquals("photo.png is not an IDX images file: its magic number is 0x89504e47, " +
			"expected 0x00000803.", exc.getMessage());
	}

	@Test
	void labelsGivenAsImagesAreCalledOut() throws IOException {
		final Path file = dir.resolve("labels-idx1-ubyte");
		Idx.writeLabels(new int[] { 1, 2 }, file);
		final IdxFormatException exc = assertThrows(IdxFormatException.class, () -> Idx.readImages(file));
		assertTrue(exc.getMessage().contains("holds IDX labels, not images"), exc.getMessage());
	}

	@Test
	void stackHasOneSlicePerImageLabelledWithItsClass() {
		final ImagePlus imp = MnistStacks.toImagePlus(threeImages(), new int[] { 7, 0, 7 }, "digits");
		assertEquals(3, imp.getStackSize());
		assertEquals(8, imp.getBitDepth());
		assertEquals(4, imp.getWidth());
		assertEquals(2, imp.getHeight());
		assertEquals("0", imp.getStack().getSliceLabel(2));
		assertEquals(22 & 0xff, imp.getStack().getProcessor(1).get(2, 0));
		assertEquals(Map.of(0, 1, 7, 2), MnistStacks.labelCounts(new int[] { 7, 0, 7 }));
		final IllegalArgumentException exc = assertThrows(IllegalArgumentException.class,
			() -> MnistStacks.toImagePlus(threeImages(), new int[] { 1 }, "x"));
		assertTrue(exc.getMessage().contains("1 labels but the images file has 3 images"));
	}

	@Test
	void bundledSampleHas2000LabelledDigits() {
		final ImagePlus sample = MnistStacks.openSample();
		assertEquals(2000, sample.getStackSize());
		assertEquals(28, sample.getWidth());
		assertEquals("5", sample.getStack().getSliceLabel(1));
		assertEquals("0", sample.getStack().getSliceLabel(2));
		int[] counts = new int[10];
		for (int i = 1; i <= 2000; i++)
			counts[Integer.parseInt(sample.getStack().getSliceLabel(i))]++;
		assertArrayEquals(new int[] { 191, 220, 198, 191, 214, 180, 200, 224, 172, 210 }, counts);
		assertTrue(String.valueOf(sample.getProperty("Info")).contains("CC BY-SA 3.0"));
	}
}
