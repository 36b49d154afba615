package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/** DL4J's own training, the reference the training engines are held to. */
final class Dl4jFit {

	private Dl4jFit() {}

	/** Trains with {@code net.fit} on the batches of {@code batches}; loss per value as Trainer reports it. */
	static List<Double> losses(final MultiLayerNetwork net, final BatchSource batches,
		final int epochs)
	{
		final double perValue = Trainer.perValue(net, batches);
		final List<Double> losses = new ArrayList<>();
		for (int e = 0; e < epochs; e++) {
			double sum = 0;
			long n = 0;
			for (final DataSet ds : batches.nextEpoch()) {
				net.fit(ds);
				sum += net.score() * ds.numExamples();
				n += ds.numExamples();
			}
			losses.add(sum / n * perValue);
		}
		return losses;
	}

	/**
	 * The engine's loss curve equals DL4J's within 1e-4 and falls, and both
	 * networks end with the same iteration count and weights (within 1e-3 of
	 * the largest).
	 */
	static void assertSameTraining(final MultiLayerNetwork dl4j, final MultiLayerNetwork engine,
		final List<Double> expected, final List<Double> actual, final String what)
	{
		for (int e = 0; e < expected.size(); e++)
			assertEquals(expected.get(e), actual.get(e), 1e-4 * expected.get(e), what + ", epoch " + (e +
				1) + ": DL4J " + expected + ", engine " + actual);
		assertTrue(actual.get(actual.size() - 1) < actual.get(0), "the loss falls: " + actual);
		assertEquals(dl4j.getIterationCount(), engine.getIterationCount());
		assertSameWeights(dl4j, engine, 1e-3, what + ": weights");
	}

	static void assertSameWeights(final MultiLayerNetwork dl4j, final MultiLayerNetwork engine,
		final double relative, final String what)
	{
		final double scale = dl4j.params().amaxNumber().doubleValue();
		assertEquals(0, dl4j.params().sub(engine.params()).amaxNumber().doubleValue(), relative * scale,
			what);
	}

	/** After one more epoch with DL4J on both, weights and Adam state still agree. */
	static void assertDl4jContinues(final MultiLayerNetwork dl4j, final MultiLayerNetwork engine,
		final BatchSource forDl4j, final BatchSource forEngine)
	{
		losses(dl4j, forDl4j, 1);
		losses(engine, forEngine, 1);
		assertSameWeights(dl4j, engine, 2e-3, "weights after one more epoch with DL4J");
		assertEquals(0, dl4j.getUpdater().getStateViewArray().sub(engine.getUpdater()
			.getStateViewArray()).amaxNumber().doubleValue(), 1e-4, "Adam state");
	}
}
