// Pin the environment every test file starts from (as gemini-cli's test setup does). Ink decides at
// import time whether it runs in CI and then keeps only a final frame, which would hide every screen
// from ink-testing-library when CI=true (as it is in our CI). The real CLI hides these variables
// itself when it runs in a terminal; the end-to-end tests pass CI=true to the built binary on purpose.
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];
