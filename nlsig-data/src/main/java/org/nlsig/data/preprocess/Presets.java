package org.nlsig.data.preprocess;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nlsig.io.UserInputException;

/**
 * The evaluation transforms of torchvision's pretrained weights (the {@code transforms} of each
 * {@code *_Weights.IMAGENET1K_*} entry), by name, plus {@code raw} (to tensor only, for CIFAR and MNIST) and
 * {@code fashion-mnist} (to tensor, normalised with the Fashion-MNIST training set's mean and std: what the demo's
 * bundled models were trained with).
 */
public final class Presets {
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private static final Map<String, Preprocessing> PRESETS = build();

    private Presets() {
    }

    private static Map<String, Preprocessing> build() {
        Map<String, Preprocessing> m = new LinkedHashMap<>();
        imagenet(m, "imagenet", 256, 224, Interpolation.BILINEAR);
        imagenet(m, "inception", 342, 299, Interpolation.BILINEAR);
        imagenet(m, "resnet50-v2", 232, 224, Interpolation.BILINEAR);
        imagenet(m, "efficientnet_b0", 256, 224, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_b1", 256, 240, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_b2", 288, 288, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_b3", 320, 300, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_b4", 384, 380, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_b5", 456, 456, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_b6", 528, 528, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_b7", 600, 600, Interpolation.BICUBIC);
        imagenet(m, "efficientnet_v2_s", 384, 384, Interpolation.BILINEAR);
        imagenet(m, "efficientnet_v2_m", 480, 480, Interpolation.BILINEAR);
        m.put("efficientnet_v2_l", new Preprocessing("efficientnet_v2_l", 480, 480, Interpolation.BICUBIC,
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}));
        imagenet(m, "vit", 256, 224, Interpolation.BILINEAR);
        imagenet(m, "vit_b_16_swag", 384, 384, Interpolation.BICUBIC);
        imagenet(m, "vit_l_16_swag", 512, 512, Interpolation.BICUBIC);
        imagenet(m, "vit_h_14", 518, 518, Interpolation.BICUBIC);
        imagenet(m, "convnext", 236, 224, Interpolation.BILINEAR);
        imagenet(m, "convnext_tiny", 236, 224, Interpolation.BILINEAR);
        imagenet(m, "convnext_small", 230, 224, Interpolation.BILINEAR);
        imagenet(m, "convnext_base", 232, 224, Interpolation.BILINEAR);
        imagenet(m, "convnext_large", 232, 224, Interpolation.BILINEAR);
        imagenet(m, "swin", 232, 224, Interpolation.BICUBIC);
        imagenet(m, "swin_t", 232, 224, Interpolation.BICUBIC);
        imagenet(m, "swin_s", 246, 224, Interpolation.BICUBIC);
        imagenet(m, "swin_b", 238, 224, Interpolation.BICUBIC);
        imagenet(m, "maxvit_t", 224, 224, Interpolation.BICUBIC);
        m.put("raw", new Preprocessing("raw", 0, 0, Interpolation.BILINEAR, new float[0], new float[0]));
        // The Fashion-MNIST training set's pixel mean and std (the demo models' normalisation; tools/train_demo_models.py)
        m.put("fashion-mnist", new Preprocessing("fashion-mnist", 0, 0, Interpolation.BILINEAR,
                new float[] {0.2860406f}, new float[] {0.35302424f}));
        return Collections.unmodifiableMap(m);
    }

    private static void imagenet(Map<String, Preprocessing> m, String name, int resize, int crop, Interpolation in) {
        m.put(name, new Preprocessing(name, resize, crop, in, IMAGENET_MEAN, IMAGENET_STD));
    }

    /** All presets in a stable order (for help texts). */
    public static Map<String, Preprocessing> all() {
        return PRESETS;
    }

    public static Preprocessing byName(String name) {
        Preprocessing p = PRESETS.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new UserInputException("unknown preset '" + name + "'; presets: " + String.join(", ", PRESETS.keySet()));
        }
        return p;
    }

    /**
     * The preprocessing a command line asks for: a preset, free parameters, or both (free parameters override the
     * preset's). Returns null when nothing is given, so each source uses its default.
     *
     * @param preset        a preset name or null
     * @param resize        the resize, or null (the preset's, else none)
     * @param crop          the center crop, or null (the preset's, else none)
     * @param interpolation nearest, bilinear or bicubic, or null (the preset's, else bilinear)
     * @param mean          per-channel mean or null (the preset's, else ImageNet's); empty = no normalisation
     * @param std           per-channel std or null, as mean
     */
    public static Preprocessing resolve(String preset, Resize resize, CropSize crop, String interpolation,
                                        float[] mean, float[] std) {
        if (preset == null && resize == null && crop == null && interpolation == null && mean == null && std == null) {
            return null;
        }
        Preprocessing base = preset != null ? byName(preset) : null;
        if (base != null && resize == null && crop == null && interpolation == null && mean == null && std == null) {
            return base;
        }
        Resize r = resize != null ? resize : base != null ? base.resize() : Resize.NONE;
        CropSize c = crop != null ? crop : base != null ? base.crop() : CropSize.NONE;
        Interpolation in = interpolation != null ? Interpolation.parse(interpolation)
                : base != null ? base.interpolation() : Interpolation.BILINEAR;
        float[] m = mean != null ? mean : base != null ? base.mean() : IMAGENET_MEAN;
        float[] s = std != null ? std : base != null ? base.std() : IMAGENET_STD;
        String name = (base != null ? base.name() + " with " : "custom ") + "resize=" + r.token() + ",crop="
                + c.token() + "," + in.displayName();
        return new Preprocessing(name, r, c, in, m, s);
    }

    /** Free parameters with ImageNet normalisation: "resize R, crop C, interpolation". */
    public static Preprocessing custom(int resize, int crop, Interpolation interpolation, float[] mean, float[] std) {
        String name = "custom resize=" + resize + ",crop=" + crop + "," + interpolation.displayName();
        return new Preprocessing(name, resize, crop, interpolation, mean, std);
    }
}
