#!/usr/bin/env node
// Generates syntaxes/bpmn.tmLanguage.json (scope text.xml.bpmn): a self-contained XML grammar
// with extra scopes for Camunda 7 job attributes, retry cycles, timer values and ${…}/#{…}
// expressions. Several rules exist once per context (double-quoted value, single-quoted value,
// element text, CDATA) because a TextMate rule cannot be parameterised by its terminator;
// writing them by hand would mean keeping four copies in sync, so they are generated here.
//
//   node syntaxes/generate.mjs          write the JSON file
//   node syntaxes/generate.mjs --check  exit 1 if the JSON file is out of date (used by tests)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'bpmn.tmLanguage.json');

// XML name characters. Oniguruma's \w is Unicode-aware, so this covers non-ASCII names too.
const NAME = '[\\w.-]+';

// The contexts an expression (and its JUEL body) can live in, with the lookahead that must
// stop it even when its closing brace is missing (so a broken expression cannot run past the
// attribute value, the text node or the CDATA section).
const CONTEXTS = {
  dq: { stop: '"', xmlEntities: true },
  sq: { stop: "'", xmlEntities: true },
  text: { stop: '<', xmlEntities: true },
  cdata: { stop: '\\]\\]>', xmlEntities: false },
};

// Camunda job attributes. Attribute names must carry a prefix: an unprefixed attribute is in
// no namespace (default namespaces never apply to attributes), so the engine ignores it.
// A constant jobPriority is read with Java's Integer.parseInt on the untrimmed text: optional
// sign, decimal digits (leading zeros allowed), value within -2147483648..2147483647.
const INT_10_DIGITS_MAX =
  '1\\d{9}|20\\d{8}|21[0-3]\\d{7}|214[0-6]\\d{6}|2147[0-3]\\d{5}|21474[0-7]\\d{4}|214748[0-2]\\d{3}' +
  '|2147483[0-5]\\d{2}|21474836[0-3]\\d|214748364[0-7]';
const JAVA_INT = `(?:-0*(?:${INT_10_DIGITS_MAX}|2147483648|\\d{1,9})|\\+?0*(?:${INT_10_DIGITS_MAX}|\\d{1,9}))`;

const BOOLEAN_ATTRIBUTES = ['asyncBefore', 'asyncAfter', 'async', 'exclusive'];

const tagName = (scopeSuffix = 'xml') => ({
  name: `entity.name.tag.${scopeSuffix}`,
  namespace: `entity.name.tag.namespace.${scopeSuffix}`,
  separator: `punctuation.separator.namespace.${scopeSuffix}`,
  local: `entity.name.tag.localname.${scopeSuffix}`,
});

// Captures for a qualified name matched as `((prefix)(:))?(local)` wrapped in one group.
function qnameCaptures(first, kind) {
  const s =
    kind === 'tag'
      ? tagName()
      : {
          name: 'entity.other.attribute-name.xml',
          namespace: 'entity.other.attribute-name.namespace.xml',
          separator: 'punctuation.separator.namespace.xml',
          local: 'entity.other.attribute-name.localname.xml',
        };
  return {
    [first]: { name: s.name },
    [first + 1]: { name: s.namespace },
    [first + 2]: { name: s.separator },
    [first + 3]: { name: s.local },
  };
}

// `(prefix:)?local` as four groups: whole, prefix, colon, local. `local` is a regex fragment.
const qname = (local = NAME, prefixRequired = false) =>
  `((?:(${NAME})(:))${prefixRequired ? '' : '?'}(${local}))`;

const QUOTES = [
  { ctx: 'dq', q: '"', scope: 'string.quoted.double.xml' },
  { ctx: 'sq', q: "'", scope: 'string.quoted.single.xml' },
];

function quotedString({ q, scope }, patterns) {
  return {
    name: scope,
    begin: q,
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.xml' } },
    end: q,
    endCaptures: { 0: { name: 'punctuation.definition.string.end.xml' } },
    patterns,
  };
}

// An attribute whose name is special: scoped as a whole by `meta`, the value by `valueFor(quote)`.
function specialAttribute(localNames, meta, valueFor) {
  return {
    name: meta,
    begin: `(?:^|(?<=\\s))${qname(localNames, true)}(?=[\\s=]|$)`,
    beginCaptures: qnameCaptures(1, 'attribute'),
    // Ends after the value's closing quote, or at anything that cannot continue the attribute.
    end: `(?<=["'])|(?=[^\\s="'])`,
    patterns: [
      { match: '=', name: 'punctuation.separator.key-value.xml' },
      ...QUOTES.map((quote) => quotedString(quote, valueFor(quote))),
    ],
  };
}

