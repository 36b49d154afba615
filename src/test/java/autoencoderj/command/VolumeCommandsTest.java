package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import autoencoderj.cli.HeadlessRun;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dimensions=3d as a user gives it: headless keys, a z-stack file, a 3-D model, its denoised volume. */
class VolumeCommandsTest extends ContextTest {

	@TempDir
	Path dir;

	@Test
	void aZStackTrainsA3DModelAndIsDenoisedAsAVolumeHeadless() throws Exception {
		final ImagePlus stack = autoencoderj.app.SyntheticVolumes.blobs(12, 64, 2, 9);
		final Path tif = dir.resolve("stack.tif");
		assertTrue(IJ.saveAsTiff(stack, tif.toString()));
		final Path model = dir.resolve("volume model.zip");
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		assertEquals(0, HeadlessRun.run(context, "Train Autoencoder", "image=" + tif + ",architecture=" +
			"convolutional,dimensions=3d,patchz=8,patch=16,filters=4 8,objective=blind-spot,masked=0.0156," +
			"batch=2,steps=2,epochs=1,validation=0,model=" + model, dir.resolve("train"), new PrintStream(
				out), new PrintStream(err)), err.toString());
		final Manifest m = ModelFiles.readManifest(model);
		assertEquals("3d", m.dimensions);
		assertEquals("auto", m.pooling);
		// a z step of twice the pixel size: x-y only at the first block
		assertEquals("[false, true]", java.util.Arrays.toString(m.poolZ));

		final ByteArrayOutputStream err2 = new ByteArrayOutputStream();
		assertEquals(0, HeadlessRun.run(context, "Denoise Image", "image=" + tif + ",model=" + model, dir
			.resolve("denoised"), System.out, new PrintStream(err2)), err2.toString());
		final ImagePlus denoised = IJ.openImage(dir.resolve("denoised").resolve("denoised.tif").toString());
		assertEquals(12, denoised.getNSlices());
		assertEquals(64, denoised.getWidth());
		assertEquals(2, denoised.getCalibration().pixelDepth, 1e-9);

		final ByteArrayOutputStream err3 = new ByteArrayOutputStream();
		final Path flat = dir.resolve("flat.tif");
		IJ.saveAsTiff(new ImagePlus("flat", stack.getStack().getProcessor(1)), flat.toString());
		assertEquals(1, HeadlessRun.run(context, "Denoise Image", "image=" + flat + ",model=" + model, dir
			.resolve("flat"), System.out, new PrintStream(err3)));
		assertTrue(err3.toString().contains("is a 3-D model (trained on volumes, patches of 8 slices), " +
			"but 'flat.tif' is a 2-D image"), err3.toString());
		assertFalse(err3.toString().contains("Exception"), err3.toString());

		// what each layer computes, at the middle of a block of 8 slices about the current one
		final ByteArrayOutputStream err5 = new ByteArrayOutputStream();
		assertEquals(0, HeadlessRun.run(context, "Show Layer Outputs", "image=" + tif + ",model=" + model +
			",show=a window per layer", dir.resolve("layers"), System.out, new PrintStream(err5)), err5
				.toString());
		final ImagePlus first = IJ.openImage(dir.resolve("layers").resolve("layer01.tif").toString());
		assertEquals(4, first.getStackSize(), "the first 3-D convolution's 4 maps");
		assertEquals(64, first.getWidth());
		assertEquals("layer 1 Convolution3D channel 2", first.getStack().getSliceLabel(2));

		// shared as a bioimage.io package whose tensors are volumes
		final ByteArrayOutputStream err4 = new ByteArrayOutputStream();
		final Path zip = dir.resolve("volume-bioimageio.zip");
		assertEquals(0, HeadlessRun.run(context, "Export to BioImage.IO", "image=" + tif + ",model=" +
			model + ",output=" + zip + ",name=Volume denoiser,authors=Ada Lovelace", dir.resolve("export"),
			System.out, new PrintStream(err4)), err4.toString());
		try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
			final String rdf = new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8);
			assertTrue(rdf.contains("id: \"z\"") && rdf.contains("\"3d\""), rdf);
			final String header = new String(z.getInputStream(z.getEntry("test_input.npy")).readNBytes(128),
				java.nio.charset.StandardCharsets.ISO_8859_1);
			// z: the smallest depth the package allows (it takes 2 x 10 + 1 slices, in steps of 2)
			assertTrue(header.contains("'shape': (1, 1, 22, 64, 64)"), header);
		}
	}
}
