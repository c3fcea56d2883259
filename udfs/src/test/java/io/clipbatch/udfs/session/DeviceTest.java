package io.clipbatch.udfs.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.clipbatch.udfs.Golden;
import io.clipbatch.udfs.bundle.Bundle;
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
    void autoFallsBackToTheCpuWithOneWarning() {
        assumeFalse(OrtSessions.cudaInThisBuild(), "this ONNX Runtime build has CUDA; the fallback is not reachable");
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
        logger.setUseParentHandlers(false);
        logger.addHandler(capture);
        OrtSessions.resetFallbackWarning();
        try (ClipModel model = ClipModel.open(Bundle.load(Golden.model(Golden.IMMICH)),
                SessionSettings.defaults().withIntraOpThreads(1))) {
            assertEquals(Device.CPU, model.imageDevice());
            assertEquals(Device.CPU, model.textDevice());
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(parents);
        }
        assertEquals(1, records.size(), "one warning for two towers");
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertEquals("Device auto: this ONNX Runtime build has no CUDA provider; running CLIP on the CPU.",
                records.get(0).getMessage());
    }

    @Test
    void explicitCudaWithoutProviderFailsClearly() {
        assumeFalse(OrtSessions.cudaInThisBuild(), "this ONNX Runtime build has CUDA");
        Bundle bundle = Bundle.load(Golden.model(Golden.IMMICH));
        try (ClipModel model = ClipModel.open(bundle, SessionSettings.defaults().withDevice(Device.cuda(0)))) {
            SessionException e = assertThrows(SessionException.class, () -> model.encodeImages(new float[0], 0));
            assertTrue(e.getMessage().startsWith("Cannot run " + bundle.visualModel() + " on cuda:0: this ONNX "
                    + "Runtime build has no CUDA provider"), e.getMessage());
        }
    }
}
