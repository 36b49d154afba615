package autoencoderj.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import autoencoderj.app.FolderDenoising;
import autoencoderj.app.FolderSummaries;
import autoencoderj.data.AtomicFiles;
import autoencoderj.data.Csv;
import autoencoderj.data.Shard;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.model.ModelFiles;

import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Denoises every matching image of a folder into an output folder, with the
 * same relative paths and names; resumable. See {@link FolderDenoising}.
 */
@Plugin(type = Command.class, headless = true, label = "Denoise Folder",
	menuPath = "Plugins>AutoencoderJ>Denoise Folder")
public class DenoiseFolder extends AutoencoderCommand {

	/** The summary table, written beside the outputs whatever happened. */
	public static final String SUMMARY = FolderSummaries.name(Shard.ALL);

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Input folder", style = FileWidget.DIRECTORY_STYLE)
	private File input;

	@Parameter(label = "Output folder", style = FileWidget.DIRECTORY_STYLE)
	private File output;

	@Parameter(label = "File name pattern", description = "A glob on file names: *.tif* takes .tif and .tiff; " +
		"*.{tif,png} takes two kinds (in a dialog or macro; headless strings split at commas).")
	private String pattern = "*.tif*";

	@Parameter(label = "Include subfolders")
	private boolean recursive;

	@Parameter(label = "Tile size (convolutional models)", min = "32")
	private int tile = TiledPredictor.DEFAULT_TILE;

	@Parameter(label = "Tiles per batch (convolutional models)", min = "1")
	private int batch = TiledPredictor.DEFAULT_BATCH;

	@Parameter(label = "Average over flips and rotations", required = false, description = "Predict " +
		"the image in its 8 flips and rotations (x-y for volumes) and average them: a little better, " +
		"8 times the time.")
	private boolean average;

	@Parameter(label = "Part of the job (i/n, or auto in a SLURM array)", required = false,
		description = "Empty: every file. i/n: the i-th of n parts of the sorted file list, balanced " +
			"by size. auto: the part SLURM's array task variables name (see cluster/ in the README).")
	private String shard = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private ResultsTable summary;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		requireModel(model, "Train Autoencoder");
		final Path in = input == null ? null : input.toPath(), out = output == null ? null : output
			.toPath();
		final List<Path> files = FolderDenoising.inputs(in, out, pattern, recursive);
		final Shard part = Shard.parse(shard, System.getenv());
		final List<Path> mine = FolderDenoising.part(files, part);
		final int count = mine.size();
		if (part.count() > 1) log.info("Part " + part + " of the job: " + count + " of " + files.size() +
			" files, on " + AtomicFiles.host());
		final FolderDenoising job = new FolderDenoising(ModelFiles.load(model.toPath()), model
			.getName(), tile, batch, average);
		summary = job.run(in, out, files, mine, done -> {
			status.showProgress(done, count);
			status.showStatus("Denoised " + done + " of " + count + " files");
		}, this::stopRequested);
		status.clearStatus();
		final Path table = out.resolve(FolderSummaries.name(part));
		String unsaved = null;
		try {
			Csv.write(summary, table);
		}
		catch (final IOException exc) {
			unsaved = " The summary could not be written either: " + exc.getMessage();
		}
		if (stopRequested()) {
			fail("Cancelled after " + summary.size() + " of " + count + " files; the finished " +
				"ones are in " + out + ". Run again to resume: existing outputs are skipped." + (unsaved ==
					null ? "" : unsaved));
			return;
		}
		final List<String> failed = FolderDenoising.failures(summary);
		if (!failed.isEmpty()) fail(failed.size() + " of " + count + " files failed: " + String
			.join("; ", failed.subList(0, Math.min(3, failed.size()))) + (failed.size() > 3 ? "; ..."
				: "") + ". The others are in " + out + (unsaved == null ? "; the summary is " + table +
					"." : "." + unsaved) + " Fix the cause and run again: finished files are skipped.");
		else if (unsaved != null) fail("Every file was denoised into " + out + "." + unsaved);
	}
}
