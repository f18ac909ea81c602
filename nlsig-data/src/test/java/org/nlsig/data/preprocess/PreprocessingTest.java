package org.nlsig.data.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nlsig.data.image.PixelImage;
import org.nlsig.io.UserInputException;

class PreprocessingTest {
    private static PixelImage ramp(int w, int h) {
        byte[] px = new byte[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) i;
        }
        return new PixelImage(w, h, 1, px);
    }

    @Test
    void shorterSideRuleTruncatesLikeTorchvision() {
        Preprocessing p = Presets.byName("imagenet");
        assertArrayEquals(new int[] {341, 256}, p.resizedSize(500, 375)); // 256*500/375 = 341.33
        assertArrayEquals(new int[] {256, 397}, p.resizedSize(333, 517)); // 397.45
        assertArrayEquals(new int[] {1280, 256}, p.resizedSize(1000, 200));
        assertArrayEquals(new int[] {256, 256}, p.resizedSize(10, 10));
    }

    @Test
    void centerCropRoundsHalfToEvenAndPadsSmallImages() {
        // (7 - 4) / 2 = 1.5 rounds to 2 (Python round), (5 - 4) / 2 = 0.5 rounds to 0.
        PixelImage c = Preprocessing.centerCrop(ramp(7, 5), 4, 4);
        assertEquals(2, c.get(0, 0, 0));
        // 2x2 into 5x5: pad left/top (5-2)//2 = 1, right/bottom 2.
        PixelImage padded = Preprocessing.centerCrop(ramp(2, 2), 5, 5);
        assertEquals(0, padded.get(0, 0, 0));
        assertEquals(0, padded.get(1, 1, 0));
        assertEquals(1, padded.get(2, 1, 0));
        assertEquals(3, padded.get(2, 2, 0));
        assertEquals(0, padded.get(3, 3, 0));
    }

    @Test
    void nearestPicksFloorOfCentre() {
        // 6 -> 4: source index floor((x + 0.5) * 1.5) = 0, 2, 3, 5
        PixelImage out = Resampler.resize(ramp(6, 1), 4, 1, Interpolation.NEAREST);
        assertArrayEquals(new byte[] {0, 2, 3, 5}, out.pixels());
    }

    @Test
    void normalisationIsTorchvisionFloat32Arithmetic() {
        Preprocessing p = Presets.byName("imagenet");
        PixelImage one = new PixelImage(1, 1, 3, new byte[] {(byte) 255, 0, (byte) 128});
        float[] t = new Preprocessing("t", 0, 0, Interpolation.BILINEAR, Presets.IMAGENET_MEAN, Presets.IMAGENET_STD)
                .toTensor(one, 3);
        assertEquals((1f - 0.485f) / 0.229f, t[0], 0f);
        assertEquals((0f - 0.456f) / 0.224f, t[1], 0f);
        assertEquals((128 / 255f - 0.406f) / 0.225f, t[2], 0f);
        assertEquals(CropSize.square(224), p.crop());
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        UserInputException e = assertThrows(UserInputException.class, () -> Presets.byName("resnet9000"));
        assertEquals(true, e.getMessage().contains("imagenet") && e.getMessage().contains("efficientnet_b7"));
    }
}
