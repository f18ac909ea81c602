package org.nlsig.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nlsig.data.preprocess.Preprocessing;
import org.nlsig.data.preprocess.Presets;

/** --preset fashion-mnist is exactly the normalisation the bundled demo models were trained with. */
class DemoPresetTest {
    @TempDir
    Path dir;

    @Test
    void theFashionMnistPresetIsTheDemoModelsNormalisation() throws IOException {
        Preprocessing preset = Presets.byName("fashion-mnist");
        assertEquals(org.nlsig.data.preprocess.Resize.NONE, preset.resize());
        assertEquals(org.nlsig.data.preprocess.CropSize.NONE, preset.crop());
        for (DemoAssets.DemoModel m : DemoAssets.extract(dir).models()) {
            assertArrayEquals(new float[] {m.mean()}, preset.mean(), m.name());
            assertArrayEquals(new float[] {m.std()}, preset.std(), m.name());
        }
    }
}
