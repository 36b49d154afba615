package autoencoderj.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One of {@code count} disjoint parts of a job's sorted file list, for the
 * tasks of a cluster job array: part {@code index} (1-based). Parts are
 * balanced by file size and depend only on the list and the sizes, so every
 * task of an array, on whatever node, computes the same parts.
 */
public final class Shard {

	/** The whole list. */
	public static final Shard ALL = new Shard(1, 1);

	/** Most parts of a job: far above a cluster's array limit, small enough to plan at once. */
	public static final int MAX_PARTS = 10_000;
	private final int index, count;
	/** Bytes a file counts for beyond its size. */
	static final long PER_ITEM = 1 << 16;

	private Shard(final int index, final int count) {
		this.index = index;
		this.count = count;
	}

	public int index() { return index; }

	public int count() { return count; }

	/**
	 * {@code i/n}; {@code auto} for the part SLURM's array variables name
	 * ({@code SLURM_ARRAY_TASK_ID}, {@code SLURM_ARRAY_TASK_MIN},
	 * {@code SLURM_ARRAY_TASK_COUNT}), the whole list outside an array; empty
	 * for the whole list.
	 *
	 * @throws IllegalArgumentException naming the accepted forms
	 */
	public static Shard parse(final String text, final Map<String, String> env) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty()) return ALL;
		if (t.equals("auto")) {
			final String id = env.get("SLURM_ARRAY_TASK_ID");
			if (id == null) return ALL;
			try {
				final int task = Integer.parseInt(id.trim()), min = Integer.parseInt(env.getOrDefault(
					"SLURM_ARRAY_TASK_MIN", "0").trim()), n = Integer.parseInt(env.getOrDefault(
						"SLURM_ARRAY_TASK_COUNT", "1").trim());
				return of(task - min + 1, n, "SLURM's array task " + task + " (first " + min + ", " + n +
					" tasks)");
			}
			catch (final NumberFormatException exc) {
				throw new IllegalArgumentException("shard=auto: SLURM's array variables are not numbers (" +
					"SLURM_ARRAY_TASK_ID=" + id + "). Give shard=i/n instead.");
			}
		}
		final String[] parts = t.split("/");
		try {
			if (parts.length == 2) return of(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1]
				.trim()), "shard=" + t);
		}
		catch (final NumberFormatException exc) {
			// the message below says what is accepted
		}
		throw new IllegalArgumentException("shard=" + t + " is not a part of a job: give i/n (e.g. " +
			"2/4, the second of four parts), auto (from SLURM's array variables), or leave it empty.");
	}

	private static Shard of(final int index, final int count, final String what) {
		if (count < 1 || index < 1 || index > count) throw new IllegalArgumentException(what +
			" is not a part of a job: the part must be from 1 to the number of parts (e.g. 1/4 to " +
			"4/4); arrays with gaps (--array=0,2) are not supported, give a range (--array=0-3).");
		if (count > MAX_PARTS) throw new IllegalArgumentException(what + " asks for " + count +
			" parts; a job here has at most " + MAX_PARTS + " (SLURM's own default limit is 1001 array " +
			"tasks). Give fewer parts.");
		return new Shard(index, count);
	}

	/**
	 * This part of {@code items} (in their order): items are dealt, largest
	 * first (ties in list order), each to the part with the least total weight
	 * so far (ties to the lower part); an item weighs its size plus
	 * {@link #PER_ITEM}, what opening a file and starting on it cost, so that
	 * many small files are spread too.
	 */
	public <T> List<T> of(final List<T> items, final ToLongFunction<T> size) {
		if (count == 1) return items;
		final Integer[] order = new Integer[items.size()];
		final long[] sizes = new long[items.size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
			sizes[i] = size.applyAsLong(items.get(i)) + PER_ITEM;
		}
		Arrays.sort(order, Comparator.<Integer> comparingLong(i -> -sizes[i]).thenComparingInt(i -> i));
		final long[] load = new long[count];
		final boolean[] mine = new boolean[items.size()];
		for (final int i : order) {
			int least = 0;
			for (int p = 1; p < count; p++)
				if (load[p] < load[least]) least = p;
			load[least] += sizes[i];
			mine[i] = least == index - 1;
		}
		final List<T> part = new ArrayList<>();
		for (int i = 0; i < mine.length; i++)
			if (mine[i]) part.add(items.get(i));
		return part;
	}

	/** {@code -2of4} for part 2 of 4; empty for the whole list. */
	public String suffix() {
		return count == 1 ? "" : "-" + index + "of" + count;
	}

	@Override
	public String toString() {
		return index + "/" + count;
	}
}
