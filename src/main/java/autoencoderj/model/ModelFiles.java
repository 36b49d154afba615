package autoencoderj.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import autoencoderj.data.AtomicFiles;
import autoencoderj.data.OutputFiles;
import autoencoderj.engine.LayerGraph;
import autoencoderj.engine.Nd4jRuntime;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes model files: one zip holding DL4J's {@link ModelSerializer}
 * entries and the {@link Manifest} as {@code autoencoderj.json}.
 * <p>
 * Writing goes to a temporary file in the target folder that is moved into
 * place only when complete, so a full disk or a killed process never leaves a
 * half-written model, and an existing model is replaced only by a whole one.
 * </p>
 */
public final class ModelFiles {

	/** Name of the manifest entry in the zip. */
	public static final String MANIFEST_ENTRY = "autoencoderj.json";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
		.serializeSpecialFloatingPointValues().create();

	private ModelFiles() {}

	/** A manifest as the model file holds it. */
	public static String manifestJson(final Manifest manifest) {
		return GSON.toJson(manifest);
	}

	/** An independent copy of a manifest, field for field. */
	public static Manifest copy(final Manifest manifest) {
		return GSON.fromJson(GSON.toJson(manifest), Manifest.class);
	}

	/** The version of this plugin, as written into manifests. */
	public static String pluginVersion() {
		final String v = ModelFiles.class.getPackage().getImplementationVersion();
		return v == null ? "development" : v;
	}

	/**
	 * Checks, before any training, that a model can be written to {@code file}:
	 * its folder exists and a file can be created there (tried, then removed),
	 * so that a long training does not end in a message instead of a model;
	 * and that it replaces neither one of {@code inputs} nor a file that is not
	 * a model (see {@link OutputFiles}).
	 */
	public static void checkWritable(final Path file, final Path... inputs)
		throws ModelFileException
	{
		final Path target = file.toAbsolutePath();
		OutputFiles.requireReplaceable(target, "an AutoencoderJ model", OutputFiles.zipWith(
			MANIFEST_ENTRY), inputs);
		final Path folder = target.getParent();
		if (folder == null || !Files.isDirectory(folder)) throw new ModelFileException(
			"Cannot save the model to " + target + ": the folder " + folder +
				" does not exist. Create it or choose another place; nothing was trained.");
		if (Files.isDirectory(target)) throw new ModelFileException("Cannot save the model to " +
			target + ": it is a folder. Give a file name such as model.zip; nothing was trained.");
		try {
			AtomicFiles.checkWritable(folder);
		}
		catch (final IOException exc) {
			throw new ModelFileException("Cannot save the model to " + target + ": " + AtomicFiles
				.reason(exc) + ". Nothing was trained.", exc);
		}
	}

