package autoencoderj.command;

import java.io.IOException;

import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

/**
 * Base of AutoencoderJ's commands: turns the problems a user can fix (bad
 * image, bad parameter, unusable file) into a clear message instead of a
 * stack trace. The message is logged, shown in a dialog when a user interface
 * is visible, and becomes the command's cancel reason, which headless runs
 * report and exit on.
 */
public abstract class AutoencoderCommand extends ContextCommand {

	@Parameter
	protected LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Override
	public final void run() {
		// an Esc pressed before this command started is not meant for it
		if (ij.IJ.getInstance() != null) ij.IJ.resetEscape();
		try {
			execute();
		}
		catch (final IllegalArgumentException | IOException exc) {
			log.debug(exc);
			fail(exc.getMessage());
		}
		catch (final java.io.UncheckedIOException exc) {
			log.debug(exc);
			fail(exc.getCause().getMessage());
		}
	}

	/** The command's work; throw {@link IllegalArgumentException} or {@link IOException} with a message for the user. */
	protected abstract void execute() throws IOException;

	/** Stops the command with a message for the user. */
	protected void fail(final String message) {
		log.error(message);
		cancel(message);
		if (ui != null && !ui.isHeadless() && ui.getDefaultUI() != null && ui.isVisible()) {
			ui.showDialog(message, "AutoencoderJ", DialogPrompt.MessageType.ERROR_MESSAGE);
		}
	}



	/**
	 * After a model file was written: the commands that open a model offer it
	 * next, where a user works in a visible Fiji (not headless, no macro
	 * running); see {@link ModelOffer}.
	 */
	protected void offerModel(final String written) {
		if (written == null || ui == null || ui.isHeadless() || !ui.isVisible() || ij.Macro
			.getOptions() != null || ij.macro.Interpreter.getInstance() != null) return;
		ModelOffer.offer(getContext(), new java.io.File(written));
	}

	/** Refuses a missing model file with the key to give and the command that writes one. */
	protected static void requireModel(final java.io.File model, final String writtenBy) {
		if (model == null) throw new IllegalArgumentException("Choose a model file " +
			"(model=/path/to/model.zip), written by " + writtenBy + ".");
	}

	/** True when the user cancelled, pressed Esc in ImageJ, or the thread was interrupted. */
	protected boolean stopRequested() {
		return isCanceled() || Thread.currentThread().isInterrupted() || ij.IJ.getInstance() != null &&
			ij.IJ.escapePressed();
	}
}
