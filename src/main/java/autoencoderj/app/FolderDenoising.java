package autoencoderj.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import autoencoderj.data.AtomicFiles;
import autoencoderj.data.CheckedImages;
import autoencoderj.data.ImageFiles;
import autoencoderj.data.Shard;
import autoencoderj.data.TiffFiles;
import autoencoderj.model.AutoencoderModel;

import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * Denoises every matching image of a folder into another folder, keeping
 * relative paths and names (as TIFF). Outputs that exist are skipped, so an
 * interrupted job resumes where it stopped; each output is written under a
 * temporary name and moved into place, so a killed job leaves no half-written
 * file; a file that cannot be read or does not fit the model is reported and
 * the job goes on. Two inputs never share an output (see {@link #targets}).
 */
public final class FolderDenoising {

	private final AutoencoderModel model;
	private final String modelName;
	private final int tile, batch;
	private final boolean average;

	/** @param average see {@link Denoiser#denoise} */
	public FolderDenoising(final AutoencoderModel model, final String modelName, final int tile,
		final int batch, final boolean average)
	{
		this.model = model;
		this.modelName = modelName;
		this.tile = tile;
		this.batch = batch;
		this.average = average;
	}

	/**
	 * Checks the folders and lists the inputs. Folders are compared by their
	 * real paths, so a link to the input folder is the input folder; an output
	 * folder inside the input folder is never listed as input.
	 *
	 * @throws IllegalArgumentException naming what is wrong and the fix
	 */
	public static List<Path> inputs(final Path input, final Path output, final String pattern,
		final boolean recursive) throws IOException
	{
		if (input == null || !Files.isDirectory(input)) throw new IllegalArgumentException(
			"The input folder " + input + " does not exist. Choose the folder that holds the images.");
		if (output == null) throw new IllegalArgumentException("Choose an output folder.");
		final Path in = input.toRealPath(), out = output.toAbsolutePath().normalize();
		if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException(out +
			" is a file, not a folder. Choose an output folder.");
		Files.createDirectories(out);
		final Path realOut = out.toRealPath();
		if (realOut.equals(in)) throw new IllegalArgumentException("The output folder " + out +
			" is the input folder" + (out.equals(in) ? "" : " (" + in + ")") + "; choose another one, " +
			"so that no input is ever overwritten.");
		if (!Files.isWritable(realOut)) throw new IllegalArgumentException("The output folder " + out +
			" is not writable. Choose a folder you can write to.");
		final List<Path> files = ImageFiles.list(in, pattern, recursive, realOut);
		if (files.isEmpty()) throw new IllegalArgumentException("No files matching '" + pattern +
			"' in " + in + (recursive ? " or its subfolders" : "") + ". Check the folder and the " +
			"pattern (e.g. *.tif, *.{tif,png})" + (recursive ? "." : ", or set recursive=true."));
		return files;
	}

	/**
	 * Where each input's result goes: its relative path with a TIFF name. When
	 * two inputs would share a target ({@code x.png} and {@code x.tif}), each
	 * input whose name is not already that target keeps its whole name:
	 * {@code x.png.tif}. Decided from the whole list, so a resumed run finds the
	 * same targets.
	 */
	public static Map<Path, Path> targets(final Path input, final Path output,
		final List<Path> files) throws IOException
	{
		final Path in = input.toRealPath(), out = output.toAbsolutePath().normalize();
		final Map<Path, List<Path>> byTarget = new LinkedHashMap<>();
		for (final Path f : files) {
			final Path relative = relative(in, f);
			byTarget.computeIfAbsent(relative.resolveSibling(ImageFiles.tiffName(relative.getFileName()
				.toString())), k -> new ArrayList<>()).add(relative);
		}
		final Map<Path, Path> targets = new LinkedHashMap<>();
		for (final Map.Entry<Path, List<Path>> e : byTarget.entrySet())
			for (final Path relative : e.getValue()) {
				final boolean keepName = e.getValue().size() > 1 && !relative.equals(e.getKey());
				targets.put(relative, out.resolve(keepName ? relative.resolveSibling(relative.getFileName() +
					".tif") : e.getKey()));
			}
		return targets;
	}

	/**
	 * A listed file's path inside the input folder: a link's own name, never
	 * where it leads, so that its output stays inside the output folder.
	 */
	private static Path relative(final Path in, final Path file) {
		final Path relative = in.relativize(file.toAbsolutePath().normalize());
		if (relative.startsWith("..") || relative.isAbsolute()) throw new IllegalArgumentException(file +
			" is not inside the input folder " + in);
		return relative;
	}

	/**
	 * Denoises {@code files} (from {@link #inputs}) into {@code output}, after
	 * removing what killed runs left (see {@link AtomicFiles#removeAbandoned}).
	 *
	 * @param progress told the row index after each file
	 * @param mine the files of {@code files} to do (see {@link #part}); targets are
	 *          decided from all of them
	 * @return one row per file of the part: file, output, width, height, slices,
	 *         seconds, status ({@code denoised}, {@code skipped: ...},
	 *         {@code failed: reason}), node (the machine)
	 */
	public ResultsTable run(final Path input, final Path output, final List<Path> files,
		final List<Path> mine, final Consumer<Integer> progress, final BooleanSupplier cancelled)
		throws IOException
	{
		final Path in = input.toRealPath(), out = output.toAbsolutePath().normalize();
		AtomicFiles.removeAbandoned(out);
		final Map<Path, Path> targets = targets(in, out, files);
		final Set<Path> todo = new HashSet<>();
		for (final Path f : mine)
			todo.add(relative(in, f));
		final Path realOut = out.toRealPath();
		final Set<Path> inputs = new HashSet<>();
		for (final Path f : files)
			inputs.add(f.toRealPath());
		final String node = AtomicFiles.host();
		final ResultsTable table = new ResultsTable();
		int i = 0;
		String stoppedBy = null;
		for (final Map.Entry<Path, Path> e : targets.entrySet()) {
			if (cancelled.getAsBoolean()) break;
			final Path relative = e.getKey(), target = e.getValue();
			if (!todo.contains(relative)) continue;
			final long t0 = System.nanoTime();
			table.incrementCounter();
			table.addValue("file", relative.toString());
			table.addValue("output", out.relativize(target).toString());
			String status;
			ImagePlus imp = null;
			try {
				if (stoppedBy != null) status = "failed: not done, the run stopped when " + stoppedBy;
				else if (Files.isSymbolicLink(target)) status = "failed: the output " + target +
					" is a link; remove it, so that nothing is written where it leads";
				else if (Files.exists(target) && inputs.contains(target.toRealPath())) status = "failed: " +
					"its output " + target + " is one of the inputs; choose an output folder apart from them";
				else if (Files.exists(target)) status = "skipped: output exists";
				else {
					imp = CheckedImages.open(in.resolve(relative));
					// a folder that cannot be written fails before the file is computed, not after
					Files.createDirectories(target.getParent());
					if (!target.getParent().toRealPath().startsWith(realOut)) throw new IllegalArgumentException(
						"the folder " + target.getParent() + " is a link leading outside the output folder; " +
							"nothing is written there");
					AtomicFiles.checkWritable(target.getParent());
					final ImagePlus result = Denoiser.denoise(model, modelName, imp, tile, batch, average,
						null, cancelled);
					if (result == null) status = "cancelled";
					else {
						TiffFiles.save(result, target);
						status = "denoised";
					}
				}
			}
			catch (final IOException exc) {
				status = "failed: cannot write " + target + ": " + AtomicFiles.reason(exc);
				// a full disk fails every later file too: stop at the first, not after computing them all
				if (AtomicFiles.full(out, imp == null ? 0 : 4L * imp.getWidth() * imp.getHeight() * imp
					.getStackSize())) stoppedBy = "writing " + relative + " failed on a full disk";
			}
			catch (final CheckedImages.Refused exc) {
				status = "failed: " + exc.reason();
			}
			catch (final IllegalArgumentException | IllegalStateException exc) {
				status = "failed: " + exc.getMessage();
			}
			catch (final RuntimeException | OutOfMemoryError | StackOverflowError exc) {
				// one file never ends the night's run
				status = "failed: " + exc.getClass().getSimpleName() + (exc.getMessage() == null ? ""
					: ": " + exc.getMessage());
			}
			table.addValue("width", imp == null ? Double.NaN : imp.getWidth());
			table.addValue("height", imp == null ? Double.NaN : imp.getHeight());
			table.addValue("slices", imp == null ? Double.NaN : imp.getStackSize());
			table.addValue("seconds", (System.nanoTime() - t0) / 1e9);
			table.addValue("status", status);
			table.addValue("node", node);
			if (progress != null) progress.accept(++i);
		}
		return table;
	}

	/** The files of {@code shard}'s part of {@code files}, balanced by size (see {@link Shard#of}). */
	public static List<Path> part(final List<Path> files, final Shard shard) {
		return shard.of(files, f -> {
			try {
				return Files.size(f);
			}
			catch (final IOException exc) {
				return 0;
			}
		});
	}

	/** The rows of {@code table} whose status is a failure, as {@code file: reason}. */
	public static List<String> failures(final ResultsTable table) {
		final List<String> failed = new ArrayList<>();
		for (int row = 0; row < table.size(); row++) {
			final String status = table.getStringValue("status", row);
			if (status.startsWith("failed: ")) failed.add(table.getStringValue("file", row) + ": " + status
				.substring("failed: ".length()));
		}
		return failed;
	}
}
