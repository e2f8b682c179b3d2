// @ts-check
'use strict';
/**
 * Lets plain Node require the harness and the node sources (TypeScript) the way ts-jest does for
 * the engine tests: transpiled on require, no type check, no build step. Require this first.
 */
const fs = require('fs');
const ts = require('typescript');

/** @type {Partial<Record<string, (module: NodeJS.Module, filename: string) => void>>} */
const extensions = require.extensions;

if (!extensions['.ts']) {
	// `.ts` must come before `.json` so `X.node` resolves to X.node.ts, not the codex X.node.json.
	const loadJson = extensions['.json'];
	delete extensions['.json'];
	extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				useDefineForClassFields: false,
			},
			fileName: filename,
		});
		/** @type {{ _compile(code: string, file: string): void }} */ (/** @type {unknown} */ (module))._compile(outputText, filename);
	};
	extensions['.json'] = loadJson;
}
