package dev.mcppol.runtime.approval;

class MemoryApprovalStoreTest extends ApprovalsContract {
    @Override
    ApprovalStore newStore() {
        return new MemoryApprovalStore();
    }

    @Override
    ApprovalStore reopen(ApprovalStore store) {
        return store;
    }
}
