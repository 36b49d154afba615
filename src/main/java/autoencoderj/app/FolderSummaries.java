package autoencoderj.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import autoencoderj.data.AtomicFiles;
import autoencoderj.data.Shard;

import ij.measure.ResultsTable;

/**
 * The summary tables of a folder job: one per part ({@code
 * denoise-folder-summary-2of4.csv}) when the job ran as parts, merged at the
 * end into {@code denoise-folder-summary.csv}, with every file once and what
 * is missing named.
 */
public final class FolderSummaries {

	private static final String STEM = "denoise-folder-summary";
	private static final Pattern PART = Pattern.compile(Pattern.quote(STEM) + "-(\\d+)of(\\d+)\\.csv");

	private FolderSummaries() {}

	/** The summary file of a part (or of the whole job). */
	public static String name(final Shard shard) {
		return STEM + shard.suffix() + ".csv";
	}

	/** What merging found: the table, the parts without a summary, the failed files. */
	public static final class Merged {

		public final ResultsTable table;
		public final List<Integer> missing;
		public final List<String> failures;
		public final int parts;
		public final Path file;

		Merged(final ResultsTable table, final List<Integer> missing, final List<String> failures,
			final int parts, final Path file)
		{
			this.table = table;
			this.missing = missing;
			this.failures = failures;
			this.parts = parts;
			this.file = file;
		}
	}

	/**
	 * Merges the parts' summaries in {@code output} into
	 * {@code denoise-folder-summary.csv} (written whole, replacing an older
	 * one).
	 *
	 * @throws IllegalArgumentException when there are no part summaries, or
	 *           summaries of jobs with different part counts, or a file twice
	 */
	public static Merged merge(final Path output) throws IOException {
		final Map<Integer, TreeMap<Integer, Path>> byCount = new HashMap<>();
		if (!Files.isDirectory(output)) throw new IllegalArgumentException("The output folder " +
			output + " does not exist. Give the folder the job wrote to.");
		try (Stream<Path> files = Files.list(output)) {
			files.forEach(f -> {
				final Matcher m = PART.matcher(f.getFileName().toString());
				if (m.matches()) byCount.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new TreeMap<>())
					.put(Integer.parseInt(m.group(1)), f);
			});
		}
		if (byCount.isEmpty()) throw new IllegalArgumentException("No part summaries (" + STEM +
			"-IofN.csv) in " + output + ": no part of the job has finished yet, or the job wrote " +
			"elsewhere.");
		if (byCount.size() > 1) throw new IllegalArgumentException("Summaries of jobs in " +
			byCount.keySet() + " parts lie in " + output + ": remove those of the older job.");
		final int parts = byCount.keySet().iterator().next();
		final TreeMap<Integer, Path> found = byCount.get(parts);
		final List<Integer> missing = new ArrayList<>();
		for (int p = 1; p <= parts; p++)
			if (!found.containsKey(p)) missing.add(p);

		final List<String> lines = new ArrayList<>();
		final List<String> failures = new ArrayList<>();
		final Map<String, Integer> seen = new HashMap<>();
		final ResultsTable table = new ResultsTable();
		String header = null;
		for (final Map.Entry<Integer, Path> e : found.entrySet()) {
			final List<String> part = Files.readAllLines(e.getValue(), StandardCharsets.UTF_8);
			if (part.isEmpty()) continue;
			if (header == null) {
				header = part.get(0);
				lines.add(header);
			}
			final List<String> columns = split(part.get(0));
			for (final String line : part.subList(1, part.size())) {
				final List<String> values = split(line);
				final String file = value(columns, values, "file");
				final Integer before = seen.put(file, e.getKey());
				if (before != null) throw new IllegalArgumentException(file + " is in the summaries of " +
					"parts " + before + " and " + e.getKey() + ": the parts were not made from the same " +
					"file list. Run the job again with one array over the same folder.");
				lines.add(line);
				table.incrementCounter();
				for (int c = 0; c < columns.size() && c < values.size(); c++)
					table.addValue(columns.get(c), values.get(c));
				table.addValue("part", e.getKey());
				final String status = value(columns, values, "status");
				if (status.startsWith("failed")) failures.add(file + ": " + status.substring(status.indexOf(
					':') + 1).trim());
			}
		}
		final Path file = output.resolve(name(Shard.ALL));
		AtomicFiles.write(file, f -> Files.write(f, lines, StandardCharsets.UTF_8));
		return new Merged(table, missing, failures, parts, file);
	}

	private static String value(final List<String> columns, final List<String> values,
		final String column)
	{
		final int i = columns.indexOf(column);
		return i >= 0 && i < values.size() ? values.get(i) : "";
	}

	/** One CSV line as ImageJ writes it: values with commas are quoted. */
	static List<String> split(final String line) {
		final List<String> values = new ArrayList<>();
		final StringBuilder v = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			final char c = line.charAt(i);
			if (c == '"') {
				if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					v.append('"');
					i++;
				}
				else quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				values.add(v.toString());
				v.setLength(0);
			}
			else v.append(c);
		}
		values.add(v.toString());
		return values;
	}
}
