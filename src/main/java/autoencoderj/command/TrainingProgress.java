package autoencoderj.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import autoencoderj.app.TrainingResult;
import autoencoderj.engine.EpochListener;
import autoencoderj.engine.TrainingHistory;
import autoencoderj.model.ModelFiles;
import autoencoderj.ui.LossPlot;

import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/** What the training commands show while they train: progress, a log line and the loss plot per epoch. */
final class TrainingProgress implements EpochListener {

	private final StatusService status;
	private final LogService log;
	private final LossPlot plot;
	private final int epochs;

	TrainingProgress(final StatusService status, final LogService log, final LossPlot plot,
		final int epochs)
	{
		this.status = status;
		this.log = log;
		this.plot = plot;
		this.epochs = epochs;
	}

	@Override
	public void batchDone(final int epoch, final int b, final int batches) {
		status.showProgress((epoch - 1) * batches + b, epochs * batches);
	}

	@Override
	public void epochDone(final TrainingHistory h) {
		final int e = h.epochs();
		final String line = String.format("Epoch %d/%d: training loss %.5f, validation loss %.5f", e,
			epochs, h.trainLoss().get(e - 1), h.validationLoss().get(e - 1));
		status.showStatus(line);
		log.info(line);
		plot.update(h.trainLoss(), h.validationLoss());
	}

	/**
	 * Ends the run: clears the progress and writes the model, unless the run
	 * was cancelled.
	 *
	 * @return the path written, or {@code null} when cancelled (nothing is written)
	 */
	String save(final TrainingResult result, final File model) throws IOException {
		status.clearStatus();
		if (result.history().cancelled()) return null;
		ModelFiles.save(result.model(), model.toPath());
		Files.deleteIfExists(checkpoint(model));
		return model.getAbsolutePath();
	}

	/** Why {@link #save} wrote nothing, and where the last checkpoint is. */
	String cancelled(final TrainingResult result, final File model) {
		final Path checkpoint = checkpoint(model);
		return "Training was cancelled after " + result.history().epochs() + " of " + epochs +
			" epochs; no model file was written." + (Files.isRegularFile(checkpoint) ? " The last " +
				"checkpoint is " + checkpoint + ": continue it with init=" + checkpoint + "." : "");
	}

	/**
	 * Where a training that writes {@code model} keeps its checkpoint:
	 * {@code name.zip} beside it as {@code name.checkpoint.zip}. It is removed
	 * once the model is written.
	 */
	static Path checkpoint(final File model) {
		final String name = model.getName();
		final String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip") ? name.substring(0,
			name.length() - 4) : name;
		return model.toPath().toAbsolutePath().resolveSibling(stem + ".checkpoint.zip");
	}

	/** Seconds between checkpoints: a minute of work is the most a crash loses. */
	static final double CHECKPOINT_SECONDS = 60;
}
