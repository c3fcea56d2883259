package io.clipbatch.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1: one Master and Workers with one core each, every one
 * its own JVM started from the Maven build's jars. Each Worker offers one GPU found by the real
 * discovery script ({@code submit/gpu-discovery.sh}) through a fake {@code nvidia-smi}, so the
 * job runs under Spark's GPU resource scheduling as on a GPU cluster (it runs on the CPU).
 */
final class StandaloneCluster implements AutoCloseable {
    static final String WORKER_MEMORY = "1200m";

    final SparkHome home;
    final String masterUrl;
    private final Path dir;
    private final int uiPort;
    private final JvmProcess master;
    private final List<JvmProcess> workers = new ArrayList<>();

    private StandaloneCluster(SparkHome home, Path dir, int port, int uiPort, JvmProcess master) {
        this.home = home;
        this.dir = dir;
        this.masterUrl = "spark://127.0.0.1:" + port;
        this.uiPort = uiPort;
        this.master = master;
    }

    static StandaloneCluster start(SparkHome home, Path dir, int workerCount) throws Exception {
        Files.createDirectories(dir);
        int port = JvmProcess.freePort();
        int uiPort = JvmProcess.freePort();
        JvmProcess master = JvmProcess.start(home, "256m", List.of(), "org.apache.spark.deploy.master.Master",
                List.of("--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(uiPort)),
                Map.of(), Project.logs().resolve("master.log"));
        StandaloneCluster cluster = new StandaloneCluster(home, dir, port, uiPort, master);
        for (int i = 0; i < workerCount; i++) {
            cluster.workers.add(null);
            cluster.startWorker(i);
        }
        cluster.awaitAliveWorkers(workerCount);
        return cluster;
    }

    /** Starts (or restarts) worker {@code index}, which reports GPU address {@code index}. */
    void startWorker(int index) throws IOException {
        Path workDir = Files.createDirectories(dir.resolve("worker-" + index));
        Path fakeGpus = Files.createDirectories(dir.resolve("fake-gpu-" + index));
        Path smi = fakeGpus.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\necho " + index + "\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> flags = List.of(
                "-Dspark.worker.resource.gpu.amount=1",
                "-Dspark.worker.resource.gpu.discoveryScript=" + Project.ROOT.resolve("submit/gpu-discovery.sh"));
        JvmProcess worker = JvmProcess.start(home, "256m", flags, "org.apache.spark.deploy.worker.Worker",
                List.of("--host", "127.0.0.1", "--cores", "1", "--memory", WORKER_MEMORY,
                        "--work-dir", workDir.toString(), "--webui-port", String.valueOf(JvmProcess.freePort()),
                        masterUrl),
                Map.of("PATH", fakeGpus + ":" + System.getenv("PATH")),
                Project.logs().resolve("worker-" + index + ".log"));
        workers.set(index, worker);
    }

    /**
     * The worker that runs executor {@code executorId} of the newest application (application ids sort
     * by start time, and executor ids restart at 0 in each), or -1 before its folder exists.
     */
    int workerOfExecutor(String executorId) throws IOException {
        String newest = "";
        int worker = -1;
        for (int i = 0; i < workers.size(); i++) {
            Path workDir = dir.resolve("worker-" + i);
            if (!Files.isDirectory(workDir)) {
                continue;
            }
            try (Stream<Path> apps = Files.list(workDir)) {
                for (Path app : apps.filter(a -> a.getFileName().toString().startsWith("app-")).toList()) {
                    String name = app.getFileName().toString();
                    if (name.compareTo(newest) > 0) {
                        newest = name;
                        worker = -1;
                    }
                    if (name.equals(newest) && Files.isDirectory(app.resolve(executorId))) {
                        worker = i;
                    }
                }
            }
        }
        return worker;
    }

    /** Kills a Worker and its executor JVM, as a machine failure would. */
    void killWorker(int index) throws InterruptedException {
        workers.get(index).kill();
    }

    void awaitAliveWorkers(int count) throws Exception {
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*" + count + "\\b");
        awaitMasterState(alive, count + " alive workers");
    }

    /**
     * Waits until the Master has no running application and every executor process has exited: the
     * Master forgets a killed driver's executors at once, while their processes may still finish a
     * task and commit its file.
     */
    void awaitNoActiveApplications() throws Exception {
        awaitMasterState(Pattern.compile("\"activeapps\"\\s*:\\s*\\[\\s*\\]"), "no running application");
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (ProcessHandle.current().descendants().anyMatch(StandaloneCluster::isExecutor)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("executors still running after their application ended; see "
                        + Project.logs());
            }
            Thread.sleep(200);
        }
    }

    private static boolean isExecutor(ProcessHandle process) {
        return process.info().commandLine().map(line -> line.contains("CoarseGrainedExecutorBackend")).orElse(false);
    }

    private void awaitMasterState(Pattern state, String what) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (state.matcher(json).find()) {
                    return;
                }
            } catch (IOException e) {
                // the Master is not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the cluster did not reach " + what + "; see " + Project.logs());
    }

    /** Every log the cluster wrote: daemons and executors (the Workers' work directories). */
    List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>();
        try (var files = Files.walk(dir)) {
            files.filter(p -> p.getFileName().toString().matches("stderr|stdout")).forEach(logs::add);
        }
        try (var files = Files.list(Project.logs())) {
            files.forEach(logs::add);
        }
        return logs;
    }

    @Override
    public void close() throws Exception {
        for (JvmProcess worker : workers) {
            if (worker != null) {
                worker.kill();
            }
        }
        master.kill();
    }
}
