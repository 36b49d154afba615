package autoencoderj.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image files are untrusted: each file here is crafted in the test, and each
 * is refused quickly, in bounded memory, with one message naming the file and
 * what is wrong, before ImageJ allocates anything for it.
 */
class HostileImagesTest {

	@TempDir
	Path dir;

	private Path file(final String name, final byte[] bytes) throws IOException {
		final Path f = dir.resolve(name);
		Files.write(f, bytes);
		return f;
	}

	private static void assertRefused(final Path file, final String reason) {
		final long t0 = System.nanoTime();
		final IllegalArgumentException exc = assertThrows(IllegalArgumentException.class,
			() -> CheckedImages.open(file));
		final double seconds = (System.nanoTime() - t0) / 1e9;
		assertTrue(exc.getMessage().startsWith("Cannot open " + file + ": "), exc.getMessage());
		assertTrue(exc.getMessage().contains(reason), exc.getMessage());
		assertTrue(seconds < 2, seconds + " s: " + exc.getMessage());
	}

	@Test
	void aHeaderDeclaringBillionsOfPixelsAllocatesNothing() throws IOException {
		final byte[] bytes = CraftedTiffs.huge();
		assertRefused(file("huge.tif", bytes), "declares 70000x70000 pixels, more than the 2147483647 " +
			"an ImageJ image plane holds");
	}

	@Test
	void aChainOfPagesThatReturnsIsRefused() throws IOException {
		assertRefused(file("loop.tif", CraftedTiffs.loop()),
			"its chain of pages returns to an earlier page (at byte 8)");
	}

	@Test
	void truncatedFilesAndPagesAnnouncedButAbsentAreRefused() throws IOException {
		final Path whole = dir.resolve("whole.tif");
		final ImageStack stack = new ImageStack(40, 30);
		for (int i = 0; i < 3; i++) {
			final short[] px = new short[40 * 30];
			Arrays.fill(px, (short) (1000 * i + 7));
			stack.addSlice(null, new ShortProcessor(40, 30, px, null));
		}
		assertTrue(IJ.saveAsTiff(new ImagePlus("s", stack), whole.toString()));
		final byte[] bytes = Files.readAllBytes(whole);
		final ImagePlus ok = CheckedImages.open(whole);
		assertEquals(3, ok.getStackSize());
		assertEquals(2007, ok.getStack().getProcessor(3).get(5, 5));
		assertRefused(file("half.tif", Arrays.copyOf(bytes, bytes.length / 2)), "truncated");

		// ImageJ's description announcing 60000 pages in a file of 286 bytes
		final byte[] description = "ImageJ=1.54p\nimages=60000\nslices=60000\n\0".getBytes(
			StandardCharsets.ISO_8859_1);
		final int fields = 6, at = CraftedTiffs.tailAt(fields);
		final byte[] tail = Arrays.copyOf(description, 286 - at);
		final byte[] crafted = CraftedTiffs.tiff(new long[][] { { 256, 3, 1, 4 }, { 257, 3, 1, 4 }, { 258, 3, 1, 8 },
			{ 270, 2, description.length, at }, { 273, 4, 1, at + description.length }, { 279, 4, 1,
				16 } }, 0, tail);
		assertEquals(286, crafted.length);
		assertRefused(file("pages.tif", crafted), "its description announces 60000 pages of 16 bytes");
	}

	@Test
	void emptyShortAndUnreadableFilesSayWhy() throws IOException {
		assertRefused(file("empty.tif", new byte[0]), "it is empty (0 bytes)");
		assertRefused(file("header.tif", Arrays.copyOf(new byte[] { 'I', 'I', 42, 0, 100, 0, 0, 0 }, 20)),
			"page 1 starts at byte 100, outside its 20 bytes: the file is truncated");
		final byte[] doubles = CraftedTiffs.tiff(new long[][] { { 256, 3, 1, 2 }, { 257, 3, 1, 2 }, { 258, 3, 1, 64 },
			{ 273, 4, 1, CraftedTiffs.tailAt(6) }, { 279, 4, 1, 32 }, { 339, 3, 1, 3 } }, 0, new byte[32]);
		assertRefused(file("doubles.tif", doubles), "its pixels are 64-bit numbers, which ImageJ does " +
			"not read; save it with 32-bit (float) pixels");
		assertRefused(file("notes.tif", "not an image".getBytes(StandardCharsets.UTF_8)),
			"it is not an image file AutoencoderJ reads (TIFF, PNG, JPEG, GIF, BMP)");
		assertRefused(dir, "it is a folder");
	}

	@Test
	void goodImagesOpenWithTheirPixels() throws IOException {
		final byte[] ramp = new byte[33 * 17];
		for (int i = 0; i < ramp.length; i++)
			ramp[i] = (byte) (i % 33 * 7);
		final ImagePlus imp = new ImagePlus("g", new ij.process.ByteProcessor(33, 17, ramp));
		final Path png = dir.resolve("ramp.png");
		assertTrue(new ij.io.FileSaver(imp).saveAsPng(png.toString()));
		final ImagePlus read = CheckedImages.open(png);
		assertEquals(33, read.getWidth());
		assertEquals(17, read.getHeight());
		assertArrayEquals((byte[]) imp.getProcessor().getPixels(), (byte[]) read.getProcessor()
			.convertToByte(false).getPixels());
		assertEquals(33L * 17 * 4, CheckedImages.check(png));
	}
}
