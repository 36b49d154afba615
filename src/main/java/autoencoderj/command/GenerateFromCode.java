package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.app.CodeGrids;
import autoencoderj.app.Codes;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Decodes images from codes: a grid over the 2-D code space seen in training,
 * or the codes of a table (a CSV with columns {@code code_1..code_k}, as
 * Encode Stack writes), one image per row.
 */
@Plugin(type = Command.class, headless = true, label = "Generate From Code",
	menuPath = "Plugins>AutoencoderJ>Generate From Code")
public class GenerateFromCode extends AutoencoderCommand {

	@Parameter(label = "Model file (dense)", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Grid size (images per side)", min = "2")
	private int grid = 10;

	@Parameter(label = "Codes table (CSV, optional)", style = FileWidget.OPEN_STYLE,
		required = false, description = "Decode these codes instead of a grid.")
	private File codes;

	@Parameter(type = ItemIO.OUTPUT, label = "Generated")
	private ImagePlus generated;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new IllegalArgumentException(
			"Choose a dense model file (model=/path/to/model.zip).");
		final AutoencoderModel m = ModelFiles.load(model.toPath());
		if (codes == null || codes.getPath().isEmpty()) {
			generated = CodeGrids.grid(m, model.getName(), grid);
			return;
		}
		if (!codes.isFile()) throw new IllegalArgumentException("The codes table " + codes +
			" does not exist.");
		final ResultsTable table = ResultsTable.open(codes.getPath());
		final int k = Codes.size(m);
		for (int j = 1; j <= k; j++)
			if (!table.columnExists("code_" + j)) throw new IllegalArgumentException("The table " + codes
				.getName() + " has no column code_" + j + "; the model's codes have " + k + " values " +
				"(columns code_1 to code_" + k + ", as Encode Stack writes).");
		final double[][] rows = new double[table.size()][k];
		for (int r = 0; r < rows.length; r++)
			for (int j = 0; j < k; j++)
				rows[r][j] = table.getValue("code_" + (j + 1), r);
		generated = CodeGrids.list(m, model.getName(), rows);
	}
}
