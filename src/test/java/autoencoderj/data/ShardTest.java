package autoencoderj.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ShardTest {

	@Test
	void partsAreDisjointCoverTheListAndBalanceSize() {
		// 40 files of sizes 1..40 KB, listed in name order
		final List<Integer> sizes = new ArrayList<>();
		for (int i = 1; i <= 40; i++)
			sizes.add(i * 1024);
		final Set<Integer> seen = new HashSet<>();
		long most = 0, least = Long.MAX_VALUE;
		for (int p = 1; p <= 3; p++) {
			final List<Integer> part = Shard.parse(p + "/3", Map.of()).of(sizes, s -> s);
			long total = 0;
			for (final int s : part) {
				assertTrue(seen.add(s), s + " in two parts");
				total += s + Shard.PER_ITEM;
			}
			most = Math.max(most, total);
			least = Math.min(least, total);
			// in list order, and the same list again gives the same part
			assertEquals(part.stream().sorted().collect(java.util.stream.Collectors.toList()), part);
			assertEquals(part, Shard.parse(p + "/3", Map.of()).of(sizes, s -> s));
		}
		assertEquals(40, seen.size());
		assertTrue(most - least <= 40 * 1024 + Shard.PER_ITEM, "balanced within one file: " + least +
			".." + most);
	}

	@Test
	void autoReadsSlurmsArrayVariables() {
		final Shard s = Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN",
			"5", "SLURM_ARRAY_TASK_COUNT", "4"));
		assertEquals("3/4", s.toString());
		assertEquals("-3of4", s.suffix());
		assertEquals("1/1", Shard.parse("auto", Map.of()).toString(), "outside SLURM: everything");
		assertEquals("1/1", Shard.parse("", Map.of()).toString());
		assertEquals("", Shard.parse(" ", Map.of()).suffix());
	}

	@Test
	void badPartsAreRefusedWithTheForms() {
		for (final String bad : new String[] { "0/3", "4/3", "1/0", "a/b", "2", "1/2/3" })
			assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad, Map.of()))
				.getMessage().contains("is not a part of a job"), bad);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Shard.parse("auto", Map.of(
			"SLURM_ARRAY_TASK_ID", "x"))).getMessage().contains("Give shard=i/n instead"));
	}
}
