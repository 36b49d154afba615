package autoencoderj.app;

import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import autoencoderj.convert.ImageMeta;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.engine.tiles.TiledVolumePredictor;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.ops.NonFinite;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Applies an image-to-image model to every position of an image, tiled as
 * {@link Denoiser} does (a 3-D model to every volume, as
 * {@link VolumeDenoiser} does): the predicted channels as a 32-bit
 * (composite) hyperstack, or an RGB image when the model was trained on RGB
 * targets.
 */
public final class ImagePredictor {

	private ImagePredictor() {}


	/**
	 * @param progress told (positions done, positions in all); may be {@code null}
	 * @return the prediction, or {@code null} if cancelled
	 */
	public static ImagePlus predict(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final int tile, final int batch,
		final BiConsumer<Integer, Integer> progress, final BooleanSupplier cancelled)
	{
		return predict(model, modelName, imp, tile, batch, false, progress, cancelled);
	}

	/** As above; {@code average}: see {@link Denoiser#denoise}. */
	public static ImagePlus predict(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final int tile, final int batch, final boolean average,
		final BiConsumer<Integer, Integer> progress, final BooleanSupplier cancelled)
	{
		final ChannelPlanes in = ModelFit.channels(model, modelName, imp);
		if (model.volumes()) VolumeDenoiser.check(model, modelName, imp);
		Nd4jRuntime.ensureReady();
		final boolean rgb = model.manifest().targetRgb;
		final ImageStack out;
		try (NativeForward.Inference inference = NativeForward.open(model.network())) {
			out = model.volumes() ? volumes(model, inference, in, average, rgb, progress, cancelled)
				: planes(model, inference, in, tile, batch, average, rgb, progress, cancelled);
		}
		if (out == null) return null;
		final int n = in.positions();
		ImagePlus result = new ImagePlus(ImageMeta.suffixed(imp.getTitle(), "-predicted"), out);
		final int channels = rgb ? 1 : out.getSize() / n;
		result.setDimensions(channels, imp.getNSlices(), n / imp.getNSlices());
		if (channels > 1) {
			result.setOpenAsHyperStack(true);
			result = new CompositeImage(result, CompositeImage.COMPOSITE);
		}
		result.setCalibration(imp.getCalibration().copy());
		result.setProperty("Info", "Predicted by AutoencoderJ from '" + imp.getTitle() + "'" + (model
			.volumes() ? " as volumes" : "") + " with " + modelName + " (" + model.describe() + ")" +
			(average ? ", averaged over 8 flips and rotations" + (model.volumes() ? " in x-y" : "") : ""));
		if (!rgb) result.resetDisplayRange();
		return result;
	}

	/** Position by position (each slice of each frame), tiled in x-y. */
	private static ImageStack planes(final AutoencoderModel model, final NativeForward.Inference net,
		final ChannelPlanes in, final int tile, final int batch, final boolean average,
		final boolean rgb, final BiConsumer<Integer, Integer> progress,
		final BooleanSupplier cancelled)
	{
		final TiledPredictor predictor = new TiledPredictor(net, model.convSpec(), model
			.inputNormalizations(), model.outputNormalizations(), tile, batch).averaging(average);
		final int w = in.width(), h = in.height(), n = in.positions();
		final ImageStack out = new ImageStack(w, h);
		final Object[][] pixels = new Object[in.channels()][1];
		final float[] fills = fills(model);
		for (int p = 0; p < n; p++) {
			for (int c = 0; c < pixels.length; c++)
				pixels[c][0] = in.pixels(p, c);
			final float[][] planes = predictor.predictChannels((c, i) -> NonFinite.finiteOr(in.value(
				pixels[c][0], c, i), fills[c]), w, h, cancelled);
			if (planes == null) return null;
			carryNonFinite(in, pixels, planes);
			add(out, planes, 0, 1, w, h, rgb);
			if (progress != null) progress.accept(p + 1, n);
		}
		return out;
	}

	/**
	 * Volume by volume (the z slices of each frame), tiled in z, y and x;
	 * progress in tiles.
	 */
	private static ImageStack volumes(final AutoencoderModel model, final NativeForward.Inference net,
		final ChannelPlanes in, final boolean average, final boolean rgb,
		final BiConsumer<Integer, Integer> progress, final BooleanSupplier cancelled)
	{
		final TiledVolumePredictor predictor = VolumeDenoiser.predictor(model.volumeSpec(), net, model
			.inputNormalizations(), model.outputNormalizations()).averaging(average);
		final int w = in.width(), h = in.height(), depth = in.image().getNSlices();
		final int frames = in.positions() / depth, perVolume = predictor.tiles(depth, h, w);
		final ImageStack out = new ImageStack(w, h);
		final float[] fills = fills(model);
		for (int t = 0; t < frames; t++) {
			final Object[][] pixels = new Object[in.channels()][depth];
			for (int c = 0; c < pixels.length; c++)
				for (int z = 0; z < depth; z++)
					pixels[c][z] = in.pixels(t * depth + z, c);
			final int before = t * perVolume;
			final float[][] planes = predictor.predictChannels((c, z, i) -> NonFinite.finiteOr(in.value(
				pixels[c][z], c, i), fills[c]), depth, h, w, cancelled, done -> {
					if (progress != null) progress.accept(before + done, frames * perVolume);
				});
			if (planes == null) return null;
			carryNonFinite(in, pixels, planes);
			for (int z = 0; z < depth; z++)
				add(out, planes, z, depth, w, h, rgb);
		}
		return out;
	}

	/**
	 * NaN in every output channel wherever a pixel of any input channel is
	 * not finite: {@code pixels[c][z]} are the input's planes, output plane
	 * {@code o * depth + z} is channel {@code o}'s slice {@code z}.
	 */
	private static void carryNonFinite(final ChannelPlanes in, final Object[][] pixels,
		final float[][] planes)
	{
		final int depth = pixels[0].length, outputs = planes.length / depth;
		for (int z = 0; z < depth; z++)
			for (int i = 0; i < planes[0].length; i++)
				for (int c = 0; c < pixels.length; c++)
					if (!Float.isFinite(in.value(pixels[c][z], c, i))) {
						for (int o = 0; o < outputs; o++)
							planes[o * depth + z][i] = Float.NaN;
						break;
					}
	}

	/** Each input channel's fill for values that are not finite: its low percentile. */
	private static float[] fills(final AutoencoderModel model) {
		final float[] fills = new float[model.inputNormalizations().length];
		for (int c = 0; c < fills.length; c++)
			fills[c] = (float) model.inputNormalizations()[c].low();
		return fills;
	}

	/** The output channels of one position, planes {@code first + c * stride}: RGB, or a slice each. */
	private static void add(final ImageStack out, final float[][] planes, final int first,
		final int stride, final int w, final int h, final boolean rgb)
	{
		final int channels = planes.length / stride;
		if (rgb) {
			out.addSlice(null, rgb(planes[first], planes[first + stride], planes[first + 2 * stride], w, h));
			return;
		}
		for (int c = 0; c < channels; c++)
			out.addSlice(null, new FloatProcessor(w, h, planes[first + c * stride]));
	}

	private static ColorProcessor rgb(final float[] r, final float[] g, final float[] b, final int w,
		final int h)
	{
		final int[] px = new int[w * h];
		for (int i = 0; i < px.length; i++)
			px[i] = byteOf(r[i]) << 16 | byteOf(g[i]) << 8 | byteOf(b[i]);
		return new ColorProcessor(w, h, px);
	}

	private static int byteOf(final float v) {
		return Math.max(0, Math.min(255, Math.round(v)));
	}
}
