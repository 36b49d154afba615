package autoencoderj.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ij.IJ;
import ij.ImagePlus;

/**
 * Opens image files a user names, as untrusted input: what a file declares
 * (sizes, pages, where its pixels lie) is checked against its length and
 * against this machine's memory before ImageJ allocates anything for it. TIFF
 * files are checked by {@link TiffLayout}; PNG, JPEG, GIF and BMP by the
 * header Java's image readers decode without the pixels. Other formats (ImageJ
 * also reads DICOM, FITS, its zip files and more) are refused: open them in
 * Fiji and save them as TIFF.
 */
public final class CheckedImages {

	/** Largest image opened, in bytes of memory, whatever the heap: 2^34 (16 GiB). */
	public static final long MAX_BYTES = 1L << 34;

	private CheckedImages() {}

	/**
	 * Checks {@code file} and opens it with ImageJ.
	 *
	 * @throws Refused naming the file, what is wrong and what to do
	 */
	public static ImagePlus open(final Path file) {
		final long bytes = check(file);
		final ImagePlus imp;
		try {
			imp = IJ.openImage(file.toString());
		}
		catch (final RuntimeException | OutOfMemoryError exc) {
			throw refused(file, "ImageJ could not read it (" + exc.getClass().getSimpleName() + ")");
		}
		if (imp == null || imp.getStackSize() < 1) throw refused(file, "ImageJ could not read it as an " +
			"image");
		if (imp.getBitDepth() == 0) throw refused(file, "ImageJ read it as an image of unknown type");
		if (bytes > 0 && imp.getProcessor() == null) throw refused(file, "it holds no pixels");
		return imp;
	}

	/**
	 * Checks what {@code file} declares, without reading its pixels.
	 *
	 * @return the bytes of memory the image takes once open
	 * @throws IllegalArgumentException naming the file and what is wrong
	 */
	public static long check(final Path file) {
		if (!Files.isRegularFile(file)) throw refused(file, Files.isDirectory(file) ? "it is a folder"
			: "it does not exist");
		final byte[] head = new byte[8];
		final int n;
		final long size;
		try (InputStream in = Files.newInputStream(file)) {
			size = Files.size(file);
			n = in.readNBytes(head, 0, head.length);
		}
		catch (final IOException exc) {
			throw refused(file, "it cannot be read (" + exc.getMessage() + ")");
		}
		if (size == 0) throw refused(file, "it is empty (0 bytes)");
		final long bytes;
		if (n >= 4 && TiffLayout.isTiff(head) || n >= 4 && head[0] == 'I' && head[1] == 'I' &&
			head[2] == 43 || n >= 4 && head[0] == 'M' && head[1] == 'M' && head[3] == 43)
		{
			try {
				bytes = TiffLayout.read(file).memoryBytes;
			}
			catch (final IllegalArgumentException exc) {
				throw refused(file, exc.getMessage());
			}
			catch (final IOException exc) {
				throw refused(file, "it cannot be read (" + exc.getMessage() + ")");
			}
		}
		else bytes = decodedHeader(file);
		final long max = Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / 2);
		if (bytes > max) throw refused(file, "opening it takes " + megabytes(bytes) + " of memory, " +
			"more than the " + megabytes(max) + " allowed here (half of Java's " + megabytes(Runtime
				.getRuntime().maxMemory()) + "). Give Java more memory (Edit > Options > Memory & " +
			"Threads, or -Xmx), or split the image");
		return bytes;
	}

	/** Memory of a PNG, JPEG, GIF or BMP file (as RGB), from the header its reader decodes. */
	private static long decodedHeader(final Path file) {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			final Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
			if (readers == null || !readers.hasNext()) throw refused(file, "it is not an image file " +
				"AutoencoderJ reads (TIFF, PNG, JPEG, GIF, BMP). Open it in Fiji and save it as TIFF");
			final ImageReader reader = readers.next();
			try {
				final String format = reader.getFormatName().toLowerCase(Locale.ROOT);
				if (!format.matches("png|jpeg|jpg|gif|bmp|wbmp")) throw refused(file, "it is a " + format +
					" file; AutoencoderJ reads TIFF, PNG, JPEG, GIF and BMP. Save it as TIFF");
				reader.setInput(in, true, true);
				final long w = reader.getWidth(0), h = reader.getHeight(0);
				if (w < 1 || h < 1 || w * h > TiffLayout.MAX_PLANE_PIXELS) throw refused(file,
					"it declares " + w + "x" + h + " pixels");
				return 4 * w * h;
			}
			finally {
				reader.dispose();
			}
		}
		catch (final IOException | IllegalStateException | IndexOutOfBoundsException exc) {
			throw refused(file, "its header cannot be read (" + exc.getMessage() + "): it is damaged " +
				"or not an image");
		}
	}

	private static String megabytes(final long bytes) {
		return String.format(Locale.ROOT, "%,d MB", bytes >> 20);
	}

	private static Refused refused(final Path file, final String why) {
		return new Refused(file, why);
	}

	/** A file refused, with the reason alone for tables that name the file already. */
	public static final class Refused extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;
		private final String reason;

		Refused(final Path file, final String reason) {
			super("Cannot open " + file + ": " + reason + ".");
			this.reason = reason;
		}

		/** What is wrong with the file, without its name and without a full stop. */
		public String reason() {
			return reason;
		}
	}
}
