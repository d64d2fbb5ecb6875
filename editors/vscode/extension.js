// The VS Code side of mcppol: starts `mcppol lsp` (the language server in the mcppol CLI) over
// stdio and hands it policies (.mcppol) plus YAML/JSON files (the server checks only those that
// are Intercept or PolicyLayer policies, or mcppol.yaml). Everything else is the server's.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('mcppol');
  const command = config.get('server.command', ['mcppol', 'lsp']);
  const documentSelector = [{ scheme: 'file', language: 'mcppol' }];
  if (config.get('importedFormats', true)) {
    documentSelector.push(
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', pattern: '**/*.{yaml,yml}' },
      { scheme: 'file', language: 'json', pattern: '**/*.json' });
  }
  const serverOptions = {
    command: command[0],
    args: command.slice(1),
    transport: TransportKind.stdio,
    options: { cwd: vscode.workspace.workspaceFolders ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined }
  };
  const clientOptions = {
    documentSelector,
    synchronize: {
      // Snapshots and the project file: the server re-checks open policies when they change.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.json'),
        vscode.workspace.createFileSystemWatcher('**/mcppol.yaml')
      ]
    }
  };
  client = new LanguageClient('mcppol', 'mcppol language server', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
