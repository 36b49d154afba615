package autoencoderj.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J network, chain ({@link MultiLayerNetwork}) or graph
 * ({@link ComputationGraph}), as one list of nodes in an order where each
 * node comes after its inputs: what the engines read instead of asking which
 * kind of network they were given.
 */
public final class LayerGraph {

	/**
	 * A layer, or when {@link #conf} is {@code null} a vertex: a merge
	 * (channel concatenation) or a sum (the 3-D U-Net's skips).
	 */
	public static final class Node {

		final Layer conf;
		final org.deeplearning4j.nn.api.Layer layer;
		/** Where the inputs come from: 0 is the network's input, {@code i + 1} node {@code i}'s output. */
		final int[] inputs;
		private final boolean sum;

		Node(final Layer conf, final org.deeplearning4j.nn.api.Layer layer, final int[] inputs) {
			this(conf, layer, inputs, false);
		}

		private Node(final Layer conf, final org.deeplearning4j.nn.api.Layer layer, final int[] inputs,
			final boolean sum)
		{
			this.conf = conf;
			this.layer = layer;
			this.inputs = inputs;
			this.sum = sum;
		}

		/** Whether this node concatenates its inputs' channels instead of being a layer. */
		public boolean merge() {
			return conf == null && !sum;
		}

		/** Whether this node adds its inputs element by element instead of being a layer. */
		public boolean sum() {
			return sum;
		}

		/** The layer's configuration; {@code null} for a merge. */
		public Layer conf() { return conf; }

		/** The layer with its parameters; {@code null} for a merge. */
		public org.deeplearning4j.nn.api.Layer layer() { return layer; }

		/** Where the inputs come from: 0 is the network's input, {@code i + 1} node {@code i}'s output. */
		public int[] inputs() { return inputs.clone(); }
	}

	public final List<Node> nodes;
	/**
	 * Whether every node is a layer without preprocessor, a channel merge or a
	 * sum, the network with one input and one output.
	 */
	final boolean plain;
	private final Model net;

	private LayerGraph(final Model net, final List<Node> nodes, final boolean plain) {
		this.net = net;
		this.nodes = Collections.unmodifiableList(nodes);
		this.plain = plain;
	}

	public static LayerGraph of(final Model net) {
		if (net instanceof MultiLayerNetwork) return chain((MultiLayerNetwork) net);
		if (net instanceof ComputationGraph) return graph((ComputationGraph) net);
		throw new IllegalArgumentException("Not a DL4J network: " + net.getClass().getName());
	}

	private static LayerGraph chain(final MultiLayerNetwork net) {
		final List<Node> nodes = new ArrayList<>();
		boolean plain = true;
		for (int l = 0; l < net.getnLayers(); l++) {
			nodes.add(new Node(net.getLayerWiseConfigurations().getConf(l).getLayer(), net.getLayer(l),
				new int[] { l }));
			plain &= net.getLayerWiseConfigurations().getInputPreProcess(l) == null;
		}
		return new LayerGraph(net, nodes, plain);
	}

	private static LayerGraph graph(final ComputationGraph net) {
		final ComputationGraphConfiguration conf = net.getConfiguration();
		boolean plain = conf.getNetworkInputs().size() == 1 && conf.getNetworkOutputs().size() == 1;
		final Map<String, Integer> index = new HashMap<>();
		for (final String in : conf.getNetworkInputs())
			index.put(in, 0);
		final List<Node> nodes = new ArrayList<>();
		for (final String name : conf.getTopologicalOrderStr()) {
			if (conf.getNetworkInputs().contains(name)) continue;
			final List<String> from = conf.getVertexInputs().get(name);
			final int[] inputs = new int[from.size()];
			for (int i = 0; i < inputs.length; i++)
				inputs[i] = index.get(from.get(i));
			final GraphVertex v = conf.getVertices().get(name);
			if (v instanceof LayerVertex) {
				plain &= ((LayerVertex) v).getPreProcessor() == null && inputs.length == 1;
				nodes.add(new Node(((LayerVertex) v).getLayerConf().getLayer(), net.getLayer(name), inputs));
			}
			else if (v instanceof ElementWiseVertex && ((ElementWiseVertex) v).getOp() ==
				ElementWiseVertex.Op.Add) nodes.add(new Node(null, null, inputs, true));
			else {
				// DL4J merges along dimension 1, the channels of its NCHW activations
				plain &= v instanceof MergeVertex && ((MergeVertex) v).getMergeAxis() == 1;
				nodes.add(new Node(null, null, inputs));
			}
			index.put(name, nodes.size());
		}
		plain &= index.get(conf.getNetworkOutputs().get(0)) == nodes.size();
		return new LayerGraph(net, nodes, plain);
	}

