package autoencoderj.ij1;

import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Label;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;

import autoencoderj.command.DenoiseImage;
import autoencoderj.command.ShowPoolingSteps;
import autoencoderj.command.TrainAutoencoder;
import autoencoderj.command.TrainImageToImage;

import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.process.FloatProcessor;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

/**
 * Opens AutoencoderJ's ImageJ 1.x dialogs on a real display (a separate JVM
 * under Xvfb, see {@link DialogTest}) as a user meets them, reads what they
 * show, changes a choice, takes screenshots and prints what it found.
 */
public final class DialogProbe {

	private DialogProbe() {}

	/** Argument: a work folder for the screenshots. */
	public static void main(final String[] args) throws Exception {
		final Path work = Paths.get(args[0]);
		final float[] pixels = new float[64 * 64];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (float) Math.sin(i * 0.37) * 50 + 100;
		new ImagePlus("noisy.tif", new FloatProcessor(64, 64, pixels)).show();
		final Plot plot = new Plot("Loss of earlier.zip", "epoch", "loss");
		plot.add("line", new double[] { 1, 2, 3 }, new double[] { 3, 2, 1 });
		plot.show();
		final Context context = CommandPlugin.context();
		final CommandService commands = context.service(CommandService.class);
		final ExecutorService user = Executors.newSingleThreadExecutor();

		// Train Autoencoder as a user opens it: defaults, greyed fields, only images offered
		final CommandInfo train = commands.getCommand(TrainAutoencoder.class.getName());
		Future<Map<String, Object>> asked = user.submit(() -> CommandDialog.ask(context, train));
		GenericDialog gd = waitForDialog("Train Autoencoder");
		System.out.println("IMAGES " + String.join("|", items((Choice) gd.getChoices().get(0))));
		System.out.println("LABELS " + String.join("|", labels(gd)));
		System.out.println("DEFAULT " + enabled(gd));
		System.out.println("HELP " + (button(gd, "Help") != null));
		shoot(gd, work.resolve("dialog-train-autoencoder.png"));
		select(gd, "blind-spot");
		System.out.println("BLINDSPOT " + enabled(gd));
		select(gd, "3d");
		System.out.println("VOLUME " + enabled(gd));
		shoot(gd, work.resolve("dialog-train-autoencoder-blind-spot-3d.png"));
		press(gd, "Cancel");
		System.out.println("CANCELLED " + asked.get());

		// Train Image to Image: 2-D by default, its 3-D fields greyed until 3d is chosen
		final CommandInfo pairs = commands.getCommand(TrainImageToImage.class.getName());
		asked = user.submit(() -> CommandDialog.ask(context, pairs));
		gd = waitForDialog("Train Image to Image");
		System.out.println("PAIRS " + enabled(gd));
		select(gd, "3d");
		System.out.println("PAIRS3D " + enabled(gd));
		shoot(gd, work.resolve("dialog-train-image-to-image-3d.png"));
		press(gd, "Cancel");
		asked.get();

		// the values a user gave come back; a macro's missing keys take the defaults
		final CommandInfo pooling = commands.getCommand(ShowPoolingSteps.class.getName());
		asked = user.submit(() -> CommandDialog.ask(context, pooling));
		gd = waitForDialog("Show Pooling Steps");
		((TextField) gd.getNumericFields().get(0)).setText("3");
		press(gd, "OK");
		System.out.println("GIVEN size=" + asked.get().get("size"));
		asked = user.submit(() -> CommandDialog.ask(context, pooling));
		gd = waitForDialog("Show Pooling Steps");
		System.out.println("REOPENED size=" + ((TextField) gd.getNumericFields().get(0)).getText());
		press(gd, "Cancel");
		asked.get();
		asked = user.submit(() -> {
			// ImageJ reads options only on threads that its macro runner names so
			final String name = Thread.currentThread().getName();
			Thread.currentThread().setName("Run$_probe");
			Macro.setOptions("image=noisy.tif");
			try {
				return CommandDialog.ask(context, pooling);
			}
			finally {
				Macro.setOptions(null);
				Thread.currentThread().setName(name);
			}
		});
		System.out.println("MACRO size=" + asked.get().get("size"));

		// the model a training just wrote is offered to Denoise Image
		DialogMemory.modelWritten(work.resolve("just trained.zip").toString());
		asked = user.submit(() -> CommandDialog.ask(context, commands.getCommand(DenoiseImage.class
			.getName())));
		gd = waitForDialog("Denoise Image");
		System.out.println("MODEL " + ((TextField) gd.getStringFields().get(0)).getText());
		shoot(gd, work.resolve("dialog-denoise-image.png"));
		press(gd, "Cancel");
		asked.get();
		denoiseImageProgress(work);
		context.dispose();
		System.exit(0);
	}

