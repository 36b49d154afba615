package autoencoderj.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import autoencoderj.engine.LayerGraph;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * DL4J's own training, the reference the training engines are held to, and
 * the comparisons with tolerances that hold on any x86-64 CPU.
 * <p>
 * Where the two are exact up to rounding (one step's gradient, one Adam
 * update from the same gradient, many SGD steps), they are compared tightly.
 * Weights after many Adam steps are not: Adam's first steps move each weight
 * by about {@code rate x sign(gradient)}, so a gradient near zero whose sign
 * depends on summation order (which oneDNN, OpenBLAS and the thread count
 * choose per CPU) moves a weight by up to {@code 2 x rate} per step apart.
 * For those only Kingma and Ba's bound on Adam's step is asserted, and the
 * loss curves, which such weights barely change.
 * </p>
 */
public final class Dl4jFit {

	/** float's unit roundoff, 2^-24. */
	static final double U = 0x1p-24;

	private Dl4jFit() {}

	/** Trains with {@code net.fit} on the batches of {@code batches}; loss per value as Trainer reports it. */
	static List<Double> losses(final Model net, final BatchSource batches, final int epochs) {
		final double perValue = Trainer.perValue(net, batches);
		final List<Double> losses = new ArrayList<>();
		for (int e = 0; e < epochs; e++) {
			double sum = 0;
			long n = 0;
			for (final DataSet ds : batches.nextEpoch()) {
				((NeuralNetwork) net).fit(ds);
				sum += net.score() * ds.numExamples();
				n += ds.numExamples();
			}
			losses.add(sum / n * perValue);
		}
		return losses;
	}

	/**
	 * The same network with plain SGD at {@code rate} instead of Adam, and the
	 * same initial weights.
	 */
	static MultiLayerNetwork withSgd(final MultiLayerNetwork net, final double rate) {
		final MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
		for (int l = 0; l < conf.getConfs().size(); l++)
			if (conf.getConf(l).getLayer() instanceof BaseLayer) {
				final BaseLayer b = (BaseLayer) conf.getConf(l).getLayer();
				b.setIUpdater(new Sgd(rate));
				b.setBiasUpdater(null);
			}
		final MultiLayerNetwork sgd = new MultiLayerNetwork(conf);
		sgd.init(net.params().dup(), true);
		return sgd;
	}

	/**
	 * Trains {@code dl4j} with DL4J's {@code fit} and {@code engine} with
	 * {@link Trainer} for {@code epochs} on the same batches, and holds the two
	 * together as {@link #assertSameTraining} does.
	 */
	static void assertTrainsAsDl4j(final Model dl4j, final Model engine, final BatchSource batches,
		final int epochs, final String what)
	{
		final List<Double> expected = losses(dl4j, batches, epochs);
		final List<Double> actual = Trainer.train(engine, batches, null, epochs, null, () -> false)
			.trainLoss();
		assertSameTraining(dl4j, engine, expected, actual, what);
	}

	/**
	 * The engine's loss curve equals DL4J's within 1e-4 and falls (with Adam;
	 * SGD's small steps are there to compare, not to learn), both end
	 * with the same iteration count, and their weights differ by no more than
	 * the updater allows (see the class comment).
	 * <p>
	 * Loss curves: every epoch's loss is a mean over many values of the same
	 * function of nearly the same weights; the weights that Adam moves apart
	 * are those whose gradient is near zero, where the loss is flat to first
	 * order, so the curves stay within float rounding of a mean of squares
	 * (measured differences 1e-7 to 1e-6 relative, with and without oneDNN,
	 * 1 and 2 threads; 1e-4 leaves a margin of 100).
	 * </p>
	 */
	static void assertSameTraining(final Model dl4j, final Model engine,
		final List<Double> expected, final List<Double> actual, final String what)
	{
		for (int e = 0; e < expected.size(); e++)
			assertEquals(expected.get(e), actual.get(e), 1e-4 * expected.get(e), what + ", epoch " + (e +
				1) + ": DL4J " + expected + ", engine " + actual);
		if (updater(dl4j) instanceof Adam) assertTrue(actual.get(actual.size() - 1) < actual.get(0),
			"the loss falls: " + actual);
		assertEquals(LayerGraph.of(dl4j).iterationCount(), LayerGraph.of(engine).iterationCount());
		assertWeightsWithinUpdaterBound(dl4j, engine, what);
	}

