package autoencoderj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import autoencoderj.app.Codes;
import autoencoderj.app.TrainedModels;
import autoencoderj.app.Training;
import autoencoderj.app.TrainingResult;
import autoencoderj.app.TrainingSettings;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ModelFiles;
import autoencoderj.ops.Neighbours;
import autoencoderj.ops.Pca;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.measure.ResultsTable;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.scijava.command.CommandModule;

/** Encode Stack and Generate From Code on a 2-D-code model of the bundled sample. */
class CodesCommandsTest extends ContextTest {

	private static TrainingResult trained;
	@TempDir
	static Path dir;
	private static Path model;

	@BeforeAll
	static void train() throws Exception {
		trained = Training.train(TrainedModels.sample(), TrainingSettings.builder().hidden(128, 32, 2)
			.noise("none", 0).epochs(15).batch(64).rate(2e-3).validation(0.1).seed(42).build(), null,
			null, null, () -> false);
		model = dir.resolve("code2.zip");
		ModelFiles.save(trained.model(), model);
	}

	private static String[] labels(final ImagePlus imp) {
		final String[] l = new String[imp.getStackSize()];
		for (int i = 0; i < l.length; i++)
			l[i] = imp.getStack().getSliceLabel(i + 1);
		return l;
	}

	@Test
	void twoDimensionalCodesSeparateDigitsBetterThanPca() {
		final ImagePlus sample = TrainedModels.sample();
		final double[][] codes = Codes.encode(trained.model(), "code2.zip", sample).toDoubleMatrix();
		final int n = sample.getStackSize();
		final double[][] px = new double[n][784];
		for (int i = 0; i < n; i++) {
			final byte[] b = (byte[]) sample.getStack().getPixels(i + 1);
			for (int j = 0; j < 784; j++)
				px[i][j] = (b[j] & 0xff) / 255.0;
		}
		final double pca = Neighbours.leaveOneOutAccuracy(Pca.fit(px, 2).transform(px), labels(sample), 5);
		final double ae = Neighbours.leaveOneOutAccuracy(codes, labels(sample), 5);
		System.out.printf("5-NN leave-one-out accuracy on 2,000 digits: autoencoder code %.3f, PCA-2 %.3f%n",
			ae, pca);
		assertTrue(ae - pca >= 0.10, "autoencoder " + ae + " vs PCA " + pca);
	}

	@Test
	void encodeStackTablesTheEncoderOutputAndPlotsOneSetPerLabel() throws Exception {
		final ImagePlus stack = TrainedModels.slices(0, 60);
		final CommandModule m = Commands.run(context, EncodeStack.class, "image", stack, "model", model
			.toFile(), "pixels", true);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final ResultsTable t = (ResultsTable) m.getOutput("codes");
		final INDArray expected = Codes.encode(ModelFiles.load(model), "m", stack);
		assertEquals(60, t.size());
		for (int r = 0; r < 60; r++) {
			assertEquals(r + 1, t.getValue("slice", r), 0);
			assertEquals(stack.getStack().getSliceLabel(r + 1), t.getStringValue("label", r));
			assertEquals(expected.getDouble(r, 0), t.getValue("code_1", r), 1e-6);
			assertEquals(expected.getDouble(r, 1), t.getValue("code_2", r), 1e-6);
		}
		final Plot plot = (Plot) ((ImagePlus) m.getOutput("plot")).getProperty(Plot.PROPERTY_KEY);
		final int[] counts = new int[10];
		for (final String l : labels(stack))
			counts[Integer.parseInt(l)]++;
		for (int d = 0; d < 10; d++)
			assertEquals(counts[d], plot.getDataObjectArrays(d)[0].length, "points of digit " + d);
		assertEquals(10, plot.getDataObjectDesignations().length);
		final ImagePlus pixelPlot = (ImagePlus) m.getOutput("pixelPlot");
		assertTrue(((Plot) pixelPlot.getProperty(Plot.PROPERTY_KEY)).getLabel('x').matches(
			"PC1 of pixels \\(\\d+\\.\\d% of variance\\)"));
	}

