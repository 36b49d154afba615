package autoencoderj.export;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.Keys;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;
import autoencoderj.model.Versions;
import autoencoderj.ops.Normalization;

import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLFactory;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLGenerator;

/**
 * A bioimage.io model description ({@code rdf.yaml}, model format 0.5) of an
 * AutoencoderJ model: tensors, their sizes and halo, the model's
 * normalisation as pre- and postprocessing, test tensors, ONNX weights,
 * citations, and the model's manifest with its training history.
 */
final class Description {

	/** The bioimage.io model description format written. */
	static final String FORMAT_VERSION = "0.5.7";

	static final String WEIGHTS = "weights.onnx", TORCH_WEIGHTS = "weights.pt",
			TEST_INPUT = "test_input.npy",
			TEST_OUTPUT = "test_output.npy", COVER = "cover.png", README = "README.md";

	private Description() {}

	/**
	 * @param sha256 of each file of the package by name
	 */
	static Map<String, Object> of(final AutoencoderModel model, final String modelFile,
		final PackageInfo info, final TestTensors test, final SpaceAxes axes,
		final Map<String, String> sha256, final Map<String, Object> torchKwargs)
	{
		final Manifest m = model.manifest();
		final Map<String, Object> d = new LinkedHashMap<>();
		d.put("format_version", FORMAT_VERSION);
		d.put("type", "model");
		d.put("name", info.name);
		d.put("description", info.description.isEmpty() ? defaultDescription(model) : info.description);
		final List<Object> authors = new ArrayList<>();
		for (final String a : info.authors)
			authors.add(map("name", a));
		d.put("authors", authors);
		d.put("cite", citations(model));
		d.put("license", info.license);
		d.put("documentation", README);
		d.put("covers", Arrays.asList(COVER));
		d.put("tags", tags(model));
		d.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
			.toString());
		d.put("inputs", Arrays.asList(input(model, test, axes, sha256)));
		d.put("outputs", Arrays.asList(output(model, test, axes, sha256)));
		final String written = "Written by AutoencoderJ " + Versions.PLUGIN + " from the model's own " +
			"weights (DL4J " + Versions.DL4J + ")";
		d.put("weights", map("onnx", map("source", WEIGHTS, "sha256", sha256.get(WEIGHTS),
			"opset_version", OnnxWriter.OPSET, "comment", written + "."), "pytorch_state_dict", map(
				"source", TORCH_WEIGHTS, "sha256", sha256.get(TORCH_WEIGHTS), "parent", "onnx", "comment",
				written + ", as the ONNX weights; the architecture file is AutoencoderJ's own.",
				"architecture", map("source", TorchWriter.ARCHITECTURE, "sha256", sha256.get(
					TorchWriter.ARCHITECTURE), "callable", TorchWriter.CALLABLE, "kwargs", torchKwargs),
				"pytorch_version", TorchWriter.PYTORCH_VERSION)));
		final Map<String, Object> bioimageio = map("nickname", nickname(info.name, sha256.get(WEIGHTS)));
		bioimageio.putAll(bioimageioConfig(model));
		bioimageio.put("reproducibility_tolerance", Arrays.asList(Reproducibility.entry(model)));
		d.put("config", map("bioimageio", bioimageio, "autoencoderj", map("version",
			Versions.PLUGIN, "model_file", modelFile, "manifest", manifestTree(m))));
		return d;
	}

	static String yaml(final Map<String, Object> description) {
		try {
			return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
				.disable(YAMLGenerator.Feature.SPLIT_LINES))
				.writeValueAsString(description);
		}
		catch (final IOException exc) {
			throw new IllegalStateException("could not write the description as YAML", exc);
		}
	}

	private static Map<String, Object> input(final AutoencoderModel model, final TestTensors test,
		final SpaceAxes space, final Map<String, String> sha256)
	{
		final Manifest m = model.manifest();
		return tensor("input", "raw intensities, as in the images the model was trained on",
			channelNames(test.inChannels, m.sourceRgb, m.sourceChannel), space, a -> map("type", "space",
				"id", space.ids[a], "size", space.step[a] == 0 ? space.min[a] : map("min", space.min[a],
					"step", space.step[a])), TEST_INPUT, sha256, "preprocessing", scaleLinear(model
						.inputNormalizations(), true));
	}

	private static Map<String, Object> output(final AutoencoderModel model, final TestTensors test,
		final SpaceAxes space, final Map<String, String> sha256)
	{
		final Manifest m = model.manifest();
		return tensor("output", m.imageToImage() ? "the predicted image"
			: "the denoised image, in the input's units", channelNames(test.outChannels, m.targetRgb,
				m.targetChannel), space, a -> {
					final Map<String, Object> axis = map("type", "space", "id", space.ids[a], "size", map(
						"tensor_id", "input", "axis_id", space.ids[a]));
					if (space.step[a] > 0) axis.put("halo", space.halo[a]);
					return axis;
				}, TEST_OUTPUT, sha256, "postprocessing", scaleLinear(model.outputNormalizations(), false));
	}

	/**
	 * A float32 tensor with axes batch, channel and the space axes, its test
	 * file, and one {@code scale_linear} step unless {@code scaleLinear} is
	 * {@code null}.
	 */
	private static Map<String, Object> tensor(final String id, final String description,
		final List<String> channelNames, final SpaceAxes space,
		final IntFunction<Map<String, Object>> spaceAxis, final String testFile,
		final Map<String, String> sha256, final String steps, final Map<String, Object> scaleLinear)
	{
		final List<Object> axes = new ArrayList<>();
		axes.add(map("type", "batch"));
		axes.add(map("type", "channel", "channel_names", channelNames));
		for (int a = 0; a < space.ids.length; a++)
			axes.add(spaceAxis.apply(a));
		final Map<String, Object> tensor = map("id", id, "description", description, "axes", axes,
			"test_tensor", map("source", testFile, "sha256", sha256.get(testFile)), "data", map("type",
				"float32"));
		if (scaleLinear != null) tensor.put(steps, Arrays.asList(map("id", "scale_linear", "kwargs",
			scaleLinear)));
		return tensor;
	}

	/**
	 * A tensor's normalisation when the exported graph applies it, else
	 * {@code null} (the description's {@code scale_linear} does): several
	 * channels' gains and offsets go into the graph, because JDLL 0.6.1, the
	 * version deepImageJ pins, applies the first channel's to every channel.
	 */
	static Normalization[] inGraph(final Normalization[] norms) {
		return norms.length > 1 ? norms : null;
	}

	/**
	 * The model's percentile normalisation with its fixed values:
	 * {@code (x - low) / (high - low)} on input, its inverse on output.
	 */
	/**
	 * Each channel's normalisation as {@code x * gain + offset}: {@code {gains,
	 * offsets}} of {@code (x - low) / (high - low)} ({@code forward}) or of its
	 * inverse. The description's {@code scale_linear} and the graphs that
	 * normalise themselves use the same numbers.
	 */
	static double[][] linear(final Normalization[] norms, final boolean forward) {
		final double[] gain = new double[norms.length], offset = new double[norms.length];
		for (int c = 0; c < norms.length; c++) {
			final double range = norms[c].high() - norms[c].low();
			gain[c] = forward ? 1 / range : range;
			offset[c] = forward ? -norms[c].low() / range : norms[c].low();
		}
		return new double[][] { gain, offset };
	}

	private static Map<String, Object> scaleLinear(final Normalization[] norms,
		final boolean forward)
	{
		if (inGraph(norms) != null) return null;
		final double[][] linear = linear(norms, forward);
		final double[] gain = linear[0], offset = linear[1];
		if (norms.length == 1) return map("gain", gain[0], "offset", offset[0]);
		return map("axis", "channel", "gain", gain, "offset", offset);
	}

	private static List<String> channelNames(final int count, final boolean rgb, final int chosen) {
		if (rgb && count == 3) return Arrays.asList("red", "green", "blue");
		if (count == 1) return Arrays.asList(chosen > 0 ? "channel" + chosen : "intensity");
		final List<String> names = new ArrayList<>();
		for (int c = 1; c <= count; c++)
			names.add("channel" + c);
		return names;
	}

	private static List<Object> citations(final AutoencoderModel model) {
		final Manifest m = model.manifest();
		final List<Object> cite = new ArrayList<>();
		if (m.imageToImage()) cite.add(map("text", "Weigert et al. Content-aware image restoration: " +
			"pushing the limits of fluorescence microscopy. Nature Methods 15, 2018.", "doi",
			"10.1038/s41592-018-0216-7"));
		else cite.add(map("text", "Vincent et al. Extracting and composing robust features with " +
			"denoising autoencoders. ICML 2008.", "doi", "10.1145/1390156.1390294"));
		if (m.skips) cite.add(map("text", "Ronneberger, Fischer and Brox. U-Net: convolutional " +
			"networks for biomedical image segmentation. MICCAI 2015.", "doi",
			"10.1007/978-3-319-24574-4_28"));
		if (blindSpot(m)) {
			cite.add(map("text", "Krull, Buchholz and Jug. Noise2Void - learning denoising from " +
				"single noisy images. CVPR 2019.", "doi", "10.1109/CVPR.2019.00223"));
			cite.add(map("text", "Hoeck et al. N2V2 - fixing Noise2Void checkerboard artifacts with " +
				"modified sampling strategies and a tweaked network architecture. 2022.", "url",
				"https://arxiv.org/abs/2211.08512"));
		}
		return cite;
	}

	private static List<String> tags(final AutoencoderModel model) {
		final Manifest m = model.manifest();
		final List<String> tags = new ArrayList<>(Arrays.asList("autoencoderj", "onnx", model.volumes()
			? "3d" : "2d",
			m.imageToImage() ? "image-to-image" : "denoising"));
		tags.add(!m.convolutional() ? "dense-autoencoder" : m.skips ? "unet"
			: "convolutional-autoencoder");
		if (blindSpot(m)) tags.add("noise2void");
		return tags;
	}

	private static boolean blindSpot(final Manifest m) {
		return Keys.of(Manifest.Objective.BLIND_SPOT).equals(m.noise.objective);
	}

	private static String defaultDescription(final AutoencoderModel model) {
		final Manifest m = model.manifest();
		return (m.imageToImage() ? "Image-to-image network" : blindSpot(m)
			? "Denoiser trained without clean images (blind-spot, Noise2Void)"
			: "Denoising autoencoder") + " (" + model.describe() + ") trained with AutoencoderJ" +
			(m.training.data == null ? "" : " on " + m.training.data) + ".";
	}

	private static Map<String, Object> bioimageioConfig(final AutoencoderModel model) {
		final Manifest m = model.manifest();
		final Manifest.TrainingInfo t = m.training;
		final Map<String, Object> training = map("training_epochs", t.epochsBefore + t.epochs,
			"training_batch_size", t.batch, "initial_learning_rate", t.rate, "learning_rate_schedule",
			t.schedule == null ? "constant" : t.schedule, "loss_function", m.loss,
			"optimizer", "Adam", "training_preprocessing", "percentile normalisation (" + model
				.inputNormalizations()[0] + ")" + (blindSpot(m) ? "; blind-spot masking of " + m.noise
					.maskFraction + " of each patch's pixels" + (m.noise.structure == null ? "" : ", each with " +
						"a line hidden along " + m.noise.structure.charAt(0) + " (structN2V, " + m.noise.structure +
						")") + "; flips and rotations"
					: "; added noise: " + m.noise.type));
		return map("architecture_type", !m.convolutional() ? "dense autoencoder" : m.skips ? "U-Net"
			: "convolutional autoencoder", "architecture_description", model.describe(), "task", m
				.imageToImage() ? "image-to-image" : "denoising", "model_parameter_count", model.network()
					.numParams(), "training", training);
	}

	/**
	 * The package's identity for consumers that need one (deepImageJ's model
	 * list, JDLL, refuse a package without {@code id} or this nickname; the
	 * zoo assigns {@code id}): the name as a slug and the weights' hash, so
	 * the same model under the same name always has the same nickname, e.g.
	 * {@code nuclei-denoiser-n2v-3fa2c1d0}.
	 */
	static String nickname(final String name, final String weightsSha256) {
		final String slug = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-|-$", "");
		return (slug.isEmpty() ? "autoencoderj" : slug) + "-" + weightsSha256.substring(0, 8);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> manifestTree(final Manifest m) {
		try {
			return new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS).readValue(
				ModelFiles.manifestJson(m), LinkedHashMap.class);
		}
		catch (final IOException exc) {
			throw new IllegalStateException("could not read back the manifest", exc);
		}
	}

	/** A map of key, value, key, value... in that order. */
	static Map<String, Object> map(final Object... keyValues) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			m.put((String) keyValues[i], keyValues[i + 1]);
		return m;
	}
}