	/**
	 * Adam: Kingma and Ba (2015, section 2.1) bound each step by
	 * {@code rate x max(1, (1 - beta1) / sqrt(1 - beta2))}, so two runs whose
	 * gradients differ only in sign can drift apart by twice that per step and
	 * no more. SGD: both take the same steps up to rounding; a step's gradient
	 * agrees within {@link #gradientTolerance} of its array's largest value, and
	 * {@code iterations x rate x} that bounds what the steps add up to (the
	 * networks here are far from amplifying it over a few dozen steps), with
	 * 1e-5 of the largest weight for the rounding of the sums themselves.
	 */
	static void assertWeightsWithinUpdaterBound(final Model dl4j, final Model engine,
		final String what)
	{
		final Object updater = updater(dl4j);
		final int steps = LayerGraph.of(dl4j).iterationCount();
		final double largest = dl4j.params().amaxNumber().doubleValue();
		final double difference = dl4j.params().sub(engine.params()).amaxNumber().doubleValue();
		final double bound;
		if (updater instanceof Adam) {
			final Adam adam = (Adam) updater;
			bound = 2 * steps * adam.getLearningRate() * Math.max(1, (1 - adam.getBeta1()) / Math.sqrt(1 -
				adam.getBeta2()));
		}
		else bound = 1e-5 * largest + steps * ((Sgd) updater).getLearningRate() * 1e-3;
		System.out.printf("%s: weights within %.2e after %d steps (bound %.2e)%n", what, difference,
			steps, bound);
		assertTrue(difference <= bound, what + ": weights differ by " + difference + " after " + steps +
			" steps, more than the updater allows (" + bound + ")");
	}

	/**
	 * Tolerance for one step's gradient, relative to each parameter array's
	 * largest value. A gradient element is a float sum of products over the
	 * batch and the positions a weight meets; summed in another order (other
	 * oneDNN or OpenBLAS kernels, threads), rounding moves it by about
	 * {@code sqrt(terms) x u x sum|terms|} (Higham's probabilistic bound), and
	 * backpropagation through {@code depth} layers adds such errors once per
	 * layer. With {@code sum|terms|} up to 10x the largest element (terms of
	 * both signs) and a factor of 10 for the tail of the distribution. Data
	 * whose gradient is a sum that cancels to near zero (a sigmoid output at
	 * 0.5 against targets of mean 0.5) breaks the first assumption: its
	 * rounding is large against the result in any order, so the tests feed
	 * data that does not.
	 */
	public static double gradientTolerance(final long terms, final int depth) {
		return 100 * depth * Math.sqrt(terms) * U;
	}

	/**
	 * One step of {@code engine} on a batch has the loss and the gradient of
	 * DL4J's {@code computeGradientAndScore} at the same weights, per parameter
	 * array within {@link #gradientTolerance}. {@code net} is not changed.
	 *
	 * @param terms the most products summed into one gradient element
	 */
	static void assertSameGradient(final Model net, final TrainingStep engine,
		final INDArray features, final INDArray labels, final long terms, final String what)
	{
		assertSameGradient(net, engine, features, labels, null, terms, what);
	}

	/** As above, with DL4J's label mask ({@code null} for none). */
	static void assertSameGradient(final Model net, final TrainingStep engine,
		final INDArray features, final INDArray labels, final INDArray mask, final long terms,
		final String what)
	{
		final int rows = (int) features.size(0);
		assertSameGradient(net, engine, features, labels, mask, engine.step(features.dup('c').data()
			.asFloat(), labels.dup('c').data().asFloat(), mask == null ? null : mask.dup('c').data()
				.asFloat(), rows), terms, what);
	}

	/** As above, where the engine's step has already been taken and gave {@code lossSum}. */
	static void assertSameGradient(final Model net, final TrainingStep engine,
		final INDArray features, final INDArray labels, final double lossSum, final long terms,
		final String what)
	{
		assertSameGradient(net, engine, features, labels, null, lossSum, terms, what);
	}

	private static void assertSameGradient(final Model net, final TrainingStep engine,
		final INDArray features, final INDArray labels, final INDArray mask, final double lossSum,
		final long terms, final String what)
	{
		final int rows = (int) features.size(0);
		final float[] actual = engine.lastGradient();

		final Model ref = copy(net);
		if (ref instanceof MultiLayerNetwork) {
			final MultiLayerNetwork r = (MultiLayerNetwork) ref;
			r.setInput(features);
			r.setLabels(labels);
			r.setLayerMaskArrays(null, mask);
		}
		else {
			final ComputationGraph r = (ComputationGraph) ref;
			r.setInput(0, features);
			r.setLabels(labels);
			r.setLayerMaskArrays(null, mask == null ? null : new INDArray[] { mask });
		}
		ref.computeGradientAndScore(LayerWorkspaceMgr.noWorkspaces());
		// Trainer's loss per value counts only the values a mask keeps
		final int values = BatchSource.values(java.util.Arrays.copyOfRange(labels.shape(), 1, labels
			.rank()));
		final double counted = mask == null ? values : mask.sumNumber().doubleValue() / rows;
		final double perValue = Trainer.perValue(ref, new ArrayBatches(features, labels, rows, labels
			.size(1))) * values / counted;
		assertEquals(ref.score() * rows * perValue, lossSum, 1e-5 * lossSum, what + ": loss");
		final float[] expected = ref.gradient().gradient().dup('c').data().asFloat();
		assertEquals(expected.length, actual.length);
		final double tolerance = gradientTolerance(terms, LayerGraph.of(net).nodes.size());
		double worst = 0;
		final long base = ref.params().offset();
		for (final Map.Entry<String, INDArray> p : ref.paramTable().entrySet()) {
			final int n = (int) p.getValue().length();
			final int from = (int) (p.getValue().offset() - base);
			double largest = 0, difference = 0;
			for (int i = from; i < from + n; i++) {
				final double g = expected[i] / rows;
				largest = Math.max(largest, Math.abs(g));
				difference = Math.max(difference, Math.abs(g - actual[i]));
			}
			worst = Math.max(worst, difference / largest);
			assertTrue(difference <= tolerance * largest, what + ": gradient of " + p.getKey() +
				" differs by " + difference + ", " + difference / largest + " of its largest value " +
				largest + "; tolerance " + tolerance);
		}
		System.out.printf("%s: gradient within %.2e of each array's largest value (tolerance %.2e)%n",
			what, worst, tolerance);
	}

