package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import autoencoderj.engine.training.RateSchedule;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.VolumePlan;
import autoencoderj.model.VolumeSpec;

import ij.ImagePlus;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Training on volumes: a 3-D model trains, saves and loads; its masked loss sees only the masked voxels. */
class VolumeTrainingTest {

	@TempDir
	Path dir;

	@Test
	void aBlindSpotModelOfVolumesTrainsSavesAndLoads() throws Exception {
		final ImagePlus imp = SyntheticVolumes.blobs(16, 48, 3, 1);
		final TrainingSettings s = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).volumes(true).patchZ(8).patch(16).filters(4, 8)
			.objective(Manifest.Objective.BLIND_SPOT).noise("none", 0).masked(1.0 / 64).batch(2).steps(3)
			.epochs(2).rate(1e-3).validation(0.25).seed(7).build();
		final TrainingResult r = Training.train(imp, s, null, null, null, () -> false);
		assertEquals(2, r.history().epochs());
		assertTrue(Double.isFinite(r.history().lastTrainLoss()), "a finite loss");
		final Manifest m = r.model().manifest();
		assertEquals("3d", m.dimensions);
		assertEquals(8, m.patchZ);
		assertArrayEquals(new boolean[] { false, true }, m.poolZ, "z step 3: x-y pooling first");
		assertArrayEquals(new int[] { 1, 3, 3 }, m.kernelZ);
		assertArrayEquals(new double[] { 3, 1, 1 }, m.voxelSize);
		assertEquals(1.0 / 64, m.noise.maskFraction, 1e-12);
		assertEquals("bottom 16 rows of every slice held out for validation", m.training.split);
		// schedule=auto decays the rate in 3-D blind-spot training, and the last epoch is kept
		assertEquals("cosine", m.training.schedule);
		assertEquals(2, r.history().keptEpoch());
		assertTrue(r.model().describe().startsWith("3-D conv 4-8 repeat, skips, 1x3x3 pool xy"), r.model()
			.describe());

		final Path file = dir.resolve("volume.zip");
		ModelFiles.save(r.model(), file);
		final AutoencoderModel loaded = ModelFiles.load(file);
		assertTrue(loaded.volumes());
		assertEquals(r.model().network().params(), loaded.network().params());
		assertEquals(r.model().describe(), loaded.describe());
	}

	@Test
	void theAutoScheduleIsCosineOnlyForBlindSpotVolumes() {
		final java.util.function.BiFunction<Boolean, Manifest.Objective, TrainingSettings.Builder> b = (v,
			o) -> TrainingSettings.builder().architecture(TrainingSettings.Architecture.CONVOLUTIONAL)
				.volumes(v).objective(o);
		assertEquals(RateSchedule.Kind.COSINE, b.apply(true, Manifest.Objective.BLIND_SPOT).build()
			.schedule());
		assertEquals(RateSchedule.Kind.CONSTANT, b.apply(false, Manifest.Objective.BLIND_SPOT).build()
			.schedule(), "2-D blind-spot training keeps its numbers");
		assertEquals(RateSchedule.Kind.CONSTANT, b.apply(true, Manifest.Objective.ADDED_NOISE).build()
			.schedule());
		assertEquals(RateSchedule.Kind.CONSTANT, b.apply(true, Manifest.Objective.BLIND_SPOT).schedule(
			RateSchedule.Kind.CONSTANT).build().schedule(), "a schedule asked for is kept");
	}

	@Test
	void theMaskedLossAndItsGradientIgnoreEveryUnmaskedVoxel() {
		final VolumeSpec spec = new VolumeSpec(new int[] { 3, 4 }, ConvSpec.Upsampling.REPEAT, 1, 1,
			DenseSpec.Loss.MSE, true, VolumePlan.of(VolumePlan.Pooling.XYZ, new double[] { 1, 1, 1 }, 2));
		final ComputationGraph net = (ComputationGraph) spec.build(8, 8, 8, 3, 1e-3);
		final long[] shape = { 2, 1, 8, 8, 8 };
		final INDArray x = Nd4j.rand(DataType.FLOAT, shape), y = Nd4j.rand(DataType.FLOAT, shape);
		final float[] m = new float[2 * 512];
		final float[] in = x.dup('c').data().asFloat(), target = y.dup('c').data().asFloat();
		new autoencoderj.ops.BlindSpots(1.0 / 64, autoencoderj.ops.BlindSpots.Replacement.MEDIAN).apply(
			in, target, m, 2, 1, 8, 8, new Random(1));
		final INDArray mask = Nd4j.create(m, shape, 'c');
		final INDArray[] first = gradientAndScore(net, x, y, mask);
		// other targets at every unmasked voxel: the same loss, the same gradient
		final INDArray other = y.dup();
		final INDArray noise = Nd4j.rand(DataType.FLOAT, shape).muli(10);
		other.addi(noise.mul(mask.rsub(1)));
		assertFalse(other.equalsWithEps(y, 1e-3));
		final INDArray[] second = gradientAndScore(net, x, other, mask);
		assertEquals(first[1].getDouble(0), second[1].getDouble(0), 0);
		assertEquals(first[0], second[0]);
		// and a masked voxel's target does change them
		final INDArray masked = y.dup();
		masked.addi(noise.mul(mask));
		assertTrue(Math.abs(gradientAndScore(net, x, masked, mask)[1].getDouble(0) - first[1].getDouble(
			0)) > 1e-6);
	}

	private static INDArray[] gradientAndScore(final ComputationGraph net, final INDArray x,
		final INDArray y, final INDArray mask)
	{
		net.setInputs(x);
		net.setLabels(y);
		net.setLayerMaskArrays(null, new INDArray[] { mask });
		net.computeGradientAndScore();
		return new INDArray[] { net.gradient().gradient().dup(), Nd4j.scalar(net.score()) };
	}

	@Test
	void aStackThinnerThanThePatchGetsTheFix() {
		final ImagePlus thin = SyntheticVolumes.blobs(13, 48, 1, 2);
		final TrainingSettings s = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).volumes(true).patchZ(16).patch(16).filters(4, 8)
			.batch(2).steps(1).epochs(1).build();
		final IllegalArgumentException exc = assertThrows(IllegalArgumentException.class,
			() -> Training.train(thin, s, null, null, null, () -> false));
		assertTrue(exc.getMessage().startsWith("'volume' has 13 slices in z, fewer than the 16 of a " +
			"training patch (patchz=16). Give a smaller patchz (at most 13"), exc.getMessage());
		final ImagePlus single = SyntheticVolumes.blobs(1, 48, 1, 3);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Training.train(single, s, null,
			null, null, () -> false)).getMessage().contains("has 1 slice in z"));
	}
}
