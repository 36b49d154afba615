package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.model.EpochListener;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.TrainingHistory;
import autoencoderj.model.TrainingResult;
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
		plot.update(h);
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
		return model.getAbsolutePath();
	}

	/** Why {@link #save} wrote nothing. */
	String cancelled(final TrainingResult result) {
		return "Training was cancelled after " + result.history().epochs() + " of " + epochs +
			" epochs; no model file was written.";
	}
}
