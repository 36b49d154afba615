package autoencoderj.engine.training;

import java.util.Arrays;
import java.util.List;

import autoencoderj.engine.LayerGraph;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * DL4J's Adam ({@code AdamUpdater}, bias correction folded into the step
 * size) or plain SGD ({@code SgdUpdater}) over a network's flattened
 * parameters, held in Java arrays by the training engines
 * ({@link DenseEngine}, {@link ConvEngine}). Parameters, moments and
 * iteration count are read from the network and written back, so DL4J can
 * continue the training.
 * <p>
 * SGD is here so that tests can compare many steps with DL4J's: Adam turns a
 * rounding-level difference in a near-zero gradient into a step of about the
 * learning rate, SGD does not.
 * </p>
 */
final class UpdaterSteps {

	/** The parameters in the order of {@code net.params()}, and their gradient. */
	final float[] params, grad;
	/** Adam's moments; empty for SGD. */
	private final float[] m, v;
	private final boolean adam;
	private final float beta1, beta2, epsilon;
	private float lr;
	private int iteration;

	UpdaterSteps(final Model net) {
		final LayerGraph graph = LayerGraph.of(net);
		final IUpdater updater = firstUpdater(graph);
		adam = updater instanceof Adam;
		iteration = graph.iterationCount();
		params = net.params().dup('c').data().asFloat();
		grad = new float[params.length];
		if (adam) {
			final Adam a = (Adam) updater;
			lr = (float) a.getLearningRate();
			beta1 = (float) a.getBeta1();
			beta2 = (float) a.getBeta2();
			epsilon = (float) a.getEpsilon();
			final float[] state = graph.updaterState().dup('c').data().asFloat();
			m = Arrays.copyOfRange(state, 0, params.length);
			v = Arrays.copyOfRange(state, params.length, 2 * params.length);
		}
		else {
			lr = (float) ((Sgd) updater).getLearningRate();
			beta1 = beta2 = epsilon = 0;
			m = v = new float[0];
		}
	}

	private static IUpdater firstUpdater(final LayerGraph graph) {
		for (final org.deeplearning4j.nn.conf.layers.Layer layer : graph.layers()) {
			if (layer instanceof BaseLayer) return ((BaseLayer) layer).getIUpdater();
		}
		throw new IllegalArgumentException("The network has no trainable layer");
	}

	/**
	 * Whether every trainable layer of {@code net} is plain (no regularisation,
	 * dropout, weight noise or gradient normalisation) with one and the same
	 * constant-rate Adam, kept by DL4J as one block of state [m | v], or one
	 * and the same constant-rate SGD.
	 */
	static boolean supports(final LayerGraph graph) {
		if (graph.params().dataType() != DataType.FLOAT || !graph.miniBatch()) return false;
		IUpdater first = null;
		for (final org.deeplearning4j.nn.conf.layers.Layer layer : graph.layers()) {
			if (!(layer instanceof BaseLayer)) continue;
			final BaseLayer b = (BaseLayer) layer;
			final IUpdater u = b.getIUpdater();
			if (!(u instanceof Adam || u instanceof Sgd) || b.getBiasUpdater() != null && !b
				.getBiasUpdater().equals(u)) return false;
			final boolean schedule = u instanceof Adam ? ((Adam) u).getLearningRateSchedule() != null
				: ((Sgd) u).getLearningRateSchedule() != null;
			if (schedule || first != null && !first.equals(u)) return false;
			first = u;
			if (!empty(b.getRegularization()) || !empty(b.getRegularizationBias()) || b
				.getIDropout() != null || b.getWeightNoise() != null || b.getGradientNormalization() != null &&
					b.getGradientNormalization() != GradientNormalization.None) return false;
		}
		if (first == null) return false;
		final INDArray state = graph.updaterState();
		final long stateLength = state == null ? 0 : state.length();
		return first instanceof Sgd ? stateLength == 0 : graph.updaterBlocks() == 1 &&
			stateLength == 2 * graph.params().length();
	}

	private static boolean empty(final List<?> list) {
		return list == null || list.isEmpty();
	}

	void rate(final double rate) {
		lr = (float) rate;
	}

	/** One step with {@link #grad}, which holds dLoss/dparams already divided by the minibatch size. */
	void step() {
		final int n = params.length;
		if (!adam) {
			final float rate = lr;
			for (int i = 0; i < n; i++)
				params[i] -= rate * grad[i];
			iteration++;
			return;
		}
		final int t = iteration + 1;
		final float alpha = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1,
			t)));
		final float b1 = beta1, b2 = beta2, c1 = 1 - beta1, c2 = 1 - beta2, eps = epsilon;
		for (int i = 0; i < n; i++) {
			final float g = grad[i];
			m[i] = b1 * m[i] + c1 * g;
			v[i] = b2 * v[i] + c2 * g * g;
		}
		for (int i = 0; i < n; i++)
			params[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + eps);
		iteration++;
	}

	/** Copies parameters, optimiser state and iteration count into {@code net}. */
	void writeTo(final Model net) {
		final LayerGraph graph = LayerGraph.of(net);
		net.params().assign(Nd4j.create(params, new long[] { 1, params.length }, 'c'));
		if (adam) {
			final INDArray state = graph.updaterState();
			final float[] both = new float[2 * params.length];
			System.arraycopy(m, 0, both, 0, params.length);
			System.arraycopy(v, 0, both, params.length, params.length);
			state.assign(Nd4j.create(both, state.shape(), 'c'));
		}
		graph.setIterationCount(iteration);
	}
}
