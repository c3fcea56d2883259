package io.clipbatch.core.image;

/**
 * The Pillow image modes a decoded file can have. The mode decides how Pillow resizes (palette and
 * bilevel images only with NEAREST, alpha images premultiplied) and how it converts to RGB at the end,
 * so the Java pipeline keeps the image in the same mode until then.
 */
public enum PillowMode {
    /** Bilevel; Pillow stores it as bytes 0 or 255 (any non-zero byte is white). */
    BILEVEL("1", 1),
    L("L", 1),
    /** Palette indices; the palette travels with the image. */
    P("P", 1),
    /** 32-bit signed integers (16-bit PNGs); stored in {@link PillowImage#ints()}. */
    I("I", 1),
    LA("LA", 2),
    RGB("RGB", 3),
    RGBA("RGBA", 4),
    /** RGB plus a padding band (TIFFs with an unspecified extra sample); resized band by band, dropped by RGB. */
    RGBX("RGBX", 4),
    CMYK("CMYK", 4);

    private final String pillowName;
    private final int bands;

    PillowMode(String pillowName, int bands) {
        this.pillowName = pillowName;
        this.bands = bands;
    }

    /** The mode's name as Pillow spells it. */
    public String pillowName() {
        return pillowName;
    }

    /** Samples per pixel in the byte layout (1 for {@link #I}, whose samples are ints). */
    public int bands() {
        return bands;
    }

    public boolean hasAlpha() {
        return this == LA || this == RGBA;
    }
}
