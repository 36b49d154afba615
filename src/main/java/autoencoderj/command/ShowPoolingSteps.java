package autoencoderj.command;

import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.PlaneStacks;
import autoencoderj.ops.MaxPooling;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Max-pooling with positions, and unpooling with and without them, on every
 * slice of the image, as four image windows. See {@link MaxPooling} for the
 * tie and border rules.
 */
@Plugin(type = Command.class, headless = true, label = "Show Pooling Steps",
	menuPath = "Plugins>AutoencoderJ>Show Pooling Steps")
public class ShowPoolingSteps extends AutoencoderCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Pool size", min = "1")
	private int size = 2;

	@Parameter(label = "Stride", min = "1")
	private int stride = 2;

	@Parameter(type = ItemIO.OUTPUT, label = "Max-pooled")
	private ImagePlus pooled;

	@Parameter(type = ItemIO.OUTPUT, label = "Positions kept")
	private ImagePlus positions;

	@Parameter(type = ItemIO.OUTPUT, label = "Unpooled with positions")
	private ImagePlus withPositions;

	@Parameter(type = ItemIO.OUTPUT, label = "Unpooled without positions")
	private ImagePlus withoutPositions;

	@Override
	protected void execute() {
		ImagePluses.checkSupported(image);
		final int w = image.getWidth(), h = image.getHeight();
		MaxPooling.pool(new float[w * h], w, h, size, stride); // validates before any work
		final String p = " (" + size + "x" + size + ", stride " + stride + ") of " + image.getTitle();
		final int pw = (w - size) / stride + 1, ph = (h - size) / stride + 1;
		pooled = PlaneStacks.map(image, pw, ph, stride, "1. max-pooled" + p, plane -> MaxPooling.pool(
			plane, w, h, size, stride).pooled());
		positions = PlaneStacks.map(image, w, h, 1, "2. positions kept" + p, plane -> MaxPooling.pool(
			plane, w, h, size, stride).kept());
		withPositions = PlaneStacks.map(image, w, h, 1, "3. unpooled with positions" + p,
			plane -> MaxPooling.pool(plane, w, h, size, stride).unpoolWithPositions());
		withoutPositions = PlaneStacks.map(image, w, h, 1, "4. unpooled without positions" + p,
			plane -> MaxPooling.pool(plane, w, h, size, stride).unpoolWithoutPositions());
	}
}
