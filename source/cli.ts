import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {helpText} from './ui/help.js';

/**
The one place that decides the exit code and exits. Kept small so `--help` and `--version` answer
without loading the app.
*/
async function main(argv: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			options: {help: {type: 'boolean', short: 'h'}, version: {type: 'boolean', short: 'v'}},
			allowPositionals: true,
		});
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nRun \`claude-setup --help\` for usage.\n`);
		return 2;
	}

	if (parsed.values.help) {
		process.stdout.write(helpText);
		return 0;
	}

	if (parsed.values.version) {
		process.stdout.write(`${__CLAUDE_SETUP_VERSION__}\n`);
		return 0;
	}

	if (parsed.positionals.length > 0) {
		process.stderr.write(`Unknown command: ${parsed.positionals.join(' ')}\nRun \`claude-setup --help\` for usage.\n`);
		return 2;
	}

	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write(
			'claude-setup needs an interactive terminal, and this is not one (stdin or stdout is redirected).\n' +
				'Run it directly in a terminal. A scripted mode with flags is not built in this version yet.\n',
		);
		return 2;
	}

	const {runWizard} = await importInteractive();
	// The helper is built next to this file (dist/api-key-helper.mjs) and copied out at commit time.
	return runWizard({helperScriptPath: fileURLToPath(new URL('api-key-helper.mjs', import.meta.url))});
}

/**
Ink decides once, when it is loaded, whether it runs in CI (any CI or CONTINUOUS_INTEGRATION
variable) and then draws only a final frame, which traps a person who has CI=true exported in a real
terminal. We only get here with a terminal on both ends, so hide those variables while Ink loads.
*/
async function importInteractive() {
	const hidden = {CI: process.env['CI'], CONTINUOUS_INTEGRATION: process.env['CONTINUOUS_INTEGRATION']};
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	try {
		return await import('./wizard.js');
	} finally {
		for (const [name, value] of Object.entries(hidden)) {
			if (value !== undefined) {
				process.env[name] = value;
			}
		}
	}
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A keychain call stuck in a worker thread must not keep a finished wizard alive; the timer is
// unref'd, so it only fires when something still holds the process open.
setTimeout(() => {
	process.exit(code);
}, 1000).unref();
