package io.clipbatch.job.cli;

import io.clipbatch.udfs.UserError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Spark settings shared by every command that runs a job. */
public final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master when not launched by spark-submit (default: local[*]).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, e.g. spark.hadoop.fs.s3a.endpoint=...; repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    /** The session: spark-submit's settings win, ours fill in, local[*] when nothing says otherwise. */
    public SparkSession session(String appName) {
        return session(appName, Map.of());
    }

    /** As above, with settings of the command's own that {@code --conf} and spark-submit still override. */
    public SparkSession session(String appName, Map<String, String> commandDefaults) {
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined() && master == null && conf.isEmpty()) {
            return running.get();
        }
        SparkConf sparkConf = new SparkConf();
        for (Map.Entry<String, String> setting : conf.entrySet()) {
            if (!setting.getKey().startsWith("spark.")) {
                throw new UserError("--conf " + setting.getKey() + ": Spark settings start with 'spark.'");
            }
            sparkConf.set(setting.getKey(), setting.getValue());
        }
        if (master != null) {
            sparkConf.setMaster(master);
        } else if (!sparkConf.contains("spark.master")) {
            sparkConf.setMaster("local[*]");
        }
        commandDefaults.forEach(sparkConf::setIfMissing);
        sparkConf.setIfMissing("spark.app.name", appName);
        sparkConf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return SparkSession.builder().config(sparkConf).getOrCreate();
    }
}
