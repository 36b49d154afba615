package autoencoderj.ui;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/** Lays images out on a grid, as a single 32-bit image. */
public final class Montages {

	private Montages() {}

	/**
	 * One row per stack, the first {@code columns} slices of each side by side,
	 * with a one-pixel gap.
	 */
	public static ImagePlus rows(final String title, final int columns, final ImagePlus... stacks) {
		final int w = stacks[0].getWidth(), h = stacks[0].getHeight();
		final FloatProcessor grid = new FloatProcessor(columns * (w + 1) - 1, stacks.length * (h + 1) - 1);
		grid.setValue(Float.NaN);
		grid.fill();
		for (int r = 0; r < stacks.length; r++) {
			final ImageStack stack = stacks[r].getStack();
			for (int c = 0; c < columns && c < stack.getSize(); c++) {
				final ImageProcessor tile = stack.getProcessor(c + 1).convertToFloatProcessor();
				grid.insert(tile, c * (w + 1), r * (h + 1));
			}
		}
		final ImagePlus montage = new ImagePlus(title, grid);
		montage.resetDisplayRange();
		return montage;
	}
}
