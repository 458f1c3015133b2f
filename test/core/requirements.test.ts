import {describe, expect, it} from 'vitest';
import {endpointsFor, evaluateReach, evaluateSystem, summarize, type EvaluateOptions} from '../../source/core/requirements/evaluate.js';
import type {ReachResult, RequirementResult, SystemSnapshot} from '../../source/core/requirements/types.js';

const gib = 1024 ** 3;
const mib = 1024 ** 2;

const mac: SystemSnapshot = {
	platform: 'darwin',
	osName: 'macOS',
	osVersion: '14.5',
	arch: 'arm64',
	totalMemoryBytes: 16 * gib,
	freeDiskBytes: 120 * gib,
	shell: '/bin/zsh',
	nodeVersion: '22.11.0',
	gitVersion: '2.39.3',
};

const debian: SystemSnapshot = {
	platform: 'linux',
	osName: 'Debian GNU/Linux',
	osVersion: '12',
	distroId: 'debian',
	arch: 'x64',
	totalMemoryBytes: 8 * gib,
	freeDiskBytes: 40 * gib,
	shell: '/bin/bash',
	nodeVersion: '20.20.2',
	gitVersion: '2.39.5',
	isMusl: false,
};

const ubuntu = (version: string): SystemSnapshot => ({...debian, osName: 'Ubuntu', osVersion: version, distroId: 'ubuntu', distroLike: ['debian']});
const alpine = (version: string): SystemSnapshot => ({...debian, osName: 'Alpine Linux', osVersion: version, distroId: 'alpine', isMusl: true, shell: '/bin/ash'});

const windows = (release: string, gitBashPath: string | null = String.raw`C:\Program Files\Git\bin\bash.exe`): SystemSnapshot => ({
	platform: 'win32',
	osName: 'Windows 10 Pro',
	osVersion: release,
	arch: 'x64',
	totalMemoryBytes: 16 * gib,
	freeDiskBytes: 200 * gib,
	shell: 'powershell',
	gitBashPath,
	nodeVersion: '22.11.0',
	gitVersion: '2.45.1',
});

/** 'fail!' is a hard failure. */
type Expected = Record<string, 'pass' | 'warn' | 'fail' | 'fail!'>;

function statuses(rows: RequirementResult[]): Expected {
	return Object.fromEntries(rows.map(row => [row.id, row.status === 'fail' && row.isHard ? 'fail!' : row.status]));
}

const allPass = (ids: string[]): Expected => Object.fromEntries(ids.map(id => [id, 'pass']));
const base = ['os', 'arch', 'memory', 'disk', 'shell'];

