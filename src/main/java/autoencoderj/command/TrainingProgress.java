package autoencoderj.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import autoencoderj.app.TrainingControl;
import autoencoderj.app.TrainingResult;
import autoencoderj.engine.training.EpochListener;
import autoencoderj.engine.training.TrainingHistory;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;
import autoencoderj.ui.LossPlot;
import autoencoderj.ui.TrainingWindow;

import ij.ImagePlus;
import ij.macro.Interpreter;

import org.scijava.app.StatusService;
import org.scijava.log.LogService;

/**
 * What the training commands show while they train: the status bar and the
 * progress from the first second, a log line per epoch, and where a display
 * exists the training window (progress with the time left, the loss curves,
 * the best epoch, Stop and Cancel); then the model written, or why not.
 */
final class TrainingProgress implements EpochListener {

	private final StatusService status;
	private final LogService log;
	private final LossPlot plot;
	private final TrainingWindow window;
	private final TrainingControl control;
	private final int epochs;
	private long firstStepNanos = -1, firstStepDone;
	private autoencoderj.app.PreviewCrop preview;

	/**
	 * @param title what is trained, e.g. the model file's name
	 * @param control asked between minibatches; the window's buttons act on it
	 */
	TrainingProgress(final StatusService status, final LogService log, final String title,
		final int epochs, final TrainingControl control)
	{
		this.status = status;
		this.log = log;
		this.epochs = epochs;
		this.control = control;
		window = TrainingWindow.open("Training " + title, control::stop, control::cancel);
		// the curves go into the window where there is one, else into a live plot of their own
		plot = new LossPlot("Loss of " + title, window == null && !GraphicsEnvironment.isHeadless() &&
			!Interpreter.isBatchMode());
		// in the window, beside the preview
		if (window != null) plot.size(420, 250);
		starting("Sampling training patches and starting the engine...");
	}

	/** Says what the training does before its first step. */
	void starting(final String what) {
		status.showStatus(what);
		if (window != null) window.status(what);
	}

	@Override
	public void batchDone(final int epoch, final int b, final int batches) {
		final long done = (long) (epoch - 1) * batches + b, total = (long) epochs * batches;
		status.showProgress((int) Math.min(Integer.MAX_VALUE, done), (int) Math.min(Integer.MAX_VALUE,
			total));
		if (window == null) return;
		final long now = System.nanoTime();
		if (firstStepNanos < 0) {
			firstStepNanos = now;
			firstStepDone = done;
		}
		final long steps = done - firstStepDone;
		final String left = steps < 1 ? "" : ", about " + TrainingWindow.duration((now - firstStepNanos) *
			1e-9 / steps * (total - done)) + " left";
		window.progress(done, total, String.format(Locale.ROOT, "epoch %d/%d, step %d/%d%s", epoch, epochs,
			b, batches, left));
		if (b == 1) window.status("Training: epoch " + epoch + " of " + epochs);
	}

	/**
	 * Shows the model's output on {@code crop} after each epoch, where the
	 * window is shown; {@code null}: no preview.
	 */
	void preview(final java.util.function.Supplier<autoencoderj.app.PreviewCrop> crop) {
		if (window != null) preview = crop.get();
	}

	@Override
	public void epochDone(final TrainingHistory h, final org.deeplearning4j.nn.api.Model net) {
		final int e = h.epochs();
		final String line = String.format(Locale.ROOT, "Epoch %d/%d: training loss %.5f, validation " +
			"loss %.5f", e, epochs, h.trainLoss().get(e - 1), h.validationLoss().get(e - 1));
		status.showStatus(line);
		log.info(line);
		plot.update(h.trainLoss(), h.validationLoss());
		if (window == null) return;
		window.epoch(plot.image(), Double.isNaN(h.bestValidationLoss()) ? line : String.format(
			Locale.ROOT, "Best so far: epoch %d, validation loss %.5f", h.bestEpoch(), h
				.bestValidationLoss()), render(net), "Input and output now (middle crop, epoch " + e + ")");
	}

