package autoencoderj.engine;

import java.util.List;
import java.util.function.BooleanSupplier;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
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
	 * @param validation fixed validation pairs, or {@code null} to keep the last weights
	 * @param listener may be {@code null}
	 * @param cancelled polled between minibatches
	 * @return the history; on cancel, with {@link TrainingHistory#cancelled()} set
	 *         and the best weights seen so far in {@code net}
	 */
	public static TrainingHistory train(final MultiLayerNetwork net, final BatchSource batches,
		final DataSet validation, final int epochs, final EpochListener listener,
		final BooleanSupplier cancelled)
	{
		final double perValue = perValue(net, batches);
		if (batches instanceof SampleBatches) {
			final SampleBatches samples = (SampleBatches) batches;
			try (TrainingStep engine = engine(net, samples)) {
				if (engine != null) return train(net, engine, samples, validation, perValue, epochs,
					listener, cancelled);
			}
		}
		try (ConvEngine engine = ConvEngine.of(net, null)) {
			final java.util.function.ToDoubleFunction<DataSet> fit = engine != null ? ds -> engine.step(ds
				.getFeatures(), ds.getLabels()) : ds -> {
					net.fit(ds);
					return net.score() * ds.numExamples() * perValue;
				};
			return train(net, validation, perValue, epochs, listener, cancelled, () -> {
				final List<DataSet> list = batches.nextEpoch();
				return new Epoch() {

					@Override
					public int size() {
						return list.size();
					}

					@Override
					public double fit(final int b) {
						return fit.applyAsDouble(list.get(b));
					}

					@Override
					public long samples(final int b) {
						return list.get(b).numExamples();
					}
				};
			}, engine == null ? () -> {} : () -> engine.writeTo(net));
		}
	}

	/**
	 * An engine that trains {@code net} as DL4J's {@code fit} does, in fewer
	 * and faster passes ({@link DenseEngine}, {@link ConvEngine}), or {@code null}.
	 */
	private static TrainingStep engine(final MultiLayerNetwork net, final SampleBatches samples) {
		final TrainingStep dense = DenseEngine.of(net, samples.batch());
		return dense != null ? dense : ConvEngine.of(net, samples.sampleShape());
	}

	/** Whole samples made on a second thread while an engine trains on the previous batch. */
	private static TrainingHistory train(final MultiLayerNetwork net, final TrainingStep engine,
		final SampleBatches batches, final DataSet validation, final double perValue,
		final int epochs, final EpochListener listener, final BooleanSupplier cancelled)
	{
		try (PrefetchedBatches prefetched = new PrefetchedBatches(batches, engine.helper())) {
			return train(net, validation, perValue, epochs, listener, cancelled, () -> {
				final SampleBatches.Epoch epoch = batches.startEpoch();
				prefetched.start(epoch);
				return new Epoch() {

					@Override
					public int size() {
						return epoch.batches();
					}

					@Override
					public double fit(final int b) {
						prefetched.take(b);
						return engine.step(prefetched.input(b), prefetched.target(b), epoch.rows(b),
							() -> prefetched.startNext(b));
					}

					@Override
					public long samples(final int b) {
						return epoch.rows(b);
					}
				};
			}, () -> engine.writeTo(net));
		}
	}

	/** The minibatches of one epoch. */
	private interface Epoch {

		int size();

		/** Trains on batch {@code b}; returns its loss per output value times its samples. */
		double fit(int b);

		long samples(int b);
	}

	/**
	 * @param perValue factor from DL4J's validation score to loss per value
	 * @param sync brings {@code net} up to date with the training, before it is
	 *          scored, copied or returned
	 */
	private static TrainingHistory train(final MultiLayerNetwork net, final DataSet validation,
		final double perValue, final int epochs, final EpochListener listener,
		final BooleanSupplier cancelled, final java.util.function.Supplier<Epoch> epochSource,
		final Runnable sync)
	{
		final TrainingHistory history = new TrainingHistory();
		INDArray best = null;
		for (int epoch = 1; epoch <= epochs; epoch++) {
			final Epoch batches = epochSource.get();
			double sum = 0;
			long samples = 0;
			for (int b = 0; b < batches.size(); b++) {
				if (cancelled.getAsBoolean()) {
					history.cancel();
					sync.run();
					if (best != null) net.setParams(best);
					return history;
				}
				sum += batches.fit(b);
				samples += batches.samples(b);
				if (listener != null) listener.batchDone(epoch, b + 1, batches.size());
			}
			sync.run();
			final double valLoss = validation == null ? Double.NaN : score(net, validation) * perValue;
			history.add(sum / samples, valLoss);
			if (history.bestEpoch() == epoch) best = net.params().dup();
			if (listener != null) listener.epochDone(history);
		}
		if (best != null) net.setParams(best);
		return history;
	}

	/** Factor from DL4J's score (loss per sample) to loss per output value. */
	public static double perValue(final MultiLayerNetwork net, final BatchSource batches) {
		final Layer out = net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer();
		final ILossFunction loss = out instanceof BaseOutputLayer ? ((BaseOutputLayer) out).getLossFn()
			: ((CnnLossLayer) out).getLossFn();
		return (loss instanceof LossMSE ? batches.lossColumns() : 1.0) / batches.valuesPerSample();
	}

	/** Mean loss per sample over {@code data}, in batches, without training. */
	public static double score(final MultiLayerNetwork net, final DataSet data) {
		final long n = data.numExamples();
		double sum = 0;
		for (long start = 0; start < n; start += EVALUATION_BATCH) {
			final long end = Math.min(n, start + EVALUATION_BATCH);
			final DataSet part = n <= EVALUATION_BATCH ? data : new DataSet(rows(data.getFeatures(),
				start, end), rows(data.getLabels(), start, end));
			// DL4J's convolution layers take longer to score a validation set than
			// ConvEngine takes to train an epoch
			sum += (ConvEngine.supports(net) ? NativeForward.score(net, part.getFeatures(), part
				.getLabels()) : net.score(part, false)) * (end - start);
		}
		return sum / n;
	}

	private static INDArray rows(final INDArray arr, final long start, final long end) {
		return arr.get(NDArrayIndex.interval(start, end)).dup();
	}
}