const cases: Array<[string, SystemSnapshot, EvaluateOptions, Expected, RegExp?]> = [
	['macOS 14.5 on arm64, 16 GB, zsh', mac, {}, allPass([...base, 'git'])],
	['macOS 12', {...mac, osVersion: '12.7.4'}, {}, {...allPass([...base, 'git']), os: 'fail!'}, /macOS 13/],
	['macOS 13.0 exactly', {...mac, osVersion: '13.0'}, {}, allPass([...base, 'git'])],
	['Ubuntu 18.04', ubuntu('18.04'), {}, {...allPass([...base, 'git']), os: 'fail!'}, /do-release-upgrade/],
	['Ubuntu 20.04', ubuntu('20.04'), {}, allPass([...base, 'git'])],
	['Ubuntu 24.04', ubuntu('24.04'), {}, allPass([...base, 'git'])],
	['Debian 12', debian, {}, allPass([...base, 'git'])],
	['Debian 9', {...debian, osVersion: '9'}, {}, {...allPass([...base, 'git']), os: 'fail!'}, /Debian 10/],
	['Debian testing (no VERSION_ID)', {...debian, osVersion: ''}, {}, {...allPass([...base, 'git']), os: 'warn'}],
	['Alpine 3.18', alpine('3.18.6'), {}, {...allPass(['arch', 'memory', 'disk', 'git']), os: 'fail!', shell: 'warn'}, /Alpine 3.19/],
	['Alpine 3.20 (musl)', alpine('3.20.3'), {}, {...allPass(['arch', 'memory', 'disk', 'git']), os: 'warn', shell: 'warn'}, /apk add bash curl libgcc libstdc\+\+ ripgrep.*USE_BUILTIN_RIPGREP=0/],
	['Fedora 40', {...debian, osName: 'Fedora Linux', osVersion: '40', distroId: 'fedora'}, {}, {...allPass([...base, 'git']), os: 'warn'}, /go on/],
	['FreeBSD', {...debian, platform: 'freebsd', osName: 'FreeBSD', osVersion: '14.1-RELEASE', distroId: undefined}, {}, {...allPass([...base, 'git']), os: 'fail!'}],
	['2 GB of memory', {...debian, totalMemoryBytes: 2 * gib}, {}, {...allPass([...base, 'git']), memory: 'warn'}, /137.*swap/],
	['512 MB of memory', {...debian, totalMemoryBytes: 512 * mib}, {}, {...allPass([...base, 'git']), memory: 'fail'}, /swap/],
	['a "4 GB" machine reporting 3.8 GiB', {...debian, totalMemoryBytes: 3.8 * gib}, {}, allPass([...base, 'git'])],
	['Node 18 with npm', {...debian, nodeVersion: '18.20.4'}, {installMethod: 'npm'}, {...allPass([...base, 'git']), node: 'fail!'}, /Node\.js 22 or newer.*native installer/],
	['Node 20 with npm', debian, {installMethod: 'npm'}, {...allPass([...base, 'git']), node: 'warn'}, /2\.1\.197.*@latest.*native installer/],
	['Node 22 with npm', {...debian, nodeVersion: '22.12.0'}, {installMethod: 'npm'}, allPass([...base, 'node', 'git'])],
	['Node 18 with the native installer', {...debian, nodeVersion: '18.20.4'}, {installMethod: 'native'}, allPass([...base, 'git'])],
	['WSL 1', {...ubuntu('22.04'), wsl: {version: 1, distro: 'Ubuntu-22.04'}}, {}, {...allPass([...base, 'git']), wsl: 'warn'}, /wsl --set-version Ubuntu-22\.04 2/],
	['WSL 2', {...ubuntu('22.04'), wsl: {version: 2}}, {}, allPass([...base, 'wsl', 'git'])],
	['Windows 10 1803 (build 17134)', windows('10.0.17134'), {}, {...allPass([...base, 'git-bash', 'git']), os: 'fail!'}, /build 17763/],
	['Windows 10 22H2 (build 19045)', windows('10.0.19045'), {}, allPass([...base, 'git-bash', 'git'])],
	['Windows 8.1', windows('6.3.9600'), {}, {...allPass([...base, 'git-bash', 'git']), os: 'fail!'}],
	['Windows without Git Bash', windows('10.0.22631', null), {}, {...allPass([...base, 'git']), 'git-bash': 'warn'}, /PowerShell.*CLAUDE_CODE_GIT_BASH_PATH/],
	['Windows in cmd', {...windows('10.0.26100'), shell: 'cmd'}, {}, allPass([...base, 'git-bash', 'git'])],
	['git missing on Debian', {...debian, gitVersion: null}, {}, {...allPass(base), git: 'warn'}, /sudo apt-get install git/],
	['git missing on macOS', {...mac, gitVersion: null}, {}, {...allPass(base), git: 'warn'}, /xcode-select --install/],
	['git missing on Alpine', {...alpine('3.20'), gitVersion: null}, {}, {...allPass(['arch', 'memory', 'disk']), os: 'warn', shell: 'warn', git: 'warn'}, /apk add git/],
	['git missing on Windows', {...windows('10.0.19045'), gitVersion: null}, {}, {...allPass([...base, 'git-bash']), git: 'warn'}, /winget install --id Git\.Git/],
	['32-bit x86', {...debian, arch: 'ia32'}, {}, {...allPass([...base, 'git']), arch: 'fail!'}, /64-bit/],
	['32-bit ARM', {...debian, arch: 'arm'}, {}, {...allPass([...base, 'git']), arch: 'fail!'}, /64-bit/],
	['unknown free disk space', {...debian, freeDiskBytes: undefined}, {}, {...allPass([...base, 'git']), disk: 'warn'}, /df -h/],
	['500 MB free', {...debian, freeDiskBytes: 500 * mib}, {}, {...allPass([...base, 'git']), disk: 'warn'}],
	['200 MB free', {...debian, freeDiskBytes: 200 * mib}, {}, {...allPass([...base, 'git']), disk: 'fail!'}],
	['fish', {...mac, shell: '/opt/homebrew/bin/fish'}, {}, {...allPass([...base, 'git']), shell: 'warn'}, /bash or zsh.*CLAUDE_CODE_SHELL/],
	['no SHELL', {...debian, shell: undefined}, {}, {...allPass([...base, 'git']), shell: 'warn'}],
];

