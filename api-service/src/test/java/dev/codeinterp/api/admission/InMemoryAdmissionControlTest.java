package dev.codeinterp.api.admission;

/** Keeps the tests' admission double honest: it must behave like the Redis adapter. */
class InMemoryAdmissionControlTest extends AdmissionControlContract {

    @Override
    protected AdmissionControl newAdmissionControl(AdmissionLimits limits) {
        return new InMemoryAdmissionControl(limits);
    }
}
