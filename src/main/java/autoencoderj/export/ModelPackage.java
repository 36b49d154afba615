package autoencoderj.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import autoencoderj.data.AtomicFiles;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.ops.Normalization;

import ij.ImagePlus;

/**
 * Writes a model as a bioimage.io package: {@code rdf.yaml}, ONNX weights,
 * test input and output, cover and README in one zip, written to a
 * temporary file and moved into place, so that a failed export leaves no
 * half-written package.
 */
public final class ModelPackage {

	/** The description's entry name in the zip. */
	public static final String DESCRIPTION = "rdf.yaml";

	private ModelPackage() {}

	/**
	 * @param modelFile the model's file name, recorded in the description
	 * @param imp the image the test input is taken from (the training image, normally)
	 * @throws IllegalArgumentException if the image does not fit the model or
	 *           the model has a layer ONNX export does not know
	 */
	public static void write(final AutoencoderModel model, final String modelFile,
		final ImagePlus imp, final PackageInfo info, final Path zip) throws IOException
	{
		final SpaceAxes axes = SpaceAxes.of(model);
		final TestTensors test = TestTensors.of(model, modelFile, imp, axes);
		final Map<String, byte[]> files = new LinkedHashMap<>();
		final Normalization[] inScale = Description.inGraph(model.inputNormalizations()),
				outScale = Description.inGraph(model.outputNormalizations());
		files.put(Description.WEIGHTS, model.convolutional() ? OnnxWriter.convolutional(model.network(),
			test.inChannels, test.outChannels, axes, inScale, outScale) : OnnxWriter.dense(model.network(),
				test.height, test.width));
		final TorchWriter torch = model.convolutional() ? TorchWriter.convolutional(model.network(),
			axes.halo, inScale, outScale) : TorchWriter.dense(model.network(), test.height, test.width);
		files.put(Description.TORCH_WEIGHTS, torch.stateDict());
		files.put(TorchWriter.ARCHITECTURE, TorchWriter.architecture());
		files.put(Description.TEST_INPUT, Npy.write(test.input, SpaceAxes.shape(test.inChannels, test
			.sizes())));
		files.put(Description.TEST_OUTPUT, Npy.write(test.output, SpaceAxes.shape(test.outChannels, test
			.sizes())));
		files.put(Description.COVER, Cover.png(test));
		files.put(Description.README, PackageReadme.text(model, modelFile, info, test, axes).getBytes(
			StandardCharsets.UTF_8));
		final Map<String, String> sha256 = new LinkedHashMap<>();
		for (final Map.Entry<String, byte[]> f : files.entrySet())
			sha256.put(f.getKey(), sha256(f.getValue()));
		final byte[] rdf = Description.yaml(Description.of(model, modelFile, info, test, axes, sha256,
			torch.kwargs))
			.getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(zip, file -> {
			try (OutputStream out = Files.newOutputStream(file);
				ZipOutputStream z = new ZipOutputStream(out))
			{
				put(z, DESCRIPTION, rdf);
				for (final Map.Entry<String, byte[]> f : files.entrySet())
					put(z, f.getKey(), f.getValue());
			}
		});
	}

	private static void put(final ZipOutputStream zip, final String name, final byte[] bytes)
		throws IOException
	{
		zip.putNextEntry(new ZipEntry(name));
		zip.write(bytes);
		zip.closeEntry();
	}

	private static String sha256(final byte[] bytes) {
		try {
			final StringBuilder hex = new StringBuilder();
			for (final byte b : MessageDigest.getInstance("SHA-256").digest(bytes))
				hex.append(String.format("%02x", b));
			return hex.toString();
		}
		catch (final NoSuchAlgorithmException exc) {
			throw new IllegalStateException("every Java has SHA-256", exc);
		}
	}
}
