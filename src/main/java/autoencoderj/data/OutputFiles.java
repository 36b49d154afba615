package autoencoderj.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import ij.ImagePlus;
import ij.io.FileInfo;

/**
 * Guards a command's output file: it never replaces one of the command's own
 * inputs, nor an existing file of another kind than the command writes
 * (training's model over the training image, an export over its model).
 */
public final class OutputFiles {

	/** Whether an existing file is of the kind a command writes. */
	@FunctionalInterface
	public interface Kind {

		boolean is(Path file);
	}

	private OutputFiles() {}

	/**
	 * @param what what the command writes, e.g. {@code "an AutoencoderJ model"}
	 * @param inputs the command's input files; {@code null} entries are skipped
	 * @throws IllegalArgumentException naming the file and the fix
	 */
	public static void requireReplaceable(final Path output, final String what, final Kind kind,
		final Path... inputs)
	{
		final Path target = output.toAbsolutePath().normalize();
		for (final Path input : inputs)
			if (input != null && same(target, input)) throw new IllegalArgumentException("The output " +
				target + " is also an input of this command; writing " + what + " there would replace " +
				"it. Choose another output file.");
		if (!Files.exists(target)) return;
		if (Files.isDirectory(target)) throw new IllegalArgumentException("The output " + target +
			" is a folder. Give a file name.");
		if (!kind.is(target)) throw new IllegalArgumentException("The output " + target + " exists " +
			"and is not " + what + ", so it is not replaced. Choose another file name, or remove it " +
			"first.");
	}

	/** The file an image was opened from, or {@code null}. */
	public static Path fileOf(final ImagePlus imp) {
		final FileInfo fi = imp == null ? null : imp.getOriginalFileInfo();
		if (fi == null || fi.fileName == null || fi.directory == null || fi.directory.isEmpty())
			return null;
		return Path.of(fi.directory, fi.fileName);
	}

	/** A kind: zip files holding one of the named entries. */
	public static Kind zipWith(final String... entries) {
		return file -> {
			try (ZipFile zip = new ZipFile(file.toFile())) {
				int n = 0;
				for (final Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements() &&
					n++ < 10_000;)
				{
					final String name = e.nextElement().getName();
					for (final String entry : entries)
						if (entry.equals(name)) return true;
				}
				return false;
			}
			catch (final IOException | RuntimeException exc) {
				return false;
			}
		};
	}

	private static boolean same(final Path a, final Path b) {
		try {
			return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b) : a.equals(b
				.toAbsolutePath().normalize());
		}
		catch (final IOException exc) {
			return false;
		}
	}
}
