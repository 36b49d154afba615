package autoencoderj.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import autoencoderj.app.ConvTraining;
import autoencoderj.app.DenseTraining;
import autoencoderj.app.ImageToImageTraining;
import autoencoderj.app.SyntheticImages;
import autoencoderj.app.SyntheticVolumes;
import autoencoderj.app.Training;
import autoencoderj.app.TrainedModels;
import autoencoderj.app.TrainingSettings;
import autoencoderj.data.ChannelPlanes;
import autoencoderj.model.AutoencoderModel;
import autoencoderj.model.ConvSpec;
import autoencoderj.model.DenseSpec;
import autoencoderj.model.Manifest;
import autoencoderj.model.ModelFiles;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/** One small model of every kind AutoencoderJ trains, each exported once and shared by the export tests. */
final class ExportedModels {

	private ExportedModels() {}

	enum Kind {
		PLAIN, DECONVOLUTION, SKIPS, SKIPS_DECONVOLUTION, BLIND_SPOT, SIGMOID_VALID_LAST,
		IMAGE_TO_IMAGE, GRAY_TO_RGB, DENSE,
		/** A 3-D blind-spot U-Net of a stack with a z step of 3 (x-y pooling first), thinner than its halo. */
		VOLUME_UNET,
		/** A 3-D chain with transposed convolutions, isotropic pooling, added noise. */
		VOLUME_DECONVOLUTION,
		/**
		 * A 3-D blind-spot U-Net of a 16-bit volume whose background is 0 and whose
		 * range is in the thousands: float32 rounding reaches the zoo's strict
		 * absolute tolerance where the output is near zero.
		 */
		VOLUME_16BIT,
		/** A 3-D image-to-image U-Net: two channels in, the same two swapped out. */
		VOLUME_IMAGE_TO_IMAGE;

		/**
		 * Whether the zoo's deepImageJ rule, an absolute 1.5e-4, can hold: not for
		 * outputs near zero at a range in the thousands, where float32 rounding
		 * alone is a few thousandths.
		 */
		boolean withinZoosRule() {
			return this != VOLUME_16BIT;
		}

		boolean volume() {
			return name().startsWith("VOLUME");
		}
	}

	private static final Map<Kind, Exported> EXPORTED = Collections.synchronizedMap(new EnumMap<>(
		Kind.class));
	private static Path folder;

	/** A model, the image it was trained on, and its package. */
	static final class Exported {

		final AutoencoderModel model;
		final ImagePlus image;
		final Path zip;
		final PackageContents contents;

		Exported(final AutoencoderModel model, final ImagePlus image, final Path zip)
			throws IOException
		{
			this.model = model;
			this.image = image;
			this.zip = zip;
			this.contents = new PackageContents(zip);
		}
	}

