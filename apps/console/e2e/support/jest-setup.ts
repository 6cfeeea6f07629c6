// Browser tests start the whole product and drive a real Chromium: minutes, not seconds (testTimeout is not
// honoured inside a project entry, so it is set here).
jest.setTimeout(180_000);
