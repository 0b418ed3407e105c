// Makes a peggy-generated parser cheap to call many times on short inputs. peggy 5 declares its
// constants, expectations and every rule function inside parse(), so each call re-creates several
// hundred closures and objects (~3-5 µs here) before reading a character. This moves them to
// module scope once; the parse state becomes module-level variables reset at the start of each
// call (parse() is never re-entered: no grammar action calls it). The grammar stays untouched.
// Uses the TypeScript compiler (a dev dependency) to read the generated module's structure.
import ts from 'typescript';

/** Returns the transformed module text, or throws when the generated shape is not recognised. */
export function hoistParser(code) {
  const sf = ts.createSourceFile('parser.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const parseFn = sf.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === 'peg$parse');
  if (parseFn === undefined || parseFn.body === undefined || parseFn.parameters.length !== 2) {
    throw new Error('hoist-parser: no peg$parse(input, options) found');
  }
  const [inputParam, optionsParam] = parseFn.parameters.map((p) => p.name.getText(sf));
  const perCallNames = new Set([inputParam, optionsParam]);
  const src = (node) => code.slice(node.getStart(sf), node.getEnd());

  const moduleLets = [inputParam, optionsParam];
  const hoisted = [];
  const perCall = [];
  for (const st of parseFn.body.statements) {
    if (ts.isFunctionDeclaration(st)) {
      hoisted.push(src(st));
    } else if (ts.isVariableStatement(st)) {
      const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
      const refsPerCall = st.declarationList.declarations.some((d) => d.initializer !== undefined && mentions(d.initializer, perCallNames, sf));
      // peg$posDetailsCache is a per-input cache even though it is declared const.
      const perInput = st.declarationList.declarations.some((d) => d.name.getText(sf) === 'peg$posDetailsCache');
      if (isConst && !refsPerCall && !perInput && !isSuccessFlag(st, sf)) {
        hoisted.push(src(st));
      } else if (isSuccessFlag(st, sf)) {
        perCall.push(src(st)); // stays a local const of the call
      } else {
        for (const d of st.declarationList.declarations) {
          const name = d.name.getText(sf);
          moduleLets.push(name);
          perCall.push(`${name} = ${d.initializer === undefined ? 'undefined' : src(d.initializer)};`);
        }
      }
    } else {
      perCall.push(src(st));
    }
  }
  if (!moduleLets.includes('peg$currPos') || !perCall.some((s) => s.includes('peg$startRuleFunction()'))) {
    throw new Error('hoist-parser: unexpected peg$parse body');
  }
  const replacement = [
    `let ${moduleLets.join(', ')};`,
    ...hoisted,
    `function peg$parse(${inputParam}$arg, ${optionsParam}$arg) {`,
    `  ${inputParam} = ${inputParam}$arg;`,
    `  ${optionsParam} = ${optionsParam}$arg;`,
    ...perCall.map((s) => '  ' + s),
    '}',
  ].join('\n');
  return code.slice(0, parseFn.getStart(sf)) + replacement + code.slice(parseFn.getEnd());
}

function isSuccessFlag(st, sf) {
  return st.declarationList.declarations.some((d) => d.name.getText(sf) === 'peg$success');
}

function mentions(node, names, sf) {
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (ts.isIdentifier(n) && names.has(n.text)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}
