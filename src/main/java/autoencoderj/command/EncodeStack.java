package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.CodeTables;
import autoencoderj.app.Codes;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelFiles;
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
		final String[] labels = new String[c.length];
		for (int i = 0; i < c.length; i++)
			labels[i] = image.getStack().getSliceLabel(i + 1);
		codes = CodeTables.table(c, labels);
		final String what = image.getTitle() + " with " + model.getName();
		plot = scatter("Codes of " + what, CodeTables.plane(c, "codes"), labels);
		if (pixels) pixelPlot = scatter("Pixels of " + image.getTitle() +
			", first principal components", CodeTables.plane(Codes.pixelRows(image), "pixels"), labels);
	}

	private static ImagePlus scatter(final String title, final CodeTables.Plane plane,
		final String[] labels)
	{
		return CodePlots.scatter(plane.xAxis.startsWith("PC") && !title.contains("principal") ? title +
			", first principal components" : title, plane.xAxis, plane.yAxis, plane.points, labels)
			.getImagePlus();
	}
}
