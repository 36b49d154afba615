package autoencoderj.model;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.blas_get_num_threads;
import static org.bytedeco.openblas.global.openblas.blas_set_num_threads;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;


import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Trains the dense autoencoders that {@link DenseAutoencoders} builds with
 * the same arithmetic as DL4J's {@code fit} (ReLU or linear hidden layers,
 * sigmoid output, cross-entropy or squared error averaged as DL4J does,
 * gradients divided by the minibatch size, DL4J's Adam with its bias
 * correction), but in one pass per layer: matrix products go straight to
 * OpenBLAS's sgemm, and the element-wise work (bias, activation, loss and its
 * gradient, Adam) runs in Java loops the JIT vectorises. DL4J spends most of
 * an epoch on that element-wise work one operation and one native buffer at a
 * time; measured on MNIST 784-50-784 the epoch goes from about 7 s to under 1 s.
 *
 * <p>The network's parameters, Adam state and iteration count are read at
 * construction and written back by {@link #writeTo(MultiLayerNetwork)}, so a
 * model trained here is an ordinary DL4J model and DL4J can continue it.
 */
final class DenseEngine implements TrainingStep {

	private final int layers, maxRows;
	private final int[] size;
	private final boolean[] relu;
	private final int[] wOffset, bOffset;
	private final AdamSteps adam;
	private final float[] params, grad;
	private final OutputLoss loss;
	private final int blasThreads;

	/** Activations per layer in Java (pre-activations overwritten in place). */
	private final float[][] act;
	private final float[] delta, deltaPrev;
	private final FloatPointer nParams, nGrad, nDelta, nDeltaPrev;
	private final FloatPointer[] nAct;

	private DenseEngine(final MultiLayerNetwork net, final int maxRows) {
		this.maxRows = maxRows;
		layers = net.getnLayers();
		size = new int[layers + 1];
		relu = new boolean[layers];
		wOffset = new int[layers];
		bOffset = new int[layers];
		int offset = 0;
		for (int l = 0; l < layers; l++) {
			final FeedForwardLayer conf = (FeedForwardLayer) layer(net, l);
			size[l] = (int) conf.getNIn();
			size[l + 1] = (int) conf.getNOut();
			relu[l] = conf.getActivationFn() instanceof ActivationReLU;
			wOffset[l] = offset;
			bOffset[l] = offset + size[l] * size[l + 1];
			offset = bOffset[l] + size[l + 1];
		}
		loss = new OutputLoss(true, ((OutputLayer) layer(net, layers - 1))
			.getLossFn() instanceof LossBinaryXENT, size[layers]);
		adam = new AdamSteps(net);
		params = adam.params;
		grad = adam.grad;

		act = new float[layers + 1][];
		nAct = new FloatPointer[layers + 1];
		int widest = 0;
		for (int l = 0; l <= layers; l++) {
			act[l] = new float[maxRows * size[l]];
			nAct[l] = new FloatPointer((long) maxRows * size[l]);
			widest = Math.max(widest, size[l]);
		}
		delta = new float[maxRows * widest];
		deltaPrev = new float[maxRows * widest];
		nDelta = new FloatPointer((long) maxRows * widest);
		nDeltaPrev = new FloatPointer((long) maxRows * widest);
		nParams = new FloatPointer(params.length);
		nGrad = new FloatPointer(params.length);
		// one core is left to the thread that makes the next batch
		// (PrefetchedBatches): on 2 cores, two BLAS threads and that thread
		// contend and an epoch takes 10-40% longer
		blasThreads = blas_get_num_threads();
		blas_set_num_threads(Math.max(1, Math.min(blasThreads, Runtime.getRuntime()
			.availableProcessors() - 1)));
	}

	/**
	 * @return an engine for {@code net}, or {@code null} when {@code net} is not
	 *         a network this engine computes exactly as DL4J does
	 */
	static DenseEngine of(final MultiLayerNetwork net, final int maxRows) {
		return supports(net) ? new DenseEngine(net, maxRows) : null;
	}

	static boolean supports(final MultiLayerNetwork net) {
		if (!AdamSteps.supports(net)) return false;
		final int n = net.getnLayers();
		for (int l = 0; l < n; l++) {
			final Layer layer = layer(net, l);
			final boolean last = l == n - 1;
			if (!(last ? layer instanceof OutputLayer : layer.getClass() == DenseLayer.class))
				return false;
			final BaseLayer b = (BaseLayer) layer;
			if (layer instanceof DenseLayer && !((DenseLayer) layer).hasBias() || layer instanceof OutputLayer &&
				!((OutputLayer) layer).hasBias()) return false;
			if (last) {
				final ILossFunction loss = ((OutputLayer) layer).getLossFn();
				final boolean plainLoss = loss instanceof LossMSE || loss.getClass() == LossBinaryXENT.class &&
					((LossBinaryXENT) loss).getWeights() == null;
				if (!plainLoss || !(b.getActivationFn() instanceof ActivationSigmoid)) return false;
			}
			else if (!(b.getActivationFn() instanceof ActivationReLU || b
				.getActivationFn() instanceof ActivationIdentity)) return false;
		}
		return true;
	}

	private static Layer layer(final MultiLayerNetwork net, final int l) {
		return net.getLayerWiseConfigurations().getConf(l).getLayer();
	}

	/**
	 * One Adam step on a minibatch.
	 *
	 * @param input {@code rows} corrupted samples, row after row
	 * @param target their clean versions
	 * @return the loss per output value, summed over the batch's samples
	 *         (divide by the number of samples for the mean)
	 */
	@Override
	public double step(final float[] input, final float[] target, final int rows) {
		if (rows > maxRows) throw new IllegalArgumentException(rows + " rows, at most " + maxRows);
		nParams.put(params);
		System.arraycopy(input, 0, act[0], 0, rows * size[0]);
		nAct[0].put(input, 0, rows * size[0]);
		for (int l = 0; l < layers; l++) {
			final int in = size[l], out = size[l + 1];
			// z = a W + b; W is DL4J's [in, out] in 'f' order, i.e. [out][in] row-major
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, out, in, 1f, nAct[l], in,
				nParams.position(wOffset[l]), in, 0f, nAct[l + 1], out);
			nParams.position(0);
			nAct[l + 1].get(act[l + 1], 0, rows * out);
			addBias(act[l + 1], rows, out, bOffset[l]);
			if (l < layers - 1) {
				if (relu[l]) relu(act[l + 1], rows * out);
				nAct[l + 1].put(act[l + 1], 0, rows * out);
			}
		}
		final int n = rows * size[layers];
		final double lossSum = loss.apply(act[layers], target, delta, deltaPrev, n, rows);
		for (int l = layers - 1; l >= 0; l--) {
			final int in = size[l], out = size[l + 1];
			nDelta.put(delta, 0, rows * out);
			// dW ([out][in] row-major) = delta^T a
			cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, rows, 1f, nDelta, out, nAct[l],
				in, 0f, nGrad.position(wOffset[l]), in);
			nGrad.get(grad, wOffset[l], in * out);
			nGrad.position(0);
			biasGradient(rows, out, bOffset[l]);
			if (l > 0) {
				// delta of the layer below = (delta W^T) * activation'
				cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, in, out, 1f, nDelta, out,
					nParams.position(wOffset[l]), in, 0f, nDeltaPrev, in);
				nParams.position(0);
				nDeltaPrev.get(delta, 0, rows * in);
				if (relu[l - 1]) reluGradient(delta, act[l], rows * in);
			}
		}
		adam.step();
		return lossSum / size[layers];
	}

	private void addBias(final float[] z, final int rows, final int out, final int bias) {
		for (int r = 0; r < rows; r++) {
			final int o = r * out;
			for (int j = 0; j < out; j++)
				z[o + j] += params[bias + j];
		}
	}

	private static void relu(final float[] a, final int n) {
		for (int i = 0; i < n; i++)
			a[i] = Math.max(a[i], 0f);
	}

	private static void reluGradient(final float[] d, final float[] a, final int n) {
		// a = relu(z) > 0 exactly where z > 0, where DL4J's derivative is 1
		for (int i = 0; i < n; i++)
			d[i] = a[i] > 0f ? d[i] : 0f;
	}

	private void biasGradient(final int rows, final int out, final int bias) {
		java.util.Arrays.fill(grad, bias, bias + out, 0f);
		for (int r = 0; r < rows; r++) {
			final int o = r * out;
			for (int j = 0; j < out; j++)
				grad[bias + j] += delta[o + j];
		}
	}

	@Override
	public void writeTo(final MultiLayerNetwork net) {
		adam.writeTo(net);
	}

	@Override
	public void close() {
		blas_set_num_threads(blasThreads);
		for (final FloatPointer p : nAct)
			p.close();
		nDelta.close();
		nDeltaPrev.close();
		nParams.close();
		nGrad.close();
	}
}
