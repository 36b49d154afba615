package autoencoderj.ij1;

import ij.IJ;

import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;

/**
 * Shows the commands' status and progress in ImageJ 1.x's status bar and
 * progress bar. Fiji's legacy layer does this for ImageJ2; in plain ImageJ
 * 1.x nothing listens to scijava's status events, and a long command would
 * show nothing until it ended.
 */
final class StatusBar {

	@EventHandler
	void onEvent(final StatusEvent e) {
		if (e.getStatusMessage() != null && !e.getStatusMessage().isEmpty()) IJ.showStatus(e
			.getStatusMessage());
		final int max = e.getProgressMaximum();
		if (max > 0) IJ.showProgress(e.getProgressValue(), max);
		else if (max == 0 && e.getProgressValue() == 0) IJ.showProgress(1.0);
	}
}
