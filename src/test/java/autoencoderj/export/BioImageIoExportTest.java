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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import autoencoderj.app.ConvTraining;
import autoencoderj.app.Denoiser;
import autoencoderj.app.DenseTraining;
import autoencoderj.app.ImageToImageTraining;
import autoencoderj.app.SyntheticImages;
import autoencoderj.app.TrainedModels;
import autoencoderj.app.TrainingSettings;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.engine.NativeForward;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

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

	enum Kind {
		PLAIN, DECONVOLUTION, SKIPS, SKIPS_DECONVOLUTION, BLIND_SPOT, SIGMOID_VALID_LAST,
		IMAGE_TO_IMAGE, GRAY_TO_RGB, DENSE
	}

	private static final Map<Kind, Exported> EXPORTED = Collections.synchronizedMap(new EnumMap<>(
		Kind.class));
	private static Path folder;

	/** A model, the image it was trained on, and its package. */
	static final class Exported {

		final AutoencoderModel model;
		final ImagePlus image;
		final Path zip;
		final PackageContents contents;

		Exported(final AutoencoderModel model, final ImagePlus image, final Path zip)
			throws IOException
		{
			this.model = model;
			this.image = image;
			this.zip = zip;
			this.contents = new PackageContents(zip);
		}
	}

	private static synchronized Exported exported(final Kind kind) throws IOException {
		if (folder == null) folder = Files.createTempDirectory("autoencoderj-export");
		Exported e = EXPORTED.get(kind);
		if (e != null) return e;
		final ImagePlus image = kind == Kind.IMAGE_TO_IMAGE || kind == Kind.GRAY_TO_RGB ? twoChannels()
			: kind == Kind.DENSE
			? TrainedModels.slices(0, 200) : SyntheticImages.cleanStack(96, 96, 2, 5);
		final AutoencoderModel trained = train(kind, image);
		final Path modelFile = folder.resolve(kind + ".zip");
		ModelFiles.save(trained, modelFile);
		final AutoencoderModel model = ModelFiles.load(modelFile);
		final Path zip = folder.resolve(kind + "-bioimageio.zip");
		ModelPackage.write(model, modelFile.getFileName().toString(), image, new PackageInfo(
			"AutoencoderJ " + kind.name().toLowerCase().replace('_', '-'), "", "Ada Lovelace; Alan Turing",
			""), zip);
		e = new Exported(model, image, zip);
		EXPORTED.put(kind, e);
		return e;
	}

	private static AutoencoderModel train(final Kind kind, final ImagePlus image) {
		final TrainingSettings.Builder b = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).filters(4, 8).patch(32).steps(3).batch(4).epochs(
				1).rate(3e-3).validation(0.2).noise("gaussian", 0.1).seed(11);
		switch (kind) {
			case DECONVOLUTION:
				b.upsampling(ConvSpec.Upsampling.DECONVOLUTION);
				break;
			case SKIPS:
				b.skips(true);
				break;
			case SKIPS_DECONVOLUTION:
				b.skips(true).upsampling(ConvSpec.Upsampling.DECONVOLUTION);
				break;
			case BLIND_SPOT:
				b.objective(Manifest.Objective.BLIND_SPOT).noise("none", 0).masked(0.0625);
				break;
			case SIGMOID_VALID_LAST:
				b.patch(28).loss(DenseSpec.Loss.XENT);
				break;
			case IMAGE_TO_IMAGE:
				return ImageToImageTraining.train(ChannelPlanes.of(image, 0, "source"), ChannelPlanes.of(
					threeChannels(image), 0, "target"), b.noise("none", 0).build(), null, () -> false).model();
			case GRAY_TO_RGB:
				return ImageToImageTraining.train(ChannelPlanes.of(image, 1, "source"), ChannelPlanes.of(
					rgb(threeChannels(image)), 0, "target"), b.noise("none", 0).build(), null, () -> false)
					.model();
			case DENSE:
				return DenseTraining.train(image, TrainingSettings.builder().hidden(32).noise("gaussian",
					0.3).epochs(1).batch(32).validation(0.2).seed(11).build(), null, () -> false).model();
			default:
		}
		return ConvTraining.train(image, b.build(), null, () -> false).model();
	}

	/** Two channels of spots, 3 positions: an image-to-image source. */
	private static ImagePlus twoChannels() {
		final ImageStack s = new ImageStack(96, 96);
		for (int p = 0; p < 3; p++)
			for (int c = 0; c < 2; c++)
				s.addSlice(null, new FloatProcessor(96, 96, SyntheticImages.spots(96, 96, 20, 10 * p + c)));
		final ImagePlus imp = new ImagePlus("two channels", s);
		imp.setDimensions(2, 1, 3);
		return imp;
	}

	/** Three target channels computed from the source's two: sum, difference, square of the first. */
	private static ImagePlus threeChannels(final ImagePlus source) {
		final ImageStack s = new ImageStack(96, 96);
		for (int p = 0; p < 3; p++) {
			final float[] a = (float[]) source.getStack().getPixels(2 * p + 1);
			final float[] b = (float[]) source.getStack().getPixels(2 * p + 2);
			final float[][] t = new float[3][a.length];
			for (int i = 0; i < a.length; i++) {
				t[0][i] = a[i] + b[i];
				t[1][i] = 10 * (a[i] - b[i]);
				t[2][i] = a[i] * a[i];
			}
			for (final float[] plane : t)
				s.addSlice(null, new FloatProcessor(96, 96, plane));
		}
		final ImagePlus imp = new ImagePlus("three channels", s);
		imp.setDimensions(3, 1, 3);
		return imp;
	}

	/** The three channels of each position as an RGB stack, each scaled to 0..255. */
	private static ImagePlus rgb(final ImagePlus three) {
		final ImageStack s = new ImageStack(96, 96);
		for (int p = 0; p < 3; p++) {
			final ij.process.ColorProcessor cp = new ij.process.ColorProcessor(96, 96);
			final int[] px = (int[]) cp.getPixels();
			for (int c = 0; c < 3; c++) {
				final float[] v = (float[]) three.getStack().getPixels(3 * p + c + 1);
				float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
				for (final float x : v) {
					min = Math.min(min, x);
					max = Math.max(max, x);
				}
				for (int i = 0; i < v.length; i++)
					px[i] |= Math.round(255 * (v[i] - min) / (max - min)) << 8 * (2 - c);
			}
			s.addSlice(null, cp);
		}
		return new ImagePlus("rgb", s);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void onnxRuntimeGivesTheNetworksOutputAndTheTestOutputIsDenoiseImagesInsideTheHalo(final Kind kind)
		throws Exception
	{
		final Exported e = exported(kind);
		final PackageContents p = e.contents;
		assertEquals(new java.util.HashSet<>(Arrays.asList("rdf.yaml", "weights.onnx",
			"test_input.npy", "test_output.npy", "cover.png", "README.md")), p.files.keySet());
		final PackageContents.Tensor in = p.npy("test_input.npy"), out = p.npy("test_output.npy");
		final Manifest m = e.model.manifest();
		final int cin = m.channels;
		final int cout = m.imageToImage() ? m.outChannels : 1;
		final int side = e.model.convolutional() ? 64 : 28;
		assertArrayEquals(new long[] { 1, cin, side, side }, in.shape, kind.toString());
		assertArrayEquals(new long[] { 1, cout, side, side }, out.shape, kind.toString());

		// the consumer's way: preprocessing, ONNX Runtime, postprocessing
		final float[] pre = p.scaleLinear("inputs", "preprocessing", in.values, cin);
		final float[] onnx = runOnnx(p.files.get("weights.onnx"), pre, in.shape);
		final float[] ours = network(e.model, pre, in.shape);
		final double err = maxError(onnx, ours);
		System.out.printf("%s: ONNX Runtime vs AutoencoderJ's network on the test input: max " +
			"|difference| %.2e of max |output| %.3f%n", kind, err, maxAbs(ours));
		assertTrue(err <= RELATIVE * maxAbs(ours), kind + ": " + err);
		final float[] post = p.scaleLinear("outputs", "postprocessing", onnx, cout);
		assertTrue(maxError(post, out.values) <= RELATIVE * maxAbs(out.values), kind + ": " + maxError(
			post, out.values));

		// the test output is what Denoise Image (Predict Image) gives on the test input, inside the
		// halo: at the borders Denoise Image mirrors the image, a consumer's one pass pads with zeros
		final ImageStack stack = new ImageStack(side, side);
		for (int c = 0; c < cin; c++)
			stack.addSlice(null, new FloatProcessor(side, side, Arrays.copyOfRange(in.values, c * side *
				side, (c + 1) * side * side)));
		final ImagePlus window = new ImagePlus("window", stack);
		window.setDimensions(cin, 1, 1);
		final ImagePlus denoised = Denoiser.denoise(e.model, "model", window, null, () -> false);
		final int halo = e.model.convolutional() ? e.model.convSpec().margin() : 0;
		final double tolerance = RELATIVE * maxAbs(out.values);
		int inside = 0;
		for (int c = 0; c < cout; c++)
			for (int y = halo; y < side - halo; y++)
				for (int x = halo; x < side - halo; x++) {
					final int i = y * side + x;
					final float value = out.values[c * side * side + i];
					if (m.targetRgb) {
						// Predict Image rounds the three predicted channels to an RGB image
						final int rgb = ((int[]) denoised.getProcessor().getPixels())[i] >> 8 * (2 - c) & 0xff;
						assertEquals(rgb, Math.max(0, Math.min(255, Math.round(value))), 1, kind + " pixel " + i);
					}
					else assertEquals(((float[]) denoised.getStack().getProcessor(c + 1).getPixels())[i], value,
						tolerance, kind + " pixel " + i + " of channel " + c);
					inside++;
				}
		assertTrue(inside >= cout * 8 * 8, kind + ": " + inside + " values compared");
	}

	@ParameterizedTest
	@EnumSource(value = Kind.class, names = { "PLAIN", "SKIPS_DECONVOLUTION", "SIGMOID_VALID_LAST",
		"IMAGE_TO_IMAGE" })
	void onnxWeightsTakeEverySizeTheDescriptionAllows(final Kind kind) throws Exception {
		final Exported e = exported(kind);
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
		assertTrue(maxError(runOnnx(e.contents.files.get("weights.onnx"), x, shape), ours) <= RELATIVE *
			maxAbs(ours), kind.toString());
		// the minimum leaves output once the halo is cropped from both sides
		@SuppressWarnings("unchecked")
		final Map<String, Object> outY = (Map<String, Object>) ((List<Object>) e.contents.tensor(
			"outputs").get("axes")).get(2);
		assertEquals(e.model.convSpec().margin(), outY.get("halo"));
		assertTrue(min - 2 * (Integer) outY.get("halo") >= 1 && e.model.convSpec().fits(min));
	}

	@Test
	void descriptionCarriesNormalisationHistoryAndCitations() throws Exception {
		final Exported e = exported(Kind.BLIND_SPOT);
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
	@EnumSource(Kind.class)
	void descriptionIsValidForTheSpec(final Kind kind) throws Exception {
		final Path validator = Paths.get("..", "shared", "tools", "bioimageio-validate");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(validator),
			"no ../shared/tools/bioimageio-validate here");
		final Process probe = new ProcessBuilder("python3", "-c", "import yaml, jsonschema")
			.redirectErrorStream(true).start();
		org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe
			.exitValue() == 0, "python3-yaml and python3-jsonschema are not installed");
		final Exported e = exported(kind);
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
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageInfo("x", "", " ; ",
			"")).getMessage().contains("at least one author"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageInfo("bad/name!", "",
			"A", "")).getMessage().contains("1 to 64 letters"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new PackageInfo("x", "", "A",
			"GPL v3")).getMessage().contains("SPDX"));
		assertEquals("my model v2", PackageInfo.nameFrom("my model v2.zip"));
		final Exported dense = exported(Kind.DENSE);
		final Path zip = dir.resolve("dense.zip");
		final IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
			() -> ModelPackage.write(dense.model, "dense.zip", SyntheticImages.cleanStack(64, 64, 1, 1),
				new PackageInfo("x", "", "A", ""), zip));
		assertTrue(size.getMessage().contains("28x28"), size.getMessage());
		final Exported skips = exported(Kind.SKIPS);
		final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
			() -> ModelPackage.write(skips.model, "skips.zip", SyntheticImages.cleanStack(40, 40, 1, 1),
				new PackageInfo("x", "", "A", ""), zip));
		assertTrue(small.getMessage().contains("smaller than the"), small.getMessage());
		final Path missing = dir.resolve("no-such-folder").resolve("p.zip");
		assertThrows(IOException.class, () -> ModelPackage.write(skips.model, "skips.zip", skips.image,
			new PackageInfo("x", "", "A", ""), missing));
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

	/** AutoencoderJ's own network output for normalised input. */
	private static float[] network(final AutoencoderModel model, final float[] input,
		final long[] shape)
	{
		final INDArray x = Nd4j.create(input, shape, 'c');
		final INDArray out = model.convolutional() ? NativeForward.output(model.network(), x) : model
			.apply(x.reshape(shape[0], shape[2] * shape[3]));
		return out.dup('c').data().asFloat();
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
