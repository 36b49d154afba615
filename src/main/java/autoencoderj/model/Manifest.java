package autoencoderj.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a user needs to reuse a model without guessing, stored as
 * {@code autoencoderj.json} beside DL4J's content in the model file. Field
 * names are the JSON keys: keep them stable, add freely.
 */
public final class Manifest {

	/** Identifies the file as an AutoencoderJ model. */
	public static final String FORMAT = "autoencoderj-model";
	/** Incremented when a change would make older readers misread a file. */
	public static final int FORMAT_VERSION = 1;

	/** Longest free text kept in a manifest (titles, versions, descriptions). */
	public static final int MAX_TEXT = 1000;

	/**
	 * {@code text} safe to print and to embed: control characters (line
	 * breaks, terminal escapes) replaced by {@code ?}, at most
	 * {@link #MAX_TEXT} characters; {@code null} stays {@code null}.
	 */
	public static String printable(final String text) {
		if (text == null) return null;
		final String p = text.replaceAll("\\p{Cc}", "?");
		return p.length() > MAX_TEXT ? p.substring(0, MAX_TEXT) + "..." : p;
	}

	public String format = FORMAT;
	public int formatVersion = FORMAT_VERSION;
	/** Version of the plugin that wrote the file. */
	public String pluginVersion;
	public String dl4jVersion = Versions.DL4J;
	/** ISO-8601 time the file was written. */
	public String created;

	/** An {@link Architecture}: {@code dense} or {@code convolutional}. */
	public String architecture;
	/** Dense: encoder layer sizes; the last is the code. */
	public int[] hidden;
	/** Convolutional: filters per encoder block. */
	public int[] filters;
	/** Convolutional: {@code repeat} or {@code deconvolution}. */
	public String upsampling;
	/** Convolutional: side of the training patches. */
	public int patch;
	/** Convolutional: whether the last decoder convolution is "valid" (Keras MNIST layout). */
	public boolean validLastConv;
	/** Convolutional: whether the decoder concatenates the encoder's outputs (U-Net). */
	public boolean skips;
	/** {@code 2d} (planes; absent in older files) or {@code 3d} (volumes: z slices of a stack). */
	public String dimensions;
	/** Volumes: depth of the training patches; {@link #patch} is their side in x and y. */
	public int patchZ;
	/** Volumes: how z was pooled (a {@link VolumePlan.Pooling}) and the plan it gave. */
	public String pooling;
	public boolean[] poolZ;
	public int[] kernelZ;
	/** Volumes: the training volume's voxel size {z, y, x}, in its calibration's unit. */
	public double[] voxelSize;
	/** Dense: smallest and largest value of each code unit over the training data. */
	public double[] codeMin, codeMax;
	/** Dense: the image size the network takes; convolutional: the patch size. */
	public int width, height, channels = 1;
	/** {@code autoencoder} (reproduces its input) or {@code image-to-image}. */
	public String task = Keys.of(Task.AUTOENCODER);
	/** Output channels of a convolutional network; 0 in older files, meaning {@link #channels}. */
	public int outChannels;
	/** Image to image: the source channel (1-based) trained on, 0 for all of them. */
	public int sourceChannel, targetChannel;
	/** Image to image: whether source or target were RGB (channels red, green, blue). */
	public boolean sourceRgb, targetRgb;
	/** Image to image: normalisation per input and per output channel. */
	public NormalizationInfo[] inputNormalizations, outputNormalizations;
	/** {@code xent} or {@code mse}. */
	public String loss;
	/** Output activation, {@code sigmoid} or {@code linear}. */
	public String output = Keys.of(Output.SIGMOID);

	public NormalizationInfo normalization = new NormalizationInfo();

	/** {@link #architecture}'s values. */
	public enum Architecture {
		DENSE, CONVOLUTIONAL
	}

	/** {@link #task}'s values. */
	public enum Task {
		AUTOENCODER, IMAGE_TO_IMAGE
	}