	/**
	 * {@link UpdaterSteps} applies the same update as DL4J's updater to the same
	 * gradients, step after step. Only the updater's own arithmetic differs: a
	 * few roundings per element, each at most {@code u} of the update (Adam's
	 * is at most about 3.2 x the rate) or of the weight, so 32u of
	 * {@code |weight| + 4 x rate} per element and step.
	 */
	static void assertSameUpdates(final MultiLayerNetwork net, final INDArray features,
		final INDArray labels, final int steps)
	{
		final MultiLayerNetwork ref = net.clone();
		final UpdaterSteps ours = new UpdaterSteps(net.clone());
		final int rows = (int) features.size(0);
		final double rate = ((BaseLayer) net.getLayerWiseConfigurations().getConf(0).getLayer())
			.getIUpdater().getLearningRate(0, 0);
		for (int s = 0; s < steps; s++) {
			ref.setInput(features.mul(1 + 0.1 * s));
			ref.setLabels(labels);
			ref.computeGradientAndScore();
			final Gradient gradient = ref.gradient();
			final float[] g = gradient.gradient().dup('c').data().asFloat();
			for (int i = 0; i < g.length; i++)
				ours.grad[i] = g[i] / rows;
			((MultiLayerUpdater) ref.getUpdater()).update(gradient, ref.getIterationCount(), 0, rows,
				LayerWorkspaceMgr.noWorkspaces());
			ref.params().subi(gradient.gradient());
			ref.setIterationCount(ref.getIterationCount() + 1);
			ours.step();
			final float[] expected = ref.params().dup('c').data().asFloat();
			for (int i = 0; i < expected.length; i++)
				assertEquals(expected[i], ours.params[i], (s + 1) * 32 * U * (Math.abs(expected[i]) + 4 *
					rate), "weight " + i + " after update " + (s + 1));
		}
	}

	/** After one more epoch with DL4J on both, the optimiser states still agree. */
	static void assertDl4jContinues(final MultiLayerNetwork dl4j, final MultiLayerNetwork engine,
		final BatchSource forDl4j, final BatchSource forEngine)
	{
		final List<Double> a = losses(dl4j, forDl4j, 1);
		final List<Double> b = losses(engine, forEngine, 1);
		assertEquals(a.get(0), b.get(0), 1e-4 * a.get(0), "loss of the epoch DL4J continued");
		assertEquals(dl4j.getIterationCount(), engine.getIterationCount());
		// Adam's second moments are sums of squared gradients: sign differences do not reach them
		final INDArray vA = second(dl4j), vB = second(engine);
		assertEquals(0, vA.sub(vB).amaxNumber().doubleValue(), 1e-3 * vA.amaxNumber().doubleValue(),
			"Adam's second moments");
	}

	private static INDArray second(final MultiLayerNetwork net) {
		final float[] state = net.getUpdater().getStateViewArray().dup('c').data().asFloat();
		final int n = (int) net.numParams();
		return Nd4j.create(java.util.Arrays.copyOfRange(state, n, 2 * n));
	}

	static Model copy(final Model net) {
		return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).clone()
			: ((ComputationGraph) net).clone();
	}

	private static Object updater(final Model net) {
		for (final org.deeplearning4j.nn.conf.layers.Layer l : LayerGraph.of(net).layers())
			if (l instanceof BaseLayer) return ((BaseLayer) l).getIUpdater();
		throw new IllegalArgumentException("no trainable layer");
	}

	static INDArray nd(final float[] values, final long... shape) {
		return Nd4j.create(values, shape, 'c');
	}
}
