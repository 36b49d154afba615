package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.engine.tiles.TiledVolumePredictor;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelMismatchException;
import autoencoderj.model.VolumeSpec;

import ij.ImagePlus;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Denoising volumes: the same values whatever the tiles, dimensions kept, 2-D images refused. */
class VolumeDenoiserTest {

	private static AutoencoderModel model;

	@BeforeAll
	static void train() {
		final TrainingSettings s = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).volumes(true).patchZ(8).patch(16).filters(4, 8)
			.objective(Manifest.Objective.BLIND_SPOT).noise("none", 0).masked(1.0 / 64).batch(2).steps(2)
			.epochs(1).validation(0).seed(3).build();
		model = Training.train(SyntheticVolumes.blobs(12, 40, 1, 5), s, null, null, null, () -> false)
			.model();
	}

	@Test
	void theResultDoesNotDependOnTheTilesAtTheFacesEither() {
		final ImagePlus imp = SyntheticVolumes.blobs(9, 21, 1, 6);
		final ImagePlus whole = Denoiser.denoise(model, "m", imp, null, () -> false);
		assertEquals(9, whole.getNSlices());
		assertEquals(21, whole.getWidth());
		assertEquals(32, whole.getBitDepth());
		assertTrue(whole.getTitle().endsWith("-denoised"), whole.getTitle());
		// the smallest tiles the margins allow: many tiles in every axis
		final VolumeSpec spec = model.volumeSpec();
		final ComputationGraph net = (ComputationGraph) model.network();
		final TiledVolumePredictor small = new TiledVolumePredictor(x -> net.outputSingle(false, x), spec
			.margin(), spec.plan().zUnit(), 1 << spec.depth(), model.normalization(), 1, 64);
		// margins of 28 in a 2-block U-Net: cores of 4 slices in z (9 slices: 3 tiles), of 8 in x-y (3)
		assertEquals(3 * 3 * 3, small.tiles(9, 21, 21), "tiles in z, y and x");
		final float[][] tiled = small.predict((z, i) -> imp.getStack().getProcessor(z + 1).getf(i), 9, 21,
			21, () -> false, null);
		double max = 0, largest = 0;
		for (int z = 0; z < 9; z++) {
			final float[] plane = (float[]) whole.getStack().getPixels(z + 1);
			for (int i = 0; i < plane.length; i++) {
				max = Math.max(max, Math.abs(plane[i] - tiled[z][i]));
				largest = Math.max(largest, Math.abs(plane[i]));
			}
		}
		// float sums of a few hundred products per layer, a dozen layers: far below 1e-4 of the values
		assertTrue(max <= 1e-4 * largest, "largest difference " + max + " of " + largest);
		assertNull(small.predict((z, i) -> 0, 9, 21, 21, () -> true, null), "cancel gives nothing");
	}

	@Test
	void aTwoDimensionalImageIsRefusedNamingBoth() {
		final ImagePlus flat = SyntheticVolumes.blobs(1, 40, 1, 7);
		flat.setTitle("flat");
		final ModelMismatchException exc = assertThrows(ModelMismatchException.class, () -> Denoiser
			.denoise(model, "vol.zip", flat, null, () -> false));
		assertTrue(exc.getMessage().startsWith("The model vol.zip is a 3-D model (trained on volumes, " +
			"patches of 8 slices), but 'flat' is a 2-D image"), exc.getMessage());
	}

	@Test
	void volumesWithOtherVoxelsGetAWarning() {
		final ImagePlus same = SyntheticVolumes.blobs(8, 32, 1, 8);
		assertNull(VolumeDenoiser.calibrationWarning(model, "m", same));
		final ImagePlus deep = SyntheticVolumes.blobs(8, 32, 3, 8);
		final String warning = VolumeDenoiser.calibrationWarning(model, "m", deep);
		assertTrue(warning.contains("has voxels 3.00 times as deep as wide, the model m was trained on " +
			"voxels 1.00 times"), warning);
		assertArrayEquals(new double[] { 1, 1, 1 }, model.manifest().voxelSize);
	}
}
