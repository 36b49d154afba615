package autoencoderj.command;

import java.io.File;
import java.io.IOException;
import java.util.Map;

import autoencoderj.data.Idx;
import autoencoderj.data.IdxImages;
import autoencoderj.data.MnistStacks;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/** Opens IDX (MNIST) files as an 8-bit stack whose slice labels are the classes. */
@Plugin(type = Command.class, headless = true, label = "Import MNIST",
	menuPath = "Plugins>AutoencoderJ>Import MNIST")
public class ImportMnist extends AutoencoderCommand {

	@Parameter(label = "IDX images file (raw or .gz)", style = FileWidget.OPEN_STYLE)
	private File images;

	@Parameter(label = "IDX labels file (optional)", style = FileWidget.OPEN_STYLE,
		required = false)
	private File labels;

	/*
	 * Besides naming the stack, this input keeps labels optional when run
	 * headless: scijava's FilePreprocessor asks for a lone unresolved File input
	 * with a file chooser, and cancels where there is no user interface.
	 */
	@Parameter(label = "Title of the stack (empty: the images file name)", required = false)
	private String title = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Digits")
	private ImagePlus digits;

	@Parameter(type = ItemIO.OUTPUT, label = "Label counts", required = false)
	private ResultsTable counts;

	@Override
	protected void execute() throws IOException {
		if (images == null || !images.isFile()) throw new IllegalArgumentException(
			"Choose an IDX images file, e.g. train-images-idx3-ubyte.gz" + (images == null ? "."
				: "; " + images + " does not exist."));
		final IdxImages idx = Idx.readImages(images.toPath());
		final boolean hasLabels = labels != null && !labels.getPath().isEmpty();
		final int[] classes = hasLabels ? Idx.readLabels(labels.toPath()) : null;
		digits = MnistStacks.toImagePlus(idx, classes, title == null || title.isEmpty() ? images
			.getName() : title);
		if (classes == null) return;
		counts = new ResultsTable();
		for (final Map.Entry<Integer, Integer> e : MnistStacks.labelCounts(classes).entrySet()) {
			counts.incrementCounter();
			counts.addValue("label", e.getKey());
			counts.addValue("count", e.getValue());
		}
	}
}
