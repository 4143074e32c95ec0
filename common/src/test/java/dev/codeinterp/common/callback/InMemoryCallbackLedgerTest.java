package dev.codeinterp.common.callback;

import dev.codeinterp.common.job.InMemoryJobStore;

class InMemoryCallbackLedgerTest extends CallbackLedgerContract {

    @Override
    protected void newStores() {
        jobs = new InMemoryJobStore();
        ledger = new InMemoryCallbackLedger(jobs);
    }
}
