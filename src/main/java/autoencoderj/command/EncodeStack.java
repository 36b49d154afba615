package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.app.Codes;
import autoencoderj.model.ModelFiles;
import autoencoderj.ops.Pca;
import autoencoderj.ui.CodePlots;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Encodes each slice of a stack to its code with a dense model: a table of the
 * codes and a scatter plot coloured by slice label (the codes themselves when
 * they are 2-D, their first two principal components otherwise), optionally
 * beside the principal components of the raw pixels.
 */
@Plugin(type = Command.class, headless = true, label = "Encode Stack",
	menuPath = "Plugins>AutoencoderJ>Encode Stack")
public class EncodeStack extends AutoencoderCommand {

	@Parameter(label = "Stack")
	private ImagePlus image;

	@Parameter(label = "Model file (dense)", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Also plot the PCA of the raw pixels")
	private boolean pixels;

	@Parameter(type = ItemIO.OUTPUT, label = "Codes")
	private ResultsTable codes;

	@Parameter(type = ItemIO.OUTPUT, label = "Code space")
	private ImagePlus plot;

	@Parameter(type = ItemIO.OUTPUT, label = "PCA of the pixels", required = false)
	private ImagePlus pixelPlot;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new IllegalArgumentException(
			"Choose a dense model file (model=/path/to/model.zip).");
		final AutoencoderModel m = ModelFiles.load(model.toPath());
		final double[][] c = Codes.encode(m, model.getName(), image).toDoubleMatrix();
		final int n = c.length, k = c[0].length;
		final String[] labels = new String[n];
		codes = new ResultsTable();
		for (int i = 0; i < n; i++) {
			labels[i] = image.getStack().getSliceLabel(i + 1);
			codes.incrementCounter();
			codes.addValue("slice", i + 1);
			codes.addValue("label", labels[i] == null ? "" : labels[i]);
			for (int j = 0; j < k; j++)
				codes.addValue("code_" + (j + 1), c[i][j]);
		}
		for (int j = 0; j < k; j++)
			codes.setDecimalPlaces(codes.getColumnIndex("code_" + (j + 1)), 9);
		final String what = image.getTitle() + " with " + model.getName();
		plot = k == 2 ? CodePlots.scatter("Codes of " + what, "code_1", "code_2", c, labels)
			.getImagePlus() : pcaPlot("Codes of " + what + ", first principal components", "codes", c,
				labels);
		if (pixels) pixelPlot = pcaPlot("Pixels of " + image.getTitle() +
			", first principal components", "pixels", pixelRows(), labels);
	}

	private static ImagePlus pcaPlot(final String title, final String of, final double[][] rows,
		final String[] labels)
	{
		final Pca pca = Pca.fit(rows, 2);
		final double[] e = pca.explained();
		return CodePlots.scatter(title, String.format("PC1 of %s (%.1f%% of variance)", of, 100 * e[0]),
			String.format("PC2 of %s (%.1f%% of variance)", of, 100 * e[1]), pca.transform(rows), labels)
			.getImagePlus();
	}

	private double[][] pixelRows() {
		final int n = image.getStackSize(), p = image.getWidth() * image.getHeight();
		final double[][] rows = new double[n][p];
		for (int i = 0; i < n; i++) {
			final float[] px = (float[]) image.getStack().getProcessor(i + 1).convertToFloatProcessor()
				.getPixels();
			for (int j = 0; j < p; j++)
				rows[i][j] = px[j];
		}
		return rows;
	}
}
