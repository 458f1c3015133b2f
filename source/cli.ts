import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {scriptableInstallMethods} from './core/install/scriptable.js';
import {maskSecretsInText} from './core/secrets/mask.js';
import type {CommandName} from './ui/help.js';
import type {Preset} from './core/team/preset.js';

/**
`claude-setup [command] [flags]`: parses the command line and is the one place that exits. Commands
are imported only when run, so `--help` and `--version` answer without loading the app, and the help
text itself is imported only when it is shown: the wizard's first screen waits for everything this
file loads.
*/

type Options = NonNullable<ParseArgsConfig['options']>;

const help = {help: {type: 'boolean', short: 'h'}} as const satisfies Options;

const setupOptions = {
	...help,
	version: {type: 'boolean', short: 'v'},
	interactive: {type: 'boolean'},
	auth: {type: 'string'},
	'api-key-stdin': {type: 'boolean'},
	scope: {type: 'string'},
	'secret-storage': {type: 'string'},
	'skip-key-check': {type: 'boolean'},
	install: {type: 'string'},
	yes: {type: 'boolean'},
	'dry-run': {type: 'boolean'},
	'no-verify': {type: 'boolean'},
	preset: {type: 'string'},
} as const satisfies Options;

const commandOptions = {
	doctor: {...help, verbose: {type: 'boolean', short: 'v'}, json: {type: 'boolean'}, fix: {type: 'boolean'}},
	status: {...help, json: {type: 'boolean'}, verify: {type: 'boolean'}},
	logout: {...help, scope: {type: 'string'}, yes: {type: 'boolean'}, 'dry-run': {type: 'boolean'}},
	undo: {...help, yes: {type: 'boolean'}, 'dry-run': {type: 'boolean'}},
	team: {...help},
} as const satisfies Record<CommandName, Options>;

const scopes = ['user', 'project', 'local'] as const;
const backends = ['keychain', 'file'] as const;

/** Flags someone might try to hand a key through; refused with the reason, before anything else. */
const secretFlag = /^--?(?:api[-_]?key|anthropic[-_]api[-_]key|key|token|secret)(?:=|$)/i;

class UsageError extends Error {}

function isCommand(name: string | undefined): name is CommandName {
	return name !== undefined && Object.hasOwn(commandOptions, name);
}

async function main(argv: string[]): Promise<number> {
	if (argv.some(argument => secretFlag.test(argument))) {
		const {secretArgumentRefusal} = await import('./ui/help.js');
		process.stderr.write(secretArgumentRefusal);
		return 2;
	}

	const first = argv[0];
	const command = first !== undefined && !first.startsWith('-') ? first : undefined;
	if (command !== undefined && !isCommand(command)) {
		throw new UsageError(`Unknown command: ${command}. Commands: ${Object.keys(commandOptions).join(', ')}.`);
	}

	if (command === undefined) {
		return runSetup(argv);
	}

	const args = argv.slice(1);
	if (args.some(argument => argument === '--help' || argument === '-h')) {
		parse(args, commandOptions[command], command);
		const {commandHelp} = await import('./ui/help.js');
		process.stdout.write(commandHelp[command]);
		return 0;
	}

	const io = commandIo();
	switch (command) {
		case 'doctor': {
			const {values} = parse(args, commandOptions.doctor, command);
			if (values.fix === true && !(await lockRun(argv, io))) {
				return 1;
			}

			// ---- doctor wiring: source/commands/doctor.ts is written alongside this CLI ----
			const {runDoctor} = await import('./commands/doctor.js');
			return runDoctor({verbose: values.verbose === true, json: values.json === true, fix: values.fix === true, takeLock: async () => lockRun(argv, io)}, io);
		}

		case 'status': {
			const {values} = parse(args, commandOptions.status, command);
			const {runStatus} = await import('./commands/status.js');
			return runStatus({json: values.json === true, askClaude: values.verify === true}, io);
		}

		case 'logout': {
			const {values} = parse(args, commandOptions.logout, command);
			const scope = values.scope === undefined ? undefined : choice(values.scope, scopes, '--scope');
			if (values['dry-run'] !== true && !(await lockRun(argv, io))) {
				return 1;
			}

			const {runLogout} = await import('./commands/logout.js');
			return runLogout({scope, yes: values.yes === true, dryRun: values['dry-run'] === true}, io);
		}

		case 'undo': {
			const {values} = parse(args, commandOptions.undo, command);
			if (values['dry-run'] !== true && !(await lockRun(argv, io))) {
				return 1;
			}

			const {runUndo} = await import('./commands/undo.js');
			return runUndo({yes: values.yes === true, dryRun: values['dry-run'] === true}, io);
		}

		case 'team': {
			parse(args, commandOptions.team, command);
			if (!io.isInteractive) {
				process.stderr.write('claude-setup team asks its questions in an interactive terminal, and this is not one (stdin or stdout is redirected).\n');
				return 2;
			}

			if (!(await lockRun(argv, io))) {
				return 1;
			}

			const {runWizard} = await importInteractive();
			return runWizard({helperScriptPath: io.helperScriptPath, mode: 'admin'});
		}
	}
}

