import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';

export function DetectScreen() {
	return <Spinner label={copy.detecting} />;
}

export function CommitScreen() {
	return <Spinner label={copy.commit} />;
}

export function VerifyScreen() {
	return <Spinner label={copy.verify.running} />;
}