describe('evaluateSystem', () => {
	it.each(cases)('%s', (_name, snapshot, options, expected, fixPattern) => {
		const rows = evaluateSystem(snapshot, options);
		expect(statuses(rows)).toEqual(expected);
		// Fixed order, whatever subset applies.
		const order = ['os', 'arch', 'memory', 'disk', 'shell', 'wsl', 'git-bash', 'node', 'git'];
		expect(rows.map(row => row.id)).toEqual(order.filter(id => id in expected));
		for (const row of rows) {
			expect(row.title.length).toBeGreaterThan(0);
			expect(row.summary.length).toBeGreaterThan(0);
			// Every row that is not a pass says what to do; a pass says nothing more.
			expect(row.fix === undefined).toBe(row.status === 'pass');
		}

		if (fixPattern) {
			expect(rows.filter(row => row.status !== 'pass').map(row => row.fix).join('\n')).toMatch(fixPattern);
		}
	});

	it('names the memory in GB as people count it', () => {
		const [, , memory] = evaluateSystem(mac);
		expect(memory?.summary).toBe('16 GB');
		expect(evaluateSystem({...debian, totalMemoryBytes: 2 * gib})[2]?.summary).toMatch(/^2 GB/);
	});
});

describe('summarize', () => {
	it('lets the user go on past warnings and soft failures, not past a hard failure', () => {
		const warnings = evaluateSystem({...debian, gitVersion: null, totalMemoryBytes: 512 * mib});
		const offline = evaluateReach({host: 'api.anthropic.com', status: 'dns', elapsedMs: 3});
		expect(summarize([...warnings, offline])).toEqual({canContinue: true, failedHard: []});

		const old = evaluateSystem({...ubuntu('18.04'), arch: 'ia32'});
		const summary = summarize(old);
		expect(summary.canContinue).toBe(false);
		expect(summary.failedHard.map(row => row.id)).toEqual(['os', 'arch']);
		expect(summarize([])).toEqual({canContinue: true, failedHard: []});
	});
});

describe('endpointsFor', () => {
	it.each([
		['first-party', {}, ['api.anthropic.com', 'claude.ai', 'platform.claude.com']],
		['bedrock', {}, ['bedrock-runtime.us-east-1.amazonaws.com']],
		['bedrock', {region: 'eu-west-1'}, ['bedrock-runtime.eu-west-1.amazonaws.com']],
		['bedrock', {region: 'eu-west-1/evil'}, []],
		['vertex', {region: 'us-east5'}, ['us-east5-aiplatform.googleapis.com']],
		['vertex', {region: 'global'}, ['aiplatform.googleapis.com']],
		['vertex', {}, ['aiplatform.googleapis.com']],
		['foundry', {foundryResource: 'my-resource'}, ['my-resource.services.ai.azure.com']],
		['foundry', {}, []],
		['gateway', {gatewayUrl: 'https://llm.corp.example/anthropic'}, ['llm.corp.example']],
		['gateway', {gatewayUrl: 'https://llm.corp.example:8443/v1'}, ['llm.corp.example:8443']],
		['gateway', {gatewayUrl: 'llm.corp.example'}, ['llm.corp.example']],
		['gateway', {gatewayUrl: 'https://user:secret@llm.corp.example'}, ['llm.corp.example']],
		['gateway', {gatewayUrl: ' '}, []],
	] as const)('%s %j', (method, options, expected) => {
		expect(endpointsFor(method, options)).toEqual(expected);
	});
});

