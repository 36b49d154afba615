package autoencoderj.app;

import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import autoencoderj.convert.ImageMeta;
import autoencoderj.convert.ImagePluses;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.tiles.TiledVolumePredictor;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;
import autoencoderj.model.VolumeSpec;
import autoencoderj.ops.NonFinite;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies a 3-D model to an image's volumes: each frame's z slices, each
 * channel on its own, tiled in z, y and x ({@link TiledVolumePredictor});
 * the result is a new 32-bit image of the same dimensions, in the input's
 * units.
 */
public final class VolumeDenoiser {

	/** The most native memory a tile's computation may take. */
	static final long TILE_BYTES = 2L << 30;

	private VolumeDenoiser() {}

	/**
	 * @param average average the volume's 8 flips and rotations in x-y
	 * @param progress told (tiles done, tiles in all); may be {@code null}
	 * @return the denoised image, or {@code null} if cancelled
	 * @throws ModelMismatchException for an image without z slices, naming both
	 */
	public static ImagePlus denoise(final AutoencoderModel model, final String modelName,
		final ImagePlus imp, final boolean average, final BiConsumer<Integer, Integer> progress,
		final BooleanSupplier cancelled)
	{
		check(model, modelName, imp);
		Nd4jRuntime.ensureReady();
		try (NativeForward.Inference inference = NativeForward.open(model.network())) {
			return denoise(predictor(model.volumeSpec(), inference, model.normalization()).averaging(
				average), model, modelName, imp, average, progress, cancelled);
		}
	}

	private static ImagePlus denoise(final TiledVolumePredictor predictor,
		final AutoencoderModel model, final String modelName, final ImagePlus imp,
		final boolean average, final BiConsumer<Integer, Integer> progress,
		final BooleanSupplier cancelled)
	{
		final int w = imp.getWidth(), h = imp.getHeight(), depth = imp.getNSlices();
		final int channels = imp.getNChannels(), frames = imp.getNFrames();
		final int perVolume = predictor.tiles(depth, h, w), total = perVolume * channels * frames;
		final float fill = (float) model.normalization().low();
		final ImageProcessor[] out = new ImageProcessor[imp.getStackSize()];
		for (int t = 1; t <= frames; t++)
			for (int c = 1; c <= channels; c++) {
				final ImageProcessor[] planes = new ImageProcessor[depth];
				for (int z = 0; z < depth; z++)
					planes[z] = imp.getStack().getProcessor(imp.getStackIndex(c, z + 1, t));
				final int before = ((t - 1) * channels + c - 1) * perVolume;
				final float[][] result = predictor.predict((z, i) -> NonFinite.finiteOr(planes[z].getf(i), fill),
					depth, h, w, cancelled, done -> {
						if (progress != null) progress.accept(before + done, total);
					});
				if (result == null) return null;
				for (int z = 0; z < depth; z++)
					out[imp.getStackIndex(c, z + 1, t) - 1] = new FloatProcessor(w, h, result[z]);
			}
		final ImageStack stack = new ImageStack(w, h);
		for (final ImageProcessor ip : out)
			stack.addSlice(null, ip);
		NonFinite.carry(imp, stack, 1);
		final ImagePlus result = new ImagePlus("", stack);
		ImageMeta.of(imp).withTitle(Denoiser.denoisedTitle(imp.getTitle())).applyTo(result);
		result.setProperty("Info", "Denoised by AutoencoderJ from '" + imp.getTitle() + "' as " +
			"volumes with " + modelName + " (" + model.describe() + ")" + (average ? ", averaged over " +
				"8 flips and rotations in x-y" : ""));
		result.resetDisplayRange();
		return result;
	}

	/**
	 * Denoise Image's tiled prediction with a 3-D network: its margin as each
	 * tile's context, tiles of the default size grown to four margins and a
	 * pooling unit where the network needs more (Denoise Folder and the
	 * volume benchmark use the same).
	 */
	public static TiledVolumePredictor predictor(final VolumeSpec spec,
		final UnaryOperator<INDArray> network, final Normalization norm)
	{
		return predictor(spec, network, new Normalization[] { norm }, new Normalization[] { norm });
	}

	/** As above, with each input and output channel's normalisation (image-to-image). */
	static TiledVolumePredictor predictor(final VolumeSpec spec, final UnaryOperator<INDArray> network,
		final Normalization[] in, final Normalization[] out)
	{
		final int[] margin = spec.margin();
		final int unitZ = spec.plan().zUnit(), unitXY = 1 << spec.depth();
		return new TiledVolumePredictor(network, margin, unitZ, unitXY, in, out, TiledVolumePredictor
			.tile(TiledVolumePredictor.DEFAULT_TILE_Z, margin[0], unitZ), TiledVolumePredictor.tile(
				TiledVolumePredictor.DEFAULT_TILE_XY, margin[1], unitXY)).within(tileVoxels(spec));
	}

	/**
	 * The voxels of a tile whose computation takes at most a quarter of the
	 * native memory this process may use (JavaCPP's limit, by default the
	 * heap's maximum) and at most {@value #TILE_BYTES} bytes. Measured with
	 * the 32-filter benchmark U-Net: the process's peak grew by 140 to 235
	 * bytes per tile voxel while each activation was freed after its last
	 * reader, and by about 345 once freed activations were kept for the next
	 * tile (which saved the page faults of fresh memory: 0.143 to 0.214
	 * Mvoxels/s); three floats per first-block filter are planned.
	 */
	static long tileVoxels(final VolumeSpec spec) {
		final long bytes = Math.min(TILE_BYTES, Pointer.maxBytes() / 4);
		return bytes / (3L * 4 * spec.filters()[0]);
	}

	/**
	 * Checks that a 3-D model can be applied to {@code imp}: an image with z
	 * slices, at least the model's pooling in x and y.
	 *
	 * @throws ModelMismatchException naming the model, the image and the fix
	 */
	static void check(final AutoencoderModel model, final String modelName, final ImagePlus imp) {
		ImagePluses.checkSupported(imp);
		final Manifest m = model.manifest();
		if (imp.getNSlices() < 2) throw new ModelMismatchException("The model " + modelName + " is a " +
			"3-D model (trained on volumes, patches of " + m.patchZ + " slices), but '" + imp.getTitle() +
			"' is a 2-D image (one slice in z" + (imp.getNFrames() > 1 ? "; its " + imp.getNFrames() +
				" frames may be z slices: set the dimensions with Image > Properties..." : "") + "). Give a " +
			"z-stack, or use a 2-D model (dimensions=2d).");
		ModelFit.largeEnough(model, modelName, imp);
	}

	/**
	 * A warning when the image's voxels are more than 1.5 times as deep
	 * (relative to their width) as the model's training voxels, or less than
	 * 1/1.5; {@code null} when they agree.
	 */
	public static String calibrationWarning(final AutoencoderModel model, final String modelName,
		final ImagePlus imp)
	{
		final double[] trained = model.manifest().voxelSize, here = VolumeTraining.voxelSize(imp);
		if (trained == null) return null;
		final double ratio = here[0] / here[2] / (trained[0] / trained[2]);
		if (ratio <= 1.5 && ratio >= 1 / 1.5) return null;
		return String.format(Locale.ROOT, "'%s' has voxels %.3g times as deep as wide, the model %s " +
			"was trained on voxels %.3g times as deep as wide: it may denoise this volume poorly. Check " +
			"the calibration (Image > Properties...), or train on volumes like this one.", imp.getTitle(),
			here[0] / here[2], modelName, trained[0] / trained[2]);
	}
}
