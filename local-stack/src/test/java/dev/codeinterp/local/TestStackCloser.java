package dev.codeinterp.local;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Closes the shared end-to-end stack when the test plan ends (a JUnit Platform service of this module's tests). */
public final class TestStackCloser implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        TestStack.close();
    }
}
