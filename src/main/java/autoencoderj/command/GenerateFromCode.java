package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.app.CodeGrids;
import autoencoderj.app.CodeTables;
import autoencoderj.app.Codes;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;

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
		final double[][] rows = CodeTables.read(codes, Codes.size(m));
		generated = CodeGrids.list(m, model.getName(), rows);
	}
}
