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
	 * files and folders and anything that really lies inside {@code exclude}
	 * (links are judged by where they lead) unless it also lies inside
	 * {@code folder} itself (an input folder inside the output folder). Links
	 * to folders are not followed; a link to a file is listed under its own
	 * name, inside {@code folder}.
	 *
	 * @param folder the folder's real path
	 * @param exclude a folder's real path whose contents are never listed, or {@code null}
	 */
	public static List<Path> list(final Path folder, final String glob, final boolean recursive,
		final Path exclude) throws IOException
	{
		final PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
		try (Stream<Path> files = recursive ? Files.walk(folder) : Files.list(folder)) {
			return files.filter(Files::isRegularFile).filter(p -> matcher.matches(p.getFileName()))
				.filter(p -> !hidden(folder.relativize(p))).filter(p -> exclude == null || !excluded(p, folder,
					exclude)).sorted().collect(Collectors.toList());
		}
	}

	private static boolean excluded(final Path file, final Path folder, final Path exclude) {
		try {
			final Path real = file.toRealPath();
			return real.startsWith(exclude) && !(folder.startsWith(exclude) && real.startsWith(folder));
		}
		catch (final IOException exc) {
			return true;
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
