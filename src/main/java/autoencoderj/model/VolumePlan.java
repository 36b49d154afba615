package autoencoderj.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a 3-D network treats z, block by block: whether each encoder block
 * pools z (x and y are always pooled by 2), and whether the convolutions at
 * each level see 3 slices or 1. Most stacks have a z step several times
 * the pixel size; planned as nnU-Net plans its networks: an axis is pooled,
 * and convolved over 3 voxels, only while its voxel size is less than twice
 * the finest one at that level. A z step of 3 pixel widths gives 1x3x3
 * convolutions and x-y pooling at the first block, then 3x3x3 and pooling in
 * z too, once x and y have caught up.
 */
public final class VolumePlan {

	/** How z is pooled: from the calibration, always, or never. */
	public enum Pooling {
		AUTO, XYZ, XY;

		public static Pooling parse(final String name) {
			return Keys.parse(Pooling.class, name, "pooling");
		}

		public String key() {
			return Keys.of(this);
		}
	}

	private final boolean[] poolZ;
	/** Kernel depth at each level: the blocks', then the bottleneck's. */
	private final int[] kernelZ;

	private VolumePlan(final boolean[] poolZ, final int[] kernelZ) {
		this.poolZ = poolZ;
		this.kernelZ = kernelZ;
	}

	/**
	 * @param voxel the voxel size {z, y, x} in any one unit (an image's
	 *          calibration: voxel depth, pixel height, pixel width)
	 * @param blocks encoder blocks (pooling steps)
	 * @throws IllegalArgumentException if a voxel size is not a positive number
	 */
	public static VolumePlan of(final Pooling pooling, final double[] voxel, final int blocks) {
		for (final double v : voxel)
			if (!(v > 0 && Double.isFinite(v))) throw new IllegalArgumentException("The voxel size " +
				Arrays.toString(voxel) + " is not usable: set the image's calibration (Image > " +
				"Properties...), or give pooling=xyz or pooling=xy.");
		final boolean[] pool = new boolean[blocks];
		final int[] kernel = new int[blocks + 1];
		final double[] s = voxel.clone();
		for (int level = 0; level <= blocks; level++) {
			final boolean fine = s[0] < 2 * Math.min(s[1], s[2]);
			kernel[level] = pooling != Pooling.AUTO || fine ? 3 : 1;
			if (level == blocks) break;
			pool[level] = pooling == Pooling.XYZ || pooling == Pooling.AUTO && fine;
			if (pool[level]) s[0] *= 2;
			s[1] *= 2;
			s[2] *= 2;
		}
		return new VolumePlan(pool, kernel);
	}

	/** A plan as a manifest records it. */
	public static VolumePlan of(final boolean[] poolZ, final int[] kernelZ) {
		if (kernelZ.length != poolZ.length + 1) throw new IllegalArgumentException(kernelZ.length +
			" kernel depths for " + poolZ.length + " blocks");
		for (final int k : kernelZ)
			if (k != 1 && k != 3) throw new IllegalArgumentException("a kernel depth of " + k);
		return new VolumePlan(poolZ.clone(), kernelZ.clone());
	}

	public int blocks() {
		return poolZ.length;
	}

	/** Whether encoder block {@code b} pools z. */
	public boolean poolsZ(final int b) {
		return poolZ[b];
	}

	/** Kernel depth at level {@code level} (0 the first block, {@link #blocks} the bottleneck). */
	public int kernelZ(final int level) {
		return kernelZ[level];
	}

	public boolean[] poolZ() {
		return poolZ.clone();
	}

	public int[] kernelZ() {
		return kernelZ.clone();
	}

	/** The factor z sizes must be a multiple of: 2 per block that pools z. */
	public int zUnit() {
		int unit = 1;
		for (final boolean p : poolZ)
			if (p) unit *= 2;
		return unit;
	}

	/** E.g. {@code 1x3x3 pool xy | 3x3x3 pool xyz | 3x3x3}. */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder();
		for (int level = 0; level <= blocks(); level++) {
			if (level > 0) sb.append(" | ");
			sb.append(String.format(Locale.ROOT, "%dx3x3", kernelZ[level]));
			if (level < blocks()) sb.append(poolZ[level] ? " pool xyz" : " pool xy");
		}
		return sb.toString();
	}
}