/** No command: the wizard in a terminal, the scripted setup when answers come as flags or there is no terminal. */
async function runSetup(argv: string[]): Promise<number> {
	const {values} = parse(argv, setupOptions, undefined);
	if (values.help) {
		const {helpText} = await import('./ui/help.js');
		process.stdout.write(helpText);
		return 0;
	}

	if (values.version) {
		process.stdout.write(`${__CLAUDE_SETUP_VERSION__}\n`);
		return 0;
	}

	const answers = (['auth', 'api-key-stdin', 'scope', 'secret-storage', 'skip-key-check', 'install', 'yes', 'dry-run', 'no-verify'] as const).filter(
		name => values[name] !== undefined,
	);
	const io = commandIo();
	if (values.preset !== undefined && answers.length > 0) {
		throw new UsageError(`--preset runs the interactive wizard, which does not take answers as flags (${answers.map(name => `--${name}`).join(', ')}).`);
	}

	if (values.interactive && answers.length > 0) {
		throw new UsageError(`--interactive runs the wizard, which does not take answers as flags (${answers.map(name => `--${name}`).join(', ')}). Drop one or the other.`);
	}

	if (values.interactive || (answers.length === 0 && io.isInteractive)) {
		if (!io.isInteractive) {
			process.stderr.write('claude-setup --interactive needs an interactive terminal, and this is not one (stdin or stdout is redirected).\n');
			return 2;
		}

		let preset: Preset | undefined;
		if (values.preset !== undefined) {
			const {loadPreset} = await import('./adapters/preset-source.js');
			const loaded = await loadPreset(values.preset, {cwd: io.cwd, home: process.env['HOME'] ?? ''});
			if (!loaded.ok) {
				process.stderr.write(`claude-setup: ${loaded.message}\nNothing was changed.\n`);
				return 2;
			}

			preset = loaded.preset;
		}

		// The wizard's code starts loading at once, and the lock is taken while it loads (reading the
		// code's files leaves the main thread waiting, and the lock is a few synchronous calls); the
		// lock is held before the first screen, so a second wizard never shows one.
		const loading = importInteractive();
		if (!(await lockRun(argv, io))) {
			loading.catch(() => undefined);
			return 1;
		}

		const {runWizard} = await loading;
		return runWizard({helperScriptPath: io.helperScriptPath, ...(preset ? {preset} : {})});
	}

	if (values.preset !== undefined) {
		throw new UsageError('--preset runs the interactive wizard (teammates answer their own questions there): run it in a terminal, without answer flags.');
	}

	if (values['dry-run'] !== true && !(await lockRun(argv, io))) {
		return 1;
	}

	const {runScriptedSetup} = await import('./commands/scripted-setup.js');
	return runScriptedSetup(
		{
			auth: values.auth,
			apiKeyStdin: values['api-key-stdin'] === true,
			scope: choice(values.scope ?? 'user', scopes, '--scope'),
			secretStorage: values['secret-storage'] === undefined ? undefined : choice(values['secret-storage'], backends, '--secret-storage'),
			skipKeyCheck: values['skip-key-check'] === true,
			yes: values.yes === true,
			dryRun: values['dry-run'] === true,
			verify: values['no-verify'] !== true,
			install: values.install === undefined ? undefined : choice(values.install, scriptableInstallMethods, '--install'),
		},
		io,
	);
}