describe('evaluateReach', () => {
	const proxy = 'http://alice:hunter2@proxy.corp:3128';
	const reach = (overrides: Partial<ReachResult>): ReachResult => ({host: 'api.anthropic.com', status: 'reachable', elapsedMs: 120, ...overrides});

	it.each<[string, Partial<ReachResult>, RequirementResult['status'], RegExp]>([
		['reachable', {}, 'pass', /^Reachable in 120 ms$/],
		['reachable through a trusted inspecting proxy', {interceptedBy: 'Corp Inspection Root CA', proxy}, 'pass', /through the proxy http:\/\/proxy\.corp:3128.*Corp Inspection Root CA/],
		['intercepted', {status: 'intercepted', interceptedBy: 'Corp Inspection Root CA (Corp Security)', detail: 'SELF_SIGNED_CERT_IN_CHAIN'}, 'warn', /NODE_EXTRA_CA_CERTS=\/path\/to\/your-company-ca\.pem/],
		['dns', {status: 'dns', detail: 'ENOTFOUND'}, 'fail', /HTTPS_PROXY=.*NO_PROXY/],
		['dns of the proxy', {status: 'dns', proxy, detail: 'the proxy: ENOTFOUND'}, 'fail', /HTTPS_PROXY \(now http:\/\/proxy\.corp:3128\).*NO_PROXY/],
		['unreachable', {status: 'unreachable', detail: 'ECONNREFUSED'}, 'fail', /port 443.*HTTPS_PROXY/],
		['unreachable proxy', {status: 'unreachable', proxy, detail: 'the proxy: ECONNREFUSED'}, 'fail', /HTTPS_PROXY \(now http:\/\/proxy\.corp:3128\)/],
		['timeout', {status: 'timeout', elapsedMs: 3000}, 'fail', /HTTPS_PROXY/],
		['proxy login needed', {status: 'proxy-failed', proxy, detail: 'HTTP/1.1 407 Proxy Authentication Required'}, 'fail', /HTTPS_PROXY=http:\/\/user:password@proxy\.corp:3128.*Basic/],
		['proxy refused', {status: 'proxy-failed', proxy, detail: 'HTTP/1.1 403 Forbidden'}, 'fail', /NO_PROXY/],
		['a proxy without a scheme', {status: 'timeout', proxy: 'alice:hunter2@proxy.corp:3128'}, 'fail', /now proxy\.corp:3128/],
		['expired certificate', {status: 'tls-error', detail: 'CERT_HAS_EXPIRED'}, 'fail', /clock/],
		['wrong name', {status: 'tls-error', detail: 'ERR_TLS_CERT_ALTNAME_INVALID'}, 'fail', /different name/],
	])('%s', (_name, overrides, status, pattern) => {
		const row = evaluateReach(reach(overrides));
		expect(row.id).toBe('network:api.anthropic.com');
		expect(row.status).toBe(status);
		// Network failures never stop the wizard: people install offline and connect later.
		expect(row.isHard).not.toBe(true);
		expect(status === 'pass' ? row.summary : row.fix).toMatch(pattern);
		expect(JSON.stringify(row)).not.toMatch(/hunter2|alice/);
	});

	it('says an intercepted connection may already be fine through the OS store, and names the root', () => {
		const row = evaluateReach(reach({status: 'intercepted', interceptedBy: 'Corp Inspection Root CA (Corp Security)'}));
		expect(row.summary).toContain('Corp Inspection Root CA (Corp Security)');
		expect(row.fix).toMatch(/operating system's certificate store/);
	});
});
