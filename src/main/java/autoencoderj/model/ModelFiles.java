package autoencoderj.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import autoencoderj.data.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

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

	/** The version of this plugin, as written into manifests. */
	public static String pluginVersion() {
		final String v = ModelFiles.class.getPackage().getImplementationVersion();
		return v == null ? "development" : v;
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

	/** Reads only the manifest, without loading the network. */
	public static Manifest readManifest(final Path file) throws ModelFileException {
		final Path path = file.toAbsolutePath();
		try (ZipFile zip = new ZipFile(path.toFile())) {
			final ZipEntry entry = zip.getEntry(MANIFEST_ENTRY);
			if (entry == null) throw new ModelFileException(path + " is a zip file but not an " +
				"AutoencoderJ model (it has no " + MANIFEST_ENTRY + "). Choose a model written by " +
				"Train Autoencoder.");
			final Manifest manifest;
			try (InputStream in = zip.getInputStream(entry)) {
				manifest = GSON.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8),
					Manifest.class);
			}
			checkManifest(manifest, path);
			return manifest;
		}
		catch (final NoSuchFileException | java.io.FileNotFoundException exc) {
			throw new ModelFileException("The model file " + path + " does not exist. Check the path.",
				exc);
		}
		catch (final ZipException exc) {
			throw new ModelFileException(path + " is not an AutoencoderJ model: it is not a " +
				"readable zip file (corrupt, truncated or another format). Choose a model written " +
				"by Train Autoencoder, or train the model again.", exc);
		}
		catch (final JsonParseException exc) {
			throw new ModelFileException("The manifest of " + path + " is corrupt (" + exc
				.getMessage() + "). Train the model again.", exc);
		}
		catch (final ModelFileException exc) {
			throw exc;
		}
		catch (final IOException exc) {
			throw new ModelFileException("Could not read the model file " + path + ": " + exc
				.getMessage(), exc);
		}
	}

	/** Reads a model file and checks that its network matches its manifest. */
	public static AutoencoderModel load(final Path file) throws ModelFileException {
		final Manifest manifest = readManifest(file);
		final Path path = file.toAbsolutePath();
		Nd4jRuntime.ensureReady();
		final MultiLayerNetwork net;
		try {
			net = ModelSerializer.restoreMultiLayerNetwork(path.toFile(), true);
		}
		catch (final IOException | RuntimeException exc) {
			throw new ModelFileException("The network in " + path + " cannot be read (" + exc
				.getMessage() + "): the file is corrupt. Train the model again.", exc);
		}
		final long inputs = net.layerInputSize(0);
		final boolean conv = "convolutional".equals(manifest.architecture);
		if (inputs != (conv ? manifest.channels : (long) manifest.width * manifest.height *
			manifest.channels))
		{
			throw new ModelFileException("The network in " + path + " takes " + inputs +
				" values but its manifest describes " + manifest.width + "x" + manifest.height +
				" images: the file was altered. Train the model again.");
		}
		return new AutoencoderModel(net, manifest);
	}

	private static void checkManifest(final Manifest m, final Path path) throws ModelFileException {
		if (m == null || !Manifest.FORMAT.equals(m.format)) throw new ModelFileException(path +
			" has no valid AutoencoderJ manifest. Choose a model written by Train Autoencoder.");
		if (m.formatVersion > Manifest.FORMAT_VERSION) throw new ModelFileException(path +
			" was written by a newer AutoencoderJ (model format " + m.formatVersion +
			", this version reads up to " + Manifest.FORMAT_VERSION +
			"). Update AutoencoderJ (Help > Update...).");
		if (!"dense".equals(m.architecture) && !"convolutional".equals(m.architecture))
			throw new ModelFileException(path +
			" holds a '" + m.architecture + "' model, which this version of AutoencoderJ " +
			"cannot apply. Update AutoencoderJ.");
		final boolean layers = "dense".equals(m.architecture) ? m.hidden != null && m.hidden.length > 0
			: m.filters != null && m.filters.length > 0 && m.upsampling != null;
		if (m.width < 1 || m.height < 1 || !layers ||
			m.normalization == null || !(m.normalization.high > m.normalization.low))
		{
			throw new ModelFileException("The manifest of " + path + " is incomplete (size, " +
				"layers or normalisation missing). Train the model again.");
		}
	}
}
