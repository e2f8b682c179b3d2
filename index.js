// The package's entry point: every node and credential class that package.json's `n8n`
// section lists, loaded from the build, by class name. n8n itself loads the same files
// through that section; this lets `require('n8n-nodes-deepgram-callback')` reach them too.
const path = require('path');
const { n8n } = require('./package.json');

function load(files) {
	return Object.assign({}, ...files.map((file) => require(path.join(__dirname, file))));
}

module.exports = { ...load(n8n.credentials), ...load(n8n.nodes) };
