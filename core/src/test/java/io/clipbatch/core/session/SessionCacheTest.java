package io.clipbatch.core.session;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.clipbatch.core.Golden;
import io.clipbatch.core.bundle.Bundle;
import org.junit.jupiter.api.Test;

class SessionCacheTest {

    private static final SessionSettings CPU = new SessionSettings(Device.CPU, 1, 8);

    @Test
    void sharesOneModelPerBundleAndSettings() {
        ClipModel first = SessionCache.get(Bundle.load(Golden.model(Golden.IMMICH)), CPU);
        ClipModel again = SessionCache.get(Bundle.load(Golden.model(Golden.IMMICH)), CPU);
        assertSame(first, again);
        assertNotSame(first, SessionCache.get(Bundle.load(Golden.model(Golden.IMMICH)), new SessionSettings(Device.CPU, 1, 4)));
        assertNotSame(first, SessionCache.get(Bundle.load(Golden.model(Golden.HF)), CPU));
    }

    @Test
    void replacesAModelSomeoneClosed() {
        Bundle bundle = Bundle.load(Golden.model(Golden.HF));
        ClipModel first = SessionCache.get(bundle, new SessionSettings(Device.CPU, 1, 2));
        first.close();
        ClipModel second = SessionCache.get(bundle, new SessionSettings(Device.CPU, 1, 2));
        assertNotSame(first, second);
        second.encodeImages(new float[3 * 224 * 224], 1);
    }
}
