package io.clipbatch.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What real data lakes hold besides good photos: broken, odd, hostile and huge files. Each entry is
 * made here (or taken from the core's committed golden inputs) and says what the job must make of
 * it: an embedding, or a row whose {@code error} matches a pattern. Nothing may crash a task.
 */
final class BadInputCorpus {
    /** A file of the corpus; {@code bytes} null means listed in the manifest but gone before the job reads it. */
    record Entry(String name, byte[] bytes, String expectedError) {
        boolean shouldEmbed() {
            return expectedError == null;
        }
    }

    private BadInputCorpus() {}

    static List<Entry> entries() throws IOException {
        byte[] photo = TestImages.encode(TestImages.picture(7, 320, 240), "jpg");
        List<Entry> corpus = new ArrayList<>();
        // Broken or not images at all.
        corpus.add(new Entry("truncated.jpg", Arrays.copyOf(photo, photo.length / 2), "decode: .*"));
        corpus.add(new Entry("zero-bytes.jpg", golden("empty.jpg"), "decode: .*"));
        corpus.add(new Entry("random-bytes.jpg", golden("random.bin"), "decode: .*"));
        corpus.add(new Entry("saved-page.html.jpg", golden("page.html.jpg"), "decode: .*"));
        corpus.add(new Entry("notes.txt", text("not an image, but listed in the manifest\n"), "decode: .*"));
        corpus.add(new Entry("drawing.svg", text("<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'>"
                + "<circle cx='32' cy='32' r='30' fill='red'/></svg>"), "decode: .*"));
        corpus.add(new Entry("iphone.heic", heicHeader(), "decode: .*"));
        corpus.add(new Entry("truncated.png", golden("truncated.png"), "decode: .*"));
        // Hostile: headers that promise more pixels than memory holds; refused before decoding.
        corpus.add(new Entry("bomb.png", Png.bomb(100_000, 100_000), "decode: too many pixels.*"));
        corpus.add(new Entry("bomb.jpg", jpegDeclaring(photo, 65_000, 65_000), "decode: too many pixels.*"));
        // Gone between listing and reading; a prefix listed as if it were a file.
        corpus.add(new Entry("deleted-after-listing.jpg", null, "read: no such file"));
        corpus.add(new Entry("a-folder", null, "read: .*"));
        // Odd but valid: every one must embed.
        corpus.add(new Entry("cmyk.jpg", golden("chelsea_cmyk.jpg"), null));
        corpus.add(new Entry("ycck.jpg", golden("ycck.jpg"), null));
        corpus.add(new Entry("progressive.jpg", golden("coffee_progressive.jpg"), null));
        corpus.add(new Entry("exif-rotated.jpg", golden("exif_rot6.jpg"), null));
        corpus.add(new Entry("one-pixel.jpg", golden("odd_1x1.jpg"), null));
        corpus.add(new Entry("gray16.png", golden("gray16.png"), null));
        corpus.add(new Entry("rgb48.png", golden("rgb16.png"), null));
        corpus.add(new Entry("palette-transparency.png", golden("palette_trns.png"), null));
        corpus.add(new Entry("one-bit.png", golden("bilevel_1bit.png"), null));
        corpus.add(new Entry("gray-alpha.png", golden("gray_alpha_LA.png"), null));
        corpus.add(new Entry("animated.gif", golden("anim.gif"), null));
        corpus.add(new Entry("lossy.webp", golden("lossy.webp"), null));
        corpus.add(new Entry("lossless-alpha.webp", golden("lossless_alpha.webp"), null));
        corpus.add(new Entry("gray.bmp", golden("gray8.bmp"), null));
        // TIFF: the JDK writer's uncompressed RGB and a few of the core's golden layouts embed; lossy
        // JPEG-in-TIFF is refused with its reason.
        corpus.add(new Entry("scan.tiff", TestImages.encode(TestImages.picture(11, 200, 150), "tiff"), null));
        corpus.add(new Entry("lzw-predictor.tif", golden("rgb_lzw_predictor.tif"), null));
        corpus.add(new Entry("group4.tif", golden("bilevel_group4.tif"), null));
        corpus.add(new Entry("cmyk.tif", golden("cmyk_lzw.tif"), null));
        corpus.add(new Entry("jpeg-compressed.tif", golden("jpeg.tif"),
                "decode: unsupported TIFF \\(JPEG compression\\)"));
        corpus.add(new Entry("jpeg-named.png", photo, null));
        corpus.add(new Entry("huge-12000x8000.png", Png.rgbRamps(12_000, 8_000), null));
        corpus.add(new Entry("holiday photos/café ünïcødé 写真 (1).jpg", photo, null));
        return corpus;
    }

    private static byte[] golden(String name) throws IOException {
        return Files.readAllBytes(Project.GOLDEN_INPUTS.resolve(name));
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /** The start of an ISO-BMFF HEIC file: what an iPhone export looks like to a sniffing reader. */
    private static byte[] heicHeader() {
        byte[] bytes = new byte[64];
        byte[] box = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e',
            'i', 'c'};
        System.arraycopy(box, 0, bytes, 0, box.length);
        return bytes;
    }

    /** A real JPEG whose frame header (SOF) claims {@code width x height}. */
    private static byte[] jpegDeclaring(byte[] jpeg, int width, int height) {
        byte[] bytes = jpeg.clone();
        for (int i = 2; i + 9 < bytes.length; i++) {
            int marker = bytes[i + 1] & 0xFF;
            if ((bytes[i] & 0xFF) == 0xFF && (marker == 0xC0 || marker == 0xC2)) {
                bytes[i + 5] = (byte) (height >> 8);
                bytes[i + 6] = (byte) height;
                bytes[i + 7] = (byte) (width >> 8);
                bytes[i + 8] = (byte) width;
                return bytes;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }
}
