package autoencoderj.engine.training;

import java.util.List;
import java.util.function.BooleanSupplier;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.network.NativeForward;
import autoencoderj.engine.network.NativeSupport;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * Trains a network epoch by epoch, keeps the weights of the epoch with the
 * lowest validation loss, and stops between minibatches when cancelled.
 */
public final class Trainer {

	private static final int EVALUATION_BATCH = 1024;

	private Trainer() {}

	/**
	 * One loop for every network: each minibatch goes to one {@link TrainingStep}
	 * (a native engine, or DL4J's own {@code fit}), the next batch is made on a
	 * second thread meanwhile, and after each epoch the network is brought up
	 * to date, scored on the validation pairs and the best weights kept.
	 *
	 * @param validation fixed validation pairs, or {@code null} to keep the last weights
	 * @param listener may be {@code null}
	 * @param cancelled polled between minibatches
	 * @return the history; on cancel, with {@link TrainingHistory#cancelled()} set
	 *         and the best weights seen so far in {@code net}
	 */
	public static TrainingHistory train(final Model net, final BatchSource batches,
		final DataSet validation, final int epochs, final EpochListener listener,
		final BooleanSupplier cancelled)
	{
		return train(net, batches, validation, epochs, RateSchedule.constant(LayerGraph.of(net)
			.learningRate()), listener, cancelled);
	}

	/**
	 * {@link #train(Model, BatchSource, DataSet, int, EpochListener, BooleanSupplier)}
	 * with the learning rate of {@code schedule}, set before every step. A run
	 * that ends as planned with a schedule that {@linkplain RateSchedule#keepsLast() keeps
	 * its last epoch} keeps it; a cancelled one keeps its best-validated epoch.
	 */
	public static TrainingHistory train(final Model net, final BatchSource batches,
		final DataSet validation, final int epochs, final RateSchedule schedule,
		final EpochListener listener, final BooleanSupplier cancelled)
	{
		final double perValue = perValue(net, batches);
		final TrainingHistory history = new TrainingHistory();
		try (TrainingStep step = step(net, batches, perValue); PrefetchedBatches prefetched =
			new PrefetchedBatches(batches, step.helper()))
		{
			INDArray best = null;
			long done = 0, total = -1;
			for (int epoch = 1; epoch <= epochs; epoch++) {
				final BatchSource.Epoch e = batches.startEpoch();
				if (total < 0) total = (long) epochs * e.batches();
				prefetched.start(e);
				double sum = 0;
				long samples = 0;
				for (int b = 0; b < e.batches(); b++) {
					if (cancelled.getAsBoolean()) {
						history.cancel();
						step.writeTo(net);
						if (best != null) net.setParams(best);
						return history;
					}
					prefetched.take(b);
					step.rate(schedule.rate(done++, total));
					final int bb = b;
					sum += step.step(prefetched.input(b), prefetched.target(b), prefetched.mask(b), e.rows(b),
						() -> prefetched.startNext(bb));
					samples += e.rows(b);
					if (listener != null) listener.batchDone(epoch, b + 1, e.batches());
				}
				step.writeTo(net);
				final double valLoss = validation == null ? Double.NaN : score(net, validation) * perValue;
				history.add(sum / samples, valLoss);
				if (history.bestEpoch() == epoch) best = net.params().dup();
				schedule.epochDone(history);
				if (listener != null) listener.epochDone(history, net);
			}
			if (schedule.keepsLast()) history.keepLast();
			else if (best != null) net.setParams(best);
			return history;
		}
	}

	/**
	 * The step that trains {@code net} as DL4J's {@code fit} does, in fewer and
	 * faster passes where an engine computes the network exactly
	 * ({@link DenseEngine}, {@link ConvEngine}), else DL4J's {@code fit} itself.
	 */
	private static TrainingStep step(final Model net, final BatchSource batches,
		final double perValue)
	{
		final TrainingStep dense = net instanceof MultiLayerNetwork ? DenseEngine.of(
			(MultiLayerNetwork) net, batches.batch()) : null;
		if (dense != null) return dense;
		final TrainingStep conv = ConvEngine.of(net, batches.inputShape());
		return conv != null ? conv : new Dl4jStep(net, batches, perValue);
	}

	/** Factor from DL4J's score (loss per sample) to loss per output value. */
	public static double perValue(final Model net, final BatchSource batches) {
		final Layer out = LayerGraph.of(net).output();
		final ILossFunction loss = out instanceof BaseOutputLayer ? ((BaseOutputLayer) out).getLossFn()
			: NativeSupport.lossFn(out);
		return (loss instanceof LossMSE ? batches.lossColumns() : 1.0) / batches.valuesPerSample();
	}

	/** Mean loss per sample over {@code data}, in batches, without training. */
	public static double score(final Model net, final DataSet data) {
		final long n = data.numExamples();
		double sum = 0;
		for (long start = 0; start < n; start += EVALUATION_BATCH) {
			final long end = Math.min(n, start + EVALUATION_BATCH);
			final INDArray mask = data.getLabelsMaskArray();
			final DataSet part = n <= EVALUATION_BATCH ? data : new DataSet(rows(data.getFeatures(),
				start, end), rows(data.getLabels(), start, end), null, mask == null ? null : rows(mask,
					start, end));
			// DL4J's convolution layers take longer to score a validation set than
			// ConvEngine takes to train an epoch
			sum += (ConvEngine.supports(net) ? NativeForward.score(net, part.getFeatures(), part
				.getLabels(), part.getLabelsMaskArray()) : net instanceof ComputationGraph
					? ((ComputationGraph) net).score(part, false) : ((MultiLayerNetwork) net).score(part,
						false)) * (end - start);
		}
		return sum / n;
	}

	private static INDArray rows(final INDArray arr, final long start, final long end) {
		return arr.get(NDArrayIndex.interval(start, end)).dup();
	}
}
