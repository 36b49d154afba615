package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.BudgetedDenoising;
import autoencoderj.app.Denoiser;
import autoencoderj.app.PreviewCrop;
import autoencoderj.app.Training;
import autoencoderj.app.TrainingControl;
import autoencoderj.app.TrainingResult;
import autoencoderj.data.OutputFiles;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * The commonest task in one command: a blind-spot U-Net trained on the open
 * image within a time budget, then applied to it.
 */
@Plugin(type = Command.class, headless = true, label = "Denoise Noisy Image",
	menuPath = "Plugins>AutoencoderJ>Denoise Noisy Image")
public class DenoiseNoisyImage extends AutoencoderCommand {

	@Parameter(label = "Noisy image", description = "An image, a stack or a hyperstack with noise " +
		"that is independent from pixel to pixel (shot and read noise). Nothing else is needed: " +
		"the network learns from this image alone (Noise2Void).")
	private ImagePlus image;

	@Parameter(label = "Time budget (minutes)", min = "0.1", stepSize = "0.5", description = "Training " +
		"and denoising together end within this time on this computer; more time, a better result.")
	private double minutes = 3;

	@Parameter(label = "Dimensions", choices = { "2d", "3d" }, description = "2d: every slice is " +
		"denoised as an image; 3d: the z slices are a volume (at least 8), learnt with 3-D " +
		"convolutions.")
	private String dimensions = "2d";

	@Parameter(label = "Average over flips and rotations", required = false, description = "The " +
		"image denoised in its 8 flips and rotations and averaged: 0.3-0.5 dB better on the pictures " +
		"measured; the denoising takes 8 times as long, out of the budget.")
	private boolean average = true;

	@Parameter(label = "Keep the model as (optional)", style = FileWidget.SAVE_STYLE, required = false,
		description = "Write the model trained here, to denoise similar images with Denoise Image " +
			"or Denoise Folder.")
	private File model;

	@Parameter(label = "Random seed")
	private long seed = 42;

	@Parameter(type = ItemIO.OUTPUT, label = "Denoised")
	private ImagePlus denoised;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file written", required = false)
	private String saved;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		final long start = System.nanoTime();
		final boolean keep = model != null && !model.getPath().isEmpty();
		if (keep) ModelFiles.checkWritable(model.toPath(), OutputFiles.fileOf(image));
		status.showStatus("Measuring a few training steps on this computer...");
		final BudgetedDenoising.Plan plan = BudgetedDenoising.plan(image, minutes, SettingKeys
			.parseDimensions(dimensions), average, seed, start, this::stopRequested);
		if (plan == null) {
			fail("Denoising was cancelled; no result was made.");
			return;
		}
		log.info("Denoise Noisy Image: " + plan.describe());
		final TrainingControl control = new TrainingControl(this::stopRequested);
		final String title = keep ? model.getName() : image.getTitle();
		final TrainingProgress progress = new TrainingProgress(status, log, title, plan.settings()
			.epochs(), control);
		progress.preview(() -> PreviewCrop.of(image, plan.settings(), plan.settings().filters().length));
		final TrainingResult result = Training.train(image, plan.settings(), null, null, progress, plan
			.until(control, control::stop));
		result.model().manifest().training.budgetSeconds = minutes * 60;
		final boolean trained = keep ? (saved = progress.save(result, model)) != null : progress.finish(
			result);
		if (!trained) {
			fail(progress.cancelled(result, keep ? model : null));
			return;
		}
		status.showStatus("Denoising " + image.getTitle());
		denoised = Denoiser.denoise(result.model(), title, image, TiledPredictor.DEFAULT_TILE,
			TiledPredictor.DEFAULT_BATCH, average, (done, total) -> status.showProgress(done, total),
			this::stopRequested);
		status.clearStatus();
		if (denoised == null) {
			fail("Denoising was cancelled; no result was made.");
			return;
		}
		final double seconds = (System.nanoTime() - start) * 1e-9;
		final String what = String.format(java.util.Locale.ROOT, "Denoise Noisy Image: %s; %s%s. " +
			"%.0f s of a budget of %s min.", plan.describe(), TrainingProgress.stoppedNote(result),
			TrainingProgress.kept(result.history()), seconds, minutes);
		denoised.setProperty("Info", denoised.getProperty("Info") + "\n" + what);
		offerModel(saved);
		log.info(what + (saved != null ? " Model written to " + saved + "." : ""));
	}
}
