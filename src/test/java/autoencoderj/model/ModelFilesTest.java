package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import autoencoderj.app.Denoiser;
import autoencoderj.app.TrainedModels;
import autoencoderj.convert.ImagePluses;
import autoencoderj.convert.Tensors;

import ij.ImagePlus;
import ij.process.ByteProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class ModelFilesTest {

	@TempDir
	Path dir;

	@Test
	void saveThenLoadGivesIdenticalOutputs() throws IOException {
		final AutoencoderModel model = TrainedModels.denoiser().model();
		final Path file = dir.resolve("m.zip");
		ModelFiles.save(model, file);
		final AutoencoderModel loaded = ModelFiles.load(file);
		final ImagePlus digits = TrainedModels.slices(1900, 20);
		final INDArray rows = model.normalization().normalize(Tensors.rows(ImagePluses.wrap(digits)));
		assertEquals(0, model.apply(rows).sub(loaded.apply(rows)).amaxNumber().doubleValue(), 0);
		assertEquals(model.manifest().training.finalValidationLoss, loaded.manifest().training.finalValidationLoss, 0);
		assertEquals(ModelFiles.pluginVersion(), loaded.manifest().pluginVersion);

		final ImagePlus a = Denoiser.denoise(model, "m.zip", digits, null, () -> false);
		final ImagePlus b = Denoiser.denoise(loaded, "m.zip", digits, null, () -> false);
		for (int s = 1; s <= 20; s++)
			assertTrue(Arrays.equals((float[]) a.getStack().getPixels(s), (float[]) b.getStack().getPixels(s)));
		assertEquals("MNIST 1900-1920-denoised", a.getTitle());
		assertEquals(digits.getStack().getSliceLabel(4), a.getStack().getSliceLabel(4));
		assertEquals(List.of("m.zip"), listing());
	}

	@Test
	void corruptZipIsRefusedWithAClearMessage() throws IOException {
		final Path good = dir.resolve("good.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), good);
		final byte[] bytes = Files.readAllBytes(good);
		final Path broken = dir.resolve("broken.zip");
		Files.write(broken, Arrays.copyOf(bytes, bytes.length / 3));
		final ModelFileException exc = assertThrows(ModelFileException.class, () -> ModelFiles.load(broken));
		assertTrue(exc.getMessage().contains("broken.zip is not an AutoencoderJ model: it is not a " +
			"readable zip file"), exc.getMessage());

		final Path text = dir.resolve("notes.zip");
		Files.writeString(text, "just some text");
		assertTrue(assertThrows(ModelFileException.class, () -> ModelFiles.load(text)).getMessage()
			.contains("not a readable zip file"));
	}

	@Test
	void zipWithoutManifestIsNotTakenForAModel() throws IOException {
		final Path other = dir.resolve("other.zip");
		try (OutputStream out = Files.newOutputStream(other); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("configuration.json"));
			zip.write("{}".getBytes());
			zip.closeEntry();
		}
		final ModelFileException exc = assertThrows(ModelFileException.class, () -> ModelFiles.load(other));
		assertTrue(exc.getMessage().contains("is a zip file but not an AutoencoderJ model"), exc.getMessage());
	}

	@Test
	void missingFileIsNamed() {
		final Path missing = dir.resolve("nowhere.zip");
		final ModelFileException exc = assertThrows(ModelFileException.class, () -> ModelFiles.load(missing));
		assertEquals("The model file " + missing + " does not exist. Check the path.", exc.getMessage());
	}

	@Test
	void mismatchedImageIsRefusedWithWhatDiffers() {
		final ImagePlus big = new ImagePlus("cells.tif", new ByteProcessor(64, 48));
		final ModelMismatchException exc = assertThrows(ModelMismatchException.class,
			() -> Denoiser.denoise(TrainedModels.denoiser().model(), "m.zip", big, null, () -> false));
		assertTrue(exc.getMessage().startsWith("The model m.zip was trained on 28x28 images, but " +
			"'cells.tif' is 64x48."), exc.getMessage());
	}

	@Test
	void failedWriteLeavesTheEarlierModelAndNoTemporaryFile() throws IOException {
		final Path file = dir.resolve("keep.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), file);
		final byte[] before = Files.readAllBytes(file);
		final ModelFileException exc = assertThrows(ModelFileException.class, () -> ModelFiles.save(
			TrainedModels.denoiser().model(), dir.resolve("no-such-folder").resolve("m.zip")));
		assertTrue(exc.getMessage().contains("does not exist"), exc.getMessage());
		assertTrue(Arrays.equals(before, Files.readAllBytes(file)));
		assertEquals(List.of("keep.zip"), listing());
	}

	private List<String> listing() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
