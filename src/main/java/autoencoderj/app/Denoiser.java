package autoencoderj.app;

import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import autoencoderj.convert.ImageMeta;
import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.Tensors;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.tiles.TiledPredictor;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.ops.Dihedral;
import autoencoderj.ops.NonFinite;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Applies a model to every plane of an image (each slice, channel and frame)
 * and returns the result as a new 32-bit image in the input's units. An
 * image-to-image model goes to {@link ImagePredictor}, so that Denoise
 * Folder runs those models too.
 */
public final class Denoiser {

	/** Planes per network call: bounds memory on long stacks. */
	private static final int CHUNK = 512;

	private Denoiser() {}


	/**
	 * @param progress told (planes done, planes in all); may be {@code null}
	 * @return the denoised image, or {@code null} if cancelled
	 */
	public static ImagePlus denoise(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final BiConsumer<Integer, Integer> progress,
		final BooleanSupplier cancelled)
	{
		return denoise(model, modelName, imp, TiledPredictor.DEFAULT_TILE, TiledPredictor.DEFAULT_BATCH,
			progress, cancelled);
	}

	/**
	 * NaN and infinite pixels give NaN at their places; their neighbours are
	 * computed as if they were at the model's low percentile.
	 *
	 * @param tile tile side for convolutional models (rounded to one the network takes)
	 * @param batch tiles per network call for convolutional models
	 * @param progress told (planes done, planes in all); may be {@code null}
	 * @return the denoised image, or {@code null} if cancelled
	 */
	public static ImagePlus denoise(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final int tile, final int batch,
		final BiConsumer<Integer, Integer> progress, final BooleanSupplier cancelled)
	{
		return denoise(model, modelName, imp, tile, batch, false, progress, cancelled);
	}

	/**
	 * @param average predict every plane (every volume, in x-y) in its 8 flips
	 *          and rotations and average the results back (convolutional models;
	 *          8 times the time); recorded in the result's info
	 */
	public static ImagePlus denoise(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final int tile, final int batch, final boolean average,
		final BiConsumer<Integer, Integer> progress, final BooleanSupplier cancelled)
	{
		if (model.imageToImage()) return ImagePredictor.predict(model, modelName, imp, tile, batch,
			average, progress, cancelled);
		if (model.volumes()) return VolumeDenoiser.denoise(model, modelName, imp, average, progress,
			cancelled);
		ModelFit.check(model, modelName, imp);
		Nd4jRuntime.ensureReady();
		final int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize();
		final ImageStack out = new ImageStack(w, h);
		if (model.convolutional()) {
			try (NativeForward.Inference inference = NativeForward.open(model.network())) {
				final TiledPredictor predictor = new TiledPredictor(inference, model.convSpec(), model
					.normalization(), tile, batch).averaging(average);
				final ImageStack in = imp.getStack();
				final float fill = (float) model.normalization().low();
				for (int i = 1; i <= n; i++) {
					final ImageProcessor ip = in.getProcessor(i);
					final float[] plane = predictor.predict(p -> NonFinite.finiteOr(ip.getf(p), fill), w, h,
						cancelled);
					if (plane == null) return null;
					out.addSlice(null, new FloatProcessor(w, h, plane));
					if (progress != null) progress.accept(i, n);
				}
				NonFinite.carry(imp, out, 1);
				return finish(model, modelName + (average ? ", averaged over " + Dihedral.COUNT +
					" flips and rotations" : ""), imp, new ImagePlus("", out));
			}
		}
		for (int i = 0; i < n; i++)
			out.addSlice(null, new FloatProcessor(w, h));
		final ImagePlus result = new ImagePlus("", out);
		final Img<? extends RealType<?>> in = ImagePluses.wrapPlanes(imp);
		final Img<? extends RealType<?>> target = ImagePluses.wrapPlanes(result);
		final Normalization norm = model.normalization();
		// only 32-bit images hold NaN or infinite pixels
		final boolean nonFinite = imp.getBitDepth() == 32;
		for (int start = 0; start < n; start += CHUNK) {
			if (cancelled.getAsBoolean()) return null;
			final int end = Math.min(n, start + CHUNK);
			final INDArray rows = norm.normalize(Tensors.rows(planes(in, start, end)));
			if (nonFinite) {
				BooleanIndexing.replaceWhere(rows, 0.0, Conditions.isNan());
				BooleanIndexing.replaceWhere(rows, 0.0, Conditions.isInfinite());
			}
			final INDArray denoised = norm.denormalize(model.apply(rows)).dup('c');
			Tensors.copy(Tensors.view(denoised, w, h, end - start), planes(target, start, end));
			if (progress != null) progress.accept(end, n);
		}
		NonFinite.carry(imp, out, 1);
		return finish(model, modelName, imp, result);
	}

	private static ImagePlus finish(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final ImagePlus result)
	{
		ImageMeta.of(imp).withTitle(denoisedTitle(imp.getTitle())).applyTo(result);
		result.setProperty("Info", "Denoised by AutoencoderJ from '" + imp.getTitle() + "' with " +
			modelName + " (" + model.describe() + ")");
		result.resetDisplayRange();
		return result;
	}

	/** E.g. {@code noisy-denoised.tif} for {@code noisy.tif}. */
	public static String denoisedTitle(final String title) {
		return ImageMeta.suffixed(title, "-denoised");
	}

	private static RandomAccessibleInterval<? extends RealType<?>> planes(
		final Img<? extends RealType<?>> img, final long start, final long end)
	{
		return Views.interval(img, new long[] { 0, 0, start }, new long[] { img.max(0), img.max(1),
			end - 1 });
	}
}
