/**
Test keys are assembled at run time and say what they are, so nothing in the repository looks like a
real Anthropic key to a secret scanner (or to a person).
*/
export function fakeApiKey(tag = 'TEST'): string {
	return ['sk-ant-api03', tag, 'not-a-real-key', 'x'.repeat(40)].join('-');
}
