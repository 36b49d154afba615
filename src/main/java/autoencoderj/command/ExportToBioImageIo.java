package autoencoderj.command;

import java.io.File;
import java.io.IOException;

import autoencoderj.data.AtomicFiles;
import autoencoderj.data.OutputFiles;
import autoencoderj.export.ModelPackage;
import autoencoderj.export.PackageInfo;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * Writes a model as a BioImage Model Zoo package (bioimage.io, ONNX and
 * PyTorch weights) that deepImageJ and bioimageio.core run as Denoise Image does.
 */
@Plugin(type = Command.class, headless = true, label = "Export to BioImage.IO",
	menuPath = "Plugins>AutoencoderJ>Export to BioImage.IO")
public class ExportToBioImageIo extends AutoencoderCommand {

	@Parameter(label = "Image (the test input is a window of it)",
		description = "Give the image the model was trained on: the package's test input and cover " +
			"are made from its busiest window.")
	private ImagePlus image;

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Package to write (.zip)", style = FileWidget.SAVE_STYLE)
	private File output;

	@Parameter(label = "Name", required = false,
		description = "5 to 64 letters, digits, spaces, '_', '-', '(' or ')'; the model file's name " +
			"when empty.")
	private String name = "";

	@Parameter(label = "Description", required = false)
	private String description = "";

	@Parameter(label = "Authors (separated by ;)")
	private String authors = "";

	@Parameter(label = "Licence (SPDX identifier)")
	private String license = PackageInfo.DEFAULT_LICENSE;

	@Parameter(type = ItemIO.OUTPUT, label = "Package")
	private String saved;

	@Parameter
	private StatusService status;

	@Override
	protected void execute() throws IOException {
		requireModel(model, "Train Autoencoder");
		if (output == null) throw new IllegalArgumentException(
			"Choose where to write the package (output=/path/to/package.zip).");
		OutputFiles.requireReplaceable(output.toPath(), "a bioimage.io package", OutputFiles.zipWith(
			"rdf.yaml", "bioimageio.yaml"), model.toPath(), OutputFiles.fileOf(image));
		final PackageInfo info = new PackageInfo(name == null || name.trim().isEmpty() ? PackageInfo
			.nameFrom(model.getName()) : name, description, authors, license);
		final AutoencoderModel m = ModelFiles.load(model.toPath());
		status.showStatus("Exporting " + model.getName() + " to " + output.getName());
		try {
			ModelPackage.write(m, model.getName(), image, info, output.toPath());
		}
		catch (final IOException exc) {
			throw new IOException("Could not write the package " + output + ": " + AtomicFiles.reason(exc) + ".",
				exc);
		}
		status.clearStatus();
		saved = output.getAbsolutePath();
		log.info("Wrote " + saved + " (bioimage.io model format, ONNX and PyTorch weights)");
	}
}
