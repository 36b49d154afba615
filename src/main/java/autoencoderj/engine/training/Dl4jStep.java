package autoencoderj.engine.training;

import autoencoderj.engine.LayerGraph;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own {@code fit} as a training step: for networks the engines do not
 * compute (other layers, regularisation, other updaters).
 */
final class Dl4jStep implements TrainingStep {

	private final Model net;
	private final long[] inputShape, targetShape;
	private final double perValue, baseRate;
	private double rate;

	/** @param perValue factor from DL4J's score (loss per sample) to loss per output value */
	Dl4jStep(final Model net, final BatchSource batches, final double perValue) {
		this.net = net;
		this.inputShape = batches.inputShape();
		this.targetShape = batches.targetShape();
		this.perValue = perValue;
		this.baseRate = this.rate = LayerGraph.of(net).learningRate();
	}

	/** Sets DL4J's own rate only when it changes: setting it rewrites every layer's updater. */
	@Override
	public void rate(final double r) {
		if (r == rate || Double.isNaN(r)) return;
		rate = r;
		setRate(r);
	}

	private void setRate(final double r) {
		LayerGraph.of(net).setLearningRate(r);
	}

	@Override
	public double step(final float[] input, final float[] target, final float[] mask,
		final int rows)
	{
		final int in = rows * BatchSource.values(inputShape), out = rows * BatchSource.values(
			targetShape);
		((NeuralNetwork) net).fit(new DataSet(array(input, in, inputShape, rows), array(target, out,
			targetShape, rows), null, mask == null ? null : array(mask, out, targetShape, rows)));
		return net.score() * rows * perValue;
	}

	private static org.nd4j.linalg.api.ndarray.INDArray array(final float[] values, final int n,
		final long[] shape, final int rows)
	{
		return Nd4j.create(java.util.Arrays.copyOf(values, n), BatchSource.withRows(shape, rows), 'c');
	}

	@Override
	public float[] lastGradient() {
		throw new UnsupportedOperationException("DL4J's fit keeps no gradient of its own to compare");
	}

	/** The network is DL4J's own: nothing to copy. */
	@Override
	public void writeTo(final Model network) {}

	/** The model file keeps the rate asked for, not where a schedule ended. */
	@Override
	public void close() {
		if (rate != baseRate) setRate(baseRate);
	}
}
