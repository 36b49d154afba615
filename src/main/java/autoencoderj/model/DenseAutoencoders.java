package autoencoderj.model;

import autoencoderj.engine.Nd4jRuntime;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** Builds DL4J networks for {@link DenseSpec}s. */
public final class DenseAutoencoders {

	private DenseAutoencoders() {}

	/**
	 * A new, initialised network: Xavier weights drawn from {@code seed}, Adam
	 * with the given learning rate. In a deep autoencoder (more than one hidden
	 * layer) the code layer is linear, as in Hinton and Salakhutdinov (2006):
	 * a ReLU code of two or three units leaves many samples on its axes. A
	 * single hidden layer (the MNIST reference, 784-50-784) stays ReLU.
	 */
	public static MultiLayerNetwork build(final DenseSpec spec, final long seed,
		final double learningRate)
	{
		Nd4jRuntime.ensureReady();
		final int[] hidden = spec.hidden();
		final NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
			.seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(
				learningRate)).list();
		int in = spec.pixels();
		for (int i = 0; i < hidden.length; i++) {
			final boolean linearCode = hidden.length > 1 && i == hidden.length - 1;
			layers.layer(new DenseLayer.Builder().nIn(in).nOut(hidden[i]).activation(linearCode
				? Activation.IDENTITY : Activation.RELU).build());
			in = hidden[i];
		}
		for (int i = hidden.length - 2; i >= 0; i--) {
			layers.layer(new DenseLayer.Builder().nIn(in).nOut(hidden[i]).activation(Activation.RELU)
				.build());
			in = hidden[i];
		}
		final LossFunction loss = spec.loss() == DenseSpec.Loss.XENT ? LossFunction.XENT
			: LossFunction.MSE;
		layers.layer(new OutputLayer.Builder(loss).nIn(in).nOut(spec.pixels()).activation(
			Activation.SIGMOID).build());
		final MultiLayerConfiguration conf = layers.build();
		final MultiLayerNetwork net = new MultiLayerNetwork(conf);
		net.init();
		return net;
	}
}
