package autoencoderj.engine;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own {@code fit} as a training step: for networks the engines do not
 * compute (other layers, regularisation, other updaters).
 */
final class Dl4jStep implements TrainingStep {

	private final MultiLayerNetwork net;
	private final long[] inputShape, targetShape;
	private final double perValue;

	/** @param perValue factor from DL4J's score (loss per sample) to loss per output value */
	Dl4jStep(final MultiLayerNetwork net, final BatchSource batches, final double perValue) {
		this.net = net;
		this.inputShape = batches.inputShape();
		this.targetShape = batches.targetShape();
		this.perValue = perValue;
	}

	@Override
	public double step(final float[] input, final float[] target, final int rows) {
		final int in = rows * BatchSource.values(inputShape), out = rows * BatchSource.values(
			targetShape);
		net.fit(new DataSet(Nd4j.create(java.util.Arrays.copyOf(input, in), BatchSource.withRows(
			inputShape, rows), 'c'), Nd4j.create(java.util.Arrays.copyOf(target, out), BatchSource
				.withRows(targetShape, rows), 'c')));
		return net.score() * rows * perValue;
	}

	@Override
	public float[] lastGradient() {
		throw new UnsupportedOperationException("DL4J's fit keeps no gradient of its own to compare");
	}

	/** The network is DL4J's own: nothing to copy. */
	@Override
	public void writeTo(final MultiLayerNetwork network) {}

	@Override
	public void close() {}
}
