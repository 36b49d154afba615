package autoencoderj.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a user says about an exported model: checked against the rules of
 * the bioimage.io description, so that a package is never refused later
 * by the zoo or a consumer for its name, authors or licence.
 */
public final class PackageInfo {

	/** The licence of a package when the user names none. */
	public static final String DEFAULT_LICENSE = "CC-BY-4.0";

	/** The spec's name rule: 5 to 128 characters (64 recommended) of these. */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-() ]{5,64}");
	private static final Pattern SPDX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+\\-]*");

	final String name, description, license;
	final List<String> authors;

	/**
	 * @param authors names separated by {@code ;}
	 * @throws IllegalArgumentException naming the field, the rule and an example
	 */
	public PackageInfo(final String name, final String description, final String authors,
		final String license)
	{
		this.name = name == null ? "" : name.trim();
		if (!NAME.matcher(this.name).matches()) throw new IllegalArgumentException("The package " +
			"name '" + this.name + "' is not one bioimage.io accepts: 5 to 64 letters, digits, spaces, " +
			"'_', '-', '(' or ')', e.g. name=[Nuclei denoiser (N2V)].");
		this.description = description == null ? "" : description.trim();
		if (this.description.length() > 1024) throw new IllegalArgumentException("The description " +
			"has " + this.description.length() + " characters; bioimage.io takes at most 1024. " +
			"Shorten it; the package's README can say more.");
		final List<String> names = new ArrayList<>();
		for (final String a : (authors == null ? "" : authors).split(";"))
			if (!a.trim().isEmpty()) names.add(a.trim());
		if (names.isEmpty()) throw new IllegalArgumentException("Name at least one author " +
			"in Authors (several separated by ';', e.g. Ada Lovelace; Alan Turing): bioimage.io " +
			"packages must say who made the model.");
		this.authors = Collections.unmodifiableList(names);
		this.license = license == null || license.trim().isEmpty() ? DEFAULT_LICENSE : license.trim();
		if (!SPDX.matcher(this.license).matches()) throw new IllegalArgumentException("The licence '" +
			this.license + "' is not an SPDX identifier such as CC-BY-4.0, MIT or BSD-3-Clause " +
			"(see https://spdx.org/licenses/).");
	}

	/**
	 * A package name from a file name: {@code my model v2.zip} gives
	 * {@code my model v2}, {@code m.zip} gives {@code m model} (a name has at
	 * least 5 characters).
	 */
	public static String nameFrom(final String fileName) {
		final String base = fileName.replaceFirst("\\.zip$", "").replaceAll("[^A-Za-z0-9_\\-() ]", " ")
			.trim();
		final String name = base.length() > 64 ? base.substring(0, 64).trim() : base;
		if (name.isEmpty()) return "AutoencoderJ model";
		return name.length() < 5 ? name + " model" : name;
	}
}
