package autoencoderj.data;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;

/** Saves images as TIFF whole or not at all ({@link AtomicFiles}). */
public final class TiffFiles {

	private TiffFiles() {}

	private static long bytes(final ImagePlus imp) {
		return (long) imp.getWidth() * imp.getHeight() * imp.getStackSize() * Math.max(1, imp
			.getBitDepth() / 8);
	}

	/**
	 * Writes {@code imp} (a stack as one multi-page TIFF) to {@code file}.
	 *
	 * @throws IOException if ImageJ could not write it; {@code file} is then unchanged
	 */
	public static void save(final ImagePlus imp, final Path file) throws IOException {
		AtomicFiles.write(file, f -> {
			final FileSaver saver = new FileSaver(imp);
			final boolean ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(f.toString()) : saver
				.saveAsTiff(f.toString());
			// ImageJ keeps the reason to itself: the disk's free space is the commonest one
			if (!ok) throw new IOException("ImageJ could not write the TIFF " + f.getFileName() + (AtomicFiles
				.full(f.getParent(), bytes(imp)) ? " (No space left on device: the disk is full)" : ""));
		});
	}
}
