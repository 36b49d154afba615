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
