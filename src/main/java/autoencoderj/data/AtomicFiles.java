package autoencoderj.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
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

	/** Temporary folders are {@code .autoencoderj-<pid>@<host>-<random>}: who made them. */
	static final String PREFIX = ".autoencoderj-";
	private static final String HOST = host(), OWNER = ProcessHandle.current().pid() + "@" + HOST;
	/** Age after which a temporary folder whose owner cannot be checked is taken as abandoned. */
	static final Duration ABANDONED = Duration.ofHours(24);

	private AtomicFiles() {}

	/** This machine's name, without asking a name service. */
	public static String host() {
		String h = "";
		try {
			h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
		}
		catch (final IOException | RuntimeException exc) {
			// not Linux: the environment says
		}
		if (h.isEmpty()) h = System.getenv().getOrDefault("COMPUTERNAME", System.getenv().getOrDefault(
			"HOSTNAME", "host"));
		return h.replaceAll("[^A-Za-z0-9._]", "_");
	}

	/**
	 * Removes, anywhere under {@code folder}, the temporary folders of writes
	 * that never finished: those made on this machine by a process that no
	 * longer runs, and any older than {@link #ABANDONED} (another machine's on
	 * a shared disk, or an older version's). Folders of running processes,
	 * such as other tasks of the same job, are left alone.
	 *
	 * @return how many were removed
	 */
	public static int removeAbandoned(final Path folder) throws IOException {
		if (!Files.isDirectory(folder)) return 0;
		final List<Path> abandoned;
		try (Stream<Path> all = Files.walk(folder)) {
			abandoned = all.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files
				.isDirectory(p)).filter(AtomicFiles::isAbandoned).collect(Collectors.toList());
		}
		for (final Path temp : abandoned)
			delete(temp);
		return abandoned.size();
	}

	private static boolean isAbandoned(final Path temp) {
		final String name = temp.getFileName().toString().substring(PREFIX.length());
		final int at = name.indexOf('@'), dash = name.lastIndexOf('-');
		if (at > 0 && dash > at && name.substring(at + 1, dash).equals(HOST)) {
			try {
				final long pid = Long.parseLong(name.substring(0, at));
				return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive())
					.orElse(true);
			}
			catch (final NumberFormatException exc) {
				// not ours after all: judged by age
			}
		}
		try {
			return Files.getLastModifiedTime(temp).toInstant().isBefore(Instant.now().minus(ABANDONED));
		}
		catch (final IOException exc) {
			return false;
		}
	}

	/**
	 * Checks that files can be created in {@code folder} by creating one and
	 * removing it: permissions alone do not say so (root, read-only mounts,
	 * full disks, network shares).
	 */
	public static void checkWritable(final Path folder) throws IOException {
		Files.delete(Files.createTempFile(folder, PREFIX + "check-", ".part"));
	}

	/**
	 * Whether the disk holding {@code folder} has less room than
	 * {@code bytes} (and at least a mebibyte): after a failed write, whether
	 * every later write would fail too.
	 */
	public static boolean full(final Path folder, final long bytes) {
		try {
			return Files.getFileStore(folder).getUsableSpace() < Math.max(bytes, 1L << 20);
		}
		catch (final IOException | RuntimeException exc) {
			return false;
		}
	}

	/**
	 * What went wrong in words a user can act on: Java's file exceptions often
	 * carry only a path.
	 */
	public static String reason(final IOException exc) {
		if (exc instanceof AccessDeniedException) return "permission denied (" + exc.getMessage() +
			"); make the folder writable or choose another";
		if (exc instanceof NoSuchFileException) return "the folder " + exc.getMessage() +
			" does not exist (removed while running?)";
		if (exc instanceof FileSystemException && ((FileSystemException) exc).getReason() != null)
			return ((FileSystemException) exc).getReason() + " (" + ((FileSystemException) exc)
				.getFile() + ")";
		return exc.getMessage() + "; check that the folder is writable and the disk has space";
	}

	private static void delete(final Path tree) throws IOException {
		try (Stream<Path> left = Files.walk(tree)) {
			left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	/**
	 * @throws IOException if writing or moving failed; the target is then
	 *           unchanged and no temporary file is left
	 */
	public static void write(final Path target, final Writer writer) throws IOException {
		final Path absolute = target.toAbsolutePath();
		final Path folder = absolute.getParent();
		if (folder == null || !Files.isDirectory(folder)) throw new IOException("the folder " +
			folder + " does not exist");
		final Path temp = Files.createTempDirectory(folder, PREFIX + OWNER + "-");
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
			delete(temp);
		}
	}
}
