#!/usr/bin/env node
// Kept tiny and free of modern syntax so that old Node versions reach the friendly message
// instead of a syntax error. CommonJS, because Node starts a CommonJS file without its ES module
// loader: `--version` then costs no more than starting Node, and every command starts sooner.
'use strict';

var major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
	process.stderr.write(
		'claude-setup needs Node.js 20 or newer; this is Node.js ' + process.versions.node + '.\n' +
		'Update Node.js (https://nodejs.org), or install Claude Code with its native installer, which needs no Node.js:\n' +
		'  curl -fsSL https://claude.ai/install.sh | bash\n' +
		'  (Windows PowerShell: irm https://claude.ai/install.ps1 | iex)\n'
	);
	process.exit(1);
}

var args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
	// Answered here, without loading the app: asking the version should cost no more than starting Node.
	writeOut(require('../package.json').version + '\n');
} else {
	if (args.length === 0) {
		showStarting();
	}

	start();
}

// Straight to the file descriptor: the first use of process.stdout creates its stream (a socket when
// stdout is a pipe), which costs more than everything else `--version` does (about 5 ms).
function writeOut(text) {
	try {
		require('fs').writeSync(1, text);
	} catch (error) {
		// A non-blocking pipe that is full: let the stream wait for it. A reader that has gone (EPIPE)
		// wants nothing more.
		if (error && error.code === 'EAGAIN') {
			process.stdout.write(text);
		}
	}
}

// The bare command in a terminal is the wizard. Its code takes a moment to load, so say something at
// once, and turn the terminal's echo off (raw mode) so keys typed meanwhile wait, unechoed, for the
// wizard instead of landing on its first screen. The wizard erases the line before it draws;
// source/cli.ts does the same for the other ways in (--preset, --interactive, team).
function showStarting() {
	if (process.stdin.isTTY && process.stdout.isTTY) {
		process.stdin.setRawMode(true);
		process.stdout.write('claude-setup: starting\u2026');
		globalThis[Symbol.for('claude-setup.starting-shown')] = true;
	}
}

function start() {
	import('../dist/cli.js').catch(function (error) {
		if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).indexOf('dist/cli.js') !== -1) {
			process.stderr.write('claude-setup is not built yet: run `npm run build` first.\n');
		} else {
			process.stderr.write(String(error && error.stack || error) + '\n');
		}

		process.exit(1);
	});
}
