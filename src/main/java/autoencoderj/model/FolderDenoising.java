package autoencoderj.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import autoencoderj.data.AtomicFiles;
import autoencoderj.data.ImageFiles;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;

/**
 * Denoises every matching image of a folder into another folder, keeping
 * relative paths and names (as TIFF). Outputs that exist are skipped, so an
 * interrupted job resumes where it stopped; each output is written under a
 * temporary name and moved into place, so a killed job leaves no half-written
 * file; a file that cannot be read or does not fit the model is reported and
 * the job goes on.
 */
public final class FolderDenoising {

	private final AutoencoderModel model;
	private final String modelName;
	private final int tile, batch;

	public FolderDenoising(final AutoencoderModel model, final String modelName, final int tile,
		final int batch)
	{
		this.model = model;
		this.modelName = modelName;
		this.tile = tile;
		this.batch = batch;
	}

	/**
	 * Checks the folders and lists the inputs.
	 *
	 * @throws IllegalArgumentException naming what is wrong and the fix
	 */
	public static List<Path> inputs(final Path input, final Path output, final String pattern,
		final boolean recursive) throws IOException
	{
		if (input == null || !Files.isDirectory(input)) throw new IllegalArgumentException(
			"The input folder " + input + " does not exist. Choose the folder that holds the images.");
		if (output == null) throw new IllegalArgumentException("Choose an output folder.");
		final Path in = input.toAbsolutePath().normalize(), out = output.toAbsolutePath().normalize();
		if (out.equals(in)) throw new IllegalArgumentException("The output folder is the input folder; " +
			"choose another one, so that no input is ever overwritten.");
		if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException(out +
			" is a file, not a folder. Choose an output folder.");
		Files.createDirectories(out);
		if (!Files.isWritable(out)) throw new IllegalArgumentException("The output folder " + out +
			" is not writable. Choose a folder you can write to.");
		final List<Path> files = ImageFiles.list(in, pattern, recursive, out);
		if (files.isEmpty()) throw new IllegalArgumentException("No files matching '" + pattern +
			"' in " + in + (recursive ? " or its subfolders" : "") + ". Check the folder and the " +
			"pattern (e.g. *.tif, *.{tif,png})" + (recursive ? "." : ", or set recursive=true."));
		return files;
	}

	/**
	 * Denoises {@code files} (from {@link #inputs}) into {@code output}.
	 *
	 * @param progress told the row index after each file
	 * @return one row per file: file, width, height, slices, seconds, status
	 */
	public ResultsTable run(final Path input, final Path output, final List<Path> files,
		final Consumer<Integer> progress, final BooleanSupplier cancelled)
	{
		final Path in = input.toAbsolutePath().normalize(), out = output.toAbsolutePath().normalize();
		final ResultsTable table = new ResultsTable();
		for (int i = 0; i < files.size(); i++) {
			if (cancelled.getAsBoolean()) break;
			final Path file = files.get(i).toAbsolutePath().normalize();
			final Path relative = in.relativize(file);
			final Path target = out.resolve(relative).resolveSibling(ImageFiles.tiffName(file.getFileName()
				.toString()));
			final long t0 = System.nanoTime();
			table.incrementCounter();
			table.addValue("file", relative.toString());
			String status;
			ImagePlus imp = null;
			try {
				if (Files.exists(target)) status = "skipped: output exists";
				else {
					imp = IJ.openImage(file.toString());
					if (imp == null) status = "failed: not an image ImageJ can read";
					else {
						final ImagePlus result = Denoiser.denoise(model, modelName, imp, tile, batch, null,
							cancelled);
						if (result == null) status = "cancelled";
						else {
							Files.createDirectories(target.getParent());
							AtomicFiles.write(target, f -> {
								final boolean ok = result.getStackSize() > 1 ? new FileSaver(result)
									.saveAsTiffStack(f.toString()) : new FileSaver(result).saveAsTiff(f.toString());
								if (!ok) throw new IOException("could not write " + f);
							});
							status = "denoised";
						}
					}
				}
			}
			catch (final IOException | IllegalArgumentException | IllegalStateException exc) {
				status = "failed: " + exc.getMessage();
			}
			table.addValue("width", imp == null ? Double.NaN : imp.getWidth());
			table.addValue("height", imp == null ? Double.NaN : imp.getHeight());
			table.addValue("slices", imp == null ? Double.NaN : imp.getStackSize());
			table.addValue("seconds", (System.nanoTime() - t0) / 1e9);
			table.addValue("status", status);
			if (progress != null) progress.accept(i + 1);
		}
		return table;
	}
}
