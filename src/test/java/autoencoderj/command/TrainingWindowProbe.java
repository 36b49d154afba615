package autoencoderj.command;

import java.awt.Component;
import java.awt.Container;
import java.awt.Frame;
import java.awt.Rectangle;
import java.awt.Robot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;

import autoencoderj.app.SyntheticImages;
import autoencoderj.cli.Contexts;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Trains with the training window on a real display (a separate JVM under
 * Xvfb, see {@link TrainingWindowTest}): waits for epochs to end, takes
 * screenshots, presses Stop or Cancel as a user would, and prints what was
 * written.
 */
public final class TrainingWindowProbe {

	private TrainingWindowProbe() {}

	/** Arguments: a work folder, {@code stop} or {@code cancel}. */
	public static void main(final String[] args) throws Exception {
		final Path work = Paths.get(args[0]);
		final boolean stop = args[1].equals("stop");
		final File model = work.resolve(args[1] + ".zip").toFile();
		final Context context = Contexts.withoutDisplays();
		// values a dialog remembered from earlier runs are forgotten: the command's defaults and these
		context.service(org.scijava.prefs.PrefService.class).clear(TrainAutoencoder.class);
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("init", null);
		inputs.put("image", SyntheticImages.cleanStack(96, 96, 4, 3));
		inputs.put("architecture", "convolutional");
		inputs.put("filters", "8 16");
		inputs.put("patch", 32);
		inputs.put("steps", 40);
		inputs.put("batch", 8);
		inputs.put("epochs", 30);
		inputs.put("noise", "gaussian");
		inputs.put("sigma", 0.2);
		inputs.put("model", model);
		final Future<CommandModule> run = context.service(CommandService.class).run(TrainAutoencoder.class
			.getName(), true, inputs);
		final Frame window = waitForWindow("Training " + model.getName(), run);
		final int epochs = stop ? 3 : 1;
		// the bar shows the next epoch: the ones before it are done
		waitFor(window, "progress", "epoch " + (epochs + 1) + "/");
		Thread.sleep(300);
		shoot(window, work.resolve(args[1] + "-during.png"));
		final javax.swing.Icon preview = ((JLabel) find(window, "preview")).getIcon();
		System.out.println("PREVIEW " + (preview == null ? "none" : preview.getIconWidth() + "x" + preview
			.getIconHeight()) + " " + text(window, "previewCaption"));
		SwingUtilities.invokeAndWait(() -> ((AbstractButton) find(window, args[1])).doClick());
		final CommandModule done = run.get();
		Thread.sleep(500);
		shoot(window, work.resolve(args[1] + "-after.png"));
		System.out.println("window said: " + text(window, "status"));
		if (stop) {
			final Manifest m = ModelFiles.readManifest(model.toPath());
			System.out.println("STOPPED canceled=" + done.isCanceled() + " stopped=" + m.training.stopped +
				" epochs=" + m.training.epochs + " asked=" + m.training.epochsAsked + " best=" + m.training
					.bestEpoch + " loads=" + (ModelFiles.load(model.toPath()) != null));
		}
		else System.out.println("CANCELLED canceled=" + done.isCanceled() + " model=" + model.exists() +
			" checkpoint=" + TrainingProgress.checkpoint(model).toFile().exists() + " reason=" + done
				.getCancelReason());
		context.dispose();
		System.exit(0);
	}

	private static Frame waitForWindow(final String title, final Future<CommandModule> run)
		throws Exception
	{
		for (int i = 0; i < 1200; i++) {
			if (run.isDone()) throw new IllegalStateException("the command ended without a window: " + run
				.get().getCancelReason());
			for (final Frame f : Frame.getFrames())
				if (title.equals(f.getTitle()) && f.isShowing()) return f;
			Thread.sleep(50);
		}
		throw new IllegalStateException("no window '" + title + "' appeared");
	}

	private static void waitFor(final Frame window, final String name, final String text)
		throws InterruptedException
	{
		for (int i = 0; i < 2400; i++) {
			if (text(window, name).contains(text)) return;
			Thread.sleep(50);
		}
		throw new IllegalStateException("'" + name + "' never said '" + text + "': " + text(window, name));
	}

	private static String text(final Frame window, final String name) {
		final Component c = find(window, name);
		return c instanceof JLabel ? ((JLabel) c).getText() : c instanceof javax.swing.JProgressBar
			? ((javax.swing.JProgressBar) c).getString() : String.valueOf(c);
	}

	private static Component find(final Container in, final String name) {
		for (final Component c : in.getComponents()) {
			if (name.equals(c.getName())) return c;
			if (c instanceof Container) {
				final Component found = find((Container) c, name);
				if (found != null) return found;
			}
		}
		return null;
	}

	private static void shoot(final Frame window, final Path png) throws Exception {
		final Rectangle r = window.getBounds();
		Files.createDirectories(png.getParent());
		ImageIO.write(new Robot().createScreenCapture(r), "png", png.toFile());
	}
}
