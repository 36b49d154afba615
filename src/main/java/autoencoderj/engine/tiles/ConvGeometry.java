package autoencoderj.engine.tiles;

/**
 * What tiled prediction needs to know of a fully convolutional network: how
 * many times it pools by 2, whether its last decoder convolution is "valid",
 * and which input sizes pass through it.
 */
public interface ConvGeometry {

	/** Pooling steps: sizes are multiples of {@code 2^depth}. */
	int depth();

	/** Whether the last decoder convolution drops a 2-pixel border (the Keras MNIST layout). */
	boolean validLastConv();

	/** Whether a side of {@code size} pixels passes through the network. */
	boolean fits(int size);

	/** The largest size at most {@code max} that the network takes, or the smallest it takes. */
	int fittingSize(int max);

	/**
	 * Pixels of context each side of a tile whose output is kept: about the
	 * receptive field's radius, a multiple of {@code 2^depth}.
	 */
	default int margin() {
		return 4 << depth();
	}
}
