package autoencoderj.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import ij.measure.ResultsTable;

/**
 * Tables as RFC 4180 CSV, written whole or not at all and read back with
 * bounds. ImageJ's {@code ResultsTable.saveAs} never doubles a quote, writes
 * text starting with {@code =} as it is (a spreadsheet runs it as a formula)
 * and swallows write errors; this class does none of that.
 * <p>
 * A text cell that a spreadsheet would take as a formula (first character
 * {@code = + - @}, tab or carriage return) is written with a leading
 * apostrophe, and {@link #read} removes it again, so that rows read back are
 * the rows written.
 * </p>
 */
public final class Csv {

	/** Leading apostrophes, then a character that starts a formula. */
	private static final Pattern FORMULA = Pattern.compile("^'*[=+\\-@\t\r].*", Pattern.DOTALL);
	private static final Pattern NUMBER = Pattern.compile(
		"[-+]?(NaN|Infinity|(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?)");

	private Csv() {}

	/** One cell as written: neutralised if a formula, quoted where RFC 4180 asks. */
	public static String cell(final String value) {
		String v = value == null ? "" : value;
		if (FORMULA.matcher(v).matches() && !NUMBER.matcher(v).matches()) v = "'" + v;
		if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
		return '"' + v.replace("\"", "\"\"") + '"';
	}

	/** The text of a table: a header row, then one row per table row, lines ended by CRLF. */
	public static String text(final List<String> header, final List<List<String>> rows) {
		final StringBuilder sb = new StringBuilder();
		line(sb, header);
		for (final List<String> row : rows)
			line(sb, row);
		return sb.toString();
	}

	private static void line(final StringBuilder sb, final List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) sb.append(',');
			sb.append(cell(cells.get(i)));
		}
		sb.append("\r\n");
	}

	/** A table's columns and cells as text, numbers with the table's decimal places. */
	public static List<List<String>> rows(final ResultsTable table) {
		final List<List<String>> rows = new ArrayList<>();
		final String[] headings = headings(table);
		for (int r = 0; r < table.size(); r++) {
			final List<String> row = new ArrayList<>();
			for (final String h : headings)
				row.add(table.getStringValue(h, r));
			rows.add(row);
		}
		return rows;
	}

	/** The table's column names, without the row-number column ImageJ may list. */
	public static String[] headings(final ResultsTable table) {
		final List<String> names = new ArrayList<>();
		for (final String h : table.getHeadings())
			if (!h.trim().isEmpty() && table.columnExists(h)) names.add(h);
		return names.toArray(new String[0]);
	}

	/**
	 * Writes {@code table} to {@code file}.
	 *
	 * @throws IOException if it could not be written whole; {@code file} is
	 *           then as it was
	 */
	public static void write(final ResultsTable table, final Path file) throws IOException {
		write(List.of(headings(table)), rows(table), file);
	}

	/** Writes a header and rows to {@code file}, whole or not at all. */
	public static void write(final List<String> header, final List<List<String>> rows,
		final Path file) throws IOException
	{
		final byte[] bytes = text(header, rows).getBytes(StandardCharsets.UTF_8);
		try {
			AtomicFiles.write(file, f -> {
				Files.write(f, bytes);
				if (Files.size(f) != bytes.length) throw new IOException("only " + Files.size(f) + " of " +
					bytes.length + " bytes were written to " + f.getFileName());
			});
		}
		catch (final IOException exc) {
			throw new IOException("Could not write the table " + file + ": " + AtomicFiles.reason(exc) +
				". Any earlier file there is unchanged.", exc);
		}
	}

	/** A table read back: its header and rows of cells. */
	public static final class Table {

		public final List<String> header;
		public final List<List<String>> rows;

		Table(final List<String> header, final List<List<String>> rows) {
			this.header = header;
			this.rows = rows;
		}

		/** The column's index, or -1. */
		public int column(final String name) {
			return header.indexOf(name);
		}

		/** A row's cell of a column, empty where the row is short or the column missing. */
		public String get(final int row, final String column) {
			final int c = column(column);
			final List<String> cells = rows.get(row);
			return c >= 0 && c < cells.size() ? cells.get(c) : "";
		}
	}

	/**
	 * Reads a CSV file (RFC 4180: quoted cells may hold commas, quotes and line
	 * breaks) as untrusted input.
	 *
	 * @param maxBytes largest file accepted
	 * @param maxRows most rows accepted
	 * @throws IOException if it cannot be read; {@link IllegalArgumentException}
	 *           naming the file when it is larger than the bounds or not CSV
	 */
	public static Table read(final Path file, final long maxBytes, final int maxRows)
		throws IOException
	{
		final long size = Files.size(file);
		if (size > maxBytes) throw new IllegalArgumentException("The table " + file + " has " + size +
			" bytes, more than the " + maxBytes + " this reads. Split it into smaller tables.");
		final List<List<String>> all = new ArrayList<>();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			List<String> row = new ArrayList<>();
			final StringBuilder v = new StringBuilder();
			boolean quoted = false, any = false;
			for (int c; (c = in.read()) >= 0;) {
				any = true;
				if (quoted) {
					if (c != '"') v.append((char) c);
					else {
						in.mark(1);
						final int next = in.read();
						if (next == '"') v.append('"');
						else {
							quoted = false;
							if (next >= 0) in.reset();
						}
					}
				}
				else if (c == '"' && v.length() == 0) quoted = true;
				else if (c == ',') {
					row.add(unneutralised(v));
					v.setLength(0);
				}
				else if (c == '\n' || c == '\r') {
					if (c == '\r') {
						in.mark(1);
						if (in.read() != '\n') in.reset();
					}
					row.add(unneutralised(v));
					v.setLength(0);
					all.add(row);
					if (all.size() > maxRows + 1) throw new IllegalArgumentException("The table " + file +
						" has more than " + maxRows + " rows, the most this reads. Split it into smaller tables.");
					row = new ArrayList<>();
					any = false;
				}
				else v.append((char) c);
			}
			if (quoted) throw new IllegalArgumentException("The table " + file + " ends inside a quoted " +
				"cell: it is truncated or not CSV.");
			if (any) {
				row.add(unneutralised(v));
				all.add(row);
			}
		}
		if (all.isEmpty()) throw new IllegalArgumentException("The table " + file + " is empty: it " +
			"has no header row.");
		return new Table(all.get(0), all.subList(1, all.size()));
	}

	private static String unneutralised(final CharSequence cell) {
		final String s = cell.toString();
		return s.startsWith("'") && FORMULA.matcher(s.substring(1)).matches() ? s.substring(1) : s;
	}
}
