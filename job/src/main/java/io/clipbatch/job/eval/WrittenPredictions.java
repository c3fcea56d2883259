package io.clipbatch.job.eval;

import io.clipbatch.job.RunProgress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Which (model, dataset) predictions an eval run has written, said in one line when it ends early. */
final class WrittenPredictions implements RunProgress.Report {
    private final String where;
    private final int pairs;
    private final List<String> complete = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    WrittenPredictions(String where, int pairs) {
        this.where = where;
        this.pairs = pairs;
    }

    /** The first write is under way: the output exists from now on. */
    void started() {
        started = true;
    }

    void complete(String pair) {
        complete.add(pair);
    }

    @Override
    public String written() {
        String which = complete.isEmpty() ? "none" : String.join(", ", complete);
        return "predictions complete for " + complete.size() + " of " + pairs + " model/dataset pairs (" + which
                + ") in " + where + ", no report yet";
    }

    @Override
    public RunProgress.Next next() {
        return started ? RunProgress.Next.OVERWRITE : RunProgress.Next.RERUN;
    }
}
