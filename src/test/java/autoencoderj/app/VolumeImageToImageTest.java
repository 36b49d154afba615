package autoencoderj.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import autoencoderj.data.ChannelPlanes;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.ModelMismatchException;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3-D image to image ({@code dimensions=3d}): a target that only the voxels
 * above and below can tell, learnt from one volume and predicted on another
 * far better than the mean target; two source channels in; the mismatches
 * named.
 */
class VolumeImageToImageTest {

	private static final int DEPTH = 16, SIDE = 48;

	@TempDir
	java.nio.file.Path dir;

	/** 1000 where the volume's 3x3x3 mean (mirrored at the faces) is above 250, else 0. */
	private static ImagePlus meanThreshold(final ImagePlus volume) {
		final float[][] v = new float[DEPTH][];
		for (int z = 0; z < DEPTH; z++)
			v[z] = (float[]) volume.getStack().getPixels(z + 1);
		final ImageStack s = new ImageStack(SIDE, SIDE);
		for (int z = 0; z < DEPTH; z++) {
			final float[] out = new float[SIDE * SIDE];
			for (int y = 0; y < SIDE; y++)
				for (int x = 0; x < SIDE; x++) {
					double sum = 0;
					for (int dz = -1; dz <= 1; dz++)
						for (int dy = -1; dy <= 1; dy++)
							for (int dx = -1; dx <= 1; dx++)
								sum += v[mirror(z + dz, DEPTH)][mirror(y + dy, SIDE) * SIDE + mirror(x + dx, SIDE)];
					out[y * SIDE + x] = sum / 27 > 250 ? 1000 : 0;
				}
			s.addSlice(null, new FloatProcessor(SIDE, SIDE, out));
		}
		final ImagePlus imp = new ImagePlus("target", s);
		imp.setDimensions(1, DEPTH, 1);
		imp.setCalibration(volume.getCalibration().copy());
		return imp;
	}

	private static int mirror(final int i, final int n) {
		return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
	}

	private static TrainingSettings.Builder settings() {
		return TrainingSettings.builder().architecture(TrainingSettings.Architecture.CONVOLUTIONAL)
			.volumes(true).filters(8, 16).patchZ(8).patch(16).steps(20).batch(4).epochs(8).rate(3e-3)
			.validation(0.25).noise("none", 0).seed(3);
	}

	@Test
	void learnsATargetThatNeedsTheSlicesAboveAndBelowAndPredictsAnotherVolume() throws Exception {
		final ImagePlus source = SyntheticVolumes.blobs(DEPTH, SIDE, 1, 21);
		final TrainingResult result = ImageToImageTraining.train(ChannelPlanes.of(source, 0, "source"),
			ChannelPlanes.of(meanThreshold(source), 0, "target"), settings().build(), null, () -> false);
		final Manifest m = result.model().manifest();
		assertEquals("image-to-image", m.task);
		assertEquals("3d", m.dimensions);
		assertEquals(8, m.patchZ);
		assertTrue(m.skips, "a U-Net unless asked otherwise");
		final java.nio.file.Path file = dir.resolve("stain3d.zip");
		ModelFiles.save(result.model(), file);
		final AutoencoderModel model = ModelFiles.load(file);

		final ImagePlus unseen = SyntheticVolumes.blobs(DEPTH, SIDE, 1, 22);
		final ImagePlus truth = meanThreshold(unseen);
		final ImagePlus predicted = ImagePredictor.predict(model, "stain3d.zip", unseen, 64, 4, null,
			() -> false);
		assertEquals(DEPTH, predicted.getNSlices());
		assertEquals(1, predicted.getNChannels());
		assertEquals(32, predicted.getBitDepth());
		assertEquals(1.0, predicted.getCalibration().pixelDepth, 0);
		assertTrue(((String) predicted.getProperty("Info")).contains("as volumes"), (String) predicted
			.getProperty("Info"));
		double mean = 0;
		for (int z = 1; z <= DEPTH; z++)
			for (final float t : (float[]) truth.getStack().getPixels(z))
				mean += t;
		mean /= (double) DEPTH * SIDE * SIDE;
		double mseMean = 0, msePredicted = 0;
		for (int z = 1; z <= DEPTH; z++) {
			final float[] t = (float[]) truth.getStack().getPixels(z), p = (float[]) predicted.getStack()
				.getPixels(z);
			for (int i = 0; i < t.length; i++) {
				mseMean += (t[i] - mean) * (t[i] - mean);
				msePredicted += (t[i] - p[i]) * (t[i] - p[i]);
			}
		}
		final double gain = 10 * Math.log10(mseMean / msePredicted);
		System.out.printf("3-D image to image (%s): PSNR gain over the mean target %.2f dB%n", model
			.describe(), gain);
		assertTrue(gain >= 6, "PSNR gain over the mean target: " + gain + " dB");
	}

