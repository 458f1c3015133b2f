/**
How secrets look on screen and in diffs: never whole. The last four characters are kept so a user
can tell two keys apart, as the Console itself does.
*/
export function maskSecret(secret: string): string {
	if (secret.length < 12) {
		return '••••••••';
	}

	return `••••••••${secret.slice(-4)}`;
}

/** Settings keys (mostly `env` entries) whose values are secrets whatever they hold. */
const secretKeyPattern = /(?:KEY|TOKEN|SECRET|PASSWORD|PASSPHRASE|CREDENTIALS?)(?:_|"|$)/i;

export function isSecretKeyName(name: string): boolean {
	return secretKeyPattern.test(name) && !/_(?:FILE|PATH|HELPER|TTL_MS|REFRESH)$/i.test(name);
}

/**
Masks a settings text for display: every known secret value, anything shaped like an Anthropic key,
and the value of every JSON member whose name says it is a secret.
*/
export function maskSecretsInText(text: string, knownSecrets: readonly string[] = []): string {
	let masked = text;
	for (const secret of knownSecrets) {
		if (secret.length > 0) {
			masked = masked.split(secret).join(maskSecret(secret));
		}
	}

	masked = masked.replaceAll(/sk-ant-[\w-]{8,}/g, match => maskSecret(match));
	return masked.replaceAll(/"([^"\\]+)"(\s*:\s*)"([^"\\]*(?:\\.[^"\\]*)*)"/g, (whole, name: string, colon: string, value: string) =>
		isSecretKeyName(name) && value.length > 0 && !value.startsWith('••••') ? `"${name}"${colon}"${maskSecret(value)}"` : whole,
	);
}