	/** Whether every node is a layer without preprocessor, a channel merge or a sum. */
	public boolean plain() {
		return plain;
	}

	/** The nodes, each after its inputs. */
	public List<Node> nodes() {
		return nodes;
	}

	/** The last node's layer configuration (the loss layer). */
	public Layer output() {
		return nodes.get(nodes.size() - 1).conf;
	}

	/** Each node's kind, e.g. {@code ConvolutionLayer} or {@code MergeVertex}, in order. */
	public List<String> kinds() {
		final List<String> kinds = new ArrayList<>();
		for (final Node n : nodes)
			kinds.add(n.sum ? "ElementWiseVertex" : n.merge() ? "MergeVertex" : n.conf.getClass()
				.getSimpleName());
		return kinds;
	}

	/** Sets every layer's learning rate (to continue training at another rate). */
	public void setLearningRate(final double rate) {
		if (net instanceof MultiLayerNetwork) ((MultiLayerNetwork) net).setLearningRate(rate);
		else ((ComputationGraph) net).setLearningRate(rate);
	}

	/** The first trainable layer's learning rate at the start (NaN where its updater has none). */
	public double learningRate() {
		for (final Layer layer : layers()) {
			if (!(layer instanceof org.deeplearning4j.nn.conf.layers.BaseLayer)) continue;
			final org.nd4j.linalg.learning.config.IUpdater u =
				((org.deeplearning4j.nn.conf.layers.BaseLayer) layer).getIUpdater();
			return u.hasLearningRate() ? u.getLearningRate(0, 0) : Double.NaN;
		}
		return Double.NaN;
	}

	/** The layers' configurations, in order. */
	public List<Layer> layers() {
		final List<Layer> list = new ArrayList<>();
		for (final Node n : nodes)
			if (n.conf != null) list.add(n.conf);
		return list;
	}

	public INDArray params() {
		return net.params();
	}

	/** The optimiser's state, made if the network has none yet; {@code null} for plain SGD. */
	public INDArray updaterState() {
		return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).getUpdater()
			.getStateViewArray() : ((ComputationGraph) net).getUpdater().getStateViewArray();
	}

	public int iterationCount() {
		return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).getIterationCount()
			: ((ComputationGraph) net).getConfiguration().getIterationCount();
	}

	public void setIterationCount(final int count) {
		if (net instanceof MultiLayerNetwork) ((MultiLayerNetwork) net).setIterationCount(count);
		else ((ComputationGraph) net).getConfiguration().setIterationCount(count);
	}

	public void setEpochCount(final int count) {
		if (net instanceof MultiLayerNetwork) ((MultiLayerNetwork) net).setEpochCount(count);
		else ((ComputationGraph) net).getConfiguration().setEpochCount(count);
	}

	/** The network's configuration as DL4J writes it into model files. */
	public String configurationJson() {
		return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).getLayerWiseConfigurations()
			.toJson() : ((ComputationGraph) net).getConfiguration().toJson();
	}

	/** Number of updater blocks DL4J keeps: one when all layers share one updater configuration. */
	public int updaterBlocks() {
		return net instanceof MultiLayerNetwork ? ((org.deeplearning4j.nn.updater.MultiLayerUpdater) (
			(MultiLayerNetwork) net).getUpdater()).getUpdaterBlocks().size() : ((ComputationGraph) net)
				.getUpdater().getUpdaterBlocks().size();
	}

	public boolean miniBatch() {
		return net.conf().isMiniBatch();
	}
}
