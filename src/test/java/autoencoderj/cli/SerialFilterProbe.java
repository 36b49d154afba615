package autoencoderj.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a fresh JVM by {@link SerialFiltersTest}: installs a filter as
 * {@code args[0]} says and reports, per object, whether it could be read.
 */
public final class SerialFilterProbe {

	/** A class of the plugin's packages. */
	static final class Ours implements Serializable {

		private static final long serialVersionUID = 1L;
	}

	public static void main(final String... args) throws Exception {
		if (args[0].equals("all")) SerialFilters.rejectAll();
		else SerialFilters.rejectOurs();
		for (final Object o : List.of(new ArrayList<>(List.of(1, 2)), new Ours())) {
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
				out.writeObject(o);
			}
			try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes
				.toByteArray())))
			{
				in.readObject();
				System.out.println(o.getClass().getSimpleName() + ": read");
			}
			catch (final InvalidClassException exc) {
				System.out.println(o.getClass().getSimpleName() + ": refused");
			}
			catch (final IOException exc) {
				System.out.println(o.getClass().getSimpleName() + ": " + exc);
			}
		}
	}
}