	/** Denoise Image run by a macro in plain ImageJ 1.x: its status and progress in ImageJ's bar. */
	private static void denoiseImageProgress(final Path work) throws Exception {
		final ij.ImageJ imagej = new ij.ImageJ();
		final ImagePlus small = new ImagePlus("small", new FloatProcessor(64, 64, noise(64 * 64, 1)));
		final autoencoderj.app.TrainingSettings s = autoencoderj.app.TrainingSettings.builder()
			.architecture(autoencoderj.app.TrainingSettings.Architecture.CONVOLUTIONAL).filters(4, 8).patch(
				16).batch(4).steps(2).epochs(1).validation(0).build();
		final Path model = work.resolve("tiny.zip");
		autoencoderj.model.ModelFiles.save(autoencoderj.app.Training.train(small, s, null, null, null,
			() -> false).model(), model);
		final ij.ImageStack stack = new ij.ImageStack(1024, 1024);
		for (int z = 0; z < 16; z++)
			stack.addSlice(new FloatProcessor(1024, 1024, noise(1024 * 1024, z)));
		new ImagePlus("big.tif", stack).show();
		final Thread macro = new Thread(() -> {
			Macro.setOptions("image=big.tif model=[" + model + "] tile=128");
			new CommandPlugin().run("autoencoderj.command.DenoiseImage");
			Macro.setOptions(null);
		}, "Run$_denoise");
		macro.start();
		for (int i = 0; i < 600; i++) {
			final String status = ij.ImageJ.getStatusBarText();
			if (status != null && status.startsWith("Denoising")) {
				shoot(imagej, work.resolve("denoise-image-progress.png"));
				System.out.println("STATUS " + ij.ImageJ.getStatusBarText());
				break;
			}
			Thread.sleep(50);
		}
		macro.join();
		System.out.println("DENOISED " + (ij.WindowManager.getImage("big-denoised.tif") != null));
	}

	private static float[] noise(final int n, final long seed) {
		final java.util.Random r = new java.util.Random(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++)
			v[i] = (float) (100 + 20 * r.nextGaussian());
		return v;
	}

	private static GenericDialog waitForDialog(final String title) throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			for (final Window w : Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing() && title.equals(((GenericDialog) w)
					.getTitle())) return (GenericDialog) w;
			Thread.sleep(50);
		}
		throw new IllegalStateException("no dialog '" + title + "' appeared");
	}

	private static List<String> items(final Choice c) {
		final List<String> items = new ArrayList<>();
		for (int i = 0; i < c.getItemCount(); i++)
			items.add(c.getItem(i));
		return items;
	}

	private static List<String> labels(final Container in) {
		final List<String> labels = new ArrayList<>();
		for (final Component c : all(in))
			if (c instanceof Label && !((Label) c).getText().isEmpty()) labels.add(((Label) c).getText());
		return labels;
	}

	/** Each field's first word and whether it is enabled, e.g. {@code masked=false}. */
	private static String enabled(final Container in) throws Exception {
		Thread.sleep(100);
		final StringBuilder sb = new StringBuilder();
		for (final Component c : all(in))
			if (c instanceof Label && !((Label) c).getText().isEmpty()) sb.append(ij.Macro.trimKey(
				((Label) c).getText())).append('=').append(c.isEnabled()).append(' ');
		return sb.toString().trim();
	}

	/** Selects {@code item} in the choice that offers it, as a user's click does. */
	private static void select(final GenericDialog gd, final String item) throws Exception {
		for (final Object o : gd.getChoices()) {
			final Choice c = (Choice) o;
			if (!items(c).contains(item)) continue;
			java.awt.EventQueue.invokeAndWait(() -> {
				c.select(item);
				gd.itemStateChanged(new ItemEvent(c, ItemEvent.ITEM_STATE_CHANGED, item, ItemEvent.SELECTED));
			});
			return;
		}
		throw new IllegalStateException("no choice offers " + item);
	}

	private static Button button(final Container in, final String label) {
		for (final Component c : all(in))
			if (c instanceof Button && label.equals(((Button) c).getLabel().trim())) return (Button) c;
		return null;
	}

	private static void press(final GenericDialog gd, final String label) throws Exception {
		final Button b = button(gd, label);
		java.awt.EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(b,
			ActionEvent.ACTION_PERFORMED, label)));
	}

	private static List<Component> all(final Container in) {
		final List<Component> list = new ArrayList<>();
		for (final Component c : in.getComponents()) {
			list.add(c);
			if (c instanceof Container) list.addAll(all((Container) c));
		}
		return list;
	}

	/** Captures the window once it is painted (light grey, as dialogs are), waiting up to 15 s for it. */
	private static void shoot(final Window window, final Path png) throws Exception {
		// Xvfb has no window manager: a dialog may be drawn elsewhere than where AWT placed it
		// first, so it is placed once more where the capture looks
		java.awt.EventQueue.invokeAndWait(() -> {
			window.setLocation(10, 10);
			window.toFront();
		});
		Files.createDirectories(png.getParent());
		java.awt.image.BufferedImage shot = null;
		for (int i = 0; i < 30; i++) {
			Thread.sleep(500);
			// where it is on the screen: its bounds may still hold where it was first placed
			final java.awt.Point at = window.getLocationOnScreen();
			shot = new Robot().createScreenCapture(new java.awt.Rectangle(at, window.getSize()));
			if (brightness(shot) > 150) break;
		}
		if (brightness(shot) <= 150) {
			// still not on screen where AWT says: the window as it paints itself
			final java.awt.image.BufferedImage painted = new java.awt.image.BufferedImage(window.getWidth(),
				window.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
			java.awt.EventQueue.invokeAndWait(() -> window.printAll(painted.getGraphics()));
			shot = painted;
		}
		ImageIO.write(shot, "png", png.toFile());
	}

	private static double brightness(final java.awt.image.BufferedImage img) {
		double sum = 0;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++) {
				final int rgb = img.getRGB(x, y);
				sum += ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3.0;
			}
		return sum / (img.getWidth() * img.getHeight());
	}
}
