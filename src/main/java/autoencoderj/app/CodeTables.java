package autoencoderj.app;

import java.io.File;

import autoencoderj.data.Csv;
import autoencoderj.ops.Pca;

import ij.measure.ResultsTable;

/**
 * Codes as users see them: the table Encode Stack writes (slice, label,
 * code_1..code_k), read back by Generate From Code, and codes of more than two
 * values seen on their first two principal components.
 */
public final class CodeTables {

	private CodeTables() {}

	/** One row per slice: slice (1-based), label, code_1..code_k, 9 decimals. */
	public static ResultsTable table(final double[][] codes, final String[] labels) {
		final ResultsTable t = new ResultsTable();
		final int k = codes.length == 0 ? 0 : codes[0].length;
		for (int i = 0; i < codes.length; i++) {
			t.incrementCounter();
			t.addValue("slice", i + 1);
			t.addValue("label", labels[i] == null ? "" : labels[i]);
			for (int j = 0; j < k; j++)
				t.addValue("code_" + (j + 1), codes[i][j]);
		}
		for (int j = 0; j < k; j++)
			t.setDecimalPlaces(t.getColumnIndex("code_" + (j + 1)), 9);
		return t;
	}

	/** Most rows of a codes table read back, each decoded into an image. */
	public static final int MAX_ROWS = 10_000;

	/**
	 * The codes in a table's columns code_1..code_k (a CSV as {@link Csv} writes it).
	 *
	 * @throws IllegalArgumentException naming the file and the missing column,
	 *           the cell that is not a finite number, or the bound exceeded
	 */
	public static double[][] read(final File csv, final int k) {
		if (!csv.isFile()) throw new IllegalArgumentException("The codes table " + csv +
			" does not exist.");
		final Csv.Table table;
		try {
			table = Csv.read(csv.toPath(), 64L * MAX_ROWS * (k + 4) * 24, MAX_ROWS);
		}
		catch (final java.io.IOException exc) {
			throw new IllegalArgumentException("The codes table " + csv + " cannot be read: " + exc
				.getMessage());
		}
		for (int j = 1; j <= k; j++)
			if (table.column("code_" + j) < 0) throw new IllegalArgumentException("The table " + csv
				.getName() + " has no column code_" + j + "; the model's codes have " + k + " values " +
				"(columns code_1 to code_" + k + ", as Encode Stack writes).");
		if (table.rows.isEmpty()) throw new IllegalArgumentException("The table " + csv.getName() +
			" has no rows: there is no code to decode.");
		final double[][] rows = new double[table.rows.size()][k];
		for (int r = 0; r < rows.length; r++)
			for (int j = 0; j < k; j++) {
				final String cell = table.get(r, "code_" + (j + 1));
				try {
					rows[r][j] = Double.parseDouble(cell.trim());
				}
				catch (final NumberFormatException exc) {
					rows[r][j] = Double.NaN;
				}
				if (!Double.isFinite(rows[r][j])) throw new IllegalArgumentException("The table " + csv
					.getName() + " has '" + Csv.cell(cell.length() > 40 ? cell.substring(0, 40) + "..." : cell) +
					"' in row " + (r + 1) + ", column code_" + (j + 1) + ": every code must be a finite " +
					"number. Is it a table Encode Stack wrote?");
			}
		return rows;
	}

	/** Points in two dimensions and what their axes are. */
	public static final class Plane {

		public final double[][] points;
		public final String xAxis, yAxis;

		Plane(final double[][] points, final String xAxis, final String yAxis) {
			this.points = points;
			this.xAxis = xAxis;
			this.yAxis = yAxis;
		}
	}

	/**
	 * {@code rows} as they are when they have two values, else on their first
	 * two principal components, the axes saying how much variance each explains.
	 *
	 * @param of what the rows are, for the axis titles (e.g. {@code codes})
	 */
	public static Plane plane(final double[][] rows, final String of) {
		for (int r = 0; r < rows.length; r++)
			for (final double v : rows[r])
				if (!Double.isFinite(v)) throw new IllegalArgumentException("The " + of + " of slice " +
					(r + 1) + " hold NaN or infinite values, which have no principal components. Replace " +
					"them first (Process > Math > Remove NaNs...), or leave pixels=false.");
		if (rows[0].length == 2) return new Plane(rows, "code_1", "code_2");
		final Pca pca = Pca.fit(rows, 2);
		final double[] e = pca.explained();
		return new Plane(pca.transform(rows), String.format("PC1 of %s (%.1f%% of variance)", of, 100 *
			e[0]), String.format("PC2 of %s (%.1f%% of variance)", of, 100 * e[1]));
	}
}