function juelRepository(ctx) {
  const { stop, xmlEntities } = CONTEXTS[ctx];
  const strings = [
    ["'", 'string.quoted.single.juel.bpmn'],
    ['"', 'string.quoted.double.juel.bpmn'],
  ].map(([q, name]) => ({
    name,
    begin: q,
    beginCaptures: { 0: { name: 'punctuation.definition.string.begin.juel.bpmn' } },
    end: `${q}|(?=${stop})`,
    endCaptures: { 0: { name: 'punctuation.definition.string.end.juel.bpmn' } },
    patterns: [
      { match: '\\\\.', name: 'constant.character.escape.juel.bpmn' },
      ...(xmlEntities ? [{ include: '#entity' }] : []),
    ],
  }));
  return {
    [`expression-${ctx}`]: {
      name: 'meta.embedded.expression.bpmn',
      begin: '[$#]\\{',
      beginCaptures: { 0: { name: 'punctuation.definition.expression.begin.bpmn' } },
      end: `(\\})|(?=${stop})`,
      endCaptures: { 1: { name: 'punctuation.definition.expression.end.bpmn' } },
      contentName: 'source.juel.bpmn',
      patterns: [{ include: `#juel-${ctx}` }],
    },
    [`juel-${ctx}`]: {
      patterns: [
        ...strings,
        {
          // Nested braces keep the expression's own closing brace in step.
          begin: '\\{',
          beginCaptures: { 0: { name: 'punctuation.section.braces.begin.juel.bpmn' } },
          end: `(\\})|(?=${stop})`,
          endCaptures: { 1: { name: 'punctuation.section.braces.end.juel.bpmn' } },
          patterns: [{ include: `#juel-${ctx}` }],
        },
        ...(xmlEntities ? [{ include: '#entity' }] : []),
        {
          match: '\\b(?:and|or|not|eq|ne|lt|gt|le|ge|empty|div|mod|instanceof)\\b',
          name: 'keyword.operator.word.juel.bpmn',
        },
        { match: '\\b(?:true|false)\\b', name: 'constant.language.boolean.juel.bpmn' },
        { match: '\\bnull\\b', name: 'constant.language.null.juel.bpmn' },
        { match: '\\b\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?\\b', name: 'constant.numeric.juel.bpmn' },
        { match: '[A-Za-z_$][\\w$]*(?=\\s*\\()', name: 'entity.name.function.juel.bpmn' },
        { match: '[A-Za-z_$][\\w$]*', name: 'variable.other.juel.bpmn' },
        { match: '\\.', name: 'punctuation.accessor.juel.bpmn' },
        { match: ',', name: 'punctuation.separator.comma.juel.bpmn' },
        { match: '[()\\[\\]]', name: 'punctuation.section.juel.bpmn' },
        { match: '==|!=|<=|>=|&&|\\|\\||[-+*/%!<>?:]', name: 'keyword.operator.juel.bpmn' },
      ],
    },
  };
}

// An element whose text content gets its own patterns. The start tag is handled by the first
// inner rule (attributes), `>` opens the content rule, and the element rule ends at `/>` or in
// front of the next markup (the end tag is then matched by the ordinary #end-tag rule).
function specialElement(localNames, contentName, contentPatterns) {
  return {
    begin: `(<)${qname(localNames)}(?=[\\s/>]|$)`,
    beginCaptures: {
      0: { name: 'meta.tag.xml' },
      1: { name: 'punctuation.definition.tag.xml' },
      ...qnameCaptures(2, 'tag'),
    },
    end: '(/>)|(?=<(?![!?]))',
    endCaptures: { 1: { name: 'meta.tag.xml punctuation.definition.tag.xml' } },
    patterns: [
      {
        name: 'meta.tag.xml',
        begin: '\\G(?!/?>)',
        end: '(?=/?>|<)',
        patterns: [{ include: '#attributes' }],
      },
      {
        begin: '>',
        beginCaptures: { 0: { name: 'meta.tag.xml punctuation.definition.tag.xml' } },
        end: '(?=<(?![!?]))',
        contentName,
        patterns: contentPatterns,
      },
    ],
  };
}

function cdata(name, patterns) {
  return {
    [name]: {
      name: 'string.unquoted.cdata.xml',
      begin: '<!\\[CDATA\\[',
      beginCaptures: { 0: { name: 'punctuation.definition.string.begin.xml' } },
      end: '\\]\\]>',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.xml' } },
      patterns,
    },
  };
}

