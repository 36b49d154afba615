package autoencoderj.app;

import java.util.Random;

import autoencoderj.ops.Noises;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fluorescence-like test images: Gaussian spots on a smooth background, seeded. */
public final class SyntheticImages {

	private SyntheticImages() {}

	/** Clean intensities in roughly [0.1, 1.1]: background 0.1 plus spots of sigma 1-2 px. */
	public static float[] spots(final int w, final int h, final int count, final long seed) {
		final Random r = new Random(seed);
		final float[] px = new float[w * h];
		for (int i = 0; i < px.length; i++)
			px[i] = 0.1f + 0.05f * (float) Math.sin(i % w * 0.05) * (float) Math.cos(i / w * 0.04);
		for (int s = 0; s < count; s++) {
			final double cx = r.nextDouble() * w, cy = r.nextDouble() * h;
			final double sigma = 1.0 + 1.0 * r.nextDouble(), amp = 0.4 + 0.6 * r.nextDouble();
			final int rad = (int) Math.ceil(4 * sigma);
			for (int y = Math.max(0, (int) cy - rad); y < Math.min(h, (int) cy + rad + 1); y++)
				for (int x = Math.max(0, (int) cx - rad); x < Math.min(w, (int) cx + rad + 1); x++)
					px[y * w + x] += (float) (amp * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 *
						sigma * sigma)));
		}
		return px;
	}

	/** A 16-bit stack of clean spot images, intensities times 1000. */
	public static ImagePlus cleanStack(final int w, final int h, final int slices, final long seed) {
		final ImageStack stack = new ImageStack(w, h);
		for (int i = 0; i < slices; i++) {
			final float[] px = spots(w, h, w * h / 400, seed + i);
			final short[] s = new short[px.length];
			for (int k = 0; k < px.length; k++)
				s[k] = (short) Math.round(px[k] * 1000);
			stack.addSlice("spots " + i, new ShortProcessor(w, h, s, null));
		}
		return new ImagePlus("spots", stack);
	}

	/**
	 * {@code clean} with Poisson-Gaussian noise drawn in the normalised units of
	 * {@code norm}, returned in raw units as 32-bit.
	 */
	public static ImagePlus noisy(final ImagePlus clean, final Normalization norm,
		final double photons, final double sigma, final long seed)
	{
		final ImageStack out = new ImageStack(clean.getWidth(), clean.getHeight());
		for (int i = 1; i <= clean.getStackSize(); i++) {
			final float[] px = (float[]) clean.getStack().getProcessor(i).convertToFloatProcessor()
				.getPixels();
			final INDArray x = norm.normalize(Nd4j.create(px.clone(), new long[] { px.length }, 'c'));
			final INDArray n = norm.denormalize(Noises.poissonGaussian(photons, sigma, false).apply(x, Nd4j
				.getRandomFactory().getNewRandomInstance(seed + i)));
			out.addSlice(clean.getStack().getSliceLabel(i), new FloatProcessor(clean.getWidth(), clean
				.getHeight(), n.dup('c').data().asFloat()));
		}
		return new ImagePlus("noisy " + clean.getTitle(), out);
	}
}
