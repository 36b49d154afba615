package autoencoderj.data;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the image files of a folder by a glob on their names. */
public final class ImageFiles {

	private ImageFiles() {}

	/**
	 * Regular files under {@code folder} whose names match {@code glob}
	 * (e.g. {@code *.tif}, {@code *.{tif,tiff}}), sorted, skipping hidden
	 * files and folders and anything inside {@code exclude}.
	 *
	 * @param exclude a folder whose contents are never listed, or {@code null}
	 */
	public static List<Path> list(final Path folder, final String glob, final boolean recursive,
		final Path exclude) throws IOException
	{
		final PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
		final Path ex = exclude == null ? null : exclude.toAbsolutePath().normalize();
		try (Stream<Path> files = recursive ? Files.walk(folder) : Files.list(folder)) {
			return files.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName()))
				.filter(p -> !hidden(folder.relativize(p))).filter(p -> ex == null || !p.toAbsolutePath()
					.normalize().startsWith(ex)).sorted().collect(Collectors.toList());
		}
	}

	private static boolean hidden(final Path relative) {
		for (final Path part : relative)
			if (part.toString().startsWith(".")) return true;
		return false;
	}

	/** {@code name.png} becomes {@code name.tif}; {@code name.tif} stays. */
	public static String tiffName(final String name) {
		final int dot = name.lastIndexOf('.');
		final String stem = dot > 0 ? name.substring(0, dot) : name;
		final String ext = dot > 0 ? name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT) : "";
		return ext.equals("tif") || ext.equals("tiff") ? name : stem + ".tif";
	}
}
