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
import autoencoderj.engine.network.NativeForward;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Manifest;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
		final SpaceAxes axes = SpaceAxes.of(e.model);
		final long[] inShape = kind.volume() ? new long[] { 1, cin, axes.min[0], side, side }
			: new long[] { 1, cin, side, side };
		final long[] outShape = inShape.clone();
		outShape[1] = cout;
		assertArrayEquals(inShape, in.shape, kind.toString());
		assertArrayEquals(outShape, out.shape, kind.toString());
		final int depth = kind.volume() ? axes.min[0] : 1;

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

		// the test output is what Denoise Image (Predict Image) gives on the test input; tensors are
		// [C, D, H, W], ImageJ's stacks channel after channel within each slice
		final int plane = side * side;
		final ImageStack stack = new ImageStack(side, side);
		for (int z = 0; z < depth; z++)
			for (int c = 0; c < cin; c++)
				stack.addSlice(null, new FloatProcessor(side, side, Arrays.copyOfRange(in.values, (c * depth +
					z) * plane, (c * depth + z + 1) * plane)));
		final ImagePlus window = new ImagePlus("window", stack);
		window.setDimensions(cin, depth, 1);
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
		final float[] expected = new float[cout * depth * plane];
		for (int z = 0; z < depth; z++)
			for (int c = 0; c < cout; c++)
				System.arraycopy((float[]) denoised.getStack().getProcessor(z * cout + c + 1).getPixels(), 0,
					expected, (c * depth + z) * plane, plane);
		assertArrayEquals(expected, out.values, kind.toString());
	}

	@ParameterizedTest
	@EnumSource(value = ExportedModels.Kind.class, names = { "PLAIN", "SKIPS_DECONVOLUTION", "SIGMOID_VALID_LAST",
		"IMAGE_TO_IMAGE", "VOLUME_UNET", "VOLUME_DECONVOLUTION" })
	void onnxWeightsTakeEverySizeTheDescriptionAllows(final ExportedModels.Kind kind) throws Exception {
		final ExportedModels.Exported e = ExportedModels.exported(kind);
		@SuppressWarnings("unchecked")
		final List<Map<String, Object>> inAxes = (List<Map<String, Object>>) e.contents.tensor("inputs")
			.get("axes"), outAxes = (List<Map<String, Object>>) e.contents.tensor("outputs").get("axes");
		final String[] ids = kind.volume() ? new String[] { "z", "y", "x" } : new String[] { "y", "x" };
		assertEquals(2 + ids.length, inAxes.size());
		final int[] halo = kind.volume() ? new int[] { e.model.volumeSpec().margin()[0], e.model
			.volumeSpec().margin()[1], e.model.volumeSpec().margin()[1] } : new int[] { e.model.convSpec()
				.margin(), e.model.convSpec().margin() };
		final int unit = 1 << (kind.volume() ? e.model.volumeSpec().depth() : e.model.convSpec().depth());
		final int cin = e.model.manifest().channels;
		final long[] shape = new long[2 + ids.length];
		shape[0] = 2;
		shape[1] = cin;
		for (int a = 0; a < ids.length; a++) {
			assertEquals(ids[a], inAxes.get(2 + a).get("id"));
			assertEquals(ids[a], outAxes.get(2 + a).get("id"));
			@SuppressWarnings("unchecked")
			final Map<String, Object> size = (Map<String, Object>) inAxes.get(2 + a).get("size");
			final int min = (Integer) size.get("min"), step = (Integer) size.get("step");
			assertEquals(kind.volume() && a == 0 ? e.model.volumeSpec().plan().zUnit() : unit, step, ids[a]);
			// the halo is the network's margin, and the minimum leaves output once it is cropped from both sides
			assertEquals(halo[a], outAxes.get(2 + a).get("halo"), ids[a]);
			assertTrue(min - 2 * halo[a] >= 1 && min % step == 0, ids[a] + " " + min);
			shape[2 + a] = min + (a == ids.length - 1 ? 3 : 1) * step;
		}
		long n = 1;
		for (final long d : shape)
			n *= d;
		final float[] x = new float[(int) n];
		final java.util.Random r = new java.util.Random(1);
		for (int i = 0; i < x.length; i++)
			x[i] = r.nextFloat();
		final float[] ours = network(e.model, x, shape);
		final float[] graphIn = raw(e, x, shape[0], cin, "inputs", "preprocessing");
		final int cout = (int) (ours.length / (n / cin));
		assertTrue(maxError(normalised(e, runOnnx(e.contents.files.get("weights.onnx"), graphIn, shape),
			shape[0], cout, "outputs", "postprocessing"), ours) <= RELATIVE * maxAbs(ours), kind.toString());
	}

	@Test
	void aVolumesPackageSaysItIs3dAndHowItsTestInputWasMade() throws Exception {
		final ExportedModels.Exported e = ExportedModels.exported(ExportedModels.Kind.VOLUME_UNET);
		assertTrue(((List<?>) e.contents.rdf.get("tags")).contains("3d"), e.contents.rdf.get("tags")
			.toString());
		final String readme = new String(e.contents.files.get("README.md"), "UTF-8");
		final int[] margin = e.model.volumeSpec().margin();
		assertTrue(readme.contains("`[batch, channel, z, y, x]`"), readme);
		assertTrue(readme.contains("Halo: " + margin[0] + " slices in z, " + margin[1] + " pixels in y " +
			"and x"), readme);
		// 16 slices, fewer than the package's smallest depth: the test input mirrors them in z
		final PackageContents.Tensor in = e.contents.npy("test_input.npy");
		assertTrue(in.shape[2] > 16, Arrays.toString(in.shape));
		assertTrue(readme.contains("mirrored in z"), readme);
		final int plane = (int) (in.shape[3] * in.shape[4]), depth = (int) in.shape[2];
		final int z0 = (16 - depth) / 2;
		final Map<Integer, Integer> firstOf = new java.util.HashMap<>();
		for (int z = 0; z < depth; z++) {
			final int source = autoencoderj.ops.Tiling.reflect(z0 + z, 16);
			final int first = firstOf.computeIfAbsent(source, k -> -1);
			if (first < 0) firstOf.put(source, z);
			else assertArrayEquals(Arrays.copyOfRange(in.values, first * plane, (first + 1) * plane), Arrays
				.copyOfRange(in.values, z * plane, (z + 1) * plane), "slices " + first + " and " + z +
					" are both slice " + source);
		}
		assertEquals(16, firstOf.size(), "every slice of the stack is in the test input");
		// a 2-D image cannot give a 3-D model's test volume: refused with the message Denoise Image gives
		final java.nio.file.Path zip = e.zip.resolveSibling("flat-volume.zip");
		final IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
			() -> ModelPackage.write(e.model, "volume.zip", new ImagePlus("flat", e.image.getStack()
				.getProcessor(1)), new PackageInfo("x model", "", "A", ""), zip));
		assertTrue(flat.getMessage().contains("is a 3-D model") && flat.getMessage().contains(
			"'flat' is a 2-D image"), flat.getMessage());
		assertFalse(Files.exists(zip));
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
		final int space = shape.length - 2;
		final int[] m = new int[space], size = new int[space], padded = new int[space];
		for (int a = 0; a < space; a++) {
			m[a] = model.volumes() ? model.volumeSpec().margin()[a == 0 ? 0 : 1] : model.convSpec().margin();
			size[a] = (int) shape[2 + a];
			padded[a] = size[a] + 2 * m[a];
		}
		final long planes = shape[0] * shape[1];
		final int inVolume = product(size), outVolume = product(padded);
		final float[] in = new float[(int) planes * outVolume];
		for (int p = 0; p < planes; p++)
			for (int i = 0; i < outVolume; i++) {
				// the padded voxel's index along each axis, mirrored back into the input
				int rest = i, from = 0, stride = 1;
				for (int a = space - 1; a >= 0; a--) {
					final int at = rest % padded[a];
					rest /= padded[a];
					from += autoencoderj.ops.Tiling.reflect(at - m[a], size[a]) * stride;
					stride *= size[a];
				}
				in[p * outVolume + i] = input[p * inVolume + from];
			}
		final long[] paddedShape = shape.clone();
		for (int a = 0; a < space; a++)
			paddedShape[2 + a] = padded[a];
		final float[] out = NativeForward.output(model.network(), Nd4j.create(in, paddedShape, 'c')).dup(
			'c').data().asFloat();
		final int outPlanes = out.length / outVolume;
		final float[] cropped = new float[outPlanes * inVolume];
		for (int p = 0; p < outPlanes; p++)
			for (int i = 0; i < inVolume; i++) {
				int rest = i, at = 0, stride = 1;
				for (int a = space - 1; a >= 0; a--) {
					at += (rest % size[a] + m[a]) * stride;
					rest /= size[a];
					stride *= padded[a];
				}
				cropped[p * inVolume + i] = out[p * outVolume + at];
			}
		return cropped;
	}

	private static int product(final int[] sizes) {
		int n = 1;
		for (final int s : sizes)
			n *= s;
		return n;
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
