package autoencoderj.export;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.VolumeSpec;

/**
 * The space axes of a package's tensors, {@code y, x} or for a 3-D model
 * {@code z, y, x}: each one's halo (the context a tiler gives a tile on
 * each side and crops from its output), the smallest size the network
 * takes that leaves output once the halo is cropped from both sides, and
 * the step between sizes ({@code 0}: a dense network's one fixed size).
 */
final class SpaceAxes {

	final String[] ids;
	final int[] halo, min, step;

	private SpaceAxes(final String[] ids, final int[] halo, final int[] min, final int[] step) {
		this.ids = ids;
		this.halo = halo;
		this.min = min;
		this.step = step;
	}

	static SpaceAxes of(final AutoencoderModel model) {
		if (model.volumes()) {
			final VolumeSpec spec = model.volumeSpec();
			final int[] halo = spec.margin();
			final int unitZ = spec.plan().zUnit(), unitXY = 1 << spec.depth();
			return new SpaceAxes(new String[] { "z", "y", "x" }, new int[] { halo[0], halo[1], halo[1] },
				new int[] { multipleFrom(2 * halo[0] + 1, unitZ), multipleFrom(2 * halo[1] + 1, unitXY),
					multipleFrom(2 * halo[1] + 1, unitXY) }, new int[] { unitZ, unitXY, unitXY });
		}
		if (model.convolutional()) {
			final ConvSpec spec = model.convSpec();
			final int halo = spec.margin(), min = spec.fittingSizeFrom(2 * halo + 1), step = 1 << spec
				.depth();
			return new SpaceAxes(new String[] { "y", "x" }, new int[] { halo, halo }, new int[] { min,
				min }, new int[] { step, step });
		}
		return new SpaceAxes(new String[] { "y", "x" }, new int[2], new int[] { model.manifest().height,
			model.manifest().width }, new int[2]);
	}

	/** The smallest multiple of {@code unit} that is at least {@code n}. */
	private static int multipleFrom(final int n, final int unit) {
		return (n + unit - 1) / unit * unit;
	}

	boolean volumes() {
		return ids.length == 3;
	}

	/** The tensors' shape: batch 1, {@code channels}, then these axes' {@code sizes}. */
	static long[] shape(final int channels, final int... sizes) {
		final long[] shape = new long[2 + sizes.length];
		shape[0] = 1;
		shape[1] = channels;
		for (int i = 0; i < sizes.length; i++)
			shape[2 + i] = sizes[i];
		return shape;
	}
}
