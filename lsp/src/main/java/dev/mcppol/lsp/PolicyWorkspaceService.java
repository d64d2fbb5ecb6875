package dev.mcppol.lsp;

import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.services.WorkspaceService;

/** Files changing outside the open documents (a new snapshot, an edited mcppol.yaml): every document is checked again. */
final class PolicyWorkspaceService implements WorkspaceService {

    private final Session session;

    PolicyWorkspaceService(Session session) {
        this.session = session;
    }

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
        session.recheckAll();
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
        session.recheckAll();
    }
}
