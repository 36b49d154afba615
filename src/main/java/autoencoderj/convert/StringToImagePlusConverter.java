package autoencoderj.convert;

import java.io.File;

import autoencoderj.data.CheckedImages;

import ij.ImagePlus;
import ij.WindowManager;

import org.scijava.Priority;
import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;

/**
 * Lets a command's {@link ImagePlus} parameter take text, as macros and
 * headless runs give it: the title of an open image window, or the path of an
 * image file, which is opened once {@link CheckedImages} has checked it (a
 * file it refuses throws {@link IllegalArgumentException} with the reason). Outranks scijava's constructor-based fallback,
 * which would make an empty image from a missing path.
 */
@Plugin(type = Converter.class, priority = Priority.HIGH)
public class StringToImagePlusConverter extends AbstractConverter<String, ImagePlus> {

	@Override
	public boolean canConvert(final Object src, final Class<?> dest) {
		return src instanceof String && dest.isAssignableFrom(ImagePlus.class) &&
			find((String) src) != null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T convert(final Object src, final Class<T> dest) {
		if (!(src instanceof String)) return null;
		final String text = (String) src;
		final ImagePlus open = WindowManager.getImage(text);
		if (open != null) return (T) open;
		final File file = new File(text);
		return file.isFile() ? (T) CheckedImages.open(file.toPath().toAbsolutePath()) : null;
	}

	private static Object find(final String text) {
		if (WindowManager.getImage(text) != null) return text;
		return new File(text).isFile() ? text : null;
	}

	@Override
	public Class<ImagePlus> getOutputType() {
		return ImagePlus.class;
	}

	@Override
	public Class<String> getInputType() {
		return String.class;
	}
}
