import {readFile} from 'node:fs/promises';
import os from 'node:os';
import {describe, expect, it} from 'vitest';
import type {ProcessResult, ProcessRunner} from '../../source/core/ports.js';
import {
	createSystemProbe,
	macosFromDarwin,
	parseGitVersion,
	parseOsRelease,
	parseProcVersion,
	parseSwVers,
	parseWindowsRelease,
} from '../../source/adapters/system-probe.js';

const ok = (stdout: string): ProcessResult => ({exitCode: 0, stdout, stderr: '', timedOut: false});

describe('createSystemProbe on this machine', () => {
	it('gathers sane values, fast', async () => {
		const started = performance.now();
		const snapshot = await createSystemProbe().snapshot();
		const elapsed = performance.now() - started;
		expect(snapshot.platform).toBe('linux');
		expect(snapshot.arch).toBe(os.arch());
		expect(snapshot.totalMemoryBytes).toBeGreaterThan(0);
		expect(snapshot.freeDiskBytes).toBeGreaterThan(0);
		expect(snapshot.nodeVersion).toBe(process.versions.node);
		expect(snapshot.gitVersion).toMatch(/^\d+\.\d+(\.\d+)*$/);
		expect(snapshot.shell).toBe(process.env['SHELL']);
		const osRelease = parseOsRelease(await readFile('/etc/os-release', 'utf8'));
		expect(snapshot.distroId).toBe(osRelease['ID']);
		expect(snapshot.osVersion).toBe(osRelease['VERSION_ID'] ?? '');
		expect(snapshot.isMusl).toBe(osRelease['ID'] === 'alpine');
		expect(elapsed).toBeLessThan(3000);
	});

	it('says git is missing when it cannot be started, and unknown when it hangs', async () => {
		const missing: ProcessRunner['run'] = async () => ({exitCode: undefined, stdout: '', stderr: '', timedOut: false, notFound: true});
		expect((await createSystemProbe({run: missing}).snapshot()).gitVersion).toBeNull();

		const hanging: ProcessRunner['run'] = async () => new Promise(() => {});
		const started = performance.now();
		const snapshot = await createSystemProbe({run: hanging, timeoutMs: 200}).snapshot();
		expect(performance.now() - started).toBeLessThan(1500);
		expect(snapshot.gitVersion).toBeUndefined();
		expect(snapshot.totalMemoryBytes).toBeGreaterThan(0);
	});

	it('asks for nothing platform-specific it does not need, and treats the Windows shell and Git Bash', async () => {
		const calls: string[] = [];
		const run: ProcessRunner['run'] = async (file, args) => {
			calls.push([file, ...args].join(' '));
			return ok('git version 2.45.1.windows.1\n');
		};

		const snapshot = await createSystemProbe({platform: 'win32', env: {PROMPT: '$P$G'}, run}).snapshot();
		expect(snapshot.platform).toBe('win32');
		expect(snapshot.shell).toBe('cmd');
		expect(snapshot.gitBashPath).toBeNull();
		expect(snapshot.gitVersion).toBe('2.45.1');
		expect(snapshot.wsl).toBeUndefined();
		expect(calls).toEqual(['git --version']);
		expect((await createSystemProbe({platform: 'win32', env: {}, run}).snapshot()).shell).toBe('powershell');
	});

	it('reads the macOS version from sw_vers', async () => {
		const run: ProcessRunner['run'] = async file => (file === 'sw_vers' ? ok('14.5\n') : ok('git version 2.39.3 (Apple Git-146)\n'));
		const snapshot = await createSystemProbe({platform: 'darwin', env: {SHELL: '/bin/zsh', PATH: ''}, run}).snapshot();
		expect(snapshot).toMatchObject({platform: 'darwin', osName: 'macOS', osVersion: '14.5', shell: '/bin/zsh', gitVersion: '2.39.3'});
	});
});

describe('parseOsRelease', () => {
	it.each([
		['Ubuntu 22.04', 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n', {NAME: 'Ubuntu', VERSION_ID: '22.04', ID: 'ubuntu', ID_LIKE: 'debian'}],
		['Debian 12', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n', {PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', NAME: 'Debian GNU/Linux', VERSION_ID: '12', ID: 'debian'}],
		['Alpine 3.20', 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n', {NAME: 'Alpine Linux', VERSION_ID: '3.20.3', ID: 'alpine', PRETTY_NAME: 'Alpine Linux v3.20'}],
		['Linux Mint (single quotes, CRLF, comments)', "# comment\r\nNAME='Linux Mint'\r\nID=linuxmint\r\nID_LIKE=\"ubuntu debian\"\r\n", {NAME: 'Linux Mint', ID: 'linuxmint', ID_LIKE: 'ubuntu debian'}],
		['escaped quotes', 'PRETTY_NAME="A \\"quoted\\" name"\n', {PRETTY_NAME: 'A "quoted" name'}],
	])('%s', (_name, text, expected) => {
		expect(parseOsRelease(text)).toEqual(expected);
	});
});

describe('parseProcVersion (WSL)', () => {
	it.each([
		['WSL 2', 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0) #1 SMP', {}, {version: 2}],
		['older WSL 2 kernel', 'Linux version 4.19.128-microsoft-standard (oe-user@oe-host) (gcc version 8.2.0 (GCC)) #1 SMP', {}, {version: 2}],
		['WSL 1', 'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #1237-Microsoft', {}, {version: 1}],
		['a custom WSL 2 kernel', 'Linux version 6.6.0-custom (me@box) #1 SMP', {WSL_DISTRO_NAME: 'Ubuntu', WSL_INTEROP: '/run/WSL/8_interop'}, {version: 2}],
		['plain Linux', 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13) #45-Ubuntu SMP', {}, undefined],
	])('%s', (_name, text, env, expected) => {
		expect(parseProcVersion(text, env)).toEqual(expected);
	});
});

describe('small parsers', () => {
	it('sw_vers', () => {
		expect(parseSwVers('14.5\n')).toBe('14.5');
		expect(parseSwVers('26.0.1')).toBe('26.0.1');
		expect(parseSwVers('xcrun: error')).toBeUndefined();
	});

	it('Darwin release as a fallback for the macOS version', () => {
		expect(macosFromDarwin('22.6.0')).toBe('13');
		expect(macosFromDarwin('23.5.0')).toBe('14');
		expect(macosFromDarwin('25.0.0')).toBe('26');
		expect(macosFromDarwin('19.6.0')).toBeUndefined();
	});

	it('Windows release', () => {
		expect(parseWindowsRelease('10.0.19045')).toBe('10.0.19045');
		expect(parseWindowsRelease('10.0.17134')).toBe('10.0.17134');
		expect(parseWindowsRelease('6.3.9600')).toBe('6.3.9600');
		expect(parseWindowsRelease('10')).toBeUndefined();
	});

	it('git --version', () => {
		expect(parseGitVersion('git version 2.39.5\n')).toBe('2.39.5');
		expect(parseGitVersion('git version 2.45.1.windows.1')).toBe('2.45.1');
		expect(parseGitVersion('git version 2.39.3 (Apple Git-146)')).toBe('2.39.3');
		expect(parseGitVersion('xcrun: error: invalid active developer path')).toBeUndefined();
	});
});
