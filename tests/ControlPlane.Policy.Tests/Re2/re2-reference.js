// Reference RE2 for Re2ParityTests: Google's RE2 compiled to WebAssembly (npm re2-wasm), called through its raw
// binding so no JavaScript-syntax translation happens. Reads {"patterns": [...], "pairs": [[pattern, text], ...]}
// on stdin; writes {"compiles": [bool], "errors": [string], "fullMatches": [bool]} on stdout.
// Usage: node re2-reference.js <path to node_modules/re2-wasm>
'use strict';
const { WrappedRE2 } = require(require('path').join(process.argv[2], 'build', 'wasm', 're2'));

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const { patterns, pairs } = JSON.parse(input);
  const compiled = patterns.map(p => new WrappedRE2(p, false, false, false));
  const fullMatches = pairs.map(([pattern, text]) => {
    // A whole-string match, as the enforcement service needs: anchored at both ends of the text.
    const re = new WrappedRE2('\\A(?:' + pattern + ')\\z', false, false, false);
    if (!re.ok()) throw new Error('pattern of a match pair does not compile: ' + pattern + ': ' + re.error());
    return re.match(text, 0, false).index === 0;
  });
  process.stdout.write(JSON.stringify({
    compiles: compiled.map(r => r.ok()),
    errors: compiled.map(r => r.ok() ? '' : r.error()),
    fullMatches,
  }));
});
