package autoencoderj.engine.training;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_sgemm;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import autoencoderj.engine.CpuTuning;
import autoencoderj.engine.LayerGraph;

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
 * Trains the dense autoencoders that the model's {@code DenseAutoencoders} builds with
 * the same arithmetic as DL4J's {@code fit} (ReLU or linear hidden layers,
 * sigmoid output, cross-entropy or squared error averaged as DL4J does,
 * gradients divided by the minibatch size, DL4J's Adam with its bias
 * correction), but in one pass per layer: matrix products go straight to
 * OpenBLAS's sgemm, and the element-wise work (bias, activation, loss and its
 * gradient, Adam) runs in Java loops the JIT vectorises. DL4J spends most of
 * an epoch on that element-wise work one operation and one native buffer at a
 * time, which is what makes DL4J's fit slow on these networks (README,
 * benchmark section).
 *
 * <p>A batch is split into two parts of rows, computed at the same time on
 * two threads (each with single-threaded sgemm) and their gradients added;
 * the next batch is made on the second thread after its part. OpenBLAS's own
 * threads would leave the element-wise half of a step on one core.
 *
 * <p>The network's parameters, Adam state and iteration count are read at
 * construction and written back by {@link #writeTo}, so a
 * model trained here is an ordinary DL4J model and DL4J can continue it.
 */
final class DenseEngine implements TrainingStep {

	/** Fewest rows worth a second thread. */
	private static final int MIN_SPLIT = 32;

	private final int layers, maxRows;
	private final int[] size;
	private final boolean[] relu;
	private final int[] wOffset, bOffset;
	private final UpdaterSteps updates;
	private final float[] params;
	private final OutputLoss loss;
	private final FloatPointer nParams;
	private final Rows first, second;
	private boolean closed;
	private final ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
		final Thread t = new Thread(r, "AutoencoderJ dense training");
		t.setDaemon(true);
		return t;
	});

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
		updates = new UpdaterSteps(net);
		params = updates.params;
		nParams = new FloatPointer(params.length);
		first = new Rows(maxRows);
		second = new Rows(maxRows / 2);
		// two threads call sgemm at once, one part of the rows each
		BlasThreads.acquire(CpuTuning.get().blasThreadsPerCaller());
	}

	/**
	 * @return an engine for {@code net}, or {@code null} when {@code net} is not
	 *         a network this engine computes exactly as DL4J does
	 */
	static DenseEngine of(final MultiLayerNetwork net, final int maxRows) {
		return supports(net) ? new DenseEngine(net, maxRows) : null;
	}

	static boolean supports(final MultiLayerNetwork net) {
		if (!UpdaterSteps.supports(LayerGraph.of(net))) return false;
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
	public double step(final float[] input, final float[] target, final float[] mask,
		final int rows)
	{
		return step(input, target, mask, rows, () -> {});
	}

	@Override
	public double step(final float[] input, final float[] target, final float[] mask,
		final int rows, final Runnable alongside)
	{
		// no dense training masks its loss (blind-spot training is convolutional)
		if (mask != null) throw new IllegalArgumentException("a dense network takes no loss mask");
		if (rows > maxRows) throw new IllegalArgumentException(rows + " rows, at most " + maxRows);
		nParams.put(params);
		final double lossSum;
		if (rows < MIN_SPLIT) {
			alongside.run();
			lossSum = first.run(input, target, 0, rows, rows);
			System.arraycopy(first.grad, 0, updates.grad, 0, params.length);
		}
		else {
			// this thread takes 9/16 of the rows: the helper also makes the next
			// batch: a larger share here balances that (README, benchmark notes)
			final int own = rows * 9 / 16;
			final Future<Double> other = helper.submit(() -> second.run(input, target, own, rows - own,
				rows));
			alongside.run();
			final double mine = first.run(input, target, 0, own, rows);
			lossSum = mine + Futures.get(other, "training");
			final float[] g = updates.grad, g1 = first.grad, g2 = second.grad;
			for (int i = 0; i < g.length; i++)
				g[i] = g1[i] + g2[i];
		}
		updates.step();
		return lossSum / size[layers];
	}

	@Override
	public ExecutorService helper() {
		return helper;
	}

	/** Forward and backward pass over some rows of a batch, with its own buffers. */
	private final class Rows {

		/** Activations per layer in Java (pre-activations overwritten in place). */
		private final float[][] act;
		private final float[] delta, deltaPrev, target;
		/** dLoss/dparams of these rows (their share of the batch mean). */
		final float[] grad;
		private final FloatPointer nGrad, nDelta, nDeltaPrev;
		private final FloatPointer[] nAct;

		Rows(final int maxRows) {
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
			target = new float[maxRows * size[layers]];
			nDelta = new FloatPointer((long) maxRows * widest);
			nDeltaPrev = new FloatPointer((long) maxRows * widest);
			grad = new float[params.length];
			nGrad = new FloatPointer(params.length);
		}

		/**
		 * Rows {@code from .. from + rows - 1} of a batch of {@code batchRows}.
		 *
		 * @return their loss summed over their output values
		 */
		double run(final float[] input, final float[] targets, final int from, final int rows,
			final int batchRows)
		{
			nAct[0].put(input, from * size[0], rows * size[0]);
			for (int l = 0; l < layers; l++) {
				final int in = size[l], out = size[l + 1];
				// z = a W + b; W is DL4J's [in, out] in 'f' order, i.e. [out][in] row-major
				cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, out, in, 1f, nAct[l], in,
					new FloatPointer(nParams).position(wOffset[l]), in, 0f, nAct[l + 1], out);
				nAct[l + 1].get(act[l + 1], 0, rows * out);
				addBias(act[l + 1], rows, out, bOffset[l]);
				if (l < layers - 1) {
					if (relu[l]) relu(act[l + 1], rows * out);
					nAct[l + 1].put(act[l + 1], 0, rows * out);
				}
			}
			final int n = rows * size[layers];
			System.arraycopy(targets, from * size[layers], target, 0, n);
			final double lossSum = loss.apply(act[layers], target, null, delta, deltaPrev, n, batchRows);
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
						new FloatPointer(nParams).position(wOffset[l]), in, 0f, nDeltaPrev, in);
					nDeltaPrev.get(delta, 0, rows * in);
					if (relu[l - 1]) reluGradient(delta, act[l], rows * in);
				}
			}
			return lossSum;
		}

		private void biasGradient(final int rows, final int out, final int bias) {
			java.util.Arrays.fill(grad, bias, bias + out, 0f);
			for (int r = 0; r < rows; r++) {
				final int o = r * out;
				for (int j = 0; j < out; j++)
					grad[bias + j] += delta[o + j];
			}
		}

		void close() {
			for (final FloatPointer p : nAct)
				p.close();
			nDelta.close();
			nDeltaPrev.close();
			nGrad.close();
		}
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

	@Override
	public void rate(final double rate) {
		updates.rate(rate);
	}

	@Override
	public float[] lastGradient() {
		return updates.grad.clone();
	}

	@Override
	public void writeTo(final org.deeplearning4j.nn.api.Model net) {
		updates.writeTo(net);
	}

	@Override
	public void close() {
		if (closed) return;
		closed = true;
		helper.shutdownNow();
		BlasThreads.release();
		first.close();
		second.close();
		nParams.close();
	}
}
