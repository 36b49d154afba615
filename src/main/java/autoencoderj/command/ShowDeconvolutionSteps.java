package autoencoderj.command;

import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.PlaneStacks;
import autoencoderj.ops.Kernel;
import autoencoderj.ops.TransposedConvolution;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Transposed convolution ("deconvolution") on every slice of the image, as the
 * image windows of its steps. See {@link TransposedConvolution}.
 */
@Plugin(type = Command.class, headless = true, label = "Show Deconvolution Steps",
	menuPath = "Plugins>AutoencoderJ>Show Deconvolution Steps")
public class ShowDeconvolutionSteps extends AutoencoderCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Kernel", description = "Rows separated by ';', values by spaces, " +
		"e.g. 1 2 1; 2 4 2; 1 2 1, or a preset: bilinear, box, binomial, edge, asymmetric.")
	private String kernel = "1 2 1; 2 4 2; 1 2 1";

	@Parameter(label = "Stride", min = "1")
	private int stride = 2;

	@Parameter(label = "Padding", min = "0")
	private int padding = 0;

	@Parameter(type = ItemIO.OUTPUT, label = "Input")
	private ImagePlus input;

	@Parameter(type = ItemIO.OUTPUT, label = "Zeros inserted")
	private ImagePlus zeroInserted;

	@Parameter(type = ItemIO.OUTPUT, label = "Padded")
	private ImagePlus padded;

	@Parameter(type = ItemIO.OUTPUT, label = "Kernel as applied (flipped)")
	private ImagePlus flippedKernel;

	@Parameter(type = ItemIO.OUTPUT, label = "Result")
	private ImagePlus result;

	@Override
	protected void execute() {
		ImagePluses.checkSupported(image);
		final Kernel k = Kernel.parse(kernel);
		final TransposedConvolution t = new TransposedConvolution(k, stride, padding);
		final int w = image.getWidth(), h = image.getHeight();
		if (stride > w || stride > h) throw new IllegalArgumentException("The stride " + stride +
			" is larger than the image (" + w + "x" + h + "): choose a stride of at most " + Math.min(w,
				h) + ".");
		final String p = " (kernel " + k.width() + "x" + k.height() + ", stride " + stride +
			", padding " + padding + ") of " + PlaneStacks.source(image.getTitle());
		input = PlaneStacks.map(image, w, h, 1, "1. input" + p, plane -> plane);
		zeroInserted = PlaneStacks.map(image, t.zeroInsertedWidth(w), t.zeroInsertedHeight(h), 1.0 /
			stride, "2. zeros inserted" + p, plane -> t.zeroInserted(plane, w, h));
		padded = PlaneStacks.map(image, t.paddedWidth(w), t.paddedHeight(h), 1.0 / stride,
			"3. padded" + p, plane -> t.padded(plane, w, h));
		flippedKernel = new ImagePlus("4. kernel as applied (flipped)" + p, new FloatProcessor(k
			.width(), k.height(), k.flipped().values()));
		result = PlaneStacks.map(image, t.outputWidth(w), t.outputHeight(h), 1.0 / stride,
			"5. result" + p, plane -> t.apply(plane, w, h));
	}
}
