package io.sparsa.cli;

import picocli.CommandLine;

/** Version line from the jar manifest, with the JVM that runs it. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SparsaCli.class.getPackage().getImplementationVersion();
        return new String[]{"sparsa " + (v == null ? "(development build)" : v),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