	public static void save(final AutoencoderModel model, final Path file) throws IOException {
		final Path target = file.toAbsolutePath();
		final Path folder = target.getParent();
		if (folder == null || !Files.isDirectory(folder)) throw new ModelFileException(
			"Cannot save the model to " + target + ": the folder " + folder +
				" does not exist. Create it or choose another place.");
		model.manifest().created = Instant.now().toString();
		if (model.manifest().pluginVersion == null) model.manifest().pluginVersion = pluginVersion();

		final ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
		ModelSerializer.writeModel(model.network(), dl4j, true);

		try {
			AtomicFiles.write(target, part -> {
				try (OutputStream out = Files.newOutputStream(part);
						ZipOutputStream zip = new ZipOutputStream(out);
						ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dl4j.toByteArray())))
				{
					for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
						zip.putNextEntry(new ZipEntry(e.getName()));
						in.transferTo(zip);
						zip.closeEntry();
					}
					zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
					zip.write(GSON.toJson(model.manifest()).getBytes(StandardCharsets.UTF_8));
					zip.closeEntry();
				}
			});
		}
		catch (final IOException exc) {
			throw new ModelFileException("Could not write the model to " + target + " (" + exc
				.getMessage() + "). Check that the folder is writable and the disk has space; " +
				"no file was written and any earlier model there is unchanged.", exc);
		}
	}

	/** DL4J's entries in a model file, and ours; no other entry is ever opened. */
	static final String CONFIGURATION = "configuration.json", COEFFICIENTS = "coefficients.bin",
			UPDATER = "updaterState.bin";
	private static final Set<String> ENTRIES = Set.of(MANIFEST_ENTRY, CONFIGURATION, COEFFICIENTS,
		UPDATER);
	/** The most a manifest or configuration can need (they take kilobytes); an ND4J header's bytes. */
	private static final int MAX_JSON = 1 << 20, HEADER = 512;

	/** Reads only the manifest, without loading the network. */
	public static Manifest readManifest(final Path file) throws ModelFileException {
		final Path path = file.toAbsolutePath();
		try (BoundedZip zip = open(path)) {
			return manifest(zip, path);
		}
		catch (final IOException exc) {
			throw readError(path, exc);
		}
	}

	private static BoundedZip open(final Path path) throws IOException {
		if (!Files.exists(path)) throw new NoSuchFileException(path.toString());
		return new BoundedZip(path, ENTRIES);
	}

	private static Manifest manifest(final BoundedZip zip, final Path path) throws IOException {
		if (!zip.has(MANIFEST_ENTRY)) throw new ModelFileException(path + " is a zip file but not an " +
			"AutoencoderJ model (it has no " + MANIFEST_ENTRY + "). Choose a model written by " +
			"Train Autoencoder.");
		final Manifest manifest;
		try {
			final byte[] json = zip.read(MANIFEST_ENTRY, MAX_JSON);
			JsonDepth.check(json, path);
			manifest = GSON.fromJson(new String(json, StandardCharsets.UTF_8), Manifest.class);
		}
		catch (final JsonParseException | IllegalStateException | NumberFormatException |
			StackOverflowError exc)
		{
			throw new ModelFileException("The manifest of " + path + " is corrupt (" + abbreviate(exc
				.getMessage()) + "). Train the model again.");
		}
		ManifestCheck.check(manifest, path);
		return manifest;
	}

	private static String abbreviate(final String s) {
		if (s == null) return "unreadable";
		return s.length() > 160 ? s.substring(0, 160) + "..." : s;
	}

	private static ModelFileException readError(final Path path, final IOException exc) {
		if (exc instanceof ModelFileException) return (ModelFileException) exc;
		if (exc instanceof NoSuchFileException || exc instanceof java.io.FileNotFoundException)
			return new ModelFileException("The model file " + path + " does not exist. Check the path.",
				exc);
		if (exc instanceof ZipException) return new ModelFileException(path + " is not an " +
			"AutoencoderJ model: it is not a readable zip file (corrupt, truncated or another " +
			"format). Choose a model written by Train Autoencoder, or train the model again.", exc);
		return new ModelFileException("Could not read the model file " + path + ": " + exc
			.getMessage(), exc);
	}

	/**
	 * Reads a model file as untrusted input: only the entries this class
	 * writes, each bounded by what the manifest's network needs; the manifest
	 * checked field by field and against {@link Limits}; the weights read and
	 * counted before anything is built (memory bounded by the bytes the file
	 * really holds: at most 4 bytes per weight its manifest's network has,
	 * itself at most {@link Limits#MAX_PARAMETERS}); the network rebuilt from the manifest with the
	 * project's builders and refused if the file's configuration differs; the
	 * weights and optimiser state read only once their declared lengths match
	 * the rebuilt network. Nothing in the file is deserialised as a Java object
	 * or handed to DL4J's JSON reader.
	 */
	public static AutoencoderModel load(final Path file) throws ModelFileException {
		final Path path = file.toAbsolutePath();
		try (BoundedZip zip = open(path)) {
			final Manifest manifest = manifest(zip, path);
			// the weights the file really holds are read (and counted) before any network is built,
			// so a manifest that declares a huge network costs only the bytes present
			final long n = Limits.parameters(manifest);
			final float[] weights = values(zip, COEFFICIENTS, n, path);
			final byte[] configuration = zip.read(CONFIGURATION, MAX_JSON);
			JsonDepth.check(configuration, path);
			Nd4jRuntime.ensureReady();
			final Model net = NetworkCheck.rebuild(manifest, configuration, path);
			if (net.numParams() != n) throw NetworkCheck.altered(path, "its network has " + net
				.numParams() + " weights where its manifest describes " + n);
			net.setParams(Nd4j.create(weights, new long[] { 1, n }, 'c'));
			final INDArray state = LayerGraph.of(net).updaterState();
			if (state != null && state.length() > 0 && zip.has(UPDATER)) state.assign(Nd4j.create(values(
				zip, UPDATER, state.length(), path), state.shape(), 'c'));
			return new AutoencoderModel(net, manifest);
		}
		catch (final IOException exc) {
			throw readError(path, exc);
		}
	}

	private static float[] values(final BoundedZip zip, final String entry, final long expected,
		final Path path) throws IOException
	{
		try {
			return Nd4jBinary.readFloats(zip.read(entry, HEADER + 4 * expected), expected);
		}
		catch (final ModelFileException exc) {
			throw exc;
		}
		catch (final IOException exc) {
			throw NetworkCheck.altered(path, "its " + entry + " does not hold the " + expected +
				" values of the network its manifest describes (" + exc.getMessage() + ")");
		}
	}
}
