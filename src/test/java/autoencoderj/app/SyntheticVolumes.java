package autoencoderj.app;

import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/** Volumes made in the tests: blobs of a few voxels' radius in a calibrated z-stack. */
public final class SyntheticVolumes {

	private SyntheticVolumes() {}

	/** Blobs spanning several slices, with Gaussian noise; z step {@code zStep} pixel widths. */
	public static ImagePlus blobs(final int depth, final int side, final double zStep, final long seed) {
		final Random r = new Random(seed);
		final double[][] blobs = new double[12][];
		for (int b = 0; b < blobs.length; b++)
			blobs[b] = new double[] { r.nextDouble() * depth * zStep, r.nextDouble() * side, r.nextDouble() *
				side, 2 + 2 * r.nextDouble() };
		final ImageStack stack = new ImageStack(side, side);
		for (int z = 0; z < depth; z++) {
			final float[] px = new float[side * side];
			for (int y = 0; y < side; y++)
				for (int x = 0; x < side; x++) {
					double v = 100;
					for (final double[] b : blobs) {
						final double dz = z * zStep - b[0], dy = y - b[1], dx = x - b[2];
						v += 400 * Math.exp(-(dz * dz + dy * dy + dx * dx) / (2 * b[3] * b[3]));
					}
					px[y * side + x] = (float) (v + 30 * r.nextGaussian());
				}
			stack.addSlice(null, new FloatProcessor(side, side, px));
		}
		final ImagePlus imp = new ImagePlus("volume", stack);
		imp.setDimensions(1, depth, 1);
		imp.getCalibration().pixelDepth = zStep;
		return imp;
	}
}
