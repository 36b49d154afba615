package autoencoderj.command;

import java.io.File;
import java.io.IOException;
import java.util.List;

import autoencoderj.app.LayerOutputs;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelFiles;

import autoencoderj.ui.LayerOverview;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

/**
 * What a trained convolutional model computes at each step, on the current
 * slice of an image: one stack per layer, encoder through decoder, each
 * feature map a slice.
 * <p>
 * The outputs are declared one per possible layer ({@code layer01} to
 * {@code layer26}: 4 per block, at most 6 blocks, plus 2); those past the
 * model's last layer stay empty. Outputs added at run time
 * ({@code DynamicCommand}) would fit better, but scijava's
 * {@code CommandService} cannot return or wait for such commands, so macros
 * and headless runs would lose them.
 * </p>
 */
@Plugin(type = Command.class, headless = true, label = "Show Layer Outputs",
	menuPath = "Plugins>AutoencoderJ>Show Layer Outputs")
public class ShowLayerOutputs extends AutoencoderCommand {

	/** Outputs declared: enough for the deepest network Train Autoencoder builds. */
	static final int MAX_LAYERS = 26;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Model file (convolutional)", style = FileWidget.OPEN_STYLE)
	private File model;

	@Parameter(label = "Show", choices = { "one stack", "a window per layer" }, description = "one " +
		"stack: a slice per layer, its feature maps on a grid (8-bit, each map stretched); a window " +
		"per layer: each layer's maps as a 32-bit stack of their own (one window per layer).")
	private String show = "one stack";

	@Parameter(type = ItemIO.OUTPUT, required = false, label = "Layers")
	private ImagePlus layers;

	@Parameter(type = ItemIO.OUTPUT, required = false)
	private ImagePlus layer01, layer02, layer03, layer04, layer05, layer06, layer07, layer08,
			layer09, layer10, layer11, layer12, layer13, layer14, layer15, layer16, layer17, layer18,
			layer19, layer20, layer21, layer22, layer23, layer24, layer25, layer26;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new IllegalArgumentException(
			"Choose a convolutional model file (model=/path/to/model.zip).");
		final AutoencoderModel m = ModelFiles.load(model.toPath());
		final List<ImagePlus> stacks = LayerOutputs.of(m, model.getName(), image);
		if (stacks.size() > MAX_LAYERS) throw new IllegalArgumentException("The model " + model
			.getName() + " has " + stacks.size() + " layers; this command shows at most " + MAX_LAYERS + ".");
		if ("one stack".equals(show)) {
			layers = LayerOverview.of("Layer outputs of " + model.getName() + " on " + image.getTitle(),
				stacks);
			return;
		}
		if (!"a window per layer".equals(show)) throw new IllegalArgumentException("Unknown show '" +
			show + "': use [one stack] or [a window per layer].");
		final ImagePlus[] outputs = stacks.toArray(new ImagePlus[MAX_LAYERS]);
		layer01 = outputs[0]; layer02 = outputs[1]; layer03 = outputs[2]; layer04 = outputs[3];
		layer05 = outputs[4]; layer06 = outputs[5]; layer07 = outputs[6]; layer08 = outputs[7];
		layer09 = outputs[8]; layer10 = outputs[9]; layer11 = outputs[10]; layer12 = outputs[11];
		layer13 = outputs[12]; layer14 = outputs[13]; layer15 = outputs[14]; layer16 = outputs[15];
		layer17 = outputs[16]; layer18 = outputs[17]; layer19 = outputs[18]; layer20 = outputs[19];
		layer21 = outputs[20]; layer22 = outputs[21]; layer23 = outputs[22]; layer24 = outputs[23];
		layer25 = outputs[24]; layer26 = outputs[25];
	}
}
