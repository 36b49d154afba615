package autoencoderj.ui;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.gui.Plot;

/** Scatter plots of points in a 2-D space, one data set (colour) per class label. */
public final class CodePlots {

	/** Ten colours that stay distinct for the ten MNIST digits. */
	private static final Color[] PALETTE = { new Color(31, 119, 180), new Color(255, 127, 14),
		new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86,
			75), new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34), new Color(
				23, 190, 207) };

	private CodePlots() {}

	/**
	 * One data set per distinct label, in order of first appearance sorted
	 * numerically where the labels are numbers; unlabelled points are grouped as
	 * "unlabelled". The legend names the groups.
	 */
	public static Plot scatter(final String title, final String xLabel, final String yLabel,
		final double[][] points, final String[] labels)
	{
		final Map<String, List<double[]>> groups = new LinkedHashMap<>();
		for (final String l : sortedGroups(labels))
			groups.put(l, new ArrayList<>());
		for (int i = 0; i < points.length; i++)
			groups.get(group(labels[i])).add(points[i]);
		final Plot plot = new Plot(title, xLabel, yLabel);
		int c = 0;
		for (final Map.Entry<String, List<double[]>> g : groups.entrySet()) {
			final double[] x = new double[g.getValue().size()], y = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				x[i] = g.getValue().get(i)[0];
				y[i] = g.getValue().get(i)[1];
			}
			plot.setColor(PALETTE[c++ % PALETTE.length]);
			plot.add("dot", x, y);
			plot.setLabel(-1, g.getKey());
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(String.join("\n", groups.keySet()));
		plot.setLimitsToFit(false);
		return plot;
	}

	private static String group(final String label) {
		return label == null || label.trim().isEmpty() ? "unlabelled" : label.trim();
	}

	private static List<String> sortedGroups(final String[] labels) {
		final List<String> distinct = new ArrayList<>();
		for (final String l : labels)
			if (!distinct.contains(group(l))) distinct.add(group(l));
		final boolean numeric = distinct.stream().allMatch(s -> s.matches("-?\\d+(\\.\\d+)?"));
		if (numeric) distinct.sort((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
		else distinct.sort(null);
		return distinct;
	}
}
