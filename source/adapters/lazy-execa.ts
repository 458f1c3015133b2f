/**
execa (with its dependencies) is about a fifth of the wizard's bundle, and nothing on the first
screen needs it: it is loaded on first use, so it stays off the path to the first interactive frame.
*/
let loading: Promise<typeof import('execa')> | undefined;

export async function loadExeca(): Promise<typeof import('execa')['execa']> {
	loading ??= import('execa');
	return (await loading).execa;
}
