import {modelsUrl} from '../../core/auth/console-key.js';
import {Spinner} from '../components/spinner.js';
import {copy} from '../copy.js';
import type {ScreenProps} from './types.js';

export function ValidatingScreen({baseUrl}: ScreenProps<'validating'> & {baseUrl: string | undefined}) {
	return <Spinner label={copy.validating(new URL(modelsUrl(baseUrl)).host)} />;
}
