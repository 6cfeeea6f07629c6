// jest's own runner, told to run its test files one after another (`isSerial`): the browser tests each start the
// whole product and a Chromium, and must not share the 2 cores with each other. jest runs one runner's files after
// another's, so they do not run alongside the other projects' files either.
const TestRunner = require('jest-runner').default;

class SerialRunner extends TestRunner {
  isSerial = true;
}

module.exports = SerialRunner;
