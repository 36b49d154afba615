package autoencoderj.ui;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.macro.Interpreter;

/**
 * The training and validation loss per epoch as an ImageJ {@link Plot}. When a
 * display exists (and no batch-mode macro runs) the plot is shown as soon as
 * the first epoch ends and redrawn after each one; headless it stays silent
 * and only {@link #image()} renders it.
 */
public final class LossPlot {

	private final String title;
	private final boolean live;
	private Plot plot;
	private PlotWindow window;
	private int width, height;

	/** A plot that is shown live when a display can show it. */
	public LossPlot(final String title) {
		this(title, !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode());
	}

	public LossPlot(final String title, final boolean live) {
		this.title = title;
		this.live = live;
	}

	/** Draws the plot's frame {@code width x height} pixels (ImageJ's default is larger), to fit beside a preview. */
	public LossPlot size(final int w, final int h) {
		width = w;
		height = h;
		return this;
	}

	/**
	 * Redraws the plot: loss per epoch in training and validation (NaN where
	 * there was no validation).
	 */
	public void update(final List<Double> trainLoss, final List<Double> validationLoss) {
		plot = build(trainLoss, validationLoss);
		if (!live) return;
		if (window == null || window.isClosed()) window = (PlotWindow) plot.show();
		else window.drawPlot(plot);
	}

	/** The plot as an image: the live window's when there is one. */
	public ImagePlus image() {
		if (window != null && !window.isClosed()) return window.getImagePlus();
		return plot == null ? null : plot.getImagePlus();
	}

	private Plot build(final List<Double> trainLoss, final List<Double> validationLoss) {
		final Plot p = new Plot(title, "epoch", "loss per pixel");
		if (width > 0) p.setSize(width, height);
		final int n = trainLoss.size();
		final double[] epochs = new double[n];
		for (int i = 0; i < n; i++)
			epochs[i] = i + 1;
		final double[] train = values(trainLoss), val = values(validationLoss);
		final boolean hasValidation = n > 0 && !Double.isNaN(val[0]);
		p.setLineWidth(1.5f);
		curve(p, Color.BLUE, epochs, train);
		if (hasValidation) curve(p, Color.RED, epochs, val);
		p.setColor(Color.BLACK);
		p.addLegend(hasValidation ? "training\tvalidation" : "training");
		// room around the end points; at least 6 epochs wide, so that ticks fall on whole epochs
		double low = Double.POSITIVE_INFINITY, high = Double.NEGATIVE_INFINITY;
		for (final double[] curve : hasValidation ? new double[][] { train, val } : new double[][] { train })
			for (final double v : curve)
				if (Double.isFinite(v)) {
					low = Math.min(low, v);
					high = Math.max(high, v);
				}
		if (low <= high) {
			final double pad = high > low ? 0.06 * (high - low) : Math.max(1e-6, 0.06 * Math.abs(high));
			p.setLimits(0, Math.max(6, n + 1), Math.max(0, low - pad), high + pad);
		}
		else p.setLimitsToFit(false);
		return p;
	}

	/** A line in one colour through the epochs, with markers of that colour (one legend entry). */
	private static void curve(final Plot p, final Color color, final double[] x, final double[] y) {
		p.setColor(color, color);
		p.add("connected circle", x, y);
	}

	private static double[] values(final List<Double> list) {
		final double[] v = new double[list.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = list.get(i);
		return v;
	}
}
