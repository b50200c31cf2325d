package io.sparsa.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the errors of native loading into something a user can act on. JCuda reports a failed
 * load as one {@link UnsatisfiedLinkError} whose message nests the stack traces of its attempts;
 * the dynamic loader's own line in there ("libcuda.so.1: cannot open shared object file") names
 * the library that is really missing.
 */
final class CuFailures {
    private static final Pattern MISSING_SO = Pattern.compile("(lib[\\w.+-]*?\\.so(?:\\.\\d+)*): cannot open shared object file");
    private static final Pattern MISSING_DLL = Pattern.compile("([\\w.+-]+\\.dll)");

    private CuFailures() {
    }

    /** Every message in the chain of causes and suppressed throwables, outermost first. */
    static String allText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>();
        todo.add(t);
        while (!todo.isEmpty()) {
            Throwable x = todo.remove(0);
            if (x == null || !seen.add(x)) {
                continue;
            }
            sb.append(x).append('\n');
            todo.add(x.getCause());
            Collections.addAll(todo, x.getSuppressed());
        }
        return sb.toString();
    }

    /** The shared library the dynamic loader could not find, if the failure says so. */
    static String missingLibrary(Throwable t) {
        String text = allText(t);
        Matcher m = MISSING_SO.matcher(text);
        if (m.find()) {
            return m.group(1);
        }
        if (text.contains("Can't find dependent libraries")) {
            Matcher d = MISSING_DLL.matcher(text);
            return d.find() ? d.group(1) : "a DLL it depends on";
        }
        return null;
    }

    /** One line: the missing library, or the first line of the failure. */
    static String describeLoadFailure(Throwable t) {
        String lib = missingLibrary(t);
        if (lib != null) {
            return lib + " could not be loaded (not found by the dynamic loader)";
        }
        return firstLine(t);
    }

    /**
     * The failure to keep as a probe's cause: JCuda's load errors carry whole stack traces in
     * their message, which would flood every line that prints the reason. They are replaced by
     * an error with the dynamic loader's one line (or the first line) whose cause is the original.
     */
    static Throwable concise(Throwable t) {
        String msg = t.getMessage();
        if (!(t instanceof UnsatisfiedLinkError) || msg == null || msg.indexOf('\n') < 0) {
            return t;
        }
        String line = msg.lines().filter(l -> l.contains("cannot open shared object file")).findFirst()
                .orElse(msg.lines().findFirst().orElse(msg)).trim();
        int colon = line.indexOf("UnsatisfiedLinkError: ");
        if (colon >= 0) {
            line = line.substring(colon + "UnsatisfiedLinkError: ".length());
        }
        UnsatisfiedLinkError short1 = new UnsatisfiedLinkError(line);
        short1.initCause(t);
        return short1;
    }

    /** {@code ClassName: first line of the message}. */
    static String firstLine(Throwable t) {
        String msg = t.getMessage();
        if (msg == null) {
            return t.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? msg : msg.substring(0, nl)).trim();
    }
}
