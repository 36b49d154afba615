package autoencoderj.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.Tensors;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.engine.training.SampleBatches;
import autoencoderj.engine.training.Trainer;
import autoencoderj.ops.Normalization;
import autoencoderj.ops.Permutations;

import ij.ImagePlus;
import ij.measure.ResultsTable;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The same deep classifier trained twice, with the same seed, data, batches
 * and optimiser: from random weights, and after greedy layer-wise
 * autoencoder pretraining of its hidden layers on the same images (labels
 * unused). Sigmoid hidden layers and plain SGD are where pretraining is known
 * to matter (Hinton and Salakhutdinov 2006, Bengio et al. 2007): their
 * gradients vanish through several random sigmoid layers; with ReLU and Adam
 * the difference mostly disappears.
 */
public final class Pretraining {

	/** Epochs of each layer's autoencoder. */
	static final int PRETRAIN_EPOCHS = 5;
	static final int BATCH = 32;
	static final double RATE = 0.5;

	private Pretraining() {}

	/** Both runs: loss per iteration, validation accuracy per epoch, and what pretraining produced. */
	public static final class Result {

		public final List<Double> randomLoss = new ArrayList<>(), pretrainedLoss = new ArrayList<>();
		public final List<Double> randomAccuracy = new ArrayList<>(), pretrainedAccuracy =
			new ArrayList<>();
		/** Classifier parameters before training: random, and after pretraining. */
		public INDArray randomStart, pretrainedStart;
		/** The layer autoencoders, in order; layer i's encoder weights went into the classifier's layer i. */
		public final List<MultiLayerNetwork> autoencoders = new ArrayList<>();
		public List<String> classes;
	}

	/**
	 * The classes of a stack: its distinct slice labels.
	 *
	 * @throws IllegalArgumentException naming the slice-label convention when unusable
	 */
	public static List<String> classes(final ImagePlus imp) {
		final TreeSet<String> set = new TreeSet<>();
		for (int i = 1; i <= imp.getStackSize(); i++) {
			final String l = imp.getStack().getSliceLabel(i);
			if (l == null || l.trim().isEmpty()) throw new IllegalArgumentException("Slice " + i + " of '" +
				imp.getTitle() + "' has no label. Pretraining Comparison reads each slice's class from its " +
				"slice label (Image > Stacks > Tools > Set Label...; Import MNIST and Open MNIST Sample set " +
				"them to the digits 0-9).");
			set.add(l.trim());
		}
		if (set.size() < 2) throw new IllegalArgumentException("All slices of '" + imp.getTitle() +
			"' have the same label '" + set.first() + "': a classifier needs at least two classes in the " +
			"slice labels (Import MNIST and Open MNIST Sample set them to the digits 0-9).");
		return new ArrayList<>(set);
	}

	public static Result compare(final ImagePlus imp, final int[] hidden, final int epochs,
		final long seed, final java.util.function.BooleanSupplier cancelled)
	{
		ImagePluses.checkSupported(imp);
		final List<String> classes = classes(imp);
		if (imp.getStackSize() < 10) throw new IllegalArgumentException("'" + imp.getTitle() + "' has " +
			imp.getStackSize() + " slices; the comparison needs at least 10 labelled slices.");
		Nd4jRuntime.ensureReady();
		final int n = imp.getStackSize();
		final INDArray x = Normalization.percentiles(ImagePluses.wrap(imp), 0, 100).normalize(Tensors
			.rows(ImagePluses.wrapPlanes(imp)));
		final INDArray y = Nd4j.zeros(DataType.FLOAT, n, classes.size());
		for (int i = 0; i < n; i++)
			y.putScalar(i, classes.indexOf(imp.getStack().getSliceLabel(i + 1).trim()), 1);
		final int[] order = Permutations.of(n, new Random(seed));
		final int nVal = Math.max(1, n / 5);
		final int[] val = java.util.Arrays.copyOfRange(order, 0, nVal), train = java.util.Arrays
			.copyOfRange(order, nVal, n);
		final DataSet validation = new DataSet(Nd4j.pullRows(x, 1, val), Nd4j.pullRows(y, 1, val));
		final INDArray trainX = Nd4j.pullRows(x, 1, train), trainY = Nd4j.pullRows(y, 1, train);

		final Result r = new Result();
		r.classes = classes;
		final MultiLayerNetwork random = classifier((int) x.size(1), hidden, classes.size(), seed);
		final MultiLayerNetwork pretrained = classifier((int) x.size(1), hidden, classes.size(), seed);
		r.randomStart = random.params().dup();
		INDArray input = trainX;
		for (int i = 0; i < hidden.length; i++) {
			final MultiLayerNetwork ae = layerAutoencoder((int) input.size(1), hidden[i], seed + i);
			final SampleBatches batches = new SampleBatches(input, autoencoderj.ops.Noises.none(), BATCH,
				seed + i);
			Trainer.train(ae, batches, null, PRETRAIN_EPOCHS, null, cancelled);
			pretrained.getLayer(i).setParam("W", ae.getLayer(0).getParam("W").dup());
			pretrained.getLayer(i).setParam("b", ae.getLayer(0).getParam("b").dup());
			r.autoencoders.add(ae);
			input = ae.feedForwardToLayer(0, input, false).get(1);
		}
		r.pretrainedStart = pretrained.params().dup();
		fit(random, trainX, trainY, validation, epochs, seed, r.randomLoss, r.randomAccuracy, cancelled);
		fit(pretrained, trainX, trainY, validation, epochs, seed, r.pretrainedLoss, r.pretrainedAccuracy,
			cancelled);
		return r;
	}