/**
Every command that writes holds the run lock (adapters/run-lock.ts) from here until the process
ends; a second one stops here, exit code 1, before it has touched anything. Read-only commands and
dry runs never take it.
*/
async function lockRun(argv: readonly string[], io: ReturnType<typeof commandIo>): Promise<boolean> {
	const {takeRunLock} = await import('./adapters/run-lock.js');
	const command = maskSecretsInText(['claude-setup', ...argv].join(' ')).slice(0, 200);
	const taken = await takeRunLock({env: io.env, cwd: io.cwd, helperScriptPath: io.helperScriptPath, command});
	if (taken.lines.length > 0) {
		clearStarting();
	}

	for (const line of taken.lines) {
		process.stderr.write(`${line}\n`);
	}

	return taken.ok;
}

function parse<T extends Options>(args: string[], options: T, command: CommandName | undefined) {
	try {
		return parseArgs({args, options, allowPositionals: false, strict: true});
	} catch (error) {
		const where = command === undefined ? 'claude-setup' : `claude-setup ${command}`;
		throw new UsageError(`${error instanceof Error ? error.message : String(error)}\nRun \`${where} --help\` for usage.`);
	}
}

function choice<T extends string>(value: string, allowed: readonly T[], flag: string): T {
	const found = allowed.find(candidate => candidate === value);
	if (found === undefined) {
		throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}".`);
	}

	return found;
}

/** The process as the commands see it. The helper is built next to this file (dist/api-key-helper.cjs). */
function commandIo() {
	return {
		stdout: process.stdout,
		stderr: process.stderr,
		stdin: process.stdin,
		env: process.env,
		cwd: process.cwd(),
		helperScriptPath: fileURLToPath(new URL('api-key-helper.cjs', import.meta.url)),
		isInteractive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
	};
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
	showStarting();
	try {
		return await import('./wizard.js');
	} finally {
		clearStarting();
		for (const [name, value] of Object.entries(hidden)) {
			if (value !== undefined) {
				process.env[name] = value;
			}
		}
	}
}

const startingShown = Symbol.for('claude-setup.starting-shown');

/**
Something on screen at once while the wizard's code loads, erased before its first frame. The bare
`claude-setup` has already shown it (bin/claude-setup.cjs, before this file loaded). The terminal
echoes what is typed until someone turns raw mode on, and Ink does so only once the first screen is
up: from here keys wait unechoed for Ink to read (Ctrl-C then cancels the wizard). Node puts the
terminal back as it was when the process ends, however it ends.
*/
function showStarting(): void {
	const global = globalThis as Record<symbol, unknown>;
	if (global[startingShown] === true) {
		return;
	}

	if (process.stdin.isTTY) {
		process.stdin.setRawMode(true);
	}

	process.stdout.write('claude-setup: starting…');
	global[startingShown] = true;
}

function clearStarting(): void {
	const global = globalThis as Record<symbol, unknown>;
	if (global[startingShown] === true) {
		process.stdout.write('\r\u001B[2K');
		global[startingShown] = false;
	}
}

async function exitCodeOf(argv: string[]): Promise<number> {
	try {
		return await main(argv);
	} catch (error) {
		clearStarting();
		if (error instanceof UsageError) {
			// A key pasted in the wrong place must not come back out in the error that names it.
			process.stderr.write(`${maskSecretsInText(error.message)}\n${error.message.includes('--help') ? '' : 'Run `claude-setup --help` for usage.\n'}`);
			return 2;
		}

		// The last word on a bug: one masked line, not a stack trace that may quote input.
		process.stderr.write(`claude-setup failed unexpectedly: ${maskSecretsInText(error instanceof Error ? error.message : String(error))}\n`);
		return 1;
	}
}

const code = await exitCodeOf(process.argv.slice(2));
process.exitCode = code;
// A keychain call stuck in a worker thread must not keep a finished command alive; the timer is
// unref'd, so it only fires when something still holds the process open.
setTimeout(() => {
	process.exit(code);
}, 1000).unref();
