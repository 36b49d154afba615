package autoencoderj.command;

import java.awt.Color;
import java.util.List;

import autoencoderj.model.DenseSpec;
import autoencoderj.app.Pretraining;

import ij.ImagePlus;
import ij.gui.Plot;
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
	static final double[] LEVELS = { 2.0, 1.5, 1.0, 0.5 };

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
		lossPlot = curves("Training loss per iteration, " + image.getTitle(), "iteration",
			"cross-entropy", r.randomLoss, r.pretrainedLoss).getImagePlus();
		accuracyPlot = curves("Validation accuracy per epoch, " + image.getTitle(), "epoch", "accuracy",
			r.randomAccuracy, r.pretrainedAccuracy).getImagePlus();
		table = new ResultsTable();
		row("random weights", r.randomLoss, r.randomAccuracy);
		row("autoencoder-pretrained", r.pretrainedLoss, r.pretrainedAccuracy);
	}

	private void row(final String start, final List<Double> loss, final List<Double> accuracy) {
		table.incrementCounter();
		table.addValue("start", start);
		for (final double level : LEVELS)
			table.addValue("iterations to loss " + level, Pretraining.iterationsTo(loss, level));
		table.addValue("final loss", loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1));
		table.addValue("final accuracy", accuracy.isEmpty() ? Double.NaN : accuracy.get(accuracy.size() -
			1));
	}

	private static Plot curves(final String title, final String x, final String y,
		final List<Double> random, final List<Double> pretrained)
	{
		final Plot plot = new Plot(title, x, y);
		plot.setColor(Color.RED);
		plot.add("line", index(random.size()), values(random));
		plot.setColor(Color.BLUE);
		plot.add("line", index(pretrained.size()), values(pretrained));
		plot.setColor(Color.BLACK);
		plot.addLegend("random weights\nautoencoder-pretrained");
		plot.setLimitsToFit(false);
		return plot;
	}

	private static double[] index(final int n) {
		final double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = i + 1;
		return v;
	}

	private static double[] values(final List<Double> list) {
		return list.stream().mapToDouble(Double::doubleValue).toArray();
	}
}
