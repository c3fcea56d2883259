/**
 * Image bytes to CLIP's input tensor, reproducing OpenAI's {@code clip._transform} on Pillow 9.4 and
 * torchvision 0.14 bit for bit.
 *
 * <p>The pipeline ({@link io.clipbatch.core.image.Preprocessor}) follows the reference step by step and
 * keeps each step's own arithmetic: decode into the Pillow mode the file opens as
 * ({@code ImageDecoder} and one decoder per format), resize with Pillow's filters and quirks
 * ({@code Resampler}, {@code ResampleKernel}, {@code NearestScaler}, {@code Premultiplied}), centre crop
 * or pad ({@code CenterCrop}, sizes from {@code ResizeGeometry}), {@code convert("RGB")}
 * ({@code RgbConversion}), then ToTensor and Normalize ({@code Normalizer}).
 *
 * <p>Exactness is measured against golden vectors made by {@code tools/make_golden_images.py}: decoded
 * pixels equal Pillow's for every PNG, GIF, BMP, lossless WebP, TIFF and JPEG test file (the JDK's libjpeg
 * and Pillow's libjpeg-turbo agree on islow IDCT, fancy upsampling and colour conversion, which are done
 * here from raw components); lossy WebP equals Pillow's when libwebp is installed ({@code LibWebp},
 * optional, bound through JNA), else TwelveMonkeys decodes it within measured bounds.
 * TIFF layouts that cannot be matched exactly (JPEG-compressed, 16-bit, float, planar, rotated) are refused
 * with a reason ({@code TiffDecoder}).
 *
 * <p>Speed without giving that up: grey and colour JPEGs go through libjpeg-turbo itself when its
 * TurboJPEG library is installed ({@code TurboJpeg}, optional, bound through JNA), and the resampler
 * computes only the window the centre crop keeps, with its sums laid out so the JIT vectorizes them
 * ({@code Resampler}); both are checked bit for bit. {@link io.clipbatch.core.image.PreprocessMode#FAST}
 * trades exactness for speed on large JPEGs by decoding them shrunk in the DCT domain ({@code JpegScale}).
 */
package io.clipbatch.core.image;
