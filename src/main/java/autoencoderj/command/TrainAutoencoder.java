package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.model.DenoisingCheck;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.DenseTraining;
import autoencoderj.model.EpochListener;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.TrainingHistory;
import autoencoderj.model.TrainingSettings;
import autoencoderj.ui.LossPlot;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Trains an autoencoder on the slices of a stack and writes it to a model file. */
@Plugin(type = Command.class, headless = true, label = "Train Autoencoder",
	menuPath = "Plugins>AutoencoderJ>Train Autoencoder")
public class TrainAutoencoder extends AutoencoderCommand {

	@Parameter(label = "Training stack", description = "Each slice is one training example.")
	private ImagePlus image;

	@Parameter(label = "Architecture", choices = { "dense" })
	private String architecture = "dense";

	@Parameter(label = "Hidden layer sizes",
		description = "Encoder layer sizes separated by spaces; the last is the code size. " +
			"The decoder mirrors them.")
	private String hidden = "50";

	@Parameter(label = "Loss", choices = { "xent", "mse" },
		description = "Binary cross-entropy (xent) or mean squared error (mse), per pixel.")
	private String loss = "xent";

	@Parameter(label = "Noise (denoising objective)", choices = { "gaussian", "none" })
	private String noise = "gaussian";

	@Parameter(label = "Noise sigma", description = "In normalised intensity units: 0 and 1 " +
		"are the low and high normalisation percentiles; 0.5 is the MNIST experiment.", min = "0")
	private double sigma = 0.5;

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 20;

	@Parameter(label = "Batch size", min = "1")
	private int batch = 256;

	@Parameter(label = "Learning rate", stepSize = "0.0001")
	private double rate = 1e-3;

	@Parameter(label = "Validation fraction", min = "0", max = "0.9", stepSize = "0.05")
	private double validation = 0.1;

	@Parameter(label = "Random seed")
	private long seed = 42;

	@Parameter(label = "Model file to write", style = FileWidget.SAVE_STYLE)
	private File model;

	@Parameter(label = "Show reconstructions of a few slices")
	private boolean reconstruct;

	@Parameter(type = ItemIO.OUTPUT, label = "Model file written")
	private String saved;

	@Parameter(type = ItemIO.OUTPUT, label = "Loss")
	private ImagePlus lossPlot;

	@Parameter(type = ItemIO.OUTPUT, label = "Reconstructions", required = false)
	private ImagePlus reconstructions;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new IllegalArgumentException(
			"Choose a model file to write (model=/path/to/model.zip).");
		final TrainingSettings settings = TrainingSettings.builder()
			.hidden(DenseSpec.parseHidden(hidden)).loss(DenseSpec.Loss.parse(loss)).noise(noise, sigma).epochs(epochs).batch(batch)
			.rate(rate).validation(validation).seed(seed).build();
		final LossPlot plot = new LossPlot("Loss of " + model.getName());
		final DenseTraining.Result result = DenseTraining.train(image, settings, new EpochListener() {

			@Override
			public void batchDone(final int epoch, final int b, final int batches) {
				status.showProgress((epoch - 1) * batches + b, epochs * batches);
			}

			@Override
			public void epochDone(final TrainingHistory h) {
				final int e = h.epochs();
				final String line = String.format("Epoch %d/%d: training loss %.5f, validation loss %.5f",
					e, epochs, h.trainLoss().get(e - 1), h.validationLoss().get(e - 1));
				status.showStatus(line);
				log.info(line);
				plot.update(h);
			}
		}, this::stopRequested);
		status.clearStatus();
		lossPlot = plot.image();
		if (result.history().cancelled()) {
			fail("Training was cancelled after " + result.history().epochs() + " of " + epochs +
				" epochs; no model file was written.");
			return;
		}
		ModelFiles.save(result.model(), model.toPath());
		saved = model.getAbsolutePath();
		log.info("Model written to " + saved + " (best validation loss at epoch " + result
			.history().bestEpoch() + ")");
		if (reconstruct) reconstructions = DenoisingCheck.run(result.model(), image, 8, seed)
			.montage(8);
	}
}
