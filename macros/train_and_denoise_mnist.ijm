// Trains a denoising autoencoder on the bundled MNIST sample and denoises it.
// Runs in Fiji with AutoencoderJ installed (Plugins > Macros > Run...).
model = getDirectory("temp") + "mnist-denoiser.zip";
run("Open MNIST Sample");
sample = getTitle();
run("Train Autoencoder", "image=[" + sample + "] architecture=dense hidden=50 noise=gaussian sigma=0.5 epochs=10 batch=64 rate=0.002 validation=0.1 seed=42 model=[" + model + "]");
selectImage(sample);
run("Denoise Image", "image=[" + sample + "] model=[" + model + "]");
