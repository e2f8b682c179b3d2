// @ts-check
'use strict';
/** Loopback port helpers: everything the n8n scripts start binds to 127.0.0.1 only. */
const net = require('node:net');

const HOST = '127.0.0.1';

/**
 * A port the OS reports free on 127.0.0.1 right now (it is released before returning, so a
 * second process can bind it; there is a small window in which something else could take it).
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, HOST, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
		});
	});
}

/**
 * Whether nothing listens on 127.0.0.1:port.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function isPortFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, HOST, () => server.close(() => resolve(true)));
	});
}

/**
 * `preferred` when it is free, else any free loopback port.
 * @param {number} preferred
 * @returns {Promise<number>}
 */
async function preferredOrFreePort(preferred) {
	return (await isPortFree(preferred)) ? preferred : freePort();
}

module.exports = { HOST, freePort, isPortFree, preferredOrFreePort };