	@Test
	void codesOfMoreThanTwoValuesArePlottedOnTheirPrincipalComponents() throws Exception {
		final Path dense = dir.resolve("code50-pca.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), dense);
		final CommandModule m = Commands.run(context, EncodeStack.class, "image", TrainedModels.slices(0,
			40), "model", dense.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(((ResultsTable) m.getOutput("codes")).columnExists("code_50"));
		final Plot plot = (Plot) ((ImagePlus) m.getOutput("plot")).getProperty(Plot.PROPERTY_KEY);
		assertTrue(plot.getLabel('x').matches("PC1 of codes \\(\\d+\\.\\d% of variance\\)"), plot.getLabel('x'));
		assertTrue(plot.getLabel('y').startsWith("PC2 of codes ("), plot.getLabel('y'));
		int points = 0;
		for (int d = 0; d < plot.getDataObjectDesignations().length; d++)
			points += plot.getDataObjectArrays(d)[0].length;
		assertEquals(40, points);
	}

	@Test
	void generatedGridAndDecodedTableCodes() throws Exception {
		final CommandModule g = Commands.run(context, GenerateFromCode.class, "model", model.toFile(),
			"grid", 6, "codes", null);
		assertFalse(g.isCanceled(), g.getCancelReason());
		final ImagePlus montage = (ImagePlus) g.getOutput("generated");
		assertEquals(6 * 28, montage.getWidth());
		assertEquals(6 * 28, montage.getHeight());
		final CommandModule huge = Commands.run(context, GenerateFromCode.class, "model", model
			.toFile(), "grid", 50000, "codes", null);
		assertTrue(huge.isCanceled());
		assertEquals("A grid of 50000 x 50000 images of 28x28 is too large: at most 200 x 200 images " +
			"and 67108864 pixels (grid 200 for this model). Choose a smaller grid.", huge
				.getCancelReason());

		final ImagePlus stack = TrainedModels.slices(100, 5);
		final ResultsTable t = (ResultsTable) Commands.run(context, EncodeStack.class, "image", stack,
			"model", model.toFile()).getOutput("codes");
		final Path csv = dir.resolve("codes.csv");
		t.save(csv.toString());
		final ImagePlus decoded = (ImagePlus) Commands.run(context, GenerateFromCode.class, "model",
			model.toFile(), "codes", csv.toFile()).getOutput("generated");
		assertEquals(5, decoded.getStackSize());
		final AutoencoderModel loaded = ModelFiles.load(model);
		final INDArray rows = loaded.normalization().normalize(autoencoderj.convert.Tensors.rows(
			autoencoderj.convert.ImagePluses.wrapPlanes(stack)));
		final float[] reconstruction = loaded.normalization().denormalize(loaded.apply(rows).dup('c'))
			.getRow(3).dup().data().asFloat();
		assertArrayEquals(reconstruction, (float[]) decoded.getStack().getPixels(4), 1e-3f);
	}

	@Test
	void aModelWithoutA2DCodeAskedForAGridGetsAMessage() throws Exception {
		final Path dense = dir.resolve("code50.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), dense);
		final CommandModule m = Commands.run(context, GenerateFromCode.class, "model", dense.toFile(),
			"grid", 5, "codes", null);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().startsWith("The model code50.zip has a 50-D code; a grid needs a 2-D code."),
			m.getCancelReason());
	}

	@Test
	void hostileLabelsGiveValidCsvThatOneHiddenLayerModelsDecode() throws Exception {
		final Path dense = dir.resolve("one-layer.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), dense);
		final ImagePlus stack = TrainedModels.slices(300, 7);
		final String[] labels = { "=HYPERLINK(\"http://x\",\"y\")", "a\"b", "c,d", "+1+2", "@SUM(A1)",
			"line\nbreak", "-5" };
		for (int i = 0; i < labels.length; i++)
			stack.getStack().setSliceLabel(labels[i], i + 1);
		final ResultsTable t = (ResultsTable) Commands.run(context, EncodeStack.class, "image", stack,
			"model", dense.toFile()).getOutput("codes");
		final Path csv = dir.resolve("hostile-codes.csv");
		autoencoderj.data.Csv.write(t, csv);
		final String text = java.nio.file.Files.readString(csv);
		assertTrue(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""), text);
		assertTrue(text.contains(",'@SUM(A1),") && text.contains(",'+1+2,"), text);
		final autoencoderj.data.Csv.Table back = autoencoderj.data.Csv.read(csv, 1 << 20, 100);
		assertEquals(7, back.rows.size());
		// the rows read back are the table's rows (ImageJ's table holds a line break as \\n)
		for (int r = 0; r < 7; r++)
			assertEquals(r == 5 ? "line\\nbreak" : labels[r], back.get(r, "label"));
		assertEquals(t.getStringValue("code_7", 6), back.get(6, "code_7"));
		// one hidden layer: the decoder is the output layer alone
		final CommandModule g = Commands.run(context, GenerateFromCode.class, "model", dense.toFile(),
			"codes", csv.toFile());
		assertFalse(g.isCanceled(), g.getCancelReason());
		final ImagePlus decoded = (ImagePlus) g.getOutput("generated");
		assertEquals(7, decoded.getStackSize());
		for (final float v : (float[]) decoded.getStack().getPixels(6))
			assertTrue(Float.isFinite(v) && v >= 0 && v <= 255, "pixel " + v);
	}

	@Test
	void tablesTooLongAndPixelsWithoutPrincipalComponentsGetMessages() throws Exception {
		final StringBuilder sb = new StringBuilder("slice,label,code_1,code_2\n");
		for (int r = 0; r < 10_001; r++)
			sb.append(r + 1).append(",x,0.5,0.5\n");
		final Path csv = dir.resolve("long.csv");
		java.nio.file.Files.writeString(csv, sb);
		final CommandModule g = Commands.run(context, GenerateFromCode.class, "model", model.toFile(),
			"codes", csv.toFile());
		assertTrue(g.isCanceled());
		assertEquals("The table " + csv + " has more than 10000 rows, the most this reads. Split it " +
			"into smaller tables.", g.getCancelReason());

		final ImagePlus nan = new ImagePlus("nan", TrainedModels.slices(0, 4).getStack().convertToFloat());
		((float[]) nan.getStack().getPixels(3))[100] = Float.NaN;
		final CommandModule e = Commands.run(context, EncodeStack.class, "image", nan, "model", model
			.toFile(), "pixels", true);
		assertTrue(e.isCanceled());
		assertTrue(e.getCancelReason().startsWith("The pixels of slice 3 hold NaN or infinite values"),
			e.getCancelReason());
	}
}
