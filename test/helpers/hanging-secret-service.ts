import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import path from 'node:path';

/** An XDG data home whose D-Bus service file "starts" a Secret Service that never answers. */
export async function hangingSecretServiceHome(parent: string): Promise<string> {
	const dataHome = await mkdtemp(path.join(parent, 'hanging-secret-service-'));
	await mkdir(path.join(dataHome, 'dbus-1', 'services'), {recursive: true});
	// Detached from the test's pipes, and short-lived, so nothing lingers after the test.
	await writeFile(
		path.join(dataHome, 'dbus-1', 'services', 'org.freedesktop.secrets.service'),
		'[D-BUS Service]\nName=org.freedesktop.secrets\nExec=/bin/sh -c "exec sleep 8 </dev/null >/dev/null 2>&1"\n',
	);
	return dataHome;
}
