package dev.nightjar.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The committed icon renders the installers use: every PNG decodes at its size, the .ico and
 * .icns hold the sizes the platforms ask for, and all were rendered from the SVGs as they are now.
 */
class IconFilesTest {

    private static final Path ICONS = Path.of(System.getProperty("installer.icons", "../../icons"));
    private static final List<Integer> PNG_SIZES = List.of(16, 24, 32, 48, 64, 128, 256, 512);

    @Test
    void everyPngDecodesAtTheSizeInItsName() throws IOException {
        for (int size : PNG_SIZES) {
            BufferedImage image = decode(Files.readAllBytes(ICONS.resolve("png/nightjar-" + size + ".png")));
            assertThat(image.getWidth()).as("width of nightjar-%d.png", size).isEqualTo(size);
            assertThat(image.getHeight()).as("height of nightjar-%d.png", size).isEqualTo(size);
            assertThat(image.getColorModel().hasAlpha()).as("nightjar-%d.png has transparent corners", size).isTrue();
            assertThat(image.getRGB(0, 0) >>> 24).as("corner alpha of nightjar-%d.png", size).isLessThan(255);
        }
    }

    @Test
    void theRendersMatchTheCurrentSvgSources() throws IOException, NoSuchAlgorithmException {
        List<String> lines = Files.readAllLines(ICONS.resolve("rendered-from.sha256"));
        assertThat(lines).as("rendered-from.sha256 names both SVGs").hasSize(2);
        for (String line : lines) {
            String[] parts = line.split("\\s+\\*?", 2);
            byte[] svg = Files.readAllBytes(ICONS.resolve(parts[1]));
            String now = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(svg));
            assertThat(now).as(parts[1] + " changed since the PNGs were rendered: run icons/render.sh and commit")
                    .isEqualTo(parts[0]);
        }
    }

    @Test
    void theIcoDirectoryListsSevenSizesAndEachEntryDecodes() throws IOException {
        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(ICONS.resolve("nightjar.ico")))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(ico.getShort(0)).as("ICO reserved field").isZero();
        assertThat(ico.getShort(2)).as("ICO type 1 = icon").isEqualTo((short) 1);
        int count = ico.getShort(4);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int entry = 6 + 16 * i;
            int width = Byte.toUnsignedInt(ico.get(entry));
            sizes.add(width == 0 ? 256 : width); // 0 means 256 in an ICO directory
            int length = ico.getInt(entry + 8);
            int offset = ico.getInt(entry + 12);
            assertThat(offset + (long) length).as("entry %d lies inside the file", i).isLessThanOrEqualTo(ico.capacity());
        }
        assertThat(sizes).containsExactlyInAnyOrder(16, 24, 32, 48, 64, 128, 256);
    }

    @Test
    void theIcnsHoldsAPngForEachRetinaFreeSlot() throws IOException {
        byte[] bytes = Files.readAllBytes(ICONS.resolve("nightjar.icns"));
        ByteBuffer icns = ByteBuffer.wrap(bytes); // big-endian
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("icns");
        assertThat(icns.getInt(4)).as("ICNS total length").isEqualTo(bytes.length);
        Map<String, Integer> expected = Map.of("icp4", 16, "icp5", 32, "icp6", 64, "ic07", 128, "ic08", 256, "ic09", 512);
        List<String> seen = new ArrayList<>();
        int at = 8;
        while (at < bytes.length) {
            String type = new String(bytes, at, 4, StandardCharsets.US_ASCII);
            int length = icns.getInt(at + 4);
            assertThat(length).as("length of %s", type).isGreaterThan(8);
            byte[] png = java.util.Arrays.copyOfRange(bytes, at + 8, at + length);
            BufferedImage image = decode(png);
            assertThat(image.getWidth()).as("%s width", type).isEqualTo(expected.get(type));
            seen.add(type);
            at += length;
        }
        assertThat(at).as("entries end exactly at the file's end").isEqualTo(bytes.length);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image).as("decodes as an image").isNotNull();
        return image;
    }
}
