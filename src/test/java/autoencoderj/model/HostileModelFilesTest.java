package autoencoderj.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import autoencoderj.app.TrainedModels;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files are untrusted downloads. Each file here is crafted in the test
 * from a good model (no payload is checked in): every refusal is one message
 * naming the file and the reason, quickly, and nothing in the file is ever
 * deserialised as a Java object or instantiated from a class name.
 */
class HostileModelFilesTest {

	/** Set by {@link Canary#readObject} and by {@link ConfigCanary}'s initialiser, if ever run. */
	static volatile boolean deserialised, initialised;

	@TempDir
	static Path dir;
	private static Path dense, conv;

	/** A Java object whose deserialisation would be noticed. */
	static final class Canary implements Serializable {

		private static final long serialVersionUID = 1L;

		private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException {
			in.defaultReadObject();
			deserialised = true;
		}
	}

	/** A class a configuration's {@code @class} names: Jackson would initialise it. */
	public static final class ConfigCanary {

		static {
			initialised = true;
		}
	}

	@BeforeAll
	static void models() throws IOException {
		dense = dir.resolve("dense.zip");
		ModelFiles.save(TrainedModels.denoiser().model(), dense);
		conv = dir.resolve("conv.zip");
		ModelFiles.save(TrainedModels.untrainedConvolutional(1), conv);
	}