	@Test
	void twoSourceChannelsGoInAndAHyperstackComesOut() {
		final ImagePlus a = SyntheticVolumes.blobs(DEPTH, SIDE, 1, 31), b = SyntheticVolumes.blobs(
			DEPTH, SIDE, 1, 32);
		final ImageStack s = new ImageStack(SIDE, SIDE);
		for (int z = 1; z <= DEPTH; z++) {
			s.addSlice(null, a.getStack().getProcessor(z));
			s.addSlice(null, b.getStack().getProcessor(z));
		}
		final ImagePlus two = new ImagePlus("two", s);
		two.setDimensions(2, DEPTH, 1);
		final TrainingResult result = ImageToImageTraining.train(ChannelPlanes.of(two, 0, "source"),
			ChannelPlanes.of(meanThreshold(a), 0, "target"), settings().steps(2).epochs(1).build(), null,
			() -> false);
		assertEquals(2, result.model().manifest().channels);
		final ImagePlus predicted = ImagePredictor.predict(result.model(), "m", two, 64, 4, null,
			() -> false);
		assertEquals(1, predicted.getNChannels());
		assertEquals(DEPTH, predicted.getNSlices());
		for (int z = 1; z <= DEPTH; z++)
			for (final float v : (float[]) predicted.getStack().getPixels(z))
				assertTrue(Float.isFinite(v));
		// one channel where the model takes two, and a 2-D image: both named
		final String channels = assertThrows(ModelMismatchException.class, () -> ImagePredictor
			.predict(result.model(), "m", a, 64, 4, null, () -> false)).getMessage();
		assertTrue(channels.contains("takes 2 input channels") && channels.contains("'volume' has 1"),
			channels);
		final String layers = assertThrows(ModelMismatchException.class, () -> LayerOutputs.of(result
			.model(), "m", two)).getMessage();
		assertTrue(layers.contains("takes 2 input channels"), layers);
		final ImageStack flat = new ImageStack(SIDE, SIDE);
		flat.addSlice(null, s.getProcessor(1));
		flat.addSlice(null, s.getProcessor(2));
		final ImagePlus slice = new ImagePlus("slice", flat);
		slice.setDimensions(2, 1, 1);
		final String twoD = assertThrows(ModelMismatchException.class, () -> ImagePredictor.predict(
			result.model(), "m", slice, 64, 4, null, () -> false)).getMessage();
		assertTrue(twoD.contains("3-D model") && twoD.contains("'slice' is a 2-D image"), twoD);
	}

	@Test
	void sourceAndTargetOfOtherDepthsAreNamed() {
		final ImagePlus source = SyntheticVolumes.blobs(DEPTH, SIDE, 1, 41);
		// as many planes, but two volumes of 8 slices
		final ImagePlus frames = SyntheticVolumes.blobs(DEPTH, SIDE, 1, 42);
		frames.setTitle("frames");
		frames.setDimensions(1, DEPTH / 2, 2);
		final String message = assertThrows(IllegalArgumentException.class, () -> ImageToImageTraining
			.train(ChannelPlanes.of(source, 0, "source"), ChannelPlanes.of(frames, 0, "target"),
				settings().build(), null, () -> false)).getMessage();
		assertTrue(message.contains("same slices") && message.contains("'frames' 8"), message);
	}
}
