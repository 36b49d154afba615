package autoencoderj.model;

import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's Adam ({@code AdamUpdater}, bias correction folded into the step
 * size) over a network's flattened parameters, held in Java arrays by the
 * training engines ({@link DenseEngine}, {@link ConvEngine}). Parameters,
 * moments and iteration count are read from the network and written back,
 * so DL4J can continue the training.
 */
final class AdamSteps {

	/** The parameters in the order of {@code net.params()}, and their gradient. */
	final float[] params, grad;
	private final float[] m, v;
	private final float lr, beta1, beta2, epsilon;
	private int iteration;

	AdamSteps(final MultiLayerNetwork net) {
		final Adam adam = (Adam) firstUpdater(net);
		lr = (float) adam.getLearningRate();
		beta1 = (float) adam.getBeta1();
		beta2 = (float) adam.getBeta2();
		epsilon = (float) adam.getEpsilon();
		iteration = net.getIterationCount();
		params = net.params().dup('c').data().asFloat();
		grad = new float[params.length];
		final float[] state = ((MultiLayerUpdater) net.getUpdater()).getStateViewArray().dup('c').data()
			.asFloat();
		m = Arrays.copyOfRange(state, 0, params.length);
		v = Arrays.copyOfRange(state, params.length, 2 * params.length);
	}

	private static Object firstUpdater(final MultiLayerNetwork net) {
		for (int l = 0; l < net.getnLayers(); l++) {
			final org.deeplearning4j.nn.conf.layers.Layer layer = net.getLayerWiseConfigurations().getConf(
				l).getLayer();
			if (layer instanceof BaseLayer) return ((BaseLayer) layer).getIUpdater();
		}
		throw new IllegalArgumentException("The network has no trainable layer");
	}

	/**
	 * Whether every trainable layer of {@code net} is plain (no regularisation,
	 * dropout, weight noise or gradient normalisation) with one and the same
	 * constant-rate Adam, kept by DL4J as one block of state [m | v].
	 */
	static boolean supports(final MultiLayerNetwork net) {
		if (net.params().dataType() != DataType.FLOAT || !net.conf().isMiniBatch()) return false;
		Adam first = null;
		for (int l = 0; l < net.getnLayers(); l++) {
			final org.deeplearning4j.nn.conf.layers.Layer layer = net.getLayerWiseConfigurations().getConf(
				l).getLayer();
			if (!(layer instanceof BaseLayer)) continue;
			final BaseLayer b = (BaseLayer) layer;
			if (!(b.getIUpdater() instanceof Adam) || b.getBiasUpdater() != null && !b.getBiasUpdater()
				.equals(b.getIUpdater())) return false;
			final Adam adam = (Adam) b.getIUpdater();
			if (adam.getLearningRateSchedule() != null || first != null && !first.equals(adam))
				return false;
			first = adam;
			if (!empty(b.getRegularization()) || !empty(b.getRegularizationBias()) || b
				.getIDropout() != null || b.getWeightNoise() != null || b.getGradientNormalization() != null &&
					b.getGradientNormalization() != GradientNormalization.None) return false;
		}
		final Updater updater = net.getUpdater();
		return first != null && updater instanceof MultiLayerUpdater && ((MultiLayerUpdater) updater)
			.getUpdaterBlocks().size() == 1 && ((MultiLayerUpdater) updater).getStateViewArray()
				.length() == 2 * net.numParams();
	}

	private static boolean empty(final List<?> list) {
		return list == null || list.isEmpty();
	}

	/** One step with {@link #grad}, which holds dLoss/dparams already divided by the minibatch size. */
	void step() {
		final int t = iteration + 1;
		final float alpha = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1,
			t)));
		final float b1 = beta1, b2 = beta2, c1 = 1 - beta1, c2 = 1 - beta2, eps = epsilon;
		final int n = params.length;
		for (int i = 0; i < n; i++) {
			final float g = grad[i];
			m[i] = b1 * m[i] + c1 * g;
			v[i] = b2 * v[i] + c2 * g * g;
		}
		for (int i = 0; i < n; i++)
			params[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + eps);
		iteration++;
	}

	/** Copies parameters, Adam state and iteration count into {@code net}. */
	void writeTo(final MultiLayerNetwork net) {
		net.params().assign(Nd4j.create(params, new long[] { 1, params.length }, 'c'));
		final INDArray state = ((MultiLayerUpdater) net.getUpdater()).getStateViewArray();
		final float[] both = new float[2 * params.length];
		System.arraycopy(m, 0, both, 0, params.length);
		System.arraycopy(v, 0, both, params.length, params.length);
		state.assign(Nd4j.create(both, state.shape(), 'c'));
		net.setIterationCount(iteration);
	}
}