	private static Map<String, byte[]> entries(final Path model) throws IOException {
		final Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(model.toFile())) {
			for (final ZipEntry e : java.util.Collections.list(zip.entries()))
				entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
		}
		return entries;
	}

	private static Path write(final String name, final Map<String, byte[]> entries)
		throws IOException
	{
		final Path file = dir.resolve(name);
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(
			out))
		{
			for (final Map.Entry<String, byte[]> e : entries.entrySet()) {
				zip.putNextEntry(new ZipEntry(e.getKey()));
				zip.write(e.getValue());
				zip.closeEntry();
			}
		}
		return file;
	}

	private static String text(final byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/** Loading {@code file} is refused within a few seconds with a message naming it and containing {@code reason}. */
	private static void assertRefused(final Path file, final String reason) {
		final long start = System.nanoTime();
		final ModelFileException exc = assertThrows(ModelFileException.class, () -> ModelFiles.load(
			file));
		final double seconds = (System.nanoTime() - start) / 1e9;
		assertTrue(exc.getMessage().contains(file.toAbsolutePath().toString()), exc.getMessage());
		assertTrue(exc.getMessage().contains(reason), exc.getMessage());
		assertTrue(seconds < 5, "refused after " + seconds + " s: " + exc.getMessage());
		assertFalse(deserialised, "a Java object was deserialised from " + file);
		assertFalse(initialised, "a class named in " + file + " was initialised");
	}

	@Test
	void serialisedJavaObjectsAreNeverRead() throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new Canary());
		}
		for (final String entry : new String[] { "preprocessor.bin", "normalizer.bin" }) {
			final Map<String, byte[]> e = entries(dense);
			e.put(entry, bytes.toByteArray());
			final Path file = write(entry + ".zip", e);
			assertRefused(file, "an entry '" + entry + "' that AutoencoderJ never writes");
			assertThrows(ModelFileException.class, () -> ModelFiles.readManifest(file));
		}
		// and the good model still loads, so the canary could have been read had anything tried
		ModelFiles.load(dense);
	}

	@Test
	void classesNamedInTheConfigurationAreNeverInstantiated() throws IOException {
		final Map<String, byte[]> e = entries(dense);
		e.put("configuration.json", text(e.get("configuration.json")).replace(
			"org.nd4j.linalg.activations.impl.ActivationReLU", ConfigCanary.class.getName()).getBytes(
				StandardCharsets.UTF_8));
		assertRefused(write("class.zip", e), "differs from the one its manifest describes");
	}

	@Test
	void aHeaderDeclaringBillionsOfValuesAllocatesNothing() throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final DataOutputStream out = new DataOutputStream(bytes);
		out.writeUTF("MIXED_DATA_TYPES");
		out.writeLong(6);
		out.writeUTF("LONG");
		for (final long v : new long[] { 1, 2_000_000_000L, 1, 8192, 1, 'c' })
			out.writeLong(v);
		out.writeUTF("MIXED_DATA_TYPES");
		out.writeLong(2_000_000_000L);
		out.writeUTF("FLOAT");
		out.write(new byte[4096]);
		final Map<String, byte[]> e = entries(dense);
		e.put("coefficients.bin", bytes.toByteArray());
		assertRefused(write("huge.zip", e), "does not hold the 79234 values");
	}

	@Test
	void entriesThatInflateBeyondWhatTheModelNeedsAreRefused() throws IOException {
		// 256 MiB of spaces compress to about 256 KB; written in pieces, never held whole
		final byte[] spaces = new byte[1 << 20];
		java.util.Arrays.fill(spaces, (byte) ' ');
		for (final String bomb : new String[] { "configuration.json", "autoencoderj.json",
			"coefficients.bin" })
		{
			final Path file = dir.resolve("bomb-" + bomb + ".zip");
			try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip =
				new ZipOutputStream(out))
			{
				for (final Map.Entry<String, byte[]> e : entries(dense).entrySet()) {
					zip.putNextEntry(new ZipEntry(e.getKey()));
					if (e.getKey().equals(bomb)) for (int i = 0; i < 256; i++)
						zip.write(spaces);
					else zip.write(e.getValue());
					zip.closeEntry();
				}
			}
			assertRefused(file, "its entry " + bomb + " is larger than this model can need");
		}
	}

	@Test
	void aConfigurationUnlikeTheManifestsIsRefused() throws IOException {
		final Map<String, byte[]> e = entries(conv);
		final String config = text(e.get("configuration.json"));
		assertTrue(config.contains("\"kernelSize\" : [ 2, 2 ]"), config);
		e.put("configuration.json", config.replace("\"kernelSize\" : [ 2, 2 ]",
			"\"kernelSize\" : [ 100000, 100000 ]").getBytes(StandardCharsets.UTF_8));
		assertRefused(write("pool.zip", e), "differs from the one its manifest describes (at confs[1]" +
			".layer.kernelSize");
		e.put("configuration.json", config.replace("\"stride\" : [ 2, 2 ]", "\"stride\" : [ 0, 0 ]")
			.getBytes(StandardCharsets.UTF_8));
		assertRefused(write("stride.zip", e), "differs from the one its manifest describes");
	}

	@Test
	void manifestFieldsAreCheckedBeforeUse() throws IOException {
		final String good = text(entries(dense).get("autoencoderj.json"));
		final String[][] cases = { //
			{ "\"high\": 255.0", "\"high\": Infinity", "normalisation high value of Infinity" },
			{ "\"high\": 255.0", "\"high\": 1e300", "normalisation high value of 1.0E300" },
			{ "\"high\": 255.0", "\"high\": -1.0", "normalisation high value of -1.0" },
			{ "\"architecture\": \"dense\"", "\"architecture\": \"quantum\"", "'quantum' model" },
			{ "\"hidden\": [\n    50\n  ]", "\"hidden\": [\n    2000000000\n  ]",
				"hidden layer size of 2000000000" },
			{ "\"loss\": \"xent\"", "\"loss\": \"hinge\"", "the loss 'hinge'" },
			{ "\"width\": 28", "\"width\": 0", "width of 0" },
			{ "\"normalization\": {", "\"normalization\": null, \"unused\": {",
				"is incomplete (normalisation missing)" } };
		for (final String[] c : cases) {
			assertTrue(good.contains(c[0]), c[0] + " in " + good);
			final Map<String, byte[]> e = entries(dense);
			e.put("autoencoderj.json", good.replace(c[0], c[1]).getBytes(StandardCharsets.UTF_8));
			final Path file = write("manifest.zip", e);
			assertRefused(file, c[2]);
		}
	}

	@Test
	void truncatedWeightsAndForeignEntriesAreRefused() throws IOException {
		Map<String, byte[]> e = entries(dense);
		final byte[] coefficients = e.get("coefficients.bin");
		e.put("coefficients.bin", java.util.Arrays.copyOf(coefficients, coefficients.length / 2));
		assertRefused(write("half.zip", e), "it is truncated");

		e = entries(dense);
		e.remove("coefficients.bin");
		assertRefused(write("none.zip", e), "it has no coefficients.bin");

		e = entries(dense);
		final byte[] nan = coefficients.clone();
		// the last value, big-endian float: NaN
		nan[nan.length - 4] = 0x7f;
		nan[nan.length - 3] = (byte) 0xc0;
		assertRefused(write("nan.zip", Stream.of(e).peek(x -> x.put("coefficients.bin", nan))
			.findFirst().get()), "value 79233 is NaN");
	}

	@Test
	void aCraftedModelGivesOneMessageThroughACommand() throws Exception {
		final Map<String, byte[]> e = entries(dense);
		e.put("preprocessor.bin", new byte[] { (byte) 0xac, (byte) 0xed, 0, 5 });
		final Path file = write("crafted model.zip", e);
		final ij.ImagePlus digits = TrainedModels.slices(0, 2);
		final Path image = dir.resolve("digits.tif");
		ij.IJ.saveAsTiff(digits, image.toString());
		final org.scijava.Context context = autoencoderj.cli.Contexts.withoutDisplays();
		try {
			final ByteArrayOutputStream out = new ByteArrayOutputStream(), err =
				new ByteArrayOutputStream();
			final int exit = autoencoderj.cli.HeadlessRun.run(context, "Denoise Image", "image=" + image +
				",model=" + file, dir.resolve("out"), new java.io.PrintStream(out), new java.io.PrintStream(
					err));
			assertEquals(1, exit, err.toString());
			assertTrue(err.toString().startsWith("Denoise Image failed: " + file.toAbsolutePath() +
				" is not a model AutoencoderJ wrote: it holds an entry 'preprocessor.bin'"), err
					.toString());
			assertEquals(1, err.toString().trim().split("\n").length, err.toString());
			assertFalse(Files.exists(dir.resolve("out").resolve("denoised.tif")));
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void aManifestDeclaringAHugeNetworkIsRefusedBeforeAnythingIsBuilt() throws IOException {
		// 256x256 pixels, 4096 units: 537 million weights, over the limit of 2^27
		// without code ranges, which are checked against the code size before the network
		final String good = text(entries(dense).get("autoencoderj.json")).replace("\"codeMin\":",
			"\"unusedMin\":").replace("\"codeMax\":", "\"unusedMax\":");
		final String huge = good.replace("\"width\": 28", "\"width\": 256").replace("\"height\": 28",
			"\"height\": 256").replace("\"hidden\": [\n    50\n  ]", "\"hidden\": [\n    4096\n  ]");
		final Map<String, byte[]> e = entries(dense);
		e.put("autoencoderj.json", huge.getBytes(StandardCharsets.UTF_8));
		assertRefused(write("huge.zip", e), "a network of 536940544 weights (at most 134217728)");
		// 64x64 pixels, 4096 units: 33.6 million weights, within the limit: the file holds 79,234
		final String large = good.replace("\"width\": 28", "\"width\": 64").replace("\"height\": 28",
			"\"height\": 64").replace("\"hidden\": [\n    50\n  ]", "\"hidden\": [\n    4096\n  ]");
		e.put("autoencoderj.json", large.getBytes(StandardCharsets.UTF_8));
		final Runtime rt = Runtime.getRuntime();
		System.gc();
		final long before = rt.totalMemory() - rt.freeMemory();
		assertRefused(write("large.zip", e), "does not hold the 33562624 values");
		// building that network would take 134 MB of weights alone
		assertTrue(rt.totalMemory() - rt.freeMemory() - before < 64L << 20, "memory grew by " + (rt
			.totalMemory() - rt.freeMemory() - before >> 20) + " MB");
	}

	@Test
	void deeplyNestedJsonIsRefusedWithOneMessage() throws IOException {
		final Map<String, byte[]> e = entries(dense);
		e.put("autoencoderj.json", ("{\"x\": " + "[".repeat(200_000)).getBytes(StandardCharsets.UTF_8));
		assertRefused(write("arrays.zip", e), "JSON nested more than 64 deep");
		final Map<String, byte[]> c = entries(dense);
		c.put("configuration.json", "{\"a\":".repeat(100_000).getBytes(StandardCharsets.UTF_8));
		assertRefused(write("objects.zip", c), "JSON nested more than 64 deep");
	}

	@Test
	void manifestTextIsMadePrintableAndShort() throws IOException {
		final String good = text(entries(dense).get("autoencoderj.json"));
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"data\": \"[^\"]*\"")
			.matcher(good);
		assertTrue(m.find(), good);
		final String crafted = good.replace(m.group(), "\"data\": \"line\\nbreak \\u001b[31mred " + "x"
			.repeat(500_000) + "\"");
		final Map<String, byte[]> e = entries(dense);
		e.put("autoencoderj.json", crafted.getBytes(StandardCharsets.UTF_8));
		final String data = ModelFiles.load(write("text.zip", e)).manifest().training.data;
		assertTrue(data.startsWith("line?break ?[31mred xxx"), data);
		assertEquals(Manifest.MAX_TEXT + 3, data.length());
	}
}
