/**
 * n8n-core reads its configuration from the environment when its services are first built,
 * so this module must be imported before anything from n8n-core: binary data goes to a
 * throwaway folder in filesystem mode, as in a default n8n install.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const userFolder = mkdtempSync(join(tmpdir(), 'dg-harness-'));
// Each test process gets its own folder (binary data of large uploads included): gone on exit.
process.on('exit', () => rmSync(userFolder, { recursive: true, force: true }));

process.env.N8N_USER_FOLDER ??= userFolder;
process.env.N8N_ENCRYPTION_KEY ??= 'harness-encryption-key';
process.env.N8N_DEFAULT_BINARY_DATA_MODE ??= 'filesystem';
process.env.N8N_BINARY_DATA_STORAGE_PATH ??= join(userFolder, 'binaryData');
process.env.N8N_BINARY_DATA_SIGNING_SECRET ??= 'harness-signing-secret';
// n8n-core logs every node error it sees; tests assert on those errors instead.
process.env.N8N_LOG_LEVEL ??= 'silent';

export const harnessUserFolder = process.env.N8N_USER_FOLDER;
