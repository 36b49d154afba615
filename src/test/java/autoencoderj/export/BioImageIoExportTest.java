package autoencoderj.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import autoencoderj.app.Denoiser;
import autoencoderj.app.SyntheticImages;
import autoencoderj.engine.NativeForward;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Every kind of model exports to a bioimage.io package whose ONNX weights,
 * run by ONNX Runtime as a consumer would, give AutoencoderJ's network
 * output, and whose test output is what Denoise Image gives.
 */
class BioImageIoExportTest {

	/**
	 * ONNX Runtime and the native engine sum the same products in different
	 * orders: float32 rounding of a few hundred terms per layer over a dozen
	 * layers stays orders of magnitude below this bound of the issue.
	 */
	private static final double RELATIVE = 1e-4;

	@ParameterizedTest
	@EnumSource(ExportedModels.Kind.class)
	void onnxRuntimeGivesTheNetworksOutputAndTheTestOutputIsDenoiseImages(final ExportedModels.Kind kind)
		throws Exception
	{
		final ExportedModels.Exported e = ExportedModels.exported(kind);
		final PackageContents p = e.contents;
		assertEquals(new java.util.HashSet<>(Arrays.asList("rdf.yaml", "weights.onnx", "weights.pt",
			"autoencoderj_net.py", "test_input.npy", "test_output.npy", "cover.png", "README.md")), p.files
				.keySet());
		final PackageContents.Tensor in = p.npy("test_input.npy"), out = p.npy("test_output.npy");
		final Manifest m = e.model.manifest();
		final int cin = m.channels;
		final int cout = m.imageToImage() ? m.outChannels : 1;
		final int side = e.model.convolutional() ? 64 : 28;
		assertArrayEquals(new long[] { 1, cin, side, side }, in.shape, kind.toString());
		assertArrayEquals(new long[] { 1, cout, side, side }, out.shape, kind.toString());

		// the consumer's way: preprocessing, ONNX Runtime, postprocessing
		final float[] pre = p.scaleLinear("inputs", "preprocessing", in.values, cin);
		final float[] graphOut = runOnnx(p.files.get("weights.onnx"), pre, in.shape);
		final float[] onnx = normalised(e, graphOut, in.shape[0], cout, "outputs", "postprocessing");
		final float[] ours = network(e.model, normalised(e, pre, 1, cin, "inputs", "preprocessing"),
			in.shape);
		final double err = maxError(onnx, ours);
		System.out.printf("%s: ONNX Runtime vs AutoencoderJ's network on the test input: max " +
			"|difference| %.2e of max |output| %.3f%n", kind, err, maxAbs(ours));
		assertTrue(err <= RELATIVE * maxAbs(ours), kind + ": " + err);
		final float[] post = p.scaleLinear("outputs", "postprocessing", graphOut, cout);
		assertTrue(maxError(post, out.values) <= RELATIVE * maxAbs(out.values), kind + ": " + maxError(
			post, out.values));

		// the test output is what Denoise Image (Predict Image) gives on the test input
		final ImageStack stack = new ImageStack(side, side);
		for (int c = 0; c < cin; c++)
			stack.addSlice(null, new FloatProcessor(side, side, Arrays.copyOfRange(in.values, c * side *
				side, (c + 1) * side * side)));
		final ImagePlus window = new ImagePlus("window", stack);
		window.setDimensions(cin, 1, 1);
		final ImagePlus denoised = Denoiser.denoise(e.model, "model", window, null, () -> false);
		if (m.targetRgb) {
			// Predict Image rounds the three predicted channels to an RGB image
			final int[] rgb = (int[]) denoised.getProcessor().getPixels();
			for (int i = 0; i < side * side; i++)
				for (int c = 0; c < 3; c++)
					assertEquals(rgb[i] >> 8 * (2 - c) & 0xff, Math.max(0, Math.min(255, Math.round(
						out.values[c * side * side + i]))), kind + " pixel " + i);
			return;
		}
		final float[] expected = new float[cout * side * side];
		for (int c = 0; c < cout; c++)
			System.arraycopy((float[]) denoised.getStack().getProcessor(c + 1).getPixels(), 0, expected, c *
				side * side, side * side);
		assertArrayEquals(expected, out.values, kind.toString());
	}

