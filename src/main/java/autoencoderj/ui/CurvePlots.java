package autoencoderj.ui;

import java.awt.Color;
import java.util.List;

import ij.gui.Plot;

/** Two curves of the same quantity over iterations or epochs, for comparing two runs. */
public final class CurvePlots {

	private CurvePlots() {}

	/** {@code first} in red and {@code second} in blue, against 1, 2, 3, ... */
	public static Plot pair(final String title, final String x, final String y,
		final List<Double> first, final String firstName, final List<Double> second,
		final String secondName)
	{
		final Plot plot = new Plot(title, x, y);
		plot.setColor(Color.RED);
		plot.add("line", index(first.size()), values(first));
		plot.setColor(Color.BLUE);
		plot.add("line", index(second.size()), values(second));
		plot.setColor(Color.BLACK);
		plot.addLegend(firstName + "\n" + secondName);
		plot.setLimitsToFit(false);
		return plot;
	}

	private static double[] index(final int n) {
		final double[] v = new double[n];
		for (int i = 0; i < n; i++)
			v[i] = i + 1;
		return v;
	}

	private static double[] values(final List<Double> list) {
		return list.stream().mapToDouble(Double::doubleValue).toArray();
	}
}
