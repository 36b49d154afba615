package autoencoderj.engine.network;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A network's parameters in one flat array of the native engine's own, their
 * gradients in another, and each layer's part of either as a view, at the
 * place DL4J keeps that layer's parameters in {@code net.params()}.
 */
final class ParamViews {

	final INDArray weights, gradients;
	/** Where the network's flattened parameters start in their buffer. */
	private final long base;

	/** @param training whether gradients are kept (else {@link #gradients} is {@code null}) */
	ParamViews(final Model net, final float[] params, final boolean training) {
		weights = Nd4j.createFromArray(params);
		gradients = training ? Nd4j.create(DataType.FLOAT, params.length) : null;
		base = net.params().offset();
	}

	/** The position of the network's parameter view {@code param} in its flattened parameters. */
	int offset(final INDArray param) {
		return (int) (param.offset() - base);
	}

	/** {@code param}'s values among {@link #weights}, shaped as {@code param}. */
	INDArray weights(final INDArray param) {
		return view(weights, param);
	}

	/** {@code param}'s gradient among {@link #gradients}; {@code null} when not training. */
	INDArray gradients(final INDArray param) {
		return view(gradients, param);
	}

	private INDArray view(final INDArray flat, final INDArray param) {
		if (flat == null || param == null) return null;
		final long from = offset(param);
		return flat.get(NDArrayIndex.interval(from, from + param.length())).reshape('c', param.shape());
	}

	void close() {
		weights.close();
		if (gradients != null) gradients.close();
	}
}