	@ParameterizedTest
	@EnumSource(value = ExportedModels.Kind.class, names = { "PLAIN", "SKIPS_DECONVOLUTION", "SIGMOID_VALID_LAST",
		"IMAGE_TO_IMAGE" })
	void onnxWeightsTakeEverySizeTheDescriptionAllows(final ExportedModels.Kind kind) throws Exception {
		final ExportedModels.Exported e = ExportedModels.exported(kind);
		@SuppressWarnings("unchecked")
		final Map<String, Object> y = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) e.contents
			.tensor("inputs").get("axes")).get(2)).get("size");
		final int min = (Integer) y.get("min"), step = (Integer) y.get("step");
		assertEquals(1 << e.model.convSpec().depth(), step);
		final int cin = e.model.convSpec().inChannels();
		final long[] shape = { 2, cin, min + step, min + 3 * step };
		final float[] x = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
		final java.util.Random r = new java.util.Random(1);
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextFloat();
		final float[] ours = network(e.model, x, shape);
		final float[] graphIn = raw(e, x, shape[0], cin, "inputs", "preprocessing");
		final int cout = (int) (ours.length / (shape[0] * shape[2] * shape[3]));
		assertTrue(maxError(normalised(e, runOnnx(e.contents.files.get("weights.onnx"), graphIn, shape),
			shape[0], cout, "outputs", "postprocessing"), ours) <= RELATIVE * maxAbs(ours), kind.toString());
		// the minimum leaves output once the halo is cropped from both sides
		@SuppressWarnings("unchecked")
		final Map<String, Object> outY = (Map<String, Object>) ((List<Object>) e.contents.tensor(
			"outputs").get("axes")).get(2);
		assertEquals(e.model.convSpec().margin(), outY.get("halo"));
		assertTrue(min - 2 * (Integer) outY.get("halo") >= 1 && e.model.convSpec().fits(min));
	}

	@Test
	void descriptionCarriesNormalisationHistoryAndCitations() throws Exception {
		final ExportedModels.Exported e = ExportedModels.exported(ExportedModels.Kind.BLIND_SPOT);
		final Map<String, Object> rdf = e.contents.rdf;
		assertEquals("0.5.7", rdf.get("format_version"));
		assertEquals("AutoencoderJ blind-spot", rdf.get("name"));
		assertEquals("CC-BY-4.0", rdf.get("license"));
		assertEquals("[{name=Ada Lovelace}, {name=Alan Turing}]", rdf.get("authors").toString());
		assertTrue(rdf.get("cite").toString().contains("10.1109/CVPR.2019.00223"), rdf.get("cite")
			.toString());
		assertTrue(rdf.get("tags").toString().contains("noise2void"));
		// preprocessing maps the model's low percentile to 0 and high to 1
		final Manifest.NormalizationInfo n = e.model.manifest().normalization;
		final float[] lowHigh = e.contents.scaleLinear("inputs", "preprocessing", new float[] {
			(float) n.low, (float) n.high }, 1);
		assertEquals(0, lowHigh[0], 1e-6);
		assertEquals(1, lowHigh[1], 1e-6);
		@SuppressWarnings("unchecked")
		final Map<String, Object> manifest = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) rdf
			.get("config")).get("autoencoderj")).get("manifest");
		@SuppressWarnings("unchecked")
		final Map<String, Object> training = (Map<String, Object>) manifest.get("training");
		assertEquals(e.model.manifest().training.trainLoss.size(), ((List<?>) training.get("trainLoss"))
			.size());
		assertEquals("blind-spot", ((Map<?, ?>) manifest.get("noise")).get("objective"));
		final String readme = new String(e.contents.files.get("README.md"), "UTF-8");
		assertTrue(readme.contains("Halo: " + e.model.convSpec().margin() + " pixels"), readme);
		Files.write(e.zip.getParent().resolve("cover.png"), e.contents.files.get("cover.png"));
		final ImagePlus read = new ImagePlus(e.zip.getParent().resolve("cover.png").toString());
		assertEquals(512, read.getWidth());
		assertEquals(256, read.getHeight());
	}

	/** The spec's JSON Schema (format 0.5.7), where the shared tools and Python's yaml and jsonschema are here. */
	@ParameterizedTest
	@EnumSource(ExportedModels.Kind.class)
	void descriptionIsValidForTheSpec(final ExportedModels.Kind kind, @TempDir final Path folder)
		throws Exception
	{
		final Path validator = Paths.get("..", "shared", "tools", "bioimageio-validate");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(validator),
			"no ../shared/tools/bioimageio-validate here");
		final Process probe = new ProcessBuilder("python3", "-c", "import yaml, jsonschema")
			.redirectErrorStream(true).start();
		org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe
			.exitValue() == 0, "python3-yaml and python3-jsonschema are not installed");
		final ExportedModels.Exported e = ExportedModels.exported(kind);
		Files.write(folder.resolve(kind + "-rdf.yaml"), e.contents.files.get("rdf.yaml"));
		final Process p = new ProcessBuilder(validator.toString(), folder.resolve(kind + "-rdf.yaml")
			.toString()).redirectErrorStream(true).start();
		final String said = new String(p.getInputStream().readAllBytes(), "UTF-8");
		assertTrue(p.waitFor(60, TimeUnit.SECONDS));
		assertEquals(0, p.exitValue(), kind + ": " + said);
		assertTrue(said.contains("valid: bioimage.io model description, format 0.5.7"), said);
	}

	@Test
	void refusesWhatBioimageIoWouldRefuseWithAMessage(@TempDir final Path dir) throws Exception {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageInfo("x model", "", " ; ",
			"")).getMessage().contains("at least one author"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageInfo("bad/name!", "",
			"A", "")).getMessage().contains("5 to 64 letters"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageInfo("abcd", "",
			"A", "")).getMessage().contains("5 to 64 letters"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageInfo("x model", "", "A",
			"GPL v3")).getMessage().contains("SPDX"));
		assertEquals("my model v2", PackageInfo.nameFrom("my model v2.zip"));
		// a short file name still gives a name the spec accepts
		assertEquals("m model", PackageInfo.nameFrom("m.zip"));
		assertEquals("AutoencoderJ model", PackageInfo.nameFrom("#.zip"));
		new PackageInfo(PackageInfo.nameFrom("m.zip"), "", "A", "");
		final ExportedModels.Exported dense = ExportedModels.exported(ExportedModels.Kind.DENSE);
		final Path zip = dir.resolve("dense.zip");
		final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
			() -> ModelPackage.write(dense.model, "dense.zip", SyntheticImages.cleanStack(64, 64, 1, 1),
				new PackageInfo("x model", "", "A", ""), zip));
		assertTrue(size.getMessage().contains("28x28"), size.getMessage());
		final ExportedModels.Exported skips = ExportedModels.exported(ExportedModels.Kind.SKIPS);
		final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
			() -> ModelPackage.write(skips.model, "skips.zip", SyntheticImages.cleanStack(40, 40, 1, 1),
				new PackageInfo("x model", "", "A", ""), zip));
		assertTrue(small.getMessage().contains("smaller than the"), small.getMessage());
		final Path missing = dir.resolve("no-such-folder").resolve("p.zip");
		assertThrows(IOException.class, () -> ModelPackage.write(skips.model, "skips.zip", skips.image,
			new PackageInfo("x model", "", "A", ""), missing));
		assertFalse(Files.exists(zip));
		assertFalse(Files.exists(missing.getParent()));
		try (java.util.stream.Stream<Path> left = Files.list(dir)) {
			assertEquals(0, left.count(), "nothing half-written is left");
		}
	}

	static float[] runOnnx(final byte[] model, final float[] input, final long[] shape)
		throws OrtException
	{
		final OrtEnvironment env = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setIntraOpNumThreads(2);
			try (OrtSession session = env.createSession(model, options);
				OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
				OrtSession.Result r = session.run(Collections.singletonMap("input", t)))
			{
				final FloatBuffer out = ((OnnxTensor) r.get("output").get()).getFloatBuffer();
				final float[] values = new float[out.remaining()];
				out.get(values);
				return values;
			}
		}
	}

	/**
	 * AutoencoderJ's own network output for normalised input; a convolutional
	 * network's input mirrored by its margin first and its output cropped, as
	 * Denoise Image's tiles are.
	 */
	private static float[] network(final AutoencoderModel model, final float[] input,
		final long[] shape)
	{
		final INDArray x = Nd4j.create(input, shape, 'c');
		if (!model.convolutional()) return model.apply(x.reshape(shape[0], shape[2] * shape[3])).dup(
			'c').data().asFloat();
		final int m = model.convSpec().margin(), h = (int) shape[2], w = (int) shape[3];
		final int ph = h + 2 * m, pw = w + 2 * m;
		final float[] padded = new float[(int) (shape[0] * shape[1]) * ph * pw];
		for (int p = 0; p < shape[0] * shape[1]; p++)
			for (int y = 0; y < ph; y++)
				for (int xx = 0; xx < pw; xx++)
					padded[(p * ph + y) * pw + xx] = input[(p * h + autoencoderj.ops.Tiling.reflect(y - m, h)) *
						w + autoencoderj.ops.Tiling.reflect(xx - m, w)];
		final float[] out = NativeForward.output(model.network(), Nd4j.create(padded, new long[] {
			shape[0], shape[1], ph, pw }, 'c')).dup('c').data().asFloat();
		final int planes = out.length / (ph * pw);
		final float[] cropped = new float[planes * h * w];
		for (int p = 0; p < planes; p++)
			for (int y = 0; y < h; y++)
				System.arraycopy(out, (p * ph + y + m) * pw + m, cropped, (p * h + y) * w, w);
		return cropped;
	}

	/**
	 * Values of a tensor whose graph normalises itself (no {@code steps} in
	 * the description) in normalised units; others as they are.
	 */
	private static float[] normalised(final ExportedModels.Exported e, final float[] values,
		final long batch, final int channels, final String kind, final String steps)
	{
		return convert(e, values, batch, channels, kind, steps, true);
	}

	/** The inverse of {@link #normalised}: normalised values as the graph takes them. */
	private static float[] raw(final ExportedModels.Exported e, final float[] values,
		final long batch, final int channels, final String kind, final String steps)
	{
		return convert(e, values, batch, channels, kind, steps, false);
	}

	private static float[] convert(final ExportedModels.Exported e, final float[] values,
		final long batch, final int channels, final String kind, final String steps,
		final boolean normalise)
	{
		if (e.contents.tensor(kind).containsKey(steps)) return values;
		final autoencoderj.ops.Normalization[] norms = kind.equals("inputs") ? e.model
			.inputNormalizations() : e.model.outputNormalizations();
		final float[] out = new float[values.length];
		final int plane = (int) (values.length / (batch * channels));
		for (int i = 0; i < values.length; i++) {
			final autoencoderj.ops.Normalization n = norms[i / plane % channels];
			out[i] = (float) (normalise ? n.normalize(values[i]) : n.denormalize(values[i]));
		}
		return out;
	}

	private static double maxError(final float[] a, final float[] b) {
		assertEquals(b.length, a.length);
		double max = 0;
		for (int i = 0; i < a.length; i++)
			max = Math.max(max, Math.abs(a[i] - b[i]));
		return max;
	}

	private static double maxAbs(final float[] a) {
		double max = 0;
		for (final float v : a)
			max = Math.max(max, Math.abs(v));
		return max;
	}
}
