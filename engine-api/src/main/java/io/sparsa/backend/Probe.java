package io.sparsa.backend;

import java.util.List;

/**
 * What a provider's {@link BackendProvider#probe()} found: available with its devices, or
 * unavailable with a reason a user can act on and the first underlying cause.
 *
 * @param available whether {@link BackendProvider#create} can succeed
 * @param reason    why not (null when available)
 * @param cause     the first throwable behind the reason, if any
 * @param devices   one line per usable device (empty when unavailable)
 * @param details   extra lines for {@code sparsa backends} (implementation notes, paths in use)
 */
public record Probe(boolean available, String reason, Throwable cause, List<String> devices, List<String> details) {
    public Probe {
        devices = List.copyOf(devices);
        details = List.copyOf(details);
    }

    public static Probe available(List<String> devices, List<String> details) {
        return new Probe(true, null, null, devices, details);
    }

    public static Probe unavailable(String reason, Throwable cause) {
        return new Probe(false, reason, cause, List.of(), List.of());
    }

    /** The reason with its first cause, for messages. */
    public String fullReason() {
        if (available) {
            return "available";
        }
        if (cause == null || (cause.getMessage() != null && reason.contains(cause.getMessage()))) {
            return reason;
        }
        return reason + " (" + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")";
    }
}
