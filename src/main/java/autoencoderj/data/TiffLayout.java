package autoencoderj.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a TIFF file declares, read as untrusted input before ImageJ sees it:
 * ImageJ's reader trusts the header, so a few hundred bytes can make it
 * allocate gigabytes, loop for ever on an IFD chain that points back, or
 * return an image of zeros from a truncated file. Every directory is visited
 * once (a chain that returns is refused), every field is bounded by the
 * file's length, and the pixel data each page declares must lie inside the
 * file. Reading costs a few positioned reads per page, never more memory
 * than the file's directories.
 */
public final class TiffLayout {

	/** Most pages followed; more than any stack ImageJ could hold in memory. */
	public static final int MAX_PAGES = 1 << 20;
	/** Largest plane ImageJ holds: its pixel arrays are indexed by int. */
	public static final long MAX_PLANE_PIXELS = Integer.MAX_VALUE;
	private static final int MAX_ENTRIES = 4096, MAX_DESCRIPTION = 1 << 16;
	/** Most bytes of directories read, whatever the file claims: bounds time and memory. */
	private static final long MAX_HEADER_BYTES = 1L << 26;
	private static final Pattern IMAGES = Pattern.compile("(?m)^images=(\\d{1,12})\\s*$");

	/** Width, height, bits per sample, samples per pixel of the first page. */
	public final int width, height, bits, samples;
	/** Pages ImageJ will read: directories, or its description's {@code images=} count. */
	public final long pages;
	/** Bytes of memory the opened image takes in ImageJ. */
	public final long memoryBytes;

	private TiffLayout(final int width, final int height, final int bits, final int samples,
		final long pages)
	{
		this.width = width;
		this.height = height;
		this.bits = bits;
		this.samples = samples;
		this.pages = pages;
		final int perPixel = samples >= 3 && bits == 8 ? 4 : bits <= 8 ? samples : bits <= 16 ? 2 *
			samples : 4 * samples;
		this.memoryBytes = pages * width * (long) height * perPixel;
	}

	/** Whether {@code head} (the first bytes of a file) starts as a TIFF does. */
	public static boolean isTiff(final byte[] head) {
		return head.length >= 4 && (head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0 ||
			head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42);
	}