const iso8601 = {
  patterns: [
    {
      // R/ (unbounded) or R5/ (five repetitions)
      match: '\\b(R)(\\d*)(/)',
      name: 'keyword.other.repeat.iso8601.bpmn',
      captures: {
        2: { name: 'constant.numeric.repeat-count.bpmn' },
        3: { name: 'punctuation.separator.interval.iso8601.bpmn' },
      },
    },
    {
      match:
        '\\b\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?(?![\\w:])',
      name: 'constant.other.datetime.iso8601.bpmn',
    },
    {
      // PnYnMnWnDTnHnMnS with at least one component; only seconds-style decimals use '.',
      // so a ',' is always a list separator.
      match: '\\bP(?=\\d|T\\d)(?:\\d+(?:\\.\\d+)?[YMWD])*(?:T(?:\\d+(?:\\.\\d+)?[HMS])+)?\\b',
      name: 'constant.other.duration.iso8601.bpmn',
    },
    { match: '/', name: 'punctuation.separator.interval.iso8601.bpmn' },
    { match: ',', name: 'punctuation.separator.list.bpmn' },
  ],
};

/** `<?name ...?>`: the XML declaration and processing instructions share one shape. */
function preprocessorTag(begin) {
  return {
    name: 'meta.tag.preprocessor.xml',
    begin,
    beginCaptures: {
      1: { name: 'punctuation.definition.tag.xml' },
      2: { name: 'entity.name.tag.xml' },
    },
    end: '\\?>',
    endCaptures: { 0: { name: 'punctuation.definition.tag.xml' } },
    patterns: [{ include: '#attributes' }],
  };
}

