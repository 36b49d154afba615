package autoencoderj.engine.network;

import java.util.List;

import autoencoderj.engine.LayerGraph;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Cnn3DLossLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.Upsampling3D;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * The one place that says which networks {@link NativeNetwork} computes
 * exactly as DL4J does, 2-D or 3-D, and what their loss layer applies.
 */
public final class NativeSupport {

	private NativeSupport() {}

	/**
	 * Whether {@link NativeNetwork} computes {@code net} exactly as DL4J does:
	 * a chain or graph of the layers below (merges concatenating channels,
	 * sums adding them), each read as DL4J reads it, ending in a loss layer on
	 * the node before it. In 3-D: DL4J's {@code Convolution3D},
	 * {@code Deconvolution3D}, {@code Subsampling3DLayer}, {@code Upsampling3D},
	 * a ReLU {@code ActivationLayer} and {@code Cnn3DLossLayer}, channels-first
	 * as DL4J holds them.
	 */
	public static boolean supports(final Model net) {
		final LayerGraph graph = LayerGraph.of(net);
		final List<LayerGraph.Node> nodes = graph.nodes();
		final int n = nodes.size();
		if (!graph.plain() || n < 2 || nodes.get(n - 1).inputs()[0] != n - 1) return false;
		for (int l = 0; l < n; l++) {
			final LayerGraph.Node node = nodes.get(l);
			if (node.conf() == null) {
				if (node.inputs().length < 2) return false;
				continue;
			}
			if (!supports(node.conf(), l == n - 1)) return false;
		}
		return true;
	}

	private static boolean supports(final Layer layer, final boolean last) {
		final Class<?> kind = layer.getClass();
		if (last) return kind == CnnLossLayer.class && ((CnnLossLayer) layer)
			.getFormat() == CNN2DFormat.NCHW || kind == Cnn3DLossLayer.class && ((Cnn3DLossLayer) layer)
				.getDataFormat() == Convolution3D.DataFormat.NCDHW ? plainLoss(layer) : false;
		if (kind == ConvolutionLayer.class || kind == Deconvolution2D.class || kind == Convolution3D.class ||
			kind == Deconvolution3D.class)
		{
			final ConvolutionLayer c = (ConvolutionLayer) layer;
			final boolean format = kind == Convolution3D.class ? ((Convolution3D) c)
				.getDataFormat() == Convolution3D.DataFormat.NCDHW : kind == Deconvolution3D.class
					? ((Deconvolution3D) c).getDataFormat() == Convolution3D.DataFormat.NCDHW : c
						.getCnn2dDataFormat() == CNN2DFormat.NCHW;
			return format && ones(c.getDilation()) && plainMode(c.getConvolutionMode()) && (c
				.getActivationFn() instanceof ActivationReLU || c.getActivationFn() instanceof ActivationIdentity);
		}
		if (kind == SubsamplingLayer.class) {
			final SubsamplingLayer s = (SubsamplingLayer) layer;
			return s.getPoolingType() == PoolingType.MAX && s.getCnn2dDataFormat() == CNN2DFormat.NCHW &&
				ones(s.getDilation()) && plainMode(s.getConvolutionMode());
		}
		if (kind == Subsampling3DLayer.class) {
			final Subsampling3DLayer s = (Subsampling3DLayer) layer;
			return s.getPoolingType() == PoolingType.MAX && s.getDataFormat() == Convolution3D.DataFormat.NCDHW &&
				ones(s.getDilation()) && plainMode(s.getConvolutionMode());
		}
		if (kind == Upsampling2D.class) return ((Upsampling2D) layer).getFormat() == CNN2DFormat.NCHW;
		if (kind == Upsampling3D.class) return ((Upsampling3D) layer)
			.getDataFormat() == Convolution3D.DataFormat.NCDHW;
		return kind == ActivationLayer.class && ((ActivationLayer) layer)
			.getActivationFn() instanceof ActivationReLU;
	}

	/** Binary cross-entropy after a sigmoid, or squared error after a sigmoid or nothing; no weights. */
	private static boolean plainLoss(final Layer layer) {
		final ILossFunction fn = lossFn(layer);
		final IActivation a = activation(layer);
		final boolean sigmoid = a instanceof ActivationSigmoid;
		final boolean xent = fn.getClass() == LossBinaryXENT.class && ((LossBinaryXENT) fn)
			.getWeights() == null;
		final boolean mse = fn.getClass() == LossMSE.class && ((LossMSE) fn).getWeights() == null;
		return xent && sigmoid || mse && (sigmoid || a instanceof ActivationIdentity);
	}

	/** The loss function of a network's loss layer, 2-D or 3-D. */
	public static ILossFunction lossFn(final Layer loss) {
		return loss instanceof Cnn3DLossLayer ? ((Cnn3DLossLayer) loss).getLossFn()
			: ((CnnLossLayer) loss).getLossFn();
	}

	/** The activation a network's loss layer applies to the last stage's output. */
	public static IActivation activation(final Layer loss) {
		return ((BaseLayer) loss).getActivationFn();
	}

	private static boolean ones(final int[] a) {
		for (final int v : a)
			if (v != 1) return false;
		return true;
	}

	private static boolean plainMode(final ConvolutionMode mode) {
		return mode == ConvolutionMode.Same || mode == ConvolutionMode.Truncate;
	}
}
