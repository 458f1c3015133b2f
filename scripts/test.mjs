// `npm test`: typecheck, build, then every vitest suite.
//
// On Linux the keychain tests need a Secret Service. Rather than touch the developer's own keyring
// (or need one at all), we run the suite inside a private D-Bus session with a throw-away, unlocked
// GNOME Keyring whose files live in a temp folder. Extra arguments go to vitest
// (`npm test -- test/core`).
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const insideSession = process.env.CLAUDE_SETUP_TEST_SESSION === '1';

function has(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status === 0;
}

function run(command, commandArgs, options = {}) {
	return new Promise(resolve => {
		const child = spawn(command, commandArgs, {stdio: 'inherit', ...options});
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
		child.on('error', error => {
			console.error(`Could not start ${command}: ${error.message}`);
			resolve(1);
		});
	});
}

// A real store, read and delete through the project's own binding: the daemon is ready only when this works.
const readinessCheck = `
const {Entry} = require('@napi-rs/keyring');
const entry = new Entry('claude-setup', 'test-readiness', {linux: {store: 'secret-service'}});
entry.setPassword('ready');
if (entry.getPassword() !== 'ready') process.exit(1);
entry.deleteCredential();
`;

function startPrivateKeyring() {
	// The password only unlocks this throw-away keyring; it must be non-empty, or no login
	// collection is created and every store fails with "no result found".
	const started = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {input: 'claude-setup-test', encoding: 'utf8'});
	if (started.status !== 0) {
		console.error(`gnome-keyring-daemon did not start: ${started.stderr}`);
		return false;
	}

	const deadline = Date.now() + 10_000;
	while (Date.now() < deadline) {
		if (spawnSync(process.execPath, ['-e', readinessCheck], {stdio: 'ignore', timeout: 5000}).status === 0) {
			return true;
		}
	}

	console.error('The private GNOME Keyring did not answer within 10 s.');
	return false;
}

async function runSuite() {
	for (const [command, commandArgs] of [
		['npx', ['tsc', '--noEmit']],
		[process.execPath, ['scripts/build.mjs']],
	]) {
		// eslint-disable-next-line no-await-in-loop -- steps run in order and stop at the first failure
		const code = await run(command, commandArgs);
		if (code !== 0) {
			return code;
		}
	}

	return run('npx', ['vitest', 'run', ...args]);
}

let code;
if (insideSession) {
	code = startPrivateKeyring() ? await runSuite() : 1;
} else if (process.platform === 'linux' && has('dbus-run-session') && has('gnome-keyring-daemon')) {
	const keyringHome = mkdtempSync(path.join(tmpdir(), 'claude-setup-keyring-'));
	console.log('Running the tests with a private, throw-away GNOME Keyring (your own keyring is not touched).');
	code = await run('dbus-run-session', ['--', process.execPath, 'scripts/test.mjs', ...args], {
		env: {...process.env, CLAUDE_SETUP_TEST_SESSION: '1', XDG_DATA_HOME: keyringHome},
	});
	rmSync(keyringHome, {recursive: true, force: true});
} else {
	if (process.platform === 'linux') {
		console.log(
			'dbus-run-session or gnome-keyring-daemon is missing, so the tests cannot start a private keyring.\n' +
				'Install them (sudo apt-get install dbus gnome-keyring) to run the keychain tests.',
		);
	}

	code = await runSuite();
}

process.exit(code);
