// Trains a denoising autoencoder on the bundled MNIST sample and denoises the digits.
// Fiji or ImageJ 1.x with AutoencoderJ: Plugins > Macros > Run...
// Argument (optional, e.g. with ImageJ's -batch): the folder for the model and the result;
// default: ImageJ's temporary folder.
folder = getArgument();
if (folder == "") folder = getDirectory("temp");
if (!endsWith(folder, File.separator)) folder = folder + File.separator;
model = folder + "mnist-denoiser.zip";
run("Open MNIST Sample");
sample = getTitle();
run("Train Autoencoder", "image=[" + sample + "] architecture=dense hidden=50 loss=xent noise=gaussian sigma=0.5 epochs=8 batch=64 rate=0.002 validation=0.1 seed=42 model=[" + model + "]");
selectImage(sample);
run("Denoise Image", "image=[" + sample + "] model=[" + model + "]");
saveAs("Tiff", folder + "mnist-denoised.tif");
print("denoised " + nSlices + " digits into " + folder + "mnist-denoised.tif");
// The same model as a BioImage Model Zoo package (ONNX weights) for deepImageJ, bioimageio.core,
// ilastik, QuPath or napari; its test input is a digit of the sample.
run("Export to BioImage.IO", "image=[" + sample + "] model=[" + model + "] output=[" + folder + "mnist-denoiser-bioimageio.zip] name=[MNIST denoiser] authors=[AutoencoderJ user]");
print("exported " + folder + "mnist-denoiser-bioimageio.zip");
