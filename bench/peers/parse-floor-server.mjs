// The floor over stdio: a language server on the same library as ours (vscode-languageserver) that keeps the
// open documents (incremental sync), parses a document at each pull (jsonc-parser or yaml, as the bench's parse
// floor does) and answers with no diagnostics, completion or hover: what any server pays to be told of a
// keystroke and answer a pull, plus one parse, and nothing else.
import { createConnection, DocumentDiagnosticReportKind, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from '../parsers.mjs';

const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
    completionProvider: {},
    hoverProvider: true,
  },
}));

connection.languages.diagnostics.on((params) => {
  const document = documents.get(params.textDocument.uri);
  if (document) parse[document.languageId]?.(document.getText());
  return { kind: DocumentDiagnosticReportKind.Full, items: [] };
});
connection.onCompletion(() => null);
connection.onHover(() => null);

documents.listen(connection);
connection.listen();
