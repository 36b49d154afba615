package autoencoderj.ui;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.GraphicsEnvironment;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.Locale;

import javax.swing.BorderFactory;
import javax.swing.ImageIcon;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

import ij.ImagePlus;
import ij.macro.Interpreter;

/**
 * The window a training shows while it runs, where a display exists (Fiji
 * and plain ImageJ 1.x alike; never headless or in a batch-mode macro):
 * what it is doing, a progress bar by step with the time left, the loss
 * curves and the best epoch so far, and two buttons: <b>Stop</b> ends the
 * run and keeps the best model so far, <b>Cancel</b> ends it and writes
 * nothing. Closing the window while training runs is Stop: nothing trained is
 * lost by a stray click. Updated from the training thread; every change is
 * made on Swing's thread.
 */
public final class TrainingWindow {

	private final JFrame frame;
	private final JLabel status = new JLabel(" "), best = new JLabel(" "), plot = new JLabel(),
			previewImage = new JLabel(), previewCaption = new JLabel();
	private final JProgressBar bar = new JProgressBar(0, 1000);
	private final JButton stop = new JButton("Stop"), cancel = new JButton("Cancel");
	private volatile boolean running = true;

	private TrainingWindow(final String title, final Runnable onStop, final Runnable onCancel) {
		frame = new JFrame(title);
		frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
		bar.setStringPainted(true);
		bar.setString("starting");
		stop.setName("stop");
		cancel.setName("cancel");
		status.setName("status");
		best.setName("best");
		bar.setName("progress");
		previewImage.setName("preview");
		previewCaption.setName("previewCaption");
		stop.setToolTipText("End training now and write the best model so far");
		cancel.setToolTipText("End training now and write nothing");
		stop.addActionListener(e -> {
			onStop.run();
			ending("Stopping after this step; the best model so far will be written...");
		});
		cancel.addActionListener(e -> {
			onCancel.run();
			ending("Cancelling; nothing will be written...");
		});
		frame.addWindowListener(new WindowAdapter() {

			@Override
			public void windowClosing(final WindowEvent e) {
				if (running) onStop.run();
			}
		});
		plot.setHorizontalAlignment(SwingConstants.CENTER);
		final JPanel text = new JPanel(new GridLayout(3, 1, 0, 4));
		text.add(status);
		text.add(bar);
		text.add(best);
		final JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
		buttons.add(stop);
		buttons.add(cancel);
		final JPanel content = new JPanel(new BorderLayout(0, 8));
		content.setBorder(BorderFactory.createEmptyBorder(10, 10, 10, 10));
		content.add(text, BorderLayout.NORTH);
		content.add(plot, BorderLayout.CENTER);
		final JPanel preview = new JPanel(new BorderLayout(0, 4));
		previewCaption.setHorizontalAlignment(SwingConstants.CENTER);
		preview.add(previewImage, BorderLayout.CENTER);
		preview.add(previewCaption, BorderLayout.SOUTH);
		content.add(preview, BorderLayout.EAST);
		content.add(buttons, BorderLayout.SOUTH);
		frame.setContentPane(content);
		frame.setSize(560, 200);
		frame.setLocationByPlatform(true);
	}

	/**
	 * A shown window, or {@code null} where there is no display to show it
	 * on (headless, batch-mode macros).
	 *
	 * @param onStop called on Stop (and on closing the window while training runs)
	 * @param onCancel called on Cancel
	 */
	public static TrainingWindow open(final String title, final Runnable onStop,
		final Runnable onCancel)
	{
		if (GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) return null;
		final TrainingWindow w = new TrainingWindow(title, onStop, onCancel);
		SwingUtilities.invokeLater(() -> w.frame.setVisible(true));
		return w;
	}

	/** What the training is doing, e.g. sampling patches. */
	public void status(final String text) {
		SwingUtilities.invokeLater(() -> status.setText(text));
	}

	/** Steps done of all, with a line of what they are and the time left. */
	public void progress(final long done, final long total, final String line) {
		SwingUtilities.invokeLater(() -> {
			bar.setValue((int) (1000 * done / Math.max(1, total)));
			bar.setString(line);
		});
	}

	/**
	 * The loss curves so far, a line on the best epoch, and a preview of the
	 * model's output ({@code null}: none) with its caption.
	 */
	public void epoch(final ImagePlus curves, final String bestLine, final ImagePlus preview,
		final String caption)
	{
		// a small crop is shown larger, in whole pixels
		final int factor = preview == null ? 1 : Math.max(1, 192 / preview.getHeight());
		final ImageIcon shown = preview == null ? null : new ImageIcon(preview.getProcessor().resize(
			preview.getWidth() * factor, preview.getHeight() * factor).createImage());
		if (shown != null) SwingUtilities.invokeLater(() -> {
			previewImage.setIcon(shown);
			previewCaption.setText(caption);
		});
		final ImageIcon icon = curves == null ? null : new ImageIcon(curves.getImage());
		SwingUtilities.invokeLater(() -> {
			best.setText(bestLine);
			if (icon != null) {
				plot.setIcon(icon);
				frame.pack();
			}
		});
	}

	/** The run has ended: says how, and leaves the window open with its curves until closed. */
	public void finished(final String message) {
		running = false;
		SwingUtilities.invokeLater(() -> {
			status.setText(message);
			bar.setString("ended");
			stop.setEnabled(false);
			cancel.setText("Close");
			cancel.setEnabled(true);
			for (final java.awt.event.ActionListener l : cancel.getActionListeners())
				cancel.removeActionListener(l);
			cancel.addActionListener(e -> frame.dispose());
		});
	}

	private void ending(final String message) {
		stop.setEnabled(false);
		cancel.setEnabled(false);
		status.setText(message);
	}

	/** E.g. {@code 45 s}, {@code 3 min 5 s}, {@code 1 h 12 min}. */
	public static String duration(final double seconds) {
		final long s = Math.max(0, Math.round(seconds));
		if (s < 60) return s + " s";
		if (s < 3600) return String.format(Locale.ROOT, "%d min %d s", s / 60, s % 60);
		return String.format(Locale.ROOT, "%d h %d min", s / 3600, s % 3600 / 60);
	}
}
