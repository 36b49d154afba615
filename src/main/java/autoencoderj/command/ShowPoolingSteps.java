package autoencoderj.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
		final String p = " (" + size + "x" + size + ", stride " + stride + ") of " + PlaneStacks.source(image.getTitle());
		final List<MaxPooling> pools = new ArrayList<>();
		for (final float[] plane : PlaneStacks.planes(image))
			pools.add(MaxPooling.pool(plane, w, h, size, stride));
		final int pw = pools.get(0).pooledWidth(), ph = pools.get(0).pooledHeight();
		pooled = stack(pools, MaxPooling::pooled, pw, ph, stride, "1. max-pooled" + p);
		positions = stack(pools, MaxPooling::kept, w, h, 1, "2. positions kept" + p);
		withPositions = stack(pools, MaxPooling::unpoolWithPositions, w, h, 1,
			"3. unpooled with positions" + p);
		withoutPositions = stack(pools, MaxPooling::unpoolWithoutPositions, w, h, 1,
			"4. unpooled without positions" + p);
	}

	private ImagePlus stack(final List<MaxPooling> pools, final Function<MaxPooling, float[]> step,
		final int width, final int height, final double scale, final String title)
	{
		final List<float[]> results = new ArrayList<>();
		for (final MaxPooling pool : pools)
			results.add(step.apply(pool));
		return PlaneStacks.stack(image, results, width, height, scale, title);
	}
}
