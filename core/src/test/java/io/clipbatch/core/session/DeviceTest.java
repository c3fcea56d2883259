package io.clipbatch.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.clipbatch.core.Golden;
import io.clipbatch.core.bundle.Bundle;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DeviceTest {

    @Test
    void parsesDeviceNames() {
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertEquals(Device.AUTO, Device.parse(" auto "));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(3), Device.parse("cuda:3"));
        assertEquals("cuda:3", Device.cuda(3).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertEquals("unknown device 'tpu' (expected cpu, auto, cuda or cuda:N)", e.getMessage());
    }

    @Test
    void onlyAutoCanBeTheDefaultAndTheGpuKeepsHowItWasAsked() {
        assertFalse(Device.DEFAULT.explicit());
        assertTrue(Device.parse("auto").explicit());
        assertEquals(new Device(Device.Kind.AUTO, 2, false), Device.DEFAULT.onGpu(2));
        assertEquals(Device.cuda(1), Device.cuda(0).onGpu(1));
        assertEquals(Device.CPU, Device.CPU.onGpu(1));
        assertThrows(IllegalArgumentException.class, () -> new Device(Device.Kind.CUDA, 0, false));
    }

    @Test
    void defaultAutoFallsBackToTheCpuWithOneInfoLine() {
        assertEquals(List.of(Level.INFO), fallbackNotes(SessionSettings.defaults()));
    }

    @Test
    void explicitAutoFallsBackToTheCpuWithOneWarning() {
        assertEquals(List.of(Level.WARNING), fallbackNotes(new SessionSettings(Device.AUTO, 0, SessionSettings.DEFAULT_MAX_BATCH)));
    }

    /** The levels of what opening both towers, twice, logs about AUTO's fallback. */
    private static List<Level> fallbackNotes(SessionSettings settings) {
        assumeFalse(DeviceSupport.cudaInThisBuild(), "this ONNX Runtime build has CUDA; the fallback is not reachable");
        Logger logger = Logger.getLogger(OrtSessions.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        boolean parents = logger.getUseParentHandlers();
        Level level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        OrtSessions.resetFallbackWarning();
        Bundle bundle = Bundle.load(Golden.model(Golden.IMMICH));
        try {
            for (int run = 0; run < 2; run++) {
                try (ClipModel model = ClipModel.open(bundle, new SessionSettings(settings.device(), 1, settings.maxBatchSize()))) {
                    assertEquals(Device.CPU, model.imageDevice());
                    assertEquals(Device.CPU, model.textDevice());
                }
            }
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(level);
            logger.setUseParentHandlers(parents);
        }
        for (LogRecord record : records) {
            assertEquals("Device auto: this ONNX Runtime build has no CUDA provider; running CLIP on the CPU.",
                    record.getMessage());
        }
        return records.stream().map(LogRecord::getLevel).toList();
    }

    @Test
    void explicitCudaWithoutProviderFailsClearly() {
        assumeFalse(DeviceSupport.cudaInThisBuild(), "this ONNX Runtime build has CUDA");
        Bundle bundle = Bundle.load(Golden.model(Golden.IMMICH));
        try (ClipModel model = ClipModel.open(bundle, new SessionSettings(Device.cuda(0), 0, SessionSettings.DEFAULT_MAX_BATCH))) {
            DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                    () -> model.encodeImages(new float[0], 0));
            assertEquals("cuda:0: this ONNX Runtime build has no CUDA provider", e.getMessage());
        }
        assertThrows(DeviceUnavailableException.class, () -> DeviceSupport.require(Device.cuda(0)));
        DeviceSupport.require(Device.AUTO);
        DeviceSupport.require(Device.CPU);
    }
}
