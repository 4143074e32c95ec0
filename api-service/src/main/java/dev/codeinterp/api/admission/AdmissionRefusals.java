package dev.codeinterp.api.admission;

/** Port: told each execution the admission limits refused, with the limit that refused it. */
@FunctionalInterface
public interface AdmissionRefusals {

    AdmissionRefusals NONE = outcome -> { };

    void refused(Admission.Outcome outcome);
}
