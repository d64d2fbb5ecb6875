package dev.mcppol.runtime.approval;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileApprovalStoreTest extends ApprovalsContract {
    @TempDir
    Path dir;
    private int n;

    @Override
    ApprovalStore newStore() {
        return new FileApprovalStore(dir.resolve("store" + (n++)));
    }

    @Override
    ApprovalStore reopen(ApprovalStore store) {
        return new FileApprovalStore(((FileApprovalStore) store).dir());
    }
}
