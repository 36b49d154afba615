package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.Denoiser;
import autoencoderj.app.VolumeDenoiser;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Applies a trained autoencoder to every slice of an image. */
@Plugin(type = Command.class, headless = true, label = "Denoise Image",
	menuPath = "Plugins>AutoencoderJ>Denoise Image")
public class DenoiseImage extends AutoencoderCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Tile size (convolutional models)", min = "32",
		description = "Large images are processed in overlapping tiles of this side; smaller " +
			"tiles use less memory. Reduced automatically when memory runs out.")
	private int tile = TiledPredictor.DEFAULT_TILE;

	@Parameter(label = "Tiles per batch (convolutional models)", min = "1")
	private int batch = TiledPredictor.DEFAULT_BATCH;

	@Parameter(label = "Average over flips and rotations", required = false, description = "Predict " +
		"the image in its 8 flips and rotations (x-y for volumes) and average them: a little better, " +
		"8 times the time.")
	private boolean average;

	@Parameter(type = ItemIO.OUTPUT, label = "Denoised")
	private ImagePlus denoised;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		requireModel(model, "Train Autoencoder");
		final AutoencoderModel m = ModelFiles.load(model.toPath());
		if (m.volumes()) {
			final String warning = VolumeDenoiser.calibrationWarning(m, model.getName(), image);
			if (warning != null) log.warn(warning);
		}
		status.showStatus("Denoising " + image.getTitle() + " with " + model.getName());
		denoised = Denoiser.denoise(m, model.getName(), image, tile, batch, average, (done, total) -> status
			.showProgress(done, total), this::stopRequested);
		status.clearStatus();
		if (denoised == null) fail("Denoising was cancelled; no result was made.");
	}
}