	/** {@link #output}'s values: the output layer's activation. */
	/**
	 * What denoising training learns from: noise added to the images
	 * ({@code added-noise}), or the images' own noise through blind spots
	 * ({@code blind-spot}, Noise2Void).
	 */
	public enum Objective {
		ADDED_NOISE, BLIND_SPOT
	}

	public enum Output {
		SIGMOID, LINEAR
	}

	/** Whether the network takes volumes {@code [batch, channels, z, y, x]}. */
	public boolean volumes() {
		return "3d".equals(dimensions);
	}

	public boolean convolutional() {
		return Keys.of(Architecture.CONVOLUTIONAL).equals(architecture);
	}

	public boolean imageToImage() {
		return Keys.of(Task.IMAGE_TO_IMAGE).equals(task);
	}

	public boolean sigmoidOutput() {
		return Keys.of(Output.SIGMOID).equals(output);
	}
	public NoiseInfo noise = new NoiseInfo();
	public TrainingInfo training = new TrainingInfo();

	/** Intensity mapping used in training, inverted on output. */
	public static final class NormalizationInfo {

		public String method = "percentile";
		public double lowPercentile, highPercentile, low, high;
	}

	/** Corruption of the denoising objective, in normalised units. */
	public static final class NoiseInfo {

		public String type = "none";
		public double sigma;
		/** Poisson scale: photons at normalised intensity 1; 0 without a Poisson part. */
		public double photons;
		/** An {@link Objective}: what the model learned to remove. */
		public String objective = Keys.of(Objective.ADDED_NOISE);
		/** Blind-spot: the fraction of each patch's pixels masked per step. */
		public double maskFraction;
		/** structN2V's line hidden with every blind spot ({@code x9}), or {@code null} for none. */
		public String structure;
	}

	/** How the weights came to be. */
	public static final class TrainingInfo {

		/** E.g. {@code MNIST sample: 1800 slices of 28x28, 8-bit}. */
		public String data;
		public int samples, validationSamples;
		public int epochs, batch;
		/** Convolutional: patch batches per epoch. */
		public int steps;
		/** How validation data was kept apart. */
		public String split;
		public double rate, validation;
		public long seed;
		/** The epoch of the lowest validation loss. */
		public int bestEpoch;
		/** The epoch whose weights the model holds; 0 in files from before schedules: {@link #bestEpoch}. */
		public int keptEpoch;
		/** Denoise Noisy Image's time budget that sized this training, in seconds; 0 for other trainings. */
		public double budgetSeconds;
		/**
		 * Blind-spot training: how much brighter than its input the trained
		 * network's output was on average, in normalised units, before the last
		 * layer's bias took it back; 0 for other trainings and older files.
		 */
		public double outputOffset;
		/** How the learning rate changed: constant, cosine or plateau; {@code null} in files from before: constant. */
		public String schedule;
		public boolean cancelled;
		/**
		 * The user stopped the run (the training window's Stop) after
		 * {@link #epochs} epochs of the ones asked; these weights are the best of those.
		 */
		public boolean stopped;
		/** Epochs the run was asked for; more than {@link #epochs} when it was stopped. */
		public int epochsAsked;
		public double finalTrainLoss, finalValidationLoss;
		/** The model this one continued from, or {@code null} if it started from random weights. */
		public String startedFrom;
		/** Epochs the weights had been trained before this run; {@link #epochs} were added. */
		public int epochsBefore;
		/**
		 * Written during a training, after {@link #epochs} epochs, with the weights
		 * and optimiser state of that moment, to be continued with {@code init}.
		 */
		public boolean checkpoint;
		/** This run continued a checkpoint: a training that was interrupted. */
		public boolean resumed;
		public List<Double> trainLoss = new ArrayList<>();
		public List<Double> validationLoss = new ArrayList<>();
	}
}
