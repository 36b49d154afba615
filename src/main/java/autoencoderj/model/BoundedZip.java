package autoencoderj.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A model zip opened as untrusted input: only the entries AutoencoderJ
 * writes, each name once, each read up to a limit the caller derives from
 * what the entry may legitimately hold, counting the bytes that really
 * inflate (a zip's declared sizes are the writer's word, not a bound).
 */
final class BoundedZip implements AutoCloseable {

	private final ZipFile zip;
	private final Path path;

	/**
	 * @throws ModelFileException if the zip holds an entry not in
	 *           {@code allowed}, or one name twice
	 * @throws IOException if it is not a readable zip
	 */
	BoundedZip(final Path path, final Set<String> allowed) throws IOException {
		this.path = path;
		zip = new ZipFile(path.toFile());
		try {
			final Set<String> seen = new HashSet<>();
			for (final Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements();) {
				final String name = e.nextElement().getName();
				final boolean known = allowed.contains(name);
				if (!known || !seen.add(name)) throw new ModelFileException(path +
					" is not a model AutoencoderJ wrote: it holds " + (known ? "the entry '" + name +
						"' twice" : "an entry '" + ModelFileException.excerpt(name, 80) +
							"' that AutoencoderJ never writes") +
					", so it was altered or made elsewhere. It was not opened; use a model " +
					"written by Train Autoencoder or Train Image to Image.");
			}
		}
		catch (final IOException | RuntimeException exc) {
			zip.close();
			throw exc;
		}
	}

	boolean has(final String name) {
		return zip.getEntry(name) != null;
	}

	/** The whole entry, refused when it inflates to more than {@code limit} bytes. */
	byte[] read(final String name, final long limit) throws IOException {
		final ZipEntry entry = zip.getEntry(name);
		if (entry == null) throw new ModelFileException(path + " is not a complete model: it has no " +
			name + ". Train the model again.");
		try (InputStream in = zip.getInputStream(entry)) {
			final ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, Math.max(0,
				Math.min(entry.getSize(), 1 << 20))));
			final byte[] buffer = new byte[1 << 16];
			long total = 0;
			for (int n; (n = in.read(buffer)) > 0;) {
				total += n;
				if (total > limit) throw new ModelFileException(path + " is not a model AutoencoderJ " +
					"wrote: its entry " + name + " is larger than this model can need (over " + limit +
					" bytes). It was not opened; use a model written by Train Autoencoder.");
				out.write(buffer, 0, n);
			}
			return out.toByteArray();
		}
	}

	@Override
	public void close() throws IOException {
		zip.close();
	}
}
