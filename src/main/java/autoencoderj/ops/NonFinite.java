package autoencoderj.ops;

import ij.ImagePlus;
import ij.ImageStack;

/**
 * NaN and infinite pixels, which only 32-bit images can hold. A network
 * spreads one over its whole receptive field (a block of Inf or 3.4e38
 * around a single NaN), and in training it makes every loss NaN, so they
 * are found first: training refuses them with where they are; applying a
 * model computes their neighbours as if they were at the low percentile and
 * gives NaN at their own places.
 */
public final class NonFinite {

	private NonFinite() {}

	/** Non-finite pixels of {@code imp}; 0 for 8-, 16-bit and RGB images. */
	public static long count(final ImagePlus imp) {
		if (imp.getBitDepth() != 32) return 0;
		long n = 0;
		final ImageStack stack = imp.getStack();
		for (int s = 1; s <= stack.getSize(); s++)
			for (final float v : (float[]) stack.getPixels(s))
				if (!Float.isFinite(v)) n++;
		return n;
	}

	/**
	 * @throws IllegalArgumentException naming how many pixels, the first one's
	 *           place and the fix, when {@code imp} has non-finite pixels
	 */
	public static void refuseInTraining(final ImagePlus imp, final String role) {
		final long n = count(imp);
		if (n == 0) return;
		final ImageStack stack = imp.getStack();
		final int w = imp.getWidth();
		for (int s = 1; s <= stack.getSize(); s++) {
			final float[] px = (float[]) stack.getPixels(s);
			for (int i = 0; i < px.length; i++)
				if (!Float.isFinite(px[i])) throw new IllegalArgumentException("The " + role + " '" + imp
					.getTitle() + "' has " + n + (n == 1 ? " pixel that is" : " pixels that are") +
					" NaN or infinite (the first at x " + i % w + ", y " + i / w + " of slice " + s +
					"); training needs finite values. Replace them (Process > Noise > Remove NaNs..., or " +
					"Process > Math > Set...) or crop them away.");
		}
	}

	/** {@code value}, or {@code fill} where it is NaN or infinite. */
	public static float finiteOr(final float value, final float fill) {
		return Float.isFinite(value) ? value : fill;
	}

	/**
	 * Sets NaN in {@code result} where {@code input} is not finite, plane by
	 * plane ({@code input}'s slice {@code s} to {@code result}'s slices
	 * {@code s * perInput} to {@code (s + 1) * perInput - 1}, 0-based).
	 *
	 * @return how many input pixels were not finite
	 */
	public static long carry(final ImagePlus input, final ImageStack result, final int perInput) {
		if (input.getBitDepth() != 32) return 0;
		final ImageStack in = input.getStack();
		long n = 0;
		for (int s = 0; s < in.getSize(); s++) {
			final float[] px = (float[]) in.getPixels(s + 1);
			for (int i = 0; i < px.length; i++)
				if (!Float.isFinite(px[i])) {
					n++;
					for (int k = 0; k < perInput; k++) {
						final Object out = result.getPixels(s * perInput + k + 1);
						if (out instanceof float[]) ((float[]) out)[i] = Float.NaN;
					}
				}
		}
		return n;
	}

}