	@Override
	public void epochDone(final TrainingHistory h) {
		epochDone(h, null);
	}

	/** The preview of {@code net}'s output, or {@code null} where there is none. */
	private ImagePlus render(final org.deeplearning4j.nn.api.Model net) {
		if (preview == null || net == null) return null;
		try {
			return preview.render(net);
		}
		catch (final RuntimeException exc) {
			// a preview is worth less than the training it shows: stop previewing, keep training
			log.debug("No preview: " + exc);
			preview = null;
			return null;
		}
	}

	/** The loss curves, as an image. */
	ImagePlus lossPlot() {
		return plot.image();
	}

	/**
	 * Ends the run: clears the progress and writes the model, unless the run
	 * was cancelled (or stopped before its first epoch ended). A stopped run's
	 * model says so in its manifest.
	 *
	 * @return the path written, or {@code null} when nothing was written
	 */
	String save(final TrainingResult result, final File model) throws IOException {
		if (!usable(result)) {
			if (control.cancelAsked()) Files.deleteIfExists(checkpoint(model));
			if (window != null) window.finished(cancelled(result, model));
			return null;
		}
		ModelFiles.save(result.model(), model.toPath());
		Files.deleteIfExists(checkpoint(model));
		if (window != null) window.finished(stoppedNote(result) + "Model written to " + model.getName() +
			" (" + kept(result.history()) + ").");
		return model.getAbsolutePath();
	}

	/**
	 * Ends a run whose model is used, not written: clears the progress and
	 * marks a stopped run's manifest.
	 *
	 * @return whether there is a model to use
	 */
	boolean finish(final TrainingResult result) {
		final boolean usable = usable(result);
		if (window != null) window.finished(usable ? stoppedNote(result) + "Training done (" + kept(
			result.history()) + ")." : cancelled(result, null));
		return usable;
	}

	/**
	 * Clears the progress; whether the run left a model (it ended, or was
	 * stopped after an epoch), whose manifest then says how many epochs were
	 * asked and whether it was stopped.
	 */
	private boolean usable(final TrainingResult result) {
		status.clearStatus();
		final TrainingHistory h = result.history();
		final boolean stopped = h.cancelled() && control.stopping() && h.epochs() > 0;
		if (h.cancelled() && !stopped) return false;
		final Manifest.TrainingInfo t = result.model().manifest().training;
		t.epochsAsked = epochs;
		if (stopped) {
			t.cancelled = false;
			t.stopped = true;
		}
		return true;
	}

	/** Which epoch's weights the model holds, and why. */
	static String kept(final TrainingHistory h) {
		return h.keptLast() ? "the last epoch, " + h.keptEpoch() + ", at the end of the cosine " +
			"schedule; best validation loss at epoch " + h.bestEpoch() : "best validation loss at epoch " +
				h.keptEpoch();
	}

	/** {@code Stopped after epoch k of n. } for a stopped run's model, else empty. */
	static String stoppedNote(final TrainingResult result) {
		final Manifest.TrainingInfo t = result.model().manifest().training;
		return t.stopped ? "Stopped after epoch " + t.epochs + " of " + t.epochsAsked + ". " : "";
	}

	/** Why {@link #save} wrote nothing, and where the last checkpoint is. */
	String cancelled(final TrainingResult result, final File model) {
		final Path checkpoint = model == null ? null : checkpoint(model);
		final int done = result.history().epochs();
		final String what = control.stopping() ? "Training was stopped before its first epoch ended: " +
			"there is no model to keep yet" + (model == null ? "." : ", so no model file was written.")
				: "Training was cancelled after " + done + " of " + epochs + " epochs" + (model == null ? "."
					: "; no model file was written.");
		return what + (checkpoint != null && Files.isRegularFile(checkpoint) ? " The last checkpoint is " + checkpoint +
			": continue it with init=" + checkpoint + "." : "");
	}

	/**
	 * Where a training that writes {@code model} keeps its checkpoint:
	 * {@code name.zip} beside it as {@code name.checkpoint.zip}. It is removed
	 * once the model is written, or when the user cancels.
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
