package autoencoderj.app;

import autoencoderj.convert.ImagePluses;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;

import ij.ImagePlus;

/**
 * Whether a model fits an image, in one place for every use case that
 * applies or trains one: the messages name what does not fit and the fix.
 */
public final class ModelFit {

	private ModelFit() {}

	/**
	 * Checks that {@code model} can be applied to {@code imp}.
	 *
	 * @throws ModelMismatchException naming what does not fit and the fix
	 */
	public static void check(final AutoencoderModel model, final String modelName,
		final ImagePlus imp)
	{
		if (model.imageToImage()) {
			channels(model, modelName, imp);
			if (model.volumes()) VolumeDenoiser.check(model, modelName, imp);
			return;
		}
		if (model.volumes()) {
			VolumeDenoiser.check(model, modelName, imp);
			return;
		}
		ImagePluses.checkSupported(imp);
		final Manifest m = model.manifest();
		if (model.convolutional()) {
			largeEnough(model, modelName, imp);
			return;
		}
		if (imp.getWidth() != m.width || imp.getHeight() != m.height) {
			throw new ModelMismatchException("The model " + modelName + " was trained on " + m.width +
				"x" + m.height + " images, but '" + imp.getTitle() + "' is " + imp.getWidth() + "x" + imp
					.getHeight() + ". A dense model only takes images of its training size: scale or " +
				"crop the image to " + m.width + "x" + m.height + ", or train a model on images of this size.");
		}
	}

	/** A convolutional model needs at least one pixel at its bottleneck. */
	static void largeEnough(final AutoencoderModel model, final String modelName,
		final ImagePlus imp)
	{
		final int pools = model.manifest().filters.length, unit = 1 << pools;
		if (imp.getWidth() < unit || imp.getHeight() < unit) throw new ModelMismatchException("'" + imp
			.getTitle() + "' is " + imp.getWidth() + "x" + imp.getHeight() + ", smaller than the " + unit +
			"x" + unit + " pixels the model " + modelName + " needs (it pools " + pools +
			" times by 2). Use a larger image.");
	}

	/**
	 * The channels of {@code imp} the model takes: all of them when their
	 * number matches, else the channel the model was trained on.
	 *
	 * @throws ModelMismatchException naming the channel counts and the fix
	 */
	public static ChannelPlanes channels(final AutoencoderModel model, final String modelName,
		final ImagePlus imp)
	{
		if (!model.convolutional()) throw new ModelMismatchException("The model " + modelName +
			" is dense; Predict Image applies convolutional models. Use Denoise Image.");
		final Manifest m = model.manifest();
		final int wanted = m.channels;
		final boolean rgb = imp.getType() == ImagePlus.COLOR_RGB;
		final int available = rgb ? 3 : imp.getNChannels();
		final ChannelPlanes in;
		if (available == wanted) in = ChannelPlanes.of(imp, 0, "input");
		else if (wanted == 1 && !rgb && m.sourceChannel > 0 && m.sourceChannel <= available) in =
			ChannelPlanes.of(imp, m.sourceChannel, "input");
		else throw new ModelMismatchException("The model " + modelName + " takes " + wanted +
			" input channel" + (wanted == 1 ? "" : "s") + (m.sourceRgb ? " (an RGB image)" : "") +
			", but '" + imp.getTitle() + "' has " + available + (rgb ? " (RGB)" : "") + ". Give an " +
			"image with " + wanted + " channel" + (wanted == 1 ? "" : "s") + (wanted > 1
				? " (Image > Color > Merge Channels)" : " (Image > Color > Split Channels)") +
			", or a model trained on images like this one.");
		largeEnough(model, modelName, imp);
		return in;
	}

	/** Training needs at least one pixel at the network's bottleneck. */
	static void largeEnoughToTrain(final ConvSpec spec, final String title, final int width,
		final int height)
	{
		final int unit = 1 << spec.depth();
		if (width < unit || height < unit) throw new IllegalArgumentException("'" + title + "' is " +
			width + "x" + height + ", smaller than the " + unit + "x" + unit + " pixels a network with " +
			spec.depth() + " pooling steps needs. Use fewer filter counts (fewer blocks) or a larger " +
			"image.");
	}
}
