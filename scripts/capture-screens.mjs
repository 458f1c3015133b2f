// Records what a person sees on each screen of the Console API-key path, as text, into
// media/console-api-key.md (the README links it). It runs the built wizard in a real
// pseudo-terminal against a local stand-in for the Anthropic API, with a throw-away HOME: nothing
// of yours is read or written, and nothing leaves this machine.
//
//   npm run media
//
// The key is stored in your keychain's throw-away entry and removed at the end; without a Secret
// Service (Linux servers) the screens show the keychain fallback instead.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const work = await mkdtemp(path.join(tmpdir(), 'claude-setup-media-'));
// The harness is bundled inside node_modules so its own imports (node-pty, xterm) resolve from there.
const bundles = path.join(root, 'node_modules', '.cache', 'capture-screens');
await build({
	entryPoints: {pty: 'test/helpers/pty-terminal.ts', server: 'test/helpers/anthropic-server.ts', copy: 'source/ui/copy.ts'},
	outdir: bundles,
	bundle: true,
	format: 'esm',
	platform: 'node',
	external: ['@lydell/node-pty', '@xterm/headless'],
	logLevel: 'warning',
});
const load = async name => import(pathToFileURL(path.join(bundles, `${name}.js`)).href);
const [{spawnInPty}, {startAnthropicServer}, {copy}] = await Promise.all([load('pty'), load('server'), load('copy')]);

const key = ['sk-ant-api03', 'DEMO', 'not-a-real-key', 'x'.repeat(40)].join('-');
const server = await startAnthropicServer({acceptedKeys: [key]});
const home = path.join(work, 'home');
const project = path.join(home, 'my-project');
await import('node:fs/promises').then(fs => fs.mkdir(project, {recursive: true}));
const terminal = spawnInPty(process.execPath, [path.join(root, 'bin', 'claude-setup.cjs')], {
	cwd: project,
	cols: 100,
	rows: 44,
	env: {
		...process.env,
		HOME: home,
		CLAUDE_CONFIG_DIR: undefined,
		PATH: [path.join(root, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
		ANTHROPIC_BASE_URL: server.url,
		ANTHROPIC_API_KEY: undefined,
		CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
		DISABLE_AUTOUPDATER: '1',
		CLAUDE_SETUP_TEST_ENDPOINT_OVERRIDE: '*=127.0.0.1:9',
		DISPLAY: undefined,
		BROWSER: undefined,
	},
});

const shots = [];
const snap = title => shots.push(`## ${title}\n\n\`\`\`\n${terminal.screen().replace(/\s+$/, '')}\n\`\`\`\n`);
const focus = async label => {
	for (let press = 0; press < 12 && !/❯ (.*)/.exec(terminal.screen())?.[1]?.startsWith(label); press++) {
		const before = terminal.screen();
		terminal.press('down');
		await terminal.waitForChange(before);
	}
};

try {
	await terminal.waitForText(copy.invite.question, {screenOnly: true});
	snap('1. The invite, explained');
	await focus(copy.invite.choices.accepted);
	terminal.press('enter');
	await terminal.waitForText(copy.requirements.choices.recheck, {screenOnly: true, timeoutMs: 15_000});
	snap('2. System requirements (this capture blocks the network on purpose)');
	terminal.press('enter');
	await terminal.waitForText(copy.install.question(true), {screenOnly: true, timeoutMs: 15_000});
	snap('3. Claude Code found');
	terminal.press('enter');
	await terminal.waitForText(copy.authMethod.question, {screenOnly: true});
	snap('4. How your team gets access');
	terminal.press('enter');
	await terminal.waitForText(copy.consoleKey.label, {screenOnly: true});
	terminal.write(key);
	await terminal.waitForText(`(${key.length} characters)`, {screenOnly: true});
	snap('5. The key, masked as it is pasted');
	terminal.press('enter');
	await terminal.waitForText(/Which settings should use the key\?|Where should the key be kept\?/, {screenOnly: true});
	snap('6. Checked with Anthropic; where to write it');
	if (terminal.screen().includes('Where should the key be kept?')) {
		await focus('In a file');
		terminal.press('enter');
		await terminal.waitForText('Which settings should use the key?', {screenOnly: true});
	}

	terminal.press('enter');
	await terminal.waitForText(copy.review.question, {screenOnly: true});
	// The list takes keys (and shows its pointer) a moment after the review is drawn.
	await terminal.waitForText(`❯ ${copy.review.choices.confirm}`, {screenOnly: true});
	snap('7. The review: nothing is written before this');
	terminal.press('enter');
	await terminal.waitForText(copy.done.next, {screenOnly: true, timeoutMs: 30_000});
	snap('8. Verified with the real Claude Code');
	await terminal.waitForExit();
	const text = `# The Claude Console API-key path, screen by screen\n\nMade by \`npm run media\` (scripts/capture-screens.mjs): the built wizard in a pseudo-terminal, a throw-away HOME, and a local stand-in for the Anthropic API. The key is a fake.\n\n${shots.join('\n')}`;
	await writeFile(path.join(root, 'media', 'console-api-key.md'), text.replaceAll(work, '/tmp/…'));
	console.log(`Wrote media/console-api-key.md (${shots.length} screens).`);
} finally {
	terminal.dispose();
	await server.close();
	const {AsyncEntry} = await import('@napi-rs/keyring').catch(() => ({}));
	const {createHash} = await import('node:crypto');
	const account = `anthropic-api-key-${createHash('sha256').update(path.join(home, '.claude')).digest('hex').slice(0, 8)}`;
	if (AsyncEntry) {
		await new AsyncEntry('claude-setup', account, {linux: {store: 'secret-service'}}).deleteCredential().catch(() => undefined);
	}
	await rm(work, {recursive: true, force: true});
}
