/**
Whether `claude auth login` can open a browser here, and what to tell the user when it cannot.

The login is OAuth with a callback to a port on localhost, so it only completes by itself when the
browser runs on this same machine. Over SSH, in a container, or on a Linux box without a display,
Claude Code instead prints a link (`If the browser didn't open, visit: …`) and asks
`Paste code here if prompted >`: the page opened on any device shows a code to paste back.

The CLI, as seen in claude 2.1.331 (`--help`):
- `claude auth login [--claudeai | --console] [--sso] [--email <email>]`: `--claudeai` (Claude
  subscription) is the default; `--console` uses API usage billing; `--sso` logs in with SSO;
  `--email` fills in the address on the login page.
- `claude setup-token`: no options; runs the browser login and prints a long-lived token
  ("requires Claude subscription"), which it does not save.
- `claude auth status [--json | --text]`, `claude auth logout`: no other options.
*/

export type LoginEnvironmentFacts = {
	env: Readonly<Record<string, string | undefined>>;
	platform: NodeJS.Platform;
	isWsl: boolean;
	isContainer: boolean;
	/** Whether `wslview` (from wslu) is on PATH; only asked under WSL. Unknown counts as no. */
	hasWslview?: boolean;
};

export type LoginEnvironment = {
	canOpenBrowser: boolean;
	/** Why no browser can open here; empty when one can. */
	reasons: string[];
	/** What to do about it, in order; the paste-the-code path comes first. */
	advice: string[];
};

export const pasteCodeAdvice =
	'Claude Code prints a sign-in link: open it on any device with a browser, sign in, and if the page shows a code, paste it where Claude Code asks "Paste code here if prompted".';

export const setupTokenAdvice =
	'For a machine where nobody can log in interactively (CI, a server, a container started by a script): on a computer with a browser, run `claude setup-token` (it needs a Pro, Max, Team or Enterprise plan). It prints a token that lasts one year; put it in CLAUDE_CODE_OAUTH_TOKEN on that machine.';

export const browserOpensAdvice = 'Claude Code opens your browser to sign in. If the page shows a code instead of finishing, paste it where Claude Code asks "Paste code here if prompted".';

export function describeLoginEnvironment(facts: LoginEnvironmentFacts): LoginEnvironment {
	const {env, platform, isWsl, isContainer} = facts;
	const browser = usableBrowser(env['BROWSER']);
	const reasons: string[] = [];
	const isSsh = [env['SSH_CONNECTION'], env['SSH_TTY'], env['SSH_CLIENT']].some(Boolean);
	if (isSsh) {
		reasons.push('You are connected over SSH: a browser on your own computer cannot reach the sign-in callback on this machine.');
	}

	if (isContainer) {
		reasons.push('This runs in a container, which has no browser of its own.');
	}

	if (isWsl) {
		if (!facts.hasWslview) {
			reasons.push('This is WSL: Claude Code opens your Windows browser only when BROWSER is set or wslview (from the wslu package) is installed.');
		}
	} else if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'] && !isSsh && !isContainer) {
		reasons.push('This Linux machine has no graphical display (DISPLAY and WAYLAND_DISPLAY are not set).');
	}

	// An explicit BROWSER wins, as it does in Claude Code: VS Code's remote terminals and dev containers
	// set it to a helper that opens the page on the user's own computer and forwards the callback port.
	if (browser) {
		return {canOpenBrowser: true, reasons: [], advice: [browserOpensAdvice]};
	}

	if (reasons.length === 0) {
		return {canOpenBrowser: true, reasons, advice: [browserOpensAdvice]};
	}

	const advice = [pasteCodeAdvice];
	if (isWsl && !isSsh && !isContainer) {
		advice.push(
			facts.hasWslview
				? 'Or let Claude Code open your Windows browser: `export BROWSER=wslview` before logging in.'
				: 'Or let Claude Code open your Windows browser: install wslu and `export BROWSER=wslview`, or `export BROWSER="/mnt/c/Program Files/Google/Chrome/Application/chrome.exe"`, before logging in.',
		);
	}

	advice.push(setupTokenAdvice);
	return {canOpenBrowser: false, reasons, advice};
}

/** BROWSER=true (or an empty value) is a common way to stop tools from opening anything. */
function usableBrowser(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed && !['true', 'false', 'none', ':'].includes(trimmed) ? trimmed : undefined;
}

export type ContainerFacts = {
	/** The text of /proc/1/cgroup; undefined when it cannot be read (not Linux, no /proc). */
	procOneCgroup: string | undefined;
	/** Docker creates /.dockerenv in every container. */
	dockerEnvExists: boolean;
	/** Podman (and Buildah) create /run/.containerenv. */
	containerEnvExists: boolean;
	env?: Readonly<Record<string, string | undefined>>;
};

/**
Cgroup paths that only exist inside a container (cgroup v1, or v2 with a host namespace). With cgroup
v2 and a private namespace the file reads just `0::/`, which is why the marker files count too.
*/
const containerCgroup = /(?:^|[/:])(?:docker|kubepods|containerd|libpod|lxc|podman|ecs|actions_job|garden|buildkit)(?:[/.:_-]|$)/m;

export function detectContainer(facts: ContainerFacts): boolean {
	if (facts.dockerEnvExists || facts.containerEnvExists) {
		return true;
	}

	// systemd-nspawn, Podman and LXC set `container=` for the processes they start; every pod of
	// Kubernetes gets KUBERNETES_SERVICE_HOST.
	if (facts.env?.['container'] || facts.env?.['KUBERNETES_SERVICE_HOST']) {
		return true;
	}

	return facts.procOneCgroup !== undefined && containerCgroup.test(facts.procOneCgroup);
}

export type LoginKind = 'claude-ai' | 'console';

/** The arguments of `claude auth login` (never a shell string). */
export function loginArgs(kind: LoginKind, options: {sso?: boolean; email?: string} = {}): string[] {
	const args = ['auth', 'login', kind === 'console' ? '--console' : '--claudeai'];
	if (options.sso) {
		args.push('--sso');
	}

	const email = options.email?.trim();
	if (email) {
		args.push('--email', email);
	}

	return args;
}

/** Undefined when `value` looks like an email address; otherwise what is wrong, in the user's terms. */
export function checkEmail(value: string): string | undefined {
	const email = value.trim();
	if (email === '') {
		return 'Type the email address of your account.';
	}

	if (/\s/.test(email)) {
		return 'An email address has no spaces.';
	}

	// One @, something before it, a dot in the domain, and nothing a shell or URL would choke on.
	if (!/^[^\s@"'<>(),;:\\]+@[^\s@"'<>(),;:\\]+\.[^\s@"'<>(),;:\\.]{2,}$/.test(email) || email.startsWith('-')) {
		return 'That does not look like an email address (name@example.com).';
	}

	return undefined;
}
