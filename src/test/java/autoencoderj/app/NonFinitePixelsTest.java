package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.convert.ImagePluses;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;
import ij.ImageStack;

import org.junit.jupiter.api.Test;

/**
 * NaN and infinite pixels: left out of percentiles, refused in training with
 * their place, and carried through denoising as NaN at their own places only.
 */
class NonFinitePixelsTest {

	private static ImagePlus floats(final ImagePlus imp) {
		final ImageStack s = new ImageStack(imp.getWidth(), imp.getHeight());
		for (int i = 1; i <= imp.getStackSize(); i++)
			s.addSlice(imp.getStack().getSliceLabel(i), imp.getStack().getProcessor(i).convertToFloat());
		return new ImagePlus(imp.getTitle(), s);
	}

	@Test
	void percentilesLeaveNonFinitePixelsOut() {
		final ImagePlus a = floats(TrainedModels.slices(0, 20));
		final Normalization clean = Normalization.percentiles(ImagePluses.wrap(a), 1, 99);
		a.getStack().getProcessor(3).setf(5, 5, Float.NaN);
		a.getStack().getProcessor(4).setf(6, 6, Float.POSITIVE_INFINITY);
		final Normalization dirty = Normalization.percentiles(ImagePluses.wrap(a), 1, 99);
		assertEquals(clean.high(), dirty.high(), 1e-6 * clean.high());
		assertTrue(Double.isFinite(dirty.low()) && Double.isFinite(dirty.high()));
	}

	@Test
	void trainingRefusesThemWithTheirPlace() {
		final ImagePlus a = floats(TrainedModels.slices(0, 20));
		a.getStack().getProcessor(3).setf(5, 7, Float.NaN);
		final IllegalArgumentException exc = assertThrows(IllegalArgumentException.class,
			() -> DenseTraining.train(a, TrainingSettings.builder().epochs(1).build(), null, () -> false));
		assertEquals("The image 'MNIST 0-20' has 1 pixel that is NaN or infinite (the first at x 5, y 7 " +
			"of slice 3); training needs finite values. Replace them (Process > Noise > Remove NaNs..., " +
			"or Process > Math > Set...) or crop them away.", exc.getMessage());
	}

	@Test
	void denseDenoisingGivesNaNAtTheirPlacesOnly() {
		final ImagePlus a = floats(TrainedModels.slices(1950, 2));
		a.getStack().getProcessor(2).setf(10, 12, Float.NaN);
		a.getStack().getProcessor(2).setf(11, 12, Float.NEGATIVE_INFINITY);
		final ImagePlus out = Denoiser.denoise(TrainedModels.denoiser().model(), "m", a, null,
			() -> false);
		assertOnlyAt(out, 2, new int[][] { { 10, 12 }, { 11, 12 } });
	}

	@Test
	void convolutionalDenoisingGivesNaNAtTheirPlacesAndLeavesTheRestAsItWas() {
		final AutoencoderModel model = TrainedModels.untrainedConvolutional(255);
		final ImagePlus clean = floats(TrainedModels.slices(1960, 1));
		final ImagePlus dirty = floats(TrainedModels.slices(1960, 1));
		dirty.getProcessor().setf(14, 14, Float.NaN);
		final float[] a = (float[]) Denoiser.denoise(model, "m", clean, null, () -> false).getProcessor()
			.getPixels();
		final ImagePlus out = Denoiser.denoise(model, "m", dirty, null, () -> false);
		assertOnlyAt(out, 1, new int[][] { { 14, 14 } });
		final float[] b = (float[]) out.getProcessor().getPixels();
		// beyond the network's receptive field (a few pixels) nothing changed
		for (int y = 0; y < 28; y++)
			for (int x = 0; x < 28; x++)
				if (Math.abs(x - 14) > 8 || Math.abs(y - 14) > 8) assertEquals(a[y * 28 + x], b[y * 28 + x],
					1e-4 * (1 + Math.abs(a[y * 28 + x])), "pixel " + x + ", " + y);
	}

	private static void assertOnlyAt(final ImagePlus out, final int slice, final int[][] places) {
		for (int s = 1; s <= out.getStackSize(); s++) {
			final float[] px = (float[]) out.getStack().getPixels(s);
			for (int i = 0; i < px.length; i++) {
				boolean expected = false;
				for (final int[] p : places)
					expected |= s == slice && i == p[1] * out.getWidth() + p[0];
				assertEquals(expected, Float.isNaN(px[i]), "slice " + s + " pixel " + i + ": " + px[i]);
				if (!expected) assertTrue(Float.isFinite(px[i]), "slice " + s + " pixel " + i);
			}
		}
	}
}
