package autoencoderj.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files so that they appear whole or not at all: the writer writes to a
 * file of the same name in a hidden temporary folder beside the target (same
 * disk, same extension, so writers that choose a format by extension behave),
 * and the result is then moved into place.
 */
public final class AtomicFiles {

	/** Writes one file at the path it is given. */
	@FunctionalInterface
	public interface Writer {

		void write(Path file) throws IOException;
	}

	private AtomicFiles() {}

	/**
	 * @throws IOException if writing or moving failed; the target is then
	 *           unchanged and no temporary file is left
	 */
	public static void write(final Path target, final Writer writer) throws IOException {
		final Path absolute = target.toAbsolutePath();
		final Path folder = absolute.getParent();
		if (folder == null || !Files.isDirectory(folder)) throw new IOException("the folder " +
			folder + " does not exist");
		final Path temp = Files.createTempDirectory(folder, ".autoencoderj-");
		try {
			final Path file = temp.resolve(absolute.getFileName());
			writer.write(file);
			if (!Files.isRegularFile(file)) throw new IOException("nothing was written to " + file);
			try {
				Files.move(file, absolute, StandardCopyOption.REPLACE_EXISTING,
					StandardCopyOption.ATOMIC_MOVE);
			}
			catch (final AtomicMoveNotSupportedException exc) {
				Files.move(file, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			try (Stream<Path> left = Files.walk(temp)) {
				left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
			}
		}
	}
}
