package autoencoderj.model;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import autoencoderj.engine.LayerGraph;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.deeplearning4j.nn.api.Model;

/**
 * Rebuilds the network a manifest describes with the project's own builders
 * and checks that the file's DL4J configuration is exactly that network's.
 * The file's JSON is only ever read as a tree of plain values: handing it to
 * DL4J's Jackson, which instantiates any class an {@code @class} field names,
 * is what this replaces. Only the seed, the learning rate (which {@code init}
 * may have changed) and the counts of iterations and epochs are taken from
 * the file, each checked.
 */
final class NetworkCheck {

	private final Path path;
	private final JsonObject file;

	private NetworkCheck(final Path path, final JsonObject file) {
		this.path = path;
		this.file = file;
	}

	/** The network {@code m} describes, with the file's counters, once its configuration matches. */
	static Model rebuild(final Manifest m, final byte[] configuration, final Path path)
		throws ModelFileException
	{
		final JsonElement tree;
		try {
			tree = JsonParser.parseString(new String(configuration, StandardCharsets.UTF_8));
		}
		catch (final JsonParseException | StackOverflowError exc) {
			throw new ModelFileException("The network configuration in " + path + " is not valid " +
				"JSON; the file is damaged. Train the model again.");
		}
		if (!tree.isJsonObject()) throw altered(path, "it is not a network configuration");
		return new NetworkCheck(path, tree.getAsJsonObject()).rebuild(m);
	}

	private Model rebuild(final Manifest m) throws ModelFileException {
		final boolean graph = m.convolutional() && m.skips;
		final JsonArray confs = graph ? layerConfs(file) : array(file, "confs");
		if (confs.size() == 0 || confs.size() > 64) throw altered(path, "it has " + confs.size() +
			" layers");
		final JsonObject first = graph ? object(file.get("defaultConfiguration")) : object(confs.get(0));
		final long seed = number(first, "seed").longValue();
		final double rate = learningRate(confs);
		final int iterations = counter(file, "iterationCount"), epochs = counter(file, "epochCount");

		final Model net = m.volumes() ? VolumeSpec.of(m).build(m.patchZ, m.patch, m.patch, seed, rate)
			: m.convolutional() ? ConvSpec.of(m).build(m.patch, m.patch, seed, rate) : DenseAutoencoders
				.build(new DenseSpec(m.width,
				m.height, m.hidden, DenseSpec.Loss.parse(m.loss)), seed, rate);
		final LayerGraph layers = LayerGraph.of(net);
		final JsonObject ours = JsonParser.parseString(layers.configurationJson()).getAsJsonObject();
		final String difference = difference(withoutCounters(ours), withoutCounters(file.deepCopy()),
			"");
		if (difference != null) throw altered(path, "its network differs from the one its manifest " +
			"describes (at " + difference + ")");
		layers.setIterationCount(iterations);
		layers.setEpochCount(epochs);
		return net;
	}

	/** A graph's layer configurations: those of its layer vertices. */
	private JsonArray layerConfs(final JsonObject graph) throws ModelFileException {
		final JsonArray confs = new JsonArray();
		final JsonElement vertices = graph.get("vertices");
		if (vertices == null || !vertices.isJsonObject()) throw altered(path, "it has no vertices");
		for (final Map.Entry<String, JsonElement> v : vertices.getAsJsonObject().entrySet()) {
			final JsonElement conf = object(v.getValue()).get("layerConf");
			if (conf != null) confs.add(object(conf));
		}
		return confs;
	}

	private double learningRate(final JsonArray confs) throws ModelFileException {
		for (final JsonElement c : confs) {
			final JsonElement updater = object(object(c).get("layer")).get("iupdater");
			if (updater != null && updater.isJsonObject()) {
				final double rate = number(updater.getAsJsonObject(), "learningRate").doubleValue();
				if (!(rate > 0 && rate <= 1e3)) throw altered(path, "its learning rate is " + rate);
				return rate;
			}
		}
		throw altered(path, "it has no trainable layer");
	}

	/** Removes what training changes: the iteration and epoch counts, here and per layer. */
	private static JsonObject withoutCounters(final JsonObject conf) {
		conf.remove("iterationCount");
		conf.remove("epochCount");
		final JsonElement confs = conf.get("confs");
		if (confs != null && confs.isJsonArray()) for (final JsonElement c : confs.getAsJsonArray())
			withoutCounters(c, null);
		withoutCounters(conf.get("defaultConfiguration"), null);
		final JsonElement vertices = conf.get("vertices");
		if (vertices != null && vertices.isJsonObject()) for (final JsonElement v : vertices
			.getAsJsonObject().asMap().values())
			withoutCounters(v, "layerConf");
		return conf;
	}

	/** Removes the counters of {@code e}, or of its member {@code inner}, where there is one. */
	private static void withoutCounters(final JsonElement e, final String inner) {
		JsonElement target = e;
		if (inner != null && e != null && e.isJsonObject()) target = e.getAsJsonObject().get(inner);
		if (target == null || !target.isJsonObject()) return;
		target.getAsJsonObject().remove("iterationCount");
		target.getAsJsonObject().remove("epochCount");
	}

	/** The path of the first difference, or {@code null} if the trees are equal. */
	private static String difference(final JsonElement a, final JsonElement b, final String at) {
		if (a.equals(b)) return null;
		if (a.isJsonObject() && b.isJsonObject()) {
			final JsonObject x = a.getAsJsonObject(), y = b.getAsJsonObject();
			for (final Map.Entry<String, JsonElement> e : x.entrySet()) {
				final JsonElement other = y.get(e.getKey());
				if (other == null) return at + "." + e.getKey();
				final String d = difference(e.getValue(), other, at + "." + e.getKey());
				if (d != null) return d;
			}
			for (final String key : y.keySet())
				if (!x.has(key)) return at + "." + ModelFileException.excerpt(key, 40);
		}
		if (a.isJsonArray() && b.isJsonArray() && a.getAsJsonArray().size() == b.getAsJsonArray()
			.size())
		{
			for (int i = 0; i < a.getAsJsonArray().size(); i++) {
				final String d = difference(a.getAsJsonArray().get(i), b.getAsJsonArray().get(i), at + "[" +
					i + "]");
				if (d != null) return d;
			}
		}
		return at.isEmpty() ? "the top level" : at.substring(at.startsWith(".") ? 1 : 0);
	}

	private int counter(final JsonObject o, final String key) throws ModelFileException {
		final Number n = number(o, key);
		final double v = n.doubleValue();
		if (v < 0 || v > Integer.MAX_VALUE || v != Math.rint(v)) throw altered(path, "its " + key +
			" is " + n);
		return n.intValue();
	}

	private Number number(final JsonObject o, final String key) throws ModelFileException {
		final JsonElement e = o.get(key);
		if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw altered(path,
			"its " + key + " is missing or not a number");
		return e.getAsNumber();
	}

	private JsonArray array(final JsonObject o, final String key) throws ModelFileException {
		final JsonElement e = o.get(key);
		if (e == null || !e.isJsonArray()) throw altered(path, "it has no " + key);
		return e.getAsJsonArray();
	}

	private JsonObject object(final JsonElement e) throws ModelFileException {
		if (e == null || !e.isJsonObject()) throw altered(path, "a layer is not described");
		return e.getAsJsonObject();
	}

	static ModelFileException altered(final Path path, final String what) {
		return new ModelFileException("The network in " + path + " cannot be used: " + what +
			". The file was altered or damaged; it was not opened. Train the model again.");
	}
}
