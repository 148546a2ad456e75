// The baseline libraries of the lint benchmark ship without type declarations.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<{ rootElement: unknown; warnings: unknown[] }>;
  }
}
declare module 'bpmnlint/lib/linter.js' {
  export default class Linter {
    constructor(opts: { config: unknown; resolver: unknown });
    lint(root: unknown): Promise<Record<string, unknown[]>>;
  }
}
declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  export default class NodeResolver { constructor(); }
}
