package io.clipbatch.core.session;

/**
 * The device asked for cannot run a model on this machine (no CUDA provider in this ONNX Runtime
 * build, or CUDA failing to open): a setup problem that no retry of the task fixes. The message is
 * one line, {@code DEVICE: REASON}, so that the driver can find it in a failed task's report.
 */
public final class DeviceUnavailableException extends SessionException {
    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(Device device, String reason) {
        super(device + ": " + firstLine(reason));
    }

    public DeviceUnavailableException(Device device, String reason, Throwable cause) {
        super(device + ": " + firstLine(reason), cause);
    }

    private static String firstLine(String text) {
        String line = text == null ? "unknown reason" : text.strip();
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline).strip();
    }
}