	/**
	 * Reads and checks the layout of a TIFF file.
	 *
	 * @throws IllegalArgumentException saying what is wrong with the file
	 * @throws IOException if it cannot be read
	 */
	public static TiffLayout read(final Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			return new Reader(ch, ch.size()).read();
		}
	}

	private static final class Reader {

		private final FileChannel ch;
		private final long length;
		private ByteOrder order;
		/** Bytes of directories and their arrays read so far. */
		private long read;

		private Reader(final FileChannel ch, final long length) {
			this.ch = ch;
			this.length = length;
		}

		private TiffLayout read() throws IOException {
			if (length < 8) throw bad("it has only " + length + " bytes, less than a TIFF header");
			final ByteBuffer head = bytes(0, 8, ByteOrder.LITTLE_ENDIAN);
			final byte b0 = head.get(0);
			order = b0 == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
			head.order(order);
			final int magic = head.getShort(2) & 0xffff;
			if (magic == 43) throw bad("it is a BigTIFF, which ImageJ does not read; save it as a " +
				"plain TIFF (Fiji's Bio-Formats can convert it)");
			if (magic != 42 || b0 != 'I' && b0 != 'M') throw bad("it does not start as a TIFF does");
			long ifd = head.getInt(4) & 0xffffffffL;
			final Set<Long> seen = new HashSet<>();
			TiffLayout first = null;
			long pages = 0, declared = 0;
			while (ifd != 0) {
				if (!seen.add(ifd)) throw bad("its chain of pages returns to an earlier page (at byte " +
					ifd + "): the file is damaged or crafted");
				if (seen.size() > MAX_PAGES) throw bad("it has more than " + MAX_PAGES + " pages");
				final Page page = page(ifd, pages);
				if (first == null) first = page.layout(1);
				else page.layout(1);
				pages++;
				if (pages == 1) declared = page.declaredImages;
				if (declared > 1 && pages == 1 && page.compression == 1) {
					// ImageJ reads its own uncompressed stacks from the first page on, one after the other
					page.checkContiguous(declared);
					first = page.layout(declared);
					pages = declared;
					break;
				}
				ifd = page.next;
			}
			if (first == null) throw bad("it has no page");
			if (declared > pages) throw bad("its description announces " + declared + " pages, but it " +
				"holds " + pages + ": it is truncated");
			return new TiffLayout(first.width, first.height, first.bits, first.samples, pages);
		}

		private final class Page {

			long width = -1, height = -1, bits = 1, samples = 1, compression = 1, next, declaredImages;
			long[] offsets, counts;
			final long index;

			Page(final long index) {
				this.index = index;
			}

			/** Page's size checks; the layout as if it had {@code images} such pages. */
			TiffLayout layout(final long images) {
				if (width < 1 || height < 1) throw bad(where() + "declares " + width + "x" + height +
					" pixels");
				if (width * height > MAX_PLANE_PIXELS) throw bad(where() + "declares " + width + "x" +
					height + " pixels, more than the " + MAX_PLANE_PIXELS + " an ImageJ image plane holds");
				if (bits == 64) throw bad("its pixels are 64-bit numbers, which ImageJ does not read; " +
					"save it with 32-bit (float) pixels");
				if (bits != 1 && bits != 8 && bits != 12 && bits != 16 && bits != 32)
					throw bad(where() + "declares " + bits + " bits per sample; ImageJ reads 1, 8, 12, 16 " +
						"and 32");
				if (samples < 1 || samples > 8) throw bad(where() + "declares " + samples +
					" samples per pixel");
				if (offsets == null || offsets.length == 0) throw bad(where() + "has no pixel data");
				for (int i = 0; i < offsets.length; i++) {
					final long count = counts == null ? 0 : i < counts.length ? counts[i] : 0;
					if (offsets[i] < 8 || offsets[i] > length || offsets[i] + count > length) throw bad(
						where() + "has pixel data at bytes " + offsets[i] + "-" + (offsets[i] + count) +
						", past the end of its " + length + " bytes: the file is truncated");
				}
				if (compression == 1) {
					final long need = planeBytes();
					long have = 0;
					if (counts != null) for (final long c : counts)
						have += c;
					if (counts == null || have < need) {
						// ImageJ reads an uncompressed page from its first strip on
						if (offsets[0] + need > length) throw bad(where() + "needs " + need + " bytes of " +
							"pixels from byte " + offsets[0] + ", past the end of its " + length +
							" bytes: the file is truncated");
					}
				}
				return new TiffLayout((int) width, (int) height, (int) bits, (int) samples, images);
			}

			long planeBytes() {
				return (width * bits * samples + 7) / 8 * height;
			}

			void checkContiguous(final long images) {
				if (images > MAX_PAGES) throw bad("its description announces " + images + " pages, more " +
					"than the " + MAX_PAGES + " read here");
				final long need = planeBytes();
				if (compression == 1 && offsets[0] + images * need > length) throw bad("its description " +
					"announces " + images + " pages of " + need + " bytes from byte " + offsets[0] +
					", but the file has " + length + " bytes: it is truncated");
			}

			String where() {
				return "page " + (index + 1) + " ";
			}
		}

		private Page page(final long at, final long index) throws IOException {
			if (at < 8 || at + 2 > length) throw bad("page " + (index + 1) + " starts at byte " + at +
				", outside its " + length + " bytes: the file is truncated");
			final int n = bytes(at, 2, order).getShort(0) & 0xffff;
			if (n == 0 || n > MAX_ENTRIES) throw bad("page " + (index + 1) + " declares " + n +
				" fields");
			if (at + 2 + 12L * n + 4 > length) throw bad("page " + (index + 1) + " (" + n + " fields " +
				"from byte " + at + ") runs past the end of its " + length + " bytes: the file is " +
				"truncated");
			final ByteBuffer entries = bytes(at + 2, 12 * n + 4, order);
			final Page p = new Page(index);
			for (int e = 0; e < n; e++) {
				final int base = 12 * e;
				final int tag = entries.getShort(base) & 0xffff, type = entries.getShort(base + 2) & 0xffff;
				final long count = entries.getInt(base + 4) & 0xffffffffL;
				switch (tag) {
					case 256: p.width = first(entries, base, type, count); break;
					case 257: p.height = first(entries, base, type, count); break;
					case 258: p.bits = first(entries, base, type, count); break;
					case 259: p.compression = first(entries, base, type, count); break;
					case 277: p.samples = first(entries, base, type, count); break;
					case 273: case 324: p.offsets = values(entries, base, type, count, index); break;
					case 279: case 325: p.counts = values(entries, base, type, count, index); break;
					case 270:
						if (index == 0) p.declaredImages = declaredImages(entries, base, type, count);
						break;
					default: break;
				}
			}
			p.next = entries.getInt(12 * n) & 0xffffffffL;
			return p;
		}

		/** A field's first value: in the field when its values fit 4 bytes, else where it points. */
		private long first(final ByteBuffer entries, final int base, final int type, final long count)
			throws IOException
		{
			final int size = type == 3 ? 2 : type == 4 ? 4 : type == 1 ? 1 : 0;
			if (count < 1 || size == 0) return -1;
			ByteBuffer at = entries;
			int i = base + 8;
			if (count * size > 4) {
				final long offset = entries.getInt(base + 8) & 0xffffffffL;
				if (offset + size > length) throw bad("a field points past the end of the file: it is " +
					"truncated");
				at = bytes(offset, size, order);
				i = 0;
			}
			return size == 2 ? at.getShort(i) & 0xffff : size == 4 ? at.getInt(i) & 0xffffffffL : at.get(i) &
				0xff;
		}

		private long[] values(final ByteBuffer entries, final int base, final int type, final long count,
			final long index) throws IOException
		{
			final int size = type == 3 ? 2 : type == 4 ? 4 : 0;
			if (size == 0) throw bad("page " + (index + 1) + " gives its pixel data positions as type " +
				type);
			if (count < 1 || count * size > Math.min(length, MAX_HEADER_BYTES)) throw bad("page " + (index + 1) + " declares " + count +
				" pixel data strips, more than its " + length + " bytes can hold");
			final ByteBuffer data;
			if (count * size <= 4) data = entries.duplicate().position(base + 8).slice().order(order);
			else {
				final long at = entries.getInt(base + 8) & 0xffffffffL;
				if (at + count * size > length) throw bad("page " + (index + 1) + " lists its pixel data " +
					"past the end of the file: it is truncated");
				data = bytes(at, (int) (count * size), order);
			}
			final long[] v = new long[(int) count];
			for (int i = 0; i < v.length; i++)
				v[i] = size == 2 ? data.getShort(2 * i) & 0xffff : data.getInt(4 * i) & 0xffffffffL;
			return v;
		}

		/** The {@code images=} count of ImageJ's description, 0 when it has none. */
		private long declaredImages(final ByteBuffer entries, final int base, final int type,
			final long count) throws IOException
		{
			if (type != 2 || count <= 4) return 0;
			final long at = entries.getInt(base + 8) & 0xffffffffL;
			if (at >= length) return 0;
			final int n = (int) Math.min(Math.min(count, MAX_DESCRIPTION), length - at);
			final ByteBuffer text = bytes(at, n, order);
			final String s = new String(text.array(), 0, n, StandardCharsets.ISO_8859_1);
			if (!s.startsWith("ImageJ=")) return 0;
			final Matcher m = IMAGES.matcher(s);
			return m.find() ? Long.parseLong(m.group(1)) : 0;
		}

		private ByteBuffer bytes(final long at, final int n, final ByteOrder o) throws IOException {
			read += n;
			if (read > MAX_HEADER_BYTES) throw bad("its directories take more than " + MAX_HEADER_BYTES +
				" bytes to read (pages pointing at the same data again and again?): the file is " +
				"damaged or crafted");
			final ByteBuffer b = ByteBuffer.allocate(n).order(o);
			while (b.hasRemaining())
				if (ch.read(b, at + b.position()) < 0) throw bad("it ends at byte " + (at + b.position()) +
					" in the middle of its header: the file is truncated");
			return b;
		}
	}

	private static IllegalArgumentException bad(final String what) {
		return new IllegalArgumentException(what);
	}
}
