package org.nlsig.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nlsig.data.source.DataSpec.CifarSpec;
import org.nlsig.data.source.DataSpec.DownloadSpec;
import org.nlsig.data.source.DataSpec.IdxSpec;
import org.nlsig.data.source.DataSpec.ImageFolderSpec;
import org.nlsig.data.source.DataSpec.NpySpec;
import org.nlsig.data.source.DataSpec.RandomSpec;
import org.nlsig.io.UserInputException;

class DataSpecTest {
    @Test
    void parsesEveryKindIntoItsRecordWithTypedValues() {
        ImageFolderSpec f = assertInstanceOf(ImageFolderSpec.class, DataSpec.parse("imagefolder:/data/val"));
        assertEquals(Path.of("/data/val"), f.dir());

        IdxSpec idx = assertInstanceOf(IdxSpec.class, DataSpec.parse("idx:a.gz,b.gz"));
        assertEquals(Path.of("a.gz"), idx.images());
        assertEquals(Optional.of(Path.of("b.gz")), idx.labels());
        assertEquals(Optional.empty(), assertInstanceOf(IdxSpec.class, DataSpec.parse("idx:a.gz")).labels());

        NpySpec npy = assertInstanceOf(NpySpec.class, DataSpec.parse("npy: x.npy , y.npy"));
        assertEquals(Path.of("x.npy"), npy.file());
        assertEquals(Optional.of(Path.of("y.npy")), npy.labels());

        CifarSpec c = assertInstanceOf(CifarSpec.class, DataSpec.parse("cifar100:/d,split=train"));
        assertEquals(CifarSource.Variant.CIFAR100, c.variant());
        assertEquals(Path.of("/d"), c.location());
        assertEquals(Split.TRAIN, c.split());
        assertFalse(c.isDownload());
        CifarSpec c10 = assertInstanceOf(CifarSpec.class, DataSpec.parse("CIFAR10:/d"));
        assertEquals(CifarSource.Variant.CIFAR10, c10.variant());
        assertEquals(Split.TEST, c10.split());

        RandomSpec r = assertInstanceOf(RandomSpec.class, DataSpec.parse("random:3x32x32,seed=7,n=10"));
        assertEquals(List.of(3L, 32L, 32L), r.sampleShape());
        assertArrayEquals(new long[] {3, 32, 32}, r.shapeArray());
        assertEquals(7, r.seed());
        assertEquals(10, r.samples());
        RandomSpec defaults = assertInstanceOf(RandomSpec.class, DataSpec.parse("random:1X28X28"));
        assertEquals(List.of(1L, 28L, 28L), defaults.sampleShape());
        assertEquals(0, defaults.seed());
        assertEquals(RandomSpec.DEFAULT_SAMPLES, defaults.samples());

        DownloadSpec m = assertInstanceOf(DownloadSpec.class, DataSpec.parse("fashion-mnist,split=train"));
        assertTrue(m.isDownload());
        assertEquals("fashion-mnist", m.dataset());
        assertEquals(Split.TRAIN, m.split());
        DownloadSpec cifar = assertInstanceOf(DownloadSpec.class, DataSpec.parse("cifar10"));
        assertEquals("cifar10", cifar.dataset());
        assertEquals(Split.TEST, assertInstanceOf(DownloadSpec.class, DataSpec.parse("MNIST")).split());
    }

    @Test
    void textIsTheSpecAsGivenTrimmedAndParsesBackToAnEqualRecord() {
        // signature.json and run descriptions show text(): it must be what the user typed, not a normal form.
        for (String given : new String[] {"imagefolder:/data/val", "  CIFAR10:/d, split=TRAIN ", "idx:a.gz,b.gz",
            "npy:x.npy", "random:3x32x32", "random:3x32x32,n=10,seed=7", "mnist", "fashion-mnist , split=train"}) {
            DataSpec spec = DataSpec.parse(given);
            assertEquals(given.trim(), spec.text());
            assertEquals(spec, DataSpec.parse(spec.text()));
        }
    }

    @Test
    void recordsBuiltFromValuesHaveAText() {
        // The value constructors write the shortest spec that parses back to the same record.
        List<DataSpec> built = List.of(
                new ImageFolderSpec(Path.of("/data/val")),
                new CifarSpec(CifarSource.Variant.CIFAR100, Path.of("/d"), Split.TRAIN),
                new CifarSpec(CifarSource.Variant.CIFAR10, Path.of("/d/cifar-10-binary.tar.gz"), Split.TEST),
                new IdxSpec(Path.of("a.gz"), Optional.of(Path.of("b.gz"))),
                new NpySpec(Path.of("x.npy"), Optional.empty()),
                new RandomSpec(List.of(3L, 32L, 32L), 7, 10),
                new RandomSpec(List.of(100L), 0, RandomSpec.DEFAULT_SAMPLES),
                new DownloadSpec("mnist", Split.TEST),
                new DownloadSpec("cifar100", Split.TRAIN));
        List<String> texts = built.stream().map(DataSpec::text).toList();
        assertEquals(List.of("imagefolder:/data/val", "cifar100:/d,split=train", "cifar10:/d/cifar-10-binary.tar.gz",
                "idx:a.gz,b.gz", "npy:x.npy", "random:3x32x32,seed=7,n=10", "random:100", "mnist",
                "cifar100,split=train"), texts);
        for (DataSpec spec : built) {
            assertEquals(spec, DataSpec.parse(spec.text()));
        }
    }

    @Test
    void errorsShowTheSyntax() {
        for (String bad : new String[] {"", "imgfolder:/x", "cifar10:/a,/b", "random:3x32x32,colour=1", "npy:",
            "mnist,split=validation", "cifar", "random:3xax3", "idx:a,b,c", "random:3x0", "random:3,seed=x",
            "random:3,n=1,n=2", "mnist:/x", "mnist,extra", "imagefolder:/x,split=train"}) {
            UserInputException e = assertThrows(UserInputException.class, () -> DataSpec.parse(bad), bad);
            assertTrue(e.getMessage().contains("Data specs") && e.getMessage().contains("imagefolder:DIR"),
                    bad + " -> " + e.getMessage());
            assertTrue(e.getMessage().startsWith("bad data spec '" + bad + "': "), e.getMessage());
        }
        assertTrue(assertThrows(UserInputException.class, () -> DataSpec.parse("random:3,colour=1")).getMessage()
                .contains("unknown option 'colour' for random (allowed: seed, n)"));
        assertTrue(assertThrows(UserInputException.class, () -> DataSpec.parse("mnist,split=validation"))
                .getMessage().contains("unknown split 'validation' (use test or train)"));
    }
}
