package autoencoderj.ui;

import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * Every layer's feature maps in one window: one slice per layer, its maps on
 * a grid, each map stretched to its own range (activations differ by orders
 * of magnitude from layer to layer and map to map), the grids of smaller
 * layers enlarged by whole pixels to fill the slice. 8-bit: it is for looking;
 * the values themselves are in the per-layer stacks.
 */
public final class LayerOverview {

	private LayerOverview() {}

	/** @param layers one stack per layer, a map per slice, as Show Layer Outputs makes them */
	public static ImagePlus of(final String title, final List<ImagePlus> layers) {
		int width = 1, height = 1;
		for (final ImagePlus layer : layers) {
			final int columns = columns(layer.getStackSize());
			width = Math.max(width, columns * (layer.getWidth() + 1) - 1);
			height = Math.max(height, rows(layer.getStackSize(), columns) * (layer.getHeight() + 1) - 1);
		}
		final ImageStack out = new ImageStack(width, height);
		for (final ImagePlus layer : layers) {
			final ImageProcessor grid = grid(layer);
			final int f = Math.max(1, Math.min(width / grid.getWidth(), height / grid.getHeight()));
			final ImageProcessor big = f == 1 ? grid : scaled(grid, f);
			final ByteProcessor slice = new ByteProcessor(width, height);
			slice.insert(big, (width - big.getWidth()) / 2, (height - big.getHeight()) / 2);
			out.addSlice(layer.getTitle(), slice);
		}
		return new ImagePlus(title, out);
	}

	private static int columns(final int maps) {
		return (int) Math.ceil(Math.sqrt(maps));
	}

	private static int rows(final int maps, final int columns) {
		return (maps + columns - 1) / columns;
	}

	/** The layer's maps side by side, one pixel apart, each from 0 at its minimum to 255 at its maximum. */
	private static ByteProcessor grid(final ImagePlus layer) {
		final int n = layer.getStackSize(), w = layer.getWidth(), h = layer.getHeight();
		final int columns = columns(n);
		final ByteProcessor grid = new ByteProcessor(columns * (w + 1) - 1, rows(n, columns) * (h + 1) -
			1);
		for (int m = 0; m < n; m++) {
			final ImageProcessor map = layer.getStack().getProcessor(m + 1).duplicate();
			map.resetMinAndMax();
			grid.insert(map.convertToByteProcessor(true), m % columns * (w + 1), m / columns * (h + 1));
		}
		return grid;
	}

	private static ImageProcessor scaled(final ImageProcessor ip, final int f) {
		ip.setInterpolationMethod(ImageProcessor.NONE);
		return ip.resize(ip.getWidth() * f, ip.getHeight() * f);
	}
}
