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

	/** A plot that is shown live when a display can show it. */
	public LossPlot(final String title) {
		this(title, !GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode());
	}

	public LossPlot(final String title, final boolean live) {
		this.title = title;
		this.live = live;
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
		final int n = trainLoss.size();
		final double[] epochs = new double[n];
		for (int i = 0; i < n; i++)
			epochs[i] = i + 1;
		p.setColor(Color.BLUE);
		p.add("connected circle", epochs, values(trainLoss));
		final double[] val = values(validationLoss);
		final boolean hasValidation = n > 0 && !Double.isNaN(val[0]);
		if (hasValidation) {
			p.setColor(Color.RED);
			p.add("connected circle", epochs, val);
		}
		p.setColor(Color.BLACK);
		p.addLegend(hasValidation ? "training\tvalidation" : "training");
		p.setLimitsToFit(false);
		return p;
	}

	private static double[] values(final List<Double> list) {
		final double[] v = new double[list.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = list.get(i);
		return v;
	}
}
