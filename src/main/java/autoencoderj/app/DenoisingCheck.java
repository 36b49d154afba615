package autoencoderj.app;

import autoencoderj.convert.ImageMeta;
import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.Tensors;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
import autoencoderj.ops.Metrics;
import autoencoderj.ops.Noise;
import autoencoderj.ops.Noises;
import autoencoderj.ops.Normalization;
import autoencoderj.ui.Montages;

import ij.ImagePlus;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Corrupts clean slices with the noise a model was trained with (seeded),
 * denoises them, and measures the PSNR of noisy and denoised against clean, in
 * normalised units (range 1).
 */
public final class DenoisingCheck {

	private final ImagePlus clean, noisy, denoised;
	private final double noisyPsnr, denoisedPsnr;
	private final boolean noiseAdded;

	private DenoisingCheck(final ImagePlus clean, final ImagePlus noisy, final ImagePlus denoised,
		final double noisyPsnr, final double denoisedPsnr, final boolean noiseAdded)
	{
		this.noiseAdded = noiseAdded;
		this.clean = clean;
		this.noisy = noisy;
		this.denoised = denoised;
		this.noisyPsnr = noisyPsnr;
		this.denoisedPsnr = denoisedPsnr;
	}

	/**
	 * Checks the first {@code count} slices of {@code stack}; for a
	 * convolutional model, their largest centred crop the network takes whole.
	 */
	public static DenoisingCheck run(final AutoencoderModel model, final ImagePlus stack,
		final int count, final long seed)
	{
		ModelFit.check(model, "the model", stack);
		final int n = Math.min(count, stack.getStackSize());
		int w = stack.getWidth(), h = stack.getHeight();
		if (model.convolutional()) {
			// a centred crop the network takes whole
			w = model.convSpec().fittingSize(w);
			h = model.convSpec().fittingSize(h);
		}
		final ImagePlus head = new ImagePlus(stack.getTitle(), stack.getStack().crop((stack.getWidth() -
			w) / 2, (stack.getHeight() - h) / 2, 0, w, h, n));
		final Normalization norm = model.normalization();
		final boolean clip = model.manifest().sigmoidOutput();
		final INDArray cleanRows = norm.normalize(Tensors.rows(ImagePluses.wrapPlanes(head)));
		if (clip) Normalization.clipToUnit(cleanRows);
		final Manifest.NoiseInfo info = model.manifest().noise;
		final Noise noise = Noises.create(info.type, info.sigma, info.photons, clip);
		final INDArray noisyRows = noise.apply(cleanRows, Nd4j.getRandomFactory()
			.getNewRandomInstance(seed));
		final INDArray outRows = model.convolutional() ? model.apply(noisyRows.reshape('c', n, 1, h, w))
			.reshape('c', n, (long) w * h) : model.apply(noisyRows);
		final ImageMeta meta = ImageMeta.of(head);
		return new DenoisingCheck(image(cleanRows, norm, meta, w, h, "clean"), image(noisyRows, norm,
			meta, w, h, "noisy"), image(outRows, norm, meta, w, h, "denoised"), Metrics.psnr(cleanRows,
				noisyRows, 1), Metrics.psnr(cleanRows, outRows, 1), !"none".equals(info.type));
	}

	private static ImagePlus image(final INDArray rows, final Normalization norm,
		final ImageMeta meta, final int width, final int height, final String what)
	{
		final INDArray units = norm.denormalize(rows.dup('c'));
		return ImagePluses.toImagePlus(Tensors.view(units, width, height, rows.size(0)), meta
			.withTitle(what));
	}

	public ImagePlus clean() { return clean; }

	public ImagePlus noisy() { return noisy; }

	public ImagePlus denoised() { return denoised; }

	public double noisyPsnr() { return noisyPsnr; }

	public double denoisedPsnr() { return denoisedPsnr; }

	/**
	 * Clean, noisy and denoised slices in three rows of at most {@code
	 * columns}; for a model that adds no noise (blind-spot training: the
	 * image is its own noisy input) the two rows input and denoised.
	 */
	public ImagePlus montage(final int columns) {
		final int n = Math.min(columns, clean.getStackSize());
		return noiseAdded ? Montages.rows("clean, noisy, denoised", n, clean, noisy, denoised) : Montages
			.rows("input, denoised", n, clean, denoised);
	}
}
