package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.ImagePredictor;
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

/** Applies an image-to-image model (Train Image to Image) to an image of any size. */
@Plugin(type = Command.class, headless = true, label = "Predict Image",
	menuPath = "Plugins>AutoencoderJ>Predict Image")
public class PredictImage extends AutoencoderCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Tile size", min = "32", description = "Large images are processed in " +
		"overlapping tiles of this side; reduced automatically when memory runs out.")
	private int tile = TiledPredictor.DEFAULT_TILE;

	@Parameter(label = "Tiles per batch", min = "1")
	private int batch = TiledPredictor.DEFAULT_BATCH;

	@Parameter(label = "Average over flips and rotations", required = false, description = "Predict " +
		"the image in its 8 flips and rotations (x-y for volumes) and average them: a little better, " +
		"8 times the time.")
	private boolean average;

	@Parameter(type = ItemIO.OUTPUT, label = "Predicted")
	private ImagePlus predicted;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		requireModel(model, "Train Image to Image");
		final AutoencoderModel m = ModelFiles.load(model.toPath());
		status.showStatus("Predicting from " + image.getTitle() + " with " + model.getName());
		predicted = ImagePredictor.predict(m, model.getName(), image, tile, batch, average, (done,
			total) -> status.showProgress(done, total), this::stopRequested);
		status.clearStatus();
		if (predicted == null) fail("Prediction was cancelled; no result was made.");
	}
}