	/** Sigmoid hidden layers, softmax output, plain SGD. */
	static MultiLayerNetwork classifier(final int inputs, final int[] hidden, final int classes,
		final long seed)
	{
		final NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(seed)
			.dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Sgd(RATE)).list();
		int in = inputs;
		for (final int h : hidden) {
			b.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(Activation.SIGMOID).build());
			in = h;
		}
		b.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(classes).activation(
			Activation.SOFTMAX).build());
		final MultiLayerConfiguration conf = b.build();
		final MultiLayerNetwork net = new MultiLayerNetwork(conf);
		net.init();
		return net;
	}

	/** One hidden layer, the classifier's activation, reconstructing its input. */
	static MultiLayerNetwork layerAutoencoder(final int inputs, final int hidden, final long seed) {
		final MultiLayerNetwork ae = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(seed)
			.dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(1e-3)).list().layer(
				new DenseLayer.Builder().nIn(inputs).nOut(hidden).activation(Activation.SIGMOID).build())
			.layer(new OutputLayer.Builder(LossFunction.XENT).nIn(hidden).nOut(inputs).activation(
				Activation.SIGMOID).build()).build());
		ae.init();
		return ae;
	}

	private static void fit(final MultiLayerNetwork net, final INDArray x, final INDArray y,
		final DataSet validation, final int epochs, final long seed, final List<Double> loss,
		final List<Double> accuracy, final java.util.function.BooleanSupplier cancelled)
	{
		final Random random = new Random(seed);
		final int n = (int) x.size(0);
		for (int e = 0; e < epochs && !cancelled.getAsBoolean(); e++) {
			final int[] order = Permutations.of(n, random);
			for (int s = 0; s < n; s += BATCH) {
				final int[] rows = java.util.Arrays.copyOfRange(order, s, Math.min(n, s + BATCH));
				net.fit(new DataSet(Nd4j.pullRows(x, 1, rows), Nd4j.pullRows(y, 1, rows)));
				loss.add(net.score());
			}
			accuracy.add(net.evaluate(new org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator(
				validation)).accuracy());
		}
	}

	/** The first iteration (from 1) whose loss is at or below {@code level}, or -1. */
	public static int iterationsTo(final List<Double> loss, final double level) {
		for (int i = 0; i < loss.size(); i++)
			if (loss.get(i) <= level) return i + 1;
		return -1;
	}

	/** Losses at which the table counts iterations. */
	public static final double[] LEVELS = { 2.0, 1.5, 1.0, 0.5 };

	/**
	 * One row per run: iterations to reach each of {@link #LEVELS} (-1 if never),
	 * final loss and final accuracy.
	 */
	public static ResultsTable table(final Result r, final String randomName,
		final String pretrainedName)
	{
		final ResultsTable table = new ResultsTable();
		row(table, randomName, r.randomLoss, r.randomAccuracy);
		row(table, pretrainedName, r.pretrainedLoss, r.pretrainedAccuracy);
		return table;
	}

	private static void row(final ResultsTable table, final String start, final List<Double> loss,
		final List<Double> accuracy)
	{
		table.incrementCounter();
		table.addValue("start", start);
		for (final double level : LEVELS)
			table.addValue("iterations to loss " + level, iterationsTo(loss, level));
		table.addValue("final loss", loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1));
		table.addValue("final accuracy", accuracy.isEmpty() ? Double.NaN : accuracy.get(accuracy.size() -
			1));
	}
}
