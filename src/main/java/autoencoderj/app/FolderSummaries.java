package autoencoderj.app;

import java.io.IOException;
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

import autoencoderj.data.Csv;
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
	/** Bounds on a part summary read back: far above a real one (a row is about 100 bytes). */
	private static final long MAX_BYTES = 1L << 28;
	private static final int MAX_ROWS = 2_000_000;
	private static final Pattern PART = Pattern.compile(Pattern.quote(STEM) + "-(\\d{1,7})of(\\d{1,7})\\.csv");

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

		List<String> header = null;
		final List<List<String>> rows = new ArrayList<>();
		final List<String> failures = new ArrayList<>();
		final Map<String, Integer> seen = new HashMap<>();
		final ResultsTable table = new ResultsTable();
		for (final Map.Entry<Integer, Path> e : found.entrySet()) {
			final Csv.Table part = Csv.read(e.getValue(), MAX_BYTES, MAX_ROWS);
			if (part.column("file") < 0 || part.column("status") < 0) throw new IllegalArgumentException(
				e.getValue() + " is not a summary of Denoise Folder (it has no file and status columns). " +
					"Remove it, or run that part again.");
			if (header == null) header = part.header;
			for (int r = 0; r < part.rows.size(); r++) {
				final String file = part.get(r, "file");
				final Integer before = seen.put(file, e.getKey());
				if (before != null) throw new IllegalArgumentException(file + " is in the summaries of " +
					"parts " + before + " and " + e.getKey() + ": the parts were not made from the same " +
					"file list. Run the job again with one array over the same folder.");
				final List<String> row = new ArrayList<>();
				for (final String column : header)
					row.add(part.get(r, column));
				rows.add(row);
				table.incrementCounter();
				for (int c = 0; c < header.size(); c++)
					table.addValue(header.get(c), row.get(c));
				table.addValue("part", e.getKey());
				final String status = part.get(r, "status");
				if (!status.equals("denoised") && !status.startsWith("skipped")) failures.add(file + ": " +
					(status.startsWith("failed") ? status.substring(status.indexOf(':') + 1).trim() : status
						.isEmpty() ? "no status" : status));
			}
		}
		final Path file = output.resolve(name(Shard.ALL));
		Csv.write(header, rows, file);
		return new Merged(table, missing, failures, parts, file);
	}
}
