// The package's entry point: the built node and credential classes, by class name. n8n loads
// the same files through package.json's `n8n` section (a unit test keeps the two lists equal).
// Static requires only: n8n's scanner forbids `path` and `__dirname` in published code.
module.exports = {
	...require('./dist/credentials/DeepgramApi.credentials.js'),
	...require('./dist/nodes/Deepgram/DeepgramTranscribe.node.js'),
	...require('./dist/nodes/Deepgram/DeepgramCallbackTrigger.node.js'),
	...require('./dist/nodes/Deepgram/DeepgramUsageByTag.node.js'),
};
