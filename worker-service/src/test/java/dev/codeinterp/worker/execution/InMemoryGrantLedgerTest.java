package dev.codeinterp.worker.execution;

import dev.codeinterp.common.files.GrantLedger;
import dev.codeinterp.common.files.GrantLedgerContract;

/** Keeps the unit tests' grant ledger double honest: it must behave like the real adapter. */
class InMemoryGrantLedgerTest extends GrantLedgerContract {

    @Override
    protected GrantLedger newLedger() {
        return new InMemoryGrantLedger();
    }
}
