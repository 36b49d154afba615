package autoencoderj.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLFactory;

/** A package zip as a consumer reads it: its files, its description, its tensors. */
final class PackageContents {

	final Map<String, byte[]> files = new HashMap<>();
	final Map<String, Object> rdf;

	@SuppressWarnings("unchecked")
	PackageContents(final Path zip) throws IOException {
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;)
				files.put(e.getName(), z.readAllBytes());
		}
		rdf = new ObjectMapper(new YAMLFactory()).readValue(files.get("rdf.yaml"), Map.class);
	}

	/** A float32 C-order {@code .npy} file's values and shape. */
	static final class Tensor {

		final float[] values;
		final long[] shape;

		Tensor(final float[] values, final long[] shape) {
			this.values = values;
			this.shape = shape;
		}
	}

	Tensor npy(final String name) {
		final ByteBuffer b = ByteBuffer.wrap(files.get(name)).order(ByteOrder.LITTLE_ENDIAN);
		b.position(8);
		final int headerLength = b.getShort() & 0xffff;
		final String header = new String(files.get(name), 10, headerLength, StandardCharsets.US_ASCII);
		if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False"))
			throw new IllegalStateException(header);
		final Matcher m = Pattern.compile("'shape': \\(([0-9, ]*)\\)").matcher(header);
		if (!m.find()) throw new IllegalStateException(header);
		final String[] dims = m.group(1).split(",\\s*");
		final long[] shape = new long[dims.length];
		for (int i = 0; i < dims.length; i++)
			shape[i] = Long.parseLong(dims[i].trim());
		b.position(10 + headerLength);
		final float[] values = new float[b.remaining() / 4];
		b.asFloatBuffer().get(values);
		return new Tensor(values, shape);
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> tensor(final String kind) {
		return (Map<String, Object>) ((List<Object>) rdf.get(kind)).get(0);
	}

	/** The package's declared absolute tolerance for reproducing its test output. */
	@SuppressWarnings("unchecked")
	double declaredAbsoluteTolerance() {
		final Map<String, Object> bioimageio = (Map<String, Object>) ((Map<String, Object>) rdf.get(
			"config")).get("bioimageio");
		return ((Number) ((List<Map<String, Object>>) bioimageio.get("reproducibility_tolerance")).get(0)
			.get("absolute_tolerance")).doubleValue();
	}

	/**
	 * Applies the tensor's first {@code scale_linear} step to {@code values}
	 * ({@code [1, C, H, W]}); a copy of them where it has none.
	 */
	@SuppressWarnings("unchecked")
	float[] scaleLinear(final String kind, final String steps, final float[] values,
		final int channels)
	{
		// a model of several channels normalises inside its graph: no step
		if (!tensor(kind).containsKey(steps)) return values.clone();
		final Map<String, Object> step = ((List<Map<String, Object>>) tensor(kind).get(steps)).get(0);
		if (!"scale_linear".equals(step.get("id"))) throw new IllegalStateException(step.toString());
		final Map<String, Object> kwargs = (Map<String, Object>) step.get("kwargs");
		final float[] out = new float[values.length];
		final int plane = values.length / channels;
		for (int c = 0; c < channels; c++) {
			final double gain = perChannel(kwargs.get("gain"), c), offset = perChannel(kwargs.get(
				"offset"), c);
			for (int i = c * plane; i < (c + 1) * plane; i++)
				out[i] = (float) (values[i] * gain + offset);
		}
		return out;
	}

	@SuppressWarnings("unchecked")
	private static double perChannel(final Object value, final int c) {
		return value instanceof List ? ((Number) ((List<Object>) value).get(c)).doubleValue()
			: ((Number) value).doubleValue();
	}
}
