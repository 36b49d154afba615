package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training killed after some epochs leaves a checkpoint that init resumes. */
class CheckpointsTest {

	@TempDir
	Path dir;

	@Test
	void aKilledTrainingResumesFromItsLastCheckpoint() throws Exception {
		final Path checkpoint = dir.resolve("m.checkpoint.zip");
		final TrainingSettings settings = TrainingSettings.builder().hidden(16).epochs(4).batch(50)
			.validation(0.1).seed(5).checkpoint(checkpoint, 0).build();
		final AtomicInteger done = new AtomicInteger();
		// "killed" during epoch 3: what remains is the checkpoint written after epoch 2
		final TrainingResult killed = DenseTraining.train(TrainedModels.slices(0, 300), settings, null,
			null, h -> done.set(h.epochs()), () -> done.get() >= 2);
		assertTrue(killed.history().cancelled());
		assertTrue(Files.isRegularFile(checkpoint));

		final AutoencoderModel saved = ModelFiles.load(checkpoint);
		final Manifest m = saved.manifest();
		assertTrue(m.training.checkpoint);
		assertEquals(2, m.training.epochs);
		assertEquals(2, m.training.trainLoss.size());
		assertNull(m.codeMin, "code ranges are measured at the end only");
		// the optimiser's state came along: 2 epochs of 270 training slices in batches of 50
		assertEquals(2 * 6, saved.denseNetwork().getIterationCount());
		assertTrue(saved.denseNetwork().getUpdater().getStateViewArray().amaxNumber().doubleValue() > 0);

		final TrainingResult resumed = DenseTraining.train(TrainedModels.slices(0, 300), TrainingSettings
			.builder().hidden(16).epochs(2).batch(50).validation(0.1).seed(5).build(), saved, checkpoint
				.toString(), null, () -> false);
		final Manifest r = resumed.model().manifest();
		assertTrue(r.training.resumed);
		assertFalse(r.training.checkpoint);
		assertEquals(checkpoint.toString(), r.training.startedFrom);
		assertEquals(2, r.training.epochsBefore);
		assertEquals(4 * 6, resumed.model().denseNetwork().getIterationCount());
		assertTrue(r.training.trainLoss.get(1) < m.training.trainLoss.get(0), "training went on: " +
			m.training.trainLoss + " then " + r.training.trainLoss);
	}
}
