package autoencoderj.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.Nd4jRuntime;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.ops.Noises;

import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The learning rate over a training, as the engines apply it step by step. */
class RateScheduleTest {

	@BeforeAll
	static void nd4j() {
		Nd4jRuntime.ensureReady();
	}

	@Test
	void cosineFallsFromTheRateToZeroOverTheRunAndPlateauHalvesAfterThreeEpochsWithoutProgress() {
		final RateSchedule cosine = new RateSchedule(RateSchedule.Kind.COSINE, 1e-3);
		assertEquals(1e-3, cosine.rate(0, 100), 0);
		assertEquals(0.5e-3, cosine.rate(50, 100), 1e-18);
		assertEquals(0, cosine.rate(100, 100), 1e-18);
		assertTrue(cosine.keepsLast());
		final RateSchedule constant = RateSchedule.constant(1e-3);
		assertEquals(1e-3, constant.rate(77, 100), 0);

		final RateSchedule plateau = new RateSchedule(RateSchedule.Kind.PLATEAU, 1e-3);
		final TrainingHistory h = new TrainingHistory();
		final double[] validation = { 5, 4, 4.5, 4.2, 4.1, 3, 3.5 };
		final double[] rates = new double[validation.length];
		for (int e = 0; e < validation.length; e++) {
			h.add(1, validation[e]);
			plateau.epochDone(h);
			rates[e] = plateau.rate(0, 1);
		}
		// epochs 3, 4 and 5 were no better than epoch 2: halved after epoch 5
		assertEquals("[0.001, 0.001, 0.001, 0.001, 5.0E-4, 5.0E-4, 5.0E-4]", java.util.Arrays.toString(
			rates));
	}

	@Test
	void theNativeEngineFollowsACosineScheduleStepByStepAsDl4jDoesAndKeepsTheLastEpoch() {
		final ConvSpec spec = ConvSpec.forPatch(16, new int[] { 4, 8 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE);
		final INDArray data = ConvEngineTest.images(64, 1, 16, 16, 5);
		final MultiLayerNetwork dl4j = spec.chain(16, 16, 7, 1e-2);
		final MultiLayerNetwork fast = spec.chain(16, 16, 7, 1e-2);
		assertTrue(ConvEngine.supports(fast));
		final int epochs = 4, perEpoch = 4;
		// DL4J's own fit, its rate set before every step as the schedule gives it
		final RateSchedule schedule = new RateSchedule(RateSchedule.Kind.COSINE, 1e-2);
		final SampleBatches dl4jBatches = new SampleBatches(data, Noises.gaussian(0.2, false), 16, 9);
		final double perValue = Trainer.perValue(dl4j, dl4jBatches);
		final List<Double> expected = new ArrayList<>();
		int step = 0;
		for (int e = 0; e < epochs; e++) {
			double sum = 0;
			long n = 0;
			for (final DataSet ds : dl4jBatches.nextEpoch()) {
				dl4j.setLearningRate(schedule.rate(step++, epochs * perEpoch));
				((NeuralNetwork) dl4j).fit(ds);
				sum += dl4j.score() * ds.numExamples();
				n += ds.numExamples();
			}
			expected.add(sum / n * perValue);
		}
		final TrainingHistory h = Trainer.train(fast, new SampleBatches(data, Noises.gaussian(0.2,
			false), 16, 9), null, epochs, new RateSchedule(RateSchedule.Kind.COSINE, 1e-2), null,
			() -> false);
		assertEquals(epochs * perEpoch, step);
		Dl4jFit.assertSameTraining(dl4j, fast, expected, h.trainLoss(), "cosine schedule");
		assertTrue(h.keptLast());
		assertEquals(epochs, h.keptEpoch());
		// the model keeps the rate asked for, not the schedule's last
		assertEquals(1e-2, LayerGraph.of(fast).learningRate(), 0);
	}
}
