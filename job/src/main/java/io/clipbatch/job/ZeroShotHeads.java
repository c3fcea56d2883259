package io.clipbatch.job;

import io.clipbatch.core.bundle.Bundle;
import io.clipbatch.core.session.ClipModel;
import io.clipbatch.core.session.Device;
import io.clipbatch.core.session.SessionCache;
import io.clipbatch.core.session.SessionSettings;
import io.clipbatch.core.tokenizer.ClipTokenizer;
import io.clipbatch.core.zeroshot.ZeroShotHead;
import java.util.List;

/** Runs the text tower once, on the driver, to turn class names and templates into a head to broadcast. */
public final class ZeroShotHeads {
    private ZeroShotHeads() {}

    public static ZeroShotHead build(Bundle bundle, Device device, int intraOpThreads,
                                     List<String> classes, List<String> templates) {
        ClipModel model = SessionCache.get(bundle,
                new SessionSettings(device, intraOpThreads, SessionSettings.DEFAULT_MAX_BATCH));
        ClipTokenizer tokenizer = bundle.tokenizer();
        return ZeroShotHead.build(classes, templates, model,
                prompts -> tokenizer.tokenize(prompts, bundle.contextLength()));
    }
}