function build() {
  const repository = {
    prolog: preprocessorTag('(<\\?)\\s*(xml)(?=\\s|\\?>)'),
    'processing-instruction': preprocessorTag(`(<\\?)\\s*(${NAME})`),
    doctype: {
      name: 'meta.tag.sgml.doctype.xml',
      begin: '(<!)(DOCTYPE)\\s+([:\\w.-]+)',
      beginCaptures: {
        1: { name: 'punctuation.definition.tag.xml' },
        2: { name: 'keyword.other.doctype.xml' },
        3: { name: 'variable.language.documentroot.xml' },
      },
      end: '\\s*(>)',
      endCaptures: { 1: { name: 'punctuation.definition.tag.xml' } },
      patterns: [
        { match: '\\b(?:SYSTEM|PUBLIC)\\b', name: 'keyword.other.doctype.xml' },
        quotedString(QUOTES[0], []),
        quotedString(QUOTES[1], []),
        {
          name: 'meta.internalsubset.xml',
          begin: '\\[',
          beginCaptures: { 0: { name: 'punctuation.definition.constant.xml' } },
          end: '\\]',
          endCaptures: { 0: { name: 'punctuation.definition.constant.xml' } },
          patterns: [
            { include: '#comment' },
            {
              name: 'meta.tag.sgml.declaration.xml',
              begin: `(<!)(ENTITY|ELEMENT|ATTLIST|NOTATION)\\b`,
              beginCaptures: {
                1: { name: 'punctuation.definition.tag.xml' },
                2: { name: 'keyword.other.declaration.xml' },
              },
              end: '>',
              endCaptures: { 0: { name: 'punctuation.definition.tag.xml' } },
              patterns: [quotedString(QUOTES[0], []), quotedString(QUOTES[1], [])],
            },
          ],
        },
      ],
    },
    comment: {
      name: 'comment.block.xml',
      begin: '<!--',
      beginCaptures: { 0: { name: 'punctuation.definition.comment.xml' } },
      end: '-->',
      endCaptures: { 0: { name: 'punctuation.definition.comment.xml' } },
      patterns: [{ match: '--(?!>)', name: 'invalid.illegal.bad-comments-or-CDATA.xml' }],
    },
    ...cdata('cdata', [{ include: '#expression-cdata' }]),
    ...cdata('cdata-plain', []),
    ...cdata('cdata-iso8601', [{ include: '#expression-cdata' }, { include: '#iso8601' }]),
    entity: {
      match: '(&)(?:[:\\w.-]+|#[0-9]+|#x[0-9a-fA-F]+)(;)',
      name: 'constant.character.entity.xml',
      captures: {
        1: { name: 'punctuation.definition.constant.xml' },
        2: { name: 'punctuation.definition.constant.xml' },
      },
    },
    'bad-ampersand': { match: '&', name: 'invalid.illegal.bad-ampersand.xml' },
    iso8601,
    'retry-cycle-element': specialElement(
      'failedJobRetryTimeCycle',
      'meta.retry-time-cycle.bpmn',
      [
        { include: '#comment' },
        { include: '#cdata-iso8601' },
        { include: '#entity' },
        { include: '#bad-ampersand' },
        { include: '#expression-text' },
        { include: '#iso8601' },
      ],
    ),
    'timer-element': specialElement('timeDuration|timeCycle|timeDate', 'meta.timer-value.bpmn', [
      { include: '#comment' },
      { include: '#cdata-iso8601' },
      { include: '#entity' },
      { include: '#bad-ampersand' },
      { include: '#expression-text' },
      { include: '#iso8601' },
    ]),
    // Script bodies are another language (JavaScript template literals use ${…} too), so no
    // expression scopes inside them.
    'script-element': specialElement('script', 'meta.script-body.bpmn', [
      { include: '#comment' },
      { include: '#cdata-plain' },
      { include: '#entity' },
      { include: '#bad-ampersand' },
    ]),
    'start-tag': {
      name: 'meta.tag.xml',
      begin: `(<)${qname()}(?=[\\s/>]|$)`,
      beginCaptures: {
        1: { name: 'punctuation.definition.tag.xml' },
        ...qnameCaptures(2, 'tag'),
      },
      end: '(/?>)|(?=<)',
      endCaptures: { 1: { name: 'punctuation.definition.tag.xml' } },
      patterns: [{ include: '#attributes' }],
    },
    'end-tag': {
      name: 'meta.tag.xml',
      begin: `(</)${qname()}`,
      beginCaptures: {
        1: { name: 'punctuation.definition.tag.xml' },
        ...qnameCaptures(2, 'tag'),
      },
      end: '(>)|(?=<)',
      endCaptures: { 1: { name: 'punctuation.definition.tag.xml' } },
      patterns: [{ match: '\\S+', name: 'invalid.illegal.end-tag.xml' }],
    },
    attributes: {
      patterns: [
        { include: '#attribute-job-priority' },
        { include: '#attribute-boolean' },
        { include: '#attribute-retry-cycle' },
        { include: '#attribute' },
      ],
    },
    'attribute-job-priority': specialAttribute('jobPriority', 'meta.attribute.job-priority.bpmn', ({ ctx, q }) => [
      {
        match: `\\G${JAVA_INT}(?=${q})`,
        name: 'constant.numeric.integer.priority.bpmn',
      },
      {
        // Neither a Java int nor an expression (the engine requires one of the two).
        name: 'invalid.illegal.value.bpmn',
        begin: `\\G(?!${JAVA_INT}${q})(?!\\s*[$#]\\{)(?=[^${q}])`,
        end: `(?=${q})`,
        patterns: [{ include: `#expression-${ctx}` }, { include: '#entity' }],
      },
      { include: `#expression-${ctx}` },
      { include: '#entity' },
      { include: '#bad-ampersand' },
    ]),
    'attribute-boolean': specialAttribute(
      BOOLEAN_ATTRIBUTES.join('|'),
      'meta.attribute.async.bpmn',
      ({ ctx, q }) => [
        { match: `\\G(?:true|false)(?=${q})`, name: 'constant.language.boolean.bpmn' },
        {
          name: 'invalid.illegal.value.bpmn',
          begin: `\\G(?!(?:true|false)${q})(?=[^${q}])`,
          end: `(?=${q})`,
          patterns: [{ include: `#expression-${ctx}` }, { include: '#entity' }],
        },
      ],
    ),
    'attribute-retry-cycle': specialAttribute(
      'failedJobRetryTimeCycle',
      'meta.attribute.retry-time-cycle.bpmn',
      ({ ctx }) => [
        { include: `#expression-${ctx}` },
        { include: '#entity' },
        { include: '#bad-ampersand' },
        { include: '#iso8601' },
      ],
    ),
    attribute: {
      patterns: [
        {
          match: `(?:^|(?<=\\s))${qname()}`,
          captures: qnameCaptures(1, 'attribute'),
        },
        { match: '=', name: 'punctuation.separator.key-value.xml' },
        ...QUOTES.map((quote) =>
          quotedString(quote, [
            { include: `#expression-${quote.ctx}` },
            { include: '#entity' },
            { include: '#bad-ampersand' },
          ]),
        ),
      ],
    },
    ...Object.keys(CONTEXTS).reduce((acc, ctx) => ({ ...acc, ...juelRepository(ctx) }), {}),
  };

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'BPMN',
    scopeName: 'text.xml.bpmn',
    fileTypes: ['bpmn', 'bpmn20.xml'],
    comment: 'GENERATED by syntaxes/generate.mjs - edit that file and run `node syntaxes/generate.mjs`.',
    patterns: [
      { include: '#prolog' },
      { include: '#processing-instruction' },
      { include: '#doctype' },
      { include: '#comment' },
      { include: '#cdata' },
      { include: '#retry-cycle-element' },
      { include: '#timer-element' },
      { include: '#script-element' },
      { include: '#end-tag' },
      { include: '#start-tag' },
      { include: '#entity' },
      { include: '#bad-ampersand' },
      { include: '#expression-text' },
    ],
    repository,
  };
}

const text = JSON.stringify(build(), null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error(`${OUT} is out of date: run \`node syntaxes/generate.mjs\``);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}`);
}
