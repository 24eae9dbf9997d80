package io.healthmon.api;

/** Re-reads the configuration and, when it is valid, runs it in place of the current one. */
public interface Reloader {

    /** @param trigger what asked for it ("SIGHUP", "api"), for the log */
    ReloadResult reload(String trigger);
}
