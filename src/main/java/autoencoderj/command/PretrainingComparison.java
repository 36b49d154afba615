package autoencoderj.command;


import autoencoderj.app.Pretraining;
import autoencoderj.model.DenseSpec;
import autoencoderj.ui.CurvePlots;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The same deep classifier trained from random weights and after greedy
 * layer-wise autoencoder pretraining; see {@link Pretraining}.
 */
@Plugin(type = Command.class, headless = true, label = "Pretraining Comparison",
	menuPath = "Plugins>AutoencoderJ>Pretraining Comparison")
public class PretrainingComparison extends AutoencoderCommand {

	/** Loss levels the table reports the iterations to. */

	@Parameter(label = "Labelled stack", description = "Each slice's label is its class.")
	private ImagePlus image;

	@Parameter(label = "Hidden layer sizes", description = "Sigmoid layers of the classifier, " +
		"separated by spaces.")
	private String hidden = "256 128 64";

	@Parameter(label = "Epochs", min = "1")
	private int epochs = 5;

	@Parameter(label = "Random seed")
	private long seed = 42;

	@Parameter(type = ItemIO.OUTPUT, label = "Training loss")
	private ImagePlus lossPlot;

	@Parameter(type = ItemIO.OUTPUT, label = "Validation accuracy")
	private ImagePlus accuracyPlot;

	@Parameter(type = ItemIO.OUTPUT, label = "Comparison")
	private ResultsTable table;

	@Override
	protected void execute() {
		final Pretraining.Result r = Pretraining.compare(image, DenseSpec.parseHidden(hidden), epochs,
			seed, this::stopRequested);
		lossPlot = CurvePlots.pair("Training loss per iteration, " + image.getTitle(), "iteration",
			"cross-entropy", r.randomLoss, RANDOM, r.pretrainedLoss, PRETRAINED).getImagePlus();
		accuracyPlot = CurvePlots.pair("Validation accuracy per epoch, " + image.getTitle(), "epoch",
			"accuracy", r.randomAccuracy, RANDOM, r.pretrainedAccuracy, PRETRAINED).getImagePlus();
		table = Pretraining.table(r, RANDOM, PRETRAINED);
	}

	private static final String RANDOM = "random weights", PRETRAINED = "autoencoder-pretrained";
}
