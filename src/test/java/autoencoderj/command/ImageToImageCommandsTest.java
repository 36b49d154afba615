package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** Train Image to Image, Predict Image and Denoise Folder as a user runs them. */
class ImageToImageCommandsTest extends ContextTest {

	@TempDir
	Path dir;

	/** Two channels, four slices: a ramp and its square. */
	private static ImagePlus hyperstack() {
		final ImageStack s = new ImageStack(40, 40);
		for (int z = 0; z < 4; z++) {
			final float[] a = new float[1600], b = new float[1600];
			for (int i = 0; i < a.length; i++) {
				a[i] = (i % 40 + z * 5) * 10f;
				b[i] = a[i] * a[i] / 1000f;
			}
			s.addSlice(null, new FloatProcessor(40, 40, a));
			s.addSlice(null, new FloatProcessor(40, 40, b));
		}
		final ImagePlus imp = new ImagePlus("fields", s);
		imp.setDimensions(2, 4, 1);
		imp.setOpenAsHyperStack(true);
		return imp;
	}

	@Test
	void trainPredictAndDenoiseFolderWithOneHyperstack() throws Exception {
		final ImagePlus fields = hyperstack();
		final File model = dir.resolve("stain.zip").toFile();
		final CommandModule train = Commands.run(context, TrainImageToImage.class, "source", fields,
			"target", fields, "sourcechannel", 1, "targetchannel", 2, "filters", "4", "patch", 16, "steps",
			2, "batch", 4, "epochs", 1, "validation", 0.0, "model", model);
		assertFalse(train.isCanceled(), train.getCancelReason());
		assertTrue(model.isFile());

		// a one-channel image: the model takes its only channel
		final ImagePlus one = new ImagePlus("one", fields.getStack().getProcessor(1).duplicate());
		final CommandModule predict = Commands.run(context, PredictImage.class, "image", one, "model",
			model);
		assertFalse(predict.isCanceled(), predict.getCancelReason());
		final ImagePlus predicted = (ImagePlus) predict.getOutput("predicted");
		assertEquals(40, predicted.getWidth());
		assertEquals(1, predicted.getStackSize());
		assertEquals("one-predicted", predicted.getTitle());

		// Denoise Folder on the two-channel file: the model's source channel is taken
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		IJ.saveAsTiff(fields, in.resolve("fields.tif").toString());
		final CommandModule folder = Commands.run(context, DenoiseFolder.class, "model", model, "input",
			in.toFile(), "output", out.toFile());
		assertFalse(folder.isCanceled(), folder.getCancelReason());
		final ImagePlus written = IJ.openImage(out.resolve("fields.tif").toString());
		assertEquals(4, written.getStackSize(), "one predicted channel for each of the 4 slices");
	}

	@Test
	void channelOutOfRangeIsNamed() throws Exception {
		final ImagePlus fields = hyperstack();
		final CommandModule train = Commands.run(context, TrainImageToImage.class, "source", fields,
			"target", fields, "sourcechannel", 1, "targetchannel", 3, "model", dir.resolve("x.zip")
				.toFile());
		assertTrue(train.isCanceled());
		assertTrue(train.getCancelReason().contains("target channel 3 is out of range: 'fields' has 2 " +
			"channels"), train.getCancelReason());
		assertFalse(Files.exists(dir.resolve("x.zip")));
	}

	/** Two channels, 8 slices of 32 x 32: blobs and their cube root, z step 2. */
	private static ImagePlus volumes() {
		final ImageStack s = new ImageStack(32, 32);
		for (int z = 0; z < 8; z++) {
			final float[] a = new float[1024], b = new float[1024];
			for (int i = 0; i < a.length; i++) {
				final double dx = i % 32 - 16, dy = i / 32 - 16, dz = 2 * (z - 4);
				a[i] = (float) (1000 * Math.exp(-(dx * dx + dy * dy + dz * dz) / 50));
				b[i] = (float) Math.cbrt(a[i]);
			}
			s.addSlice(null, new FloatProcessor(32, 32, a));
			s.addSlice(null, new FloatProcessor(32, 32, b));
		}
		final ImagePlus imp = new ImagePlus("cells", s);
		imp.setDimensions(2, 8, 1);
		imp.setOpenAsHyperStack(true);
		imp.getCalibration().pixelDepth = 2;
		return imp;
	}

	@Test
	void volumesTrainPredictAndGoThroughAFolder() throws Exception {
		final ImagePlus cells = volumes();
		final File model = dir.resolve("stain3d.zip").toFile();
		final CommandModule train = Commands.run(context, TrainImageToImage.class, "source", cells,
			"target", cells, "sourcechannel", 1, "targetchannel", 2, "dimensions", "3d", "patchz", 4,
			"filters", "4 8", "patch", 16, "steps", 2, "epochs", 1, "validation", 0.0, "model", model);
		assertFalse(train.isCanceled(), train.getCancelReason());
		final autoencoderj.model.Manifest m = autoencoderj.model.ModelFiles.load(model.toPath())
			.manifest();
		assertEquals("3d", m.dimensions);
		assertEquals(4, m.training.batch, "auto batch: 4 volume patches");
		assertFalse(m.poolZ[0], "z step 2: x-y pooling at the first block");

		final CommandModule predict = Commands.run(context, PredictImage.class, "image", cells, "model",
			model);
		assertFalse(predict.isCanceled(), predict.getCancelReason());
		final ImagePlus predicted = (ImagePlus) predict.getOutput("predicted");
		assertEquals(8, predicted.getNSlices());
		assertEquals(1, predicted.getNChannels());

		final Path in = Files.createDirectories(dir.resolve("vin")), out = dir.resolve("vout");
		IJ.saveAsTiff(cells, in.resolve("cells.tif").toString());
		final CommandModule folder = Commands.run(context, DenoiseFolder.class, "model", model, "input",
			in.toFile(), "output", out.toFile());
		assertFalse(folder.isCanceled(), folder.getCancelReason());
		final ImagePlus written = IJ.openImage(out.resolve("cells.tif").toString());
		assertEquals(8, written.getStackSize(), "one predicted channel for each of the 8 slices");

		// thinner than a patch: the fix named
		final CommandModule thin = Commands.run(context, TrainImageToImage.class, "source", cells,
			"target", cells, "sourcechannel", 1, "targetchannel", 2, "dimensions", "3d", "patchz", 16,
			"filters", "4 8", "patch", 16, "model", dir.resolve("thin.zip").toFile());
		assertTrue(thin.isCanceled());
		assertTrue(thin.getCancelReason().contains("fewer than the 16 of a training patch"), thin
			.getCancelReason());
	}
}