	private static void delete(final Path folder) {
		try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException | RuntimeException exc) {
			System.err.println("Could not remove " + folder + ": " + exc);
		}
	}

	static synchronized Exported exported(final Kind kind) throws IOException {
		if (folder == null) {
			folder = Files.createTempDirectory("autoencoderj-export");
			// the packages are shared by every test class of the run, so removed when it ends
			final Path made = folder;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(made)));
		}
		Exported e = EXPORTED.get(kind);
		if (e != null) return e;
		final ImagePlus image = kind == Kind.VOLUME_UNET ? SyntheticVolumes.blobs(16, 80, 3, 5)
			: kind == Kind.VOLUME_16BIT ? sixteenBit(SyntheticVolumes.blobs(12, 72, 1, 7))
			: kind == Kind.VOLUME_IMAGE_TO_IMAGE ? twoChannelVolume(false)
			: kind == Kind.VOLUME_DECONVOLUTION ? SyntheticVolumes.blobs(12, 72, 1, 6)
			: kind == Kind.IMAGE_TO_IMAGE || kind == Kind.GRAY_TO_RGB ? twoChannels()
			: kind == Kind.DENSE
			? TrainedModels.slices(0, 200) : SyntheticImages.cleanStack(96, 96, 2, 5);
		final AutoencoderModel trained = train(kind, image);
		final Path modelFile = folder.resolve(kind + ".zip");
		ModelFiles.save(trained, modelFile);
		final AutoencoderModel model = ModelFiles.load(modelFile);
		final Path zip = folder.resolve(kind + "-bioimageio.zip");
		ModelPackage.write(model, modelFile.getFileName().toString(), image, new PackageInfo(
			"AutoencoderJ " + kind.name().toLowerCase().replace('_', '-'), "", "Ada Lovelace; Alan Turing",
			""), zip);
		e = new Exported(model, image, zip);
		EXPORTED.put(kind, e);
		return e;
	}

	private static AutoencoderModel train(final Kind kind, final ImagePlus image) {
		final TrainingSettings.Builder b = TrainingSettings.builder().architecture(
			TrainingSettings.Architecture.CONVOLUTIONAL).filters(4, 8).patch(32).steps(3).batch(4).epochs(
				1).rate(3e-3).validation(0.2).noise("gaussian", 0.1).seed(11);
		switch (kind) {
			case DECONVOLUTION:
				b.upsampling(ConvSpec.Upsampling.DECONVOLUTION);
				break;
			case SKIPS:
				b.skips(true);
				break;
			case SKIPS_DECONVOLUTION:
				b.skips(true).upsampling(ConvSpec.Upsampling.DECONVOLUTION);
				break;
			case BLIND_SPOT:
				b.objective(Manifest.Objective.BLIND_SPOT).noise("none", 0).masked(0.0625);
				break;
			case SIGMOID_VALID_LAST:
				b.patch(28).loss(DenseSpec.Loss.XENT);
				break;
			case IMAGE_TO_IMAGE:
				return ImageToImageTraining.train(ChannelPlanes.of(image, 0, "source"), ChannelPlanes.of(
					threeChannels(image), 0, "target"), b.noise("none", 0).build(), null, () -> false).model();
			case GRAY_TO_RGB:
				return ImageToImageTraining.train(ChannelPlanes.of(image, 1, "source"), ChannelPlanes.of(
					rgb(threeChannels(image)), 0, "target"), b.noise("none", 0).build(), null, () -> false)
					.model();
			case VOLUME_UNET:
			case VOLUME_16BIT:
				return Training.train(image, b.volumes(true).patchZ(8).patch(16).objective(
					Manifest.Objective.BLIND_SPOT).noise("none", 0).masked(1.0 / 64).build(), null, null, null,
					() -> false).model();
			case VOLUME_IMAGE_TO_IMAGE:
				return ImageToImageTraining.train(ChannelPlanes.of(image, 0, "source"), ChannelPlanes.of(
					twoChannelVolume(true), 0, "target"), b.volumes(true).patchZ(8).patch(16).noise("none", 0)
						.build(), null, () -> false).model();
			case VOLUME_DECONVOLUTION:
				return Training.train(image, b.volumes(true).patchZ(8).patch(16).upsampling(
					ConvSpec.Upsampling.DECONVOLUTION).build(), null, null, null, () -> false).model();
			case DENSE:
				return DenseTraining.train(image, TrainingSettings.builder().hidden(32).noise("gaussian",
					0.3).epochs(1).batch(32).validation(0.2).seed(11).build(), null, () -> false).model();
			default:
		}
		return ConvTraining.train(image, b.build(), null, () -> false).model();
	}

	/** Two channels of 10 slices of blobs, z step 2; {@code swapped}: the channels the other way round. */
	private static ImagePlus twoChannelVolume(final boolean swapped) {
		final ImagePlus a = SyntheticVolumes.blobs(10, 72, 2, 8), b = SyntheticVolumes.blobs(10, 72, 2, 9);
		final ij.ImageStack s = new ij.ImageStack(72, 72);
		for (int z = 1; z <= 10; z++) {
			s.addSlice(null, (swapped ? b : a).getStack().getProcessor(z));
			s.addSlice(null, (swapped ? a : b).getStack().getProcessor(z));
		}
		final ImagePlus imp = new ImagePlus(swapped ? "two channels swapped" : "two channel volume", s);
		imp.setDimensions(2, 10, 1);
		imp.setCalibration(a.getCalibration().copy());
		return imp;
	}

	/** The volume as 16 bits, its background at 0 and its blobs near 4,800. */
	private static ImagePlus sixteenBit(final ImagePlus volume) {
		final ij.ImageStack s = new ij.ImageStack(volume.getWidth(), volume.getHeight());
		for (int z = 1; z <= volume.getStackSize(); z++) {
			final ij.process.ImageProcessor ip = volume.getStack().getProcessor(z).duplicate();
			ip.subtract(100);
			ip.multiply(12);
			s.addSlice(null, ip.convertToShortProcessor(false));
		}
		final ImagePlus imp = new ImagePlus("16-bit volume", s);
		imp.setDimensions(1, s.getSize(), 1);
		imp.setCalibration(volume.getCalibration().copy());
		return imp;
	}

	/** Two channels of spots, 3 positions: an image-to-image source. */
	private static ImagePlus twoChannels() {
		final ImageStack s = new ImageStack(96, 96);
		for (int p = 0; p < 3; p++)
			for (int c = 0; c < 2; c++)
				s.addSlice(null, new FloatProcessor(96, 96, SyntheticImages.spots(96, 96, 20, 10 * p + c)));
		final ImagePlus imp = new ImagePlus("two channels", s);
		imp.setDimensions(2, 1, 3);
		return imp;
	}

	/** Three target channels computed from the source's two: sum, difference, square of the first. */
	private static ImagePlus threeChannels(final ImagePlus source) {
		final ImageStack s = new ImageStack(96, 96);
		for (int p = 0; p < 3; p++) {
			final float[] a = (float[]) source.getStack().getPixels(2 * p + 1);
			final float[] b = (float[]) source.getStack().getPixels(2 * p + 2);
			final float[][] t = new float[3][a.length];
			for (int i = 0; i < a.length; i++) {
				t[0][i] = a[i] + b[i];
				t[1][i] = 10 * (a[i] - b[i]);
				t[2][i] = a[i] * a[i];
			}
			for (final float[] plane : t)
				s.addSlice(null, new FloatProcessor(96, 96, plane));
		}
		final ImagePlus imp = new ImagePlus("three channels", s);
		imp.setDimensions(3, 1, 3);
		return imp;
	}

	/** The three channels of each position as an RGB stack, each scaled to 0..255. */
	private static ImagePlus rgb(final ImagePlus three) {
		final ImageStack s = new ImageStack(96, 96);
		for (int p = 0; p < 3; p++) {
			final ij.process.ColorProcessor cp = new ij.process.ColorProcessor(96, 96);
			final int[] px = (int[]) cp.getPixels();
			for (int c = 0; c < 3; c++) {
				final float[] v = (float[]) three.getStack().getPixels(3 * p + c + 1);
				float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
				for (final float x : v) {
					min = Math.min(min, x);
					max = Math.max(max, x);
				}
				for (int i = 0; i < v.length; i++)
					px[i] |= Math.round(255 * (v[i] - min) / (max - min)) << 8 * (2 - c);
			}
			s.addSlice(null, cp);
		}
		return new ImagePlus("rgb", s);
	}
}
