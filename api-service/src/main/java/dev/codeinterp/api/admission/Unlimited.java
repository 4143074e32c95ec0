package dev.codeinterp.api.admission;

import java.time.Instant;

/** Admission when every limit is off: admits everything without touching Redis. */
final class Unlimited implements AdmissionControl {

    @Override
    public Admission admit(JobSlot slot, Instant now) {
        return Admission.admitted();
    }

    @Override
    public void release(JobSlot slot) {
        // nothing was held
    }
}
