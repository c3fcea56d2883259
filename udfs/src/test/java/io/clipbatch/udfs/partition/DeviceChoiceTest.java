package io.clipbatch.udfs.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/**
 * The CUDA device a task uses, from the resources Spark gives it: the map is what
 * {@code TaskContext.resourcesJMap()} returns on an executor with GPU scheduling.
 */
class DeviceChoiceTest {
    static Map<String, ResourceInformation> taskResources(String name, String... addresses) {
        return Map.of(name, new ResourceInformation(name, addresses));
    }

    @Test
    void theAssignedGpuAddressIsTheCudaDevice() {
        assertEquals(0, DeviceChoice.gpuId(taskResources("gpu", "0")));
        assertEquals(3, DeviceChoice.gpuId(taskResources("gpu", "3")));
        assertEquals(1, DeviceChoice.gpuId(taskResources("gpu", " 1 ")), "discovery output may carry spaces");
    }

    @Test
    void aTaskWithSeveralGpusUsesTheFirst() {
        assertEquals(2, DeviceChoice.gpuId(taskResources("gpu", "2", "3")));
    }

    @Test
    void noGpuSchedulingMeansDeviceZero() {
        assertEquals(0, DeviceChoice.gpuId(null), "local mode: no TaskContext resources");
        assertEquals(0, DeviceChoice.gpuId(Map.of()), "an executor without resources");
        assertEquals(0, DeviceChoice.gpuId(taskResources("fpga", "7")), "other resources do not count");
        assertEquals(0, DeviceChoice.gpuId(taskResources("gpu")), "a GPU resource with no address");
    }

    @Test
    void anAddressThatIsNotADeviceIdSaysWhatToFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceChoice.gpuId(taskResources("gpu", "GPU-8f3a")));
        assertTrue(e.getMessage().contains("'GPU-8f3a'") && e.getMessage().contains("discovery script"),
                e.getMessage());
    }
}
