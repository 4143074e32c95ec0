package dev.codeinterp.common.files;


/** Keeps the unit tests' grant ledger double honest: it must behave like the real adapter. */
class InMemoryGrantLedgerTest extends GrantLedgerContract {

    @Override
    protected GrantLedger newLedger() {
        return new InMemoryGrantLedger();
    }
}
