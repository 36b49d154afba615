package autoencoderj.app;

import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import autoencoderj.convert.ImageMeta;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.ops.NonFinite;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

/**
 * Applies an image-to-image model to every position of an image, tiled as
 * {@link Denoiser} does: the predicted channels as a 32-bit (composite)
 * hyperstack, or an RGB image when the model was trained on RGB targets.
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
		Nd4jRuntime.ensureReady();
		try (NativeForward.Inference inference = NativeForward.open(model.network())) {
			final TiledPredictor predictor = new TiledPredictor(inference, model.convSpec(), model
				.inputNormalizations(), model.outputNormalizations(), tile, batch).averaging(average);
			final int w = imp.getWidth(), h = imp.getHeight(), n = in.positions();
			final boolean rgb = model.manifest().targetRgb;
			final ImageStack out = new ImageStack(w, h);
			final Object[] pixels = new Object[in.channels()];
			final float[] fills = new float[in.channels()];
			for (int c = 0; c < fills.length; c++)
				fills[c] = (float) model.inputNormalizations()[c].low();
			for (int p = 0; p < n; p++) {
				for (int c = 0; c < pixels.length; c++)
					pixels[c] = in.pixels(p, c);
				final float[][] planes = predictor.predictChannels((c, i) -> NonFinite.finiteOr(in.value(
					pixels[c], c, i), fills[c]), w, h, cancelled);
				if (planes == null) return null;
				for (int i = 0; i < w * h; i++)
					for (int c = 0; c < pixels.length; c++)
						if (!Float.isFinite(in.value(pixels[c], c, i))) {
							for (final float[] plane : planes)
								plane[i] = Float.NaN;
							break;
						}
				if (rgb) out.addSlice(null, rgb(planes, w, h));
				else for (final float[] plane : planes)
					out.addSlice(null, new FloatProcessor(w, h, plane));
				if (progress != null) progress.accept(p + 1, n);
			}
			ImagePlus result = new ImagePlus(ImageMeta.suffixed(imp.getTitle(), "-predicted"), out);
			final int channels = rgb ? 1 : out.getSize() / n;
			result.setDimensions(channels, imp.getNSlices(), n / imp.getNSlices());
			if (channels > 1) {
				result.setOpenAsHyperStack(true);
				result = new CompositeImage(result, CompositeImage.COMPOSITE);
			}
			result.setCalibration(imp.getCalibration().copy());
			result.setProperty("Info", "Predicted by AutoencoderJ from '" + imp.getTitle() + "' with " +
				modelName + " (" + model.describe() + ")" + (average ? ", averaged over 8 flips and rotations"
					: ""));
			if (!rgb) result.resetDisplayRange();
			return result;
		}
	}

	private static ColorProcessor rgb(final float[][] planes, final int w, final int h) {
		final int[] px = new int[w * h];
		for (int i = 0; i < px.length; i++)
			px[i] = byteOf(planes[0][i]) << 16 | byteOf(planes[1][i]) << 8 | byteOf(planes[2][i]);
		return new ColorProcessor(w, h, px);
	}

	private static int byteOf(final float v) {
		return Math.max(0, Math.min(255, Math.round(v)));
	}
}
