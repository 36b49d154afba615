package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import autoencoderj.app.Pretraining;
import autoencoderj.app.TrainedModels;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.command.CommandModule;

class PretrainingTest extends ContextTest {

	@TempDir
	Path dir;

	@Test
	void pretrainedWeightsAreCopiedAndBothRunsStartDifferently() {
		final Pretraining.Result r = Pretraining.compare(TrainedModels.slices(0, 600), new int[] { 64,
			32 }, 1, 7, () -> false);
		assertTrue(r.randomStart.sub(r.pretrainedStart).amaxNumber().doubleValue() > 1e-3);
		final MultiLayerNetwork probe = TrainedModels.probeClassifier(784, new int[] { 64, 32 }, r.classes
			.size(), 7);
		probe.setParams(r.pretrainedStart);
		for (int i = 0; i < 2; i++) {
			final INDArray expected = r.autoencoders.get(i).getLayer(0).getParam("W");
			assertEquals(0, expected.sub(probe.getLayer(i).getParam("W")).amaxNumber().doubleValue(), 0,
				"layer " + i + " weights are the autoencoder's encoder weights");
			assertEquals(0, r.autoencoders.get(i).getLayer(0).getParam("b").sub(probe.getLayer(i)
				.getParam("b")).amaxNumber().doubleValue(), 0);
		}
		assertEquals(TrainedModels.probeClassifier(784, new int[] { 64, 32 }, r.classes.size(), 7)
			.params().getDouble(0), r.randomStart.getDouble(0), 0, "same seed, same random start");
	}

	@Test
	void tableNumbersMatchTheCurves() throws Exception {
		final CommandModule m = Commands.run(context, PretrainingComparison.class, "image", TrainedModels
			.sample(), "hidden", "256 128 64", "epochs", 3, "seed", 42L);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ResultsTable t = (ResultsTable) m.getOutput("table");
		final Plot loss = (Plot) ((ImagePlus) m.getOutput("lossPlot")).getProperty(Plot.PROPERTY_KEY);
		final Plot acc = (Plot) ((ImagePlus) m.getOutput("accuracyPlot")).getProperty(Plot.PROPERTY_KEY);
		for (int row = 0; row < 2; row++) {
			final float[] curve = loss.getDataObjectArrays(row)[1];
			final java.util.List<Double> values = new java.util.ArrayList<>();
			for (final float v : curve)
				values.add((double) v);
			for (final double level : autoencoderj.app.Pretraining.LEVELS)
				assertEquals(Pretraining.iterationsTo(values, level), t.getValue("iterations to loss " + level,
					row), 0);
			assertEquals(curve[curve.length - 1], t.getValue("final loss", row), 1e-6);
			final float[] a = acc.getDataObjectArrays(row)[1];
			assertEquals(3, a.length);
			assertEquals(a[2], t.getValue("final accuracy", row), 1e-6);
		}
		assertEquals("random weights", t.getStringValue("start", 0));
		System.out.printf("Pretraining comparison (2,000 digits, 256-128-64 sigmoid, SGD, 3 epochs): " +
			"iterations to loss 1.5: %d vs %d; final accuracy %.3f vs %.3f%n", (int) t.getValue(
				"iterations to loss 1.5", 0), (int) t.getValue("iterations to loss 1.5", 1), t.getValue(
					"final accuracy", 0), t.getValue("final accuracy", 1));
		assertTrue(t.getValue("final accuracy", 1) > t.getValue("final accuracy", 0));
	}

	@Test
	void stacksWithoutLabelsGetTheSliceLabelConvention() throws Exception {
		final ImagePlus unlabelled = TrainedModels.slices(0, 20).duplicate();
		unlabelled.getStack().setSliceLabel(null, 3);
		unlabelled.setTitle("cells");
		final CommandModule m = Commands.run(context, PretrainingComparison.class, "image", unlabelled);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("Slice 3 of 'cells' has no label. Pretraining " +
			"Comparison reads each slice's class from its slice label"), m.getCancelReason());
	}

	@Test
	void continuingFromASavedModelStartsAtItsSavedLoss() throws Exception {
		final ImagePlus digits = TrainedModels.slices(0, 800);
		final Path first = dir.resolve("first.zip"), second = dir.resolve("second.zip");
		final CommandModule a = Commands.run(context, TrainAutoencoder.class, "image", digits, "hidden",
			"64", "epochs", 6, "batch", 32, "seed", 3L, "model", first.toFile());
		assertFalse(a.isCanceled(), a.getCancelReason());
		final Manifest before = ModelFiles.readManifest(first);
		final CommandModule b = Commands.run(context, TrainAutoencoder.class, "image", digits, "hidden",
			"999", "epochs", 2, "batch", 32, "seed", 3L, "model", second.toFile(), "init", first.toFile());
		assertFalse(b.isCanceled(), b.getCancelReason());
		final Manifest after = ModelFiles.readManifest(second);
		assertArrayEquals(new int[] { 64 }, after.hidden, "the initial model's architecture is kept");
		assertEquals(first.toAbsolutePath().toString(), after.training.startedFrom);
		assertEquals(6, after.training.epochsBefore);
		assertEquals(2, after.training.epochs);
		final double saved = before.training.finalTrainLoss, resumed = after.training.trainLoss.get(0);
		assertEquals(saved, resumed, 0.05 * saved, "first epoch continues from the saved loss");
		assertTrue(before.training.trainLoss.get(0) > 1.2 * resumed, "from scratch it started higher: " +
			before.training.trainLoss);
		assertEquals(before.normalization.high, after.normalization.high, 0);
	}
}
