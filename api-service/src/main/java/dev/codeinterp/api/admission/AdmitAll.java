package dev.codeinterp.api.admission;

import java.time.Instant;

/** The admission control for when every limit is off: admits every job and holds nothing, so needs no Redis. */
public final class AdmitAll implements AdmissionControl {

    @Override
    public Admission admit(JobSlot slot, Instant now) {
        return Admission.admitted();
    }

    @Override
    public void release(JobSlot slot) {
        // nothing was held
    }
}
