import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** A string in source that reads like a sentence a user would see. */
export interface LiteralSentence {
  file: string;
  line: number;
  text: string;
}

/**
 * Property names whose values are machine words, not prose: command syntax and examples are
 * command words (an interface, never translated), the rest are card/JSON vocabulary and ids.
 */
const NON_PROSE_KEYS = new Set([
  'id',
  'group',
  'usage',
  'examples',
  'verb',
  'command',
  'type',
  'style',
  'url',
  'href',
  'pattern',
  'format',
  'key',
]);

/** Calls whose string arguments are for operators (logs) or are patterns, not for the user. */
const NON_PROSE_CALLS =
  /^(console|log|logger|this\.log|this\.logger|ctx\.log|deps\.log)\.(debug|info|warn|error|trace|fatal)$|^(RegExp|require|import|commandSyntax)$/;

/** A word of letters (two or more, apostrophes and hyphens inside), as a reader sees it. */
const WORD = /^[\p{L}][\p{L}'’-]*\p{L}[.,:;!?)»"]*$/u;

/**
 * The rule: after dropping placeholders (`{{x}}`, `${x}`), code spans and markdown marks, the
 * text has two or more words of letters separated by spaces, or is one capitalised word ending
 * with sentence punctuation. Identifiers, ids, paths, URLs, regex sources and single words
 * (`Bolder`, `Attention`) never qualify.
 */
export function isSentence(raw: string): boolean {
  const text = raw
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[*#>|]+/g, ' ');
  const words = text
    .split(/\s+/)
    .map((w) => w.replace(/^[("«“']+/, ''))
    .filter((w) => WORD.test(w));
  if (words.length >= 2) return true;
  const only = text.trim();
  return words.length === 1 && /^\p{Lu}\p{L}+[.!?]$/u.test(only);
}

/** Card vocabulary whose one-word values are labels a reader sees (`title: 'Open'`). */
const LABEL_KEYS = new Set(['title', 'label', 'errorMessage', 'placeholder', 'altText']);

/** Card builders whose first argument is shown as is (`heading('Answer')`). */
const LABEL_CALLS = /^(heading|text|executeAction|section|submitAction|openUrlAction)$/;

/** A single capitalised word (`Open`, `Metrics`) shown as a label: a sentence for this test. */
function isLabel(node: ts.Node, raw: string, source: ts.SourceFile): boolean {
  if (!/^\p{Lu}\p{Ll}+$/u.test(raw.trim())) return false;
  const key = propertyName(node);
  if (key !== undefined) return LABEL_KEYS.has(key);
  const parent = node.parent;
  // A fact row `['Started', value]`: its first element is the row's title.
  if (ts.isArrayLiteralExpression(parent) && parent.elements.length === 2) {
    return parent.elements[0] === node;
  }
  const callee = calleeOf(node, source);
  return (
    callee !== undefined &&
    LABEL_CALLS.test(callee) &&
    (node.parent as ts.CallExpression).arguments[0] === node
  );
}

/** The name of the property a literal is the value of (`usage: '…'`), if any. */
function propertyName(node: ts.Node): string | undefined {
  let at: ts.Node = node;
  // An array of examples, a conditional or a parenthesised value still belongs to its key.
  while (
    ts.isArrayLiteralExpression(at.parent) ||
    ts.isParenthesizedExpression(at.parent) ||
    ts.isConditionalExpression(at.parent)
  )
    at = at.parent;
  const parent = at.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === at) {
    const name = parent.name;
    if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  }
  return undefined;
}

/** The callee text of the call a literal is an argument of, if any. */
function calleeOf(node: ts.Node, source: ts.SourceFile): string | undefined {
  const parent = node.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node)
    return parent.expression.getText(source);
  return undefined;
}

/** Positions where a string is syntax, not text: imports, keys, literal types, comparisons. */
function isSyntaxPosition(node: ts.Node, source: ts.SourceFile): boolean {
  const parent = node.parent;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return true;
  if (ts.isExternalModuleReference(parent) || ts.isImportTypeNode(parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return true;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent))
    return parent.name === node;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (ts.isCaseClause(parent)) return true;
  if (
    ts.isBinaryExpression(parent) &&
    [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.InKeyword,
    ].includes(parent.operatorToken.kind)
  )
    return true;
  const callee = calleeOf(node, source);
  if (callee !== undefined && NON_PROSE_CALLS.test(callee)) return true;
  const key = propertyName(node);
  return key !== undefined && NON_PROSE_KEYS.has(key);
}

/**
 * The audit record is kept in one language (English), so its `detail` is not user text: a
 * literal that is the value of a property named `detail`, or the argument of a call whose
 * parameter at that position is named `detail` (found in the same file or the relative module
 * the callee is imported from). `a ?? 'x'` and conditionals still count as the value.
 */
function isAuditDetail(node: ts.Node, source: ts.SourceFile): boolean {
  let at: ts.Node = node;
  while (
    ts.isParenthesizedExpression(at.parent) ||
    ts.isConditionalExpression(at.parent) ||
    (ts.isBinaryExpression(at.parent) &&
      at.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
  )
    at = at.parent;
  const parent = at.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === at) {
    return ts.isIdentifier(parent.name) && parent.name.text === 'detail';
  }
  if (!ts.isCallExpression(parent) || !ts.isIdentifier(parent.expression)) return false;
  const index = parent.arguments.indexOf(at as ts.Expression);
  return index >= 0 && parameterName(parent.expression.text, index, source) === 'detail';
}

/** The name of parameter `index` of function `name`, declared here or imported relatively. */
function parameterName(name: string, index: number, source: ts.SourceFile): string | undefined {
  const local = declaredParameters(name, source);
  if (local) return local[index];
  for (const st of source.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const named = st.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named)) continue;
    if (!named.elements.some((e) => e.name.text === name && !e.propertyName)) continue;
    const spec = st.moduleSpecifier.text;
    if (!spec.startsWith('.')) return undefined;
    const file = `${join(dirname(source.fileName), spec)}.ts`;
    if (!existsSync(file)) return undefined;
    const other = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    return declaredParameters(name, other)?.[index];
  }
  return undefined;
}

/** Parameter names of a function declaration or `const name = (…) =>` anywhere in a file. */
function declaredParameters(name: string, source: ts.SourceFile): string[] | undefined {
  let found: string[] | undefined;
  const names = (params: ts.NodeArray<ts.ParameterDeclaration>) =>
    params.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isFunctionDeclaration(node) && node.name?.text === name) found = names(node.parameters);
    else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    )
      found = names(node.initializer.parameters);
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A template's substitution, as a placeholder the sentence rule drops like `{{x}}`. */
const SUBSTITUTION = '{{…}}';

/** The static text of a literal, a template's substitutions as placeholders. */
function staticText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(SUBSTITUTION);
  return undefined;
}

/** Every sentence-like string literal and template of one source text, with its line. */
export function scanSource(file: string, code: string): LiteralSentence[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found: LiteralSentence[] = [];
  const visit = (node: ts.Node): void => {
    const text = staticText(node);
    if (text !== undefined) {
      if (
        !isSyntaxPosition(node, source) &&
        !isAuditDetail(node, source) &&
        (isSentence(text) || isLabel(node, text, source))
      ) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ file, line: line + 1, text: text.split(SUBSTITUTION).join('${…}') });
      }
      // A template's substitutions may hold literals of their own.
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((s) => visit(s.expression));
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
