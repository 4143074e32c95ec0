package dev.codeinterp.worker.sandbox.agent;

import java.io.IOException;
import java.io.InputStream;

/** An input file to copy into the sandbox: where it goes, how big it is, and its bytes when needed. */
public interface InputContent {

    String path();

    long size();

    InputStream open() throws IOException;
}
